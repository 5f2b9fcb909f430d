/** The full text trace, printed by the CLI's own printer (renderTrace), from the record on show. */
import { renderTrace, type TraceSection } from '../print/trace.js';
import { h } from './dom.js';

export class TracePanel {
  readonly element: HTMLElement;
  private readonly text: HTMLPreElement;
  private readonly caption: HTMLElement;

  constructor() {
    this.text = h('pre', { class: 'trace', 'data-testid': 'trace', tabindex: 0 });
    this.caption = h('p', { class: 'hint' });
    this.element = h(
      'section',
      { class: 'panel trace-panel', 'aria-labelledby': 'trace-heading' },
      h('details', { open: true }, h('summary', null, h('h2', { id: 'trace-heading' }, 'The full trace')), this.caption, this.text),
    );
  }

  /** sections null: the network is too big to print every multiply here. */
  update(sections: readonly TraceSection[] | null, source: string, tooBig: string | null): void {
    if (sections) {
      this.caption.textContent = `The same text \`npx gradient-trace\` prints, from the ${source} numbers.`;
      this.text.textContent = renderTrace(sections);
    } else {
      this.caption.textContent = tooBig ?? '';
      this.text.textContent = '';
    }
    this.text.hidden = sections === null;
  }
}
