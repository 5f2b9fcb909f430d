/**
 * The step navigator: walk the sections of the current view (forward: the input, each layer, the
 * softmax and the loss; backward: steps 1 … n). Position 0 shows the whole pass; each later
 * position highlights what that section touches and shows its lines exactly as the trace prints them.
 */
import type { LineSubject, TraceSection } from '../print/trace.js';
import { h } from './dom.js';
import type { View } from './state.js';

export interface StepsModel {
  readonly sections: readonly TraceSection[];
  readonly position: number;
  readonly view: View;
  /** The hidden layers' activation names, for the forward pass's overview. */
  readonly activations: readonly string[];
}

/** "x → z1 = W1 x + b1 → a1 = relu(z1) → z2 = W2 a1 + b2 → p = softmax(z2) → L" for any depth. */
export function forwardOverview(activations: readonly string[]): string {
  const parts = ['x'];
  activations.forEach((name, l) => parts.push(`z${l + 1} = W${l + 1} ${l === 0 ? 'x' : `a${l}`} + b${l + 1}`, `a${l + 1} = ${name}(z${l + 1})`));
  const L = activations.length + 1;
  parts.push(`z${L} = W${L} ${L === 1 ? 'x' : `a${L - 1}`} + b${L}`, `p = softmax(z${L})`, 'L');
  return parts.join(' → ');
}

/** The sections the navigator walks in a view. */
export function sectionsOf(all: readonly TraceSection[], view: View): TraceSection[] {
  return all.filter((section) => section.phase === view);
}

function shortName(section: TraceSection): string {
  if (section.step !== null) return `step ${section.step}`;
  if (section.id === 'input') return 'input';
  return section.heading.split('  ')[0];
}

export class StepsPanel {
  readonly element: HTMLElement;
  private readonly prev: HTMLButtonElement;
  private readonly next: HTMLButtonElement;
  private readonly title: HTMLElement;
  private readonly chips: HTMLElement;
  private readonly text: HTMLPreElement;
  private count = 0;
  private position = 0;

  /** Called with what a line is about while the pointer is over it in the step text, null after. */
  onPoint: ((subject: LineSubject) => void) | null = null;

  constructor(private readonly move: (position: number) => void) {
    this.prev = h('button', { type: 'button', class: 'nav', 'aria-label': 'Previous step', 'data-testid': 'step-prev', onclick: () => this.go(this.position - 1) }, '← Previous');
    this.next = h('button', { type: 'button', class: 'nav', 'aria-label': 'Next step', 'data-testid': 'step-next', onclick: () => this.go(this.position + 1) }, 'Next →');
    this.title = h('h3', { class: 'step-title', 'aria-live': 'polite', 'data-testid': 'step-title' });
    this.chips = h('div', { class: 'chips', role: 'group', 'aria-label': 'Jump to a step' });
    this.text = h('pre', { class: 'step-text', 'data-testid': 'step-text', tabindex: 0 });
    this.element = h(
      'div',
      { class: 'steps', role: 'group', 'aria-label': 'Step by step' },
      h('div', { class: 'step-nav' }, this.prev, this.chips, this.title, this.next),
      this.text,
      h('p', { class: 'hint' }, 'Keys: ← / → previous / next step, F forward, B backward, Esc the whole pass. Point at a line to find it in the diagram.'),
    );
  }

  /** Move relative to the current position (keyboard), wrapping at neither end. */
  go(position: number): void {
    if (position < 0 || position > this.count) return;
    this.move(position);
  }

  update(model: StepsModel): void {
    const sections = sectionsOf(model.sections, model.view);
    this.count = sections.length;
    this.position = Math.min(model.position, this.count);
    this.prev.disabled = this.position === 0;
    this.next.disabled = this.position === this.count;
    const current = this.position > 0 ? sections[this.position - 1] : null;
    const label = model.view === 'forward' ? 'Forward pass' : 'Backward pass';
    this.title.textContent = current
      ? current.step !== null
        ? `${label} · step ${current.step} of ${this.count}`
        : `${label} · ${this.position} of ${this.count}: ${shortName(current)}`
      : `${label} · all ${this.count} ${model.view === 'forward' ? 'sections' : 'steps'}`;

    this.chips.replaceChildren(
      h('button', { type: 'button', class: 'chip', 'aria-pressed': String(this.position === 0), onclick: () => this.go(0) }, 'all'),
      ...sections.map((section, n) =>
        h(
          'button',
          { type: 'button', class: 'chip', 'aria-pressed': String(this.position === n + 1), title: section.heading || 'input and target', 'data-testid': `step-${n + 1}`, onclick: () => this.go(n + 1) },
          section.step !== null ? String(section.step) : shortName(section),
        ),
      ),
    );
    if (current) {
      // One span per line (textContent stays the trace's exact text): pointing at a line marks
      // the unit or edge it is about in the diagram.
      const lines = current.heading ? [current.heading, ...current.lines] : [...current.lines];
      const subjects = current.heading ? [null, ...current.subjects] : [...current.subjects];
      this.text.replaceChildren(
        ...lines.flatMap((line, n) => {
          const span = h('span', { class: 'line' }, line);
          span.addEventListener('pointerenter', () => this.onPoint?.(subjects[n]));
          span.addEventListener('pointerleave', () => this.onPoint?.(null));
          return n < lines.length - 1 ? [span, '\n'] : [span];
        }),
      );
    } else {
      this.text.textContent =
        model.view === 'forward'
          ? `The forward pass: ${forwardOverview(model.activations)}.\nPress Next (or →) to take it one computation at a time.`
          : 'The backward pass: start at the loss and multiply the upstream gradient by each local derivative.\nPress Next (or →) for step 1.';
    }
  }
}
