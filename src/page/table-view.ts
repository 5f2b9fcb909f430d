/**
 * The gradient check table: parameter, float64 analytical, WebGPU (f32), finite differences, the
 * two differences and match, with the verdict line. Rows come from the CLI's gradientRows and every
 * number is formatted with the CLI's formatters, so a cell reads exactly as the CLI prints it.
 */
import { float32RangeWarnings } from '../record/float32-range.js';
import { gradientRows, matchText, toleranceNote, verdictLine, type TableRow } from '../print/gradient-table.js';
import { sci2, signed } from '../print/format.js';
import { DEFAULT_H } from '../reference/finite-diff.js';
import { parameterArray, parameterRefs } from '../network/parameters.js';
import { h } from './dom.js';
import { F32_MAX } from './editors.js';
import { selectRows, type RowOrder } from './row-filter.js';
import type { Snapshot } from './state.js';

/** Rows laid out at first, and added per "Show more"; the verdict covers all. */
export const PAGE_ROWS = 100;
/** Past this many parameters the table offers its filter, order and "only mismatches" controls. */
export const CONTROLS_FROM = 40;

/** The value columns' names, also shown beside each cell when a phone stacks the rows. */
const COLUMNS = ['float64', 'WebGPU', 'finite-diff', '|webgpu-f64|', '|fd-f64|', 'match'];

export class TableView {
  readonly element: HTMLElement;
  private readonly table: HTMLTableElement;
  private readonly tbody: HTMLTableSectionElement;
  private readonly verdict: HTMLElement;
  private readonly note: HTMLElement;
  private readonly controls: HTMLElement;
  private readonly search: HTMLInputElement;
  private readonly order: HTMLSelectElement;
  private readonly mismatches: HTMLInputElement;
  private readonly more: HTMLButtonElement;
  private readonly shownNote: HTMLElement;
  private limit = PAGE_ROWS;
  private last: Snapshot | null = null;
  /** Values float32 cannot hold (src/record/float32-range.ts): what they mean for the WebGPU column. */
  private readonly float32: HTMLElement;

  constructor() {
    const rerender = () => {
      this.limit = PAGE_ROWS;
      if (this.last) this.update(this.last);
    };
    this.search = h('input', { type: 'search', class: 'search', placeholder: 'W2, b1[3], W1[5][', 'aria-label': 'Filter parameters by name', 'data-testid': 'table-search', oninput: rerender });
    this.order = h(
      'select',
      { 'aria-label': 'Order of the rows', 'data-testid': 'table-order', onchange: rerender },
      h('option', { value: 'parameter' }, 'parameter order'),
      h('option', { value: 'worst-fd' }, 'worst |fd-f64| first'),
      h('option', { value: 'worst-gpu' }, 'worst |webgpu-f64| first'),
    );
    this.mismatches = h('input', { type: 'checkbox', 'data-testid': 'table-mismatches', onchange: rerender });
    this.more = h('button', { type: 'button', 'data-testid': 'table-more', onclick: () => {
      this.limit += PAGE_ROWS;
      if (this.last) this.update(this.last);
    } }, `Show ${PAGE_ROWS} more`);
    this.shownNote = h('p', { class: 'hint', 'data-testid': 'table-shown', 'aria-live': 'polite' });
    this.controls = h(
      'div',
      { class: 'table-controls', role: 'search', 'aria-label': 'Find rows' },
      h('label', { class: 'cell' }, h('span', { class: 'cell-name' }, 'find'), this.search),
      h('label', { class: 'cell' }, h('span', { class: 'cell-name' }, 'order'), this.order),
      h('label', { class: 'cell' }, this.mismatches, h('span', null, 'only mismatches')),
    );
    this.tbody = h('tbody');
    this.table = h(
      'table',
      { class: 'grad-table', 'data-testid': 'gradient-table' },
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          h('th', { scope: 'col' }, 'parameter'),
          h('th', { scope: 'col', title: 'float64 analytical gradient (backprop)' }, 'float64'),
          h('th', { scope: 'col', title: 'WebGPU float32 gradient' }, 'WebGPU'),
          h('th', { scope: 'col', title: `central finite difference, h = ${DEFAULT_H}` }, 'finite-diff'),
          h('th', { scope: 'col' }, '|webgpu-f64|'),
          h('th', { scope: 'col' }, '|fd-f64|'),
          h('th', { scope: 'col' }, 'match'),
        ),
      ),
      this.tbody,
    );
    this.verdict = h('p', { class: 'verdict', 'data-testid': 'verdict' });
    this.note = h('p', { class: 'hint' });
    this.float32 = h('p', { class: 'message', 'data-kind': 'error', 'data-testid': 'float32-warnings' });
    this.float32.hidden = true;
    this.element = h(
      'section',
      { class: 'panel table', 'aria-labelledby': 'table-heading' },
      h('h2', { id: 'table-heading' }, 'Gradient check: float64 vs WebGPU vs finite differences'),
      this.note,
      this.float32,
      this.controls,
      this.verdict,
      h('div', { class: 'scroll' }, this.table),
      this.shownNote,
      this.more,
    );
  }

  update(snapshot: Snapshot): void {
    const gpu = snapshot.gpu?.record ?? null;
    const gpuState = snapshot.gpu === null ? 'pending' : gpu ? 'ready' : 'none';
    // Without finite differences (a network too big for them in the page) the fd cells stay empty.
    const rows = gradientRows(snapshot.network, snapshot.cpu.grads, snapshot.fd, gpu?.grads ?? null);
    this.last = snapshot;
    const many = rows.length > CONTROLS_FROM;
    this.controls.hidden = !many;
    const { shown, matched } = many
      ? selectRows(rows, { text: this.search.value, order: this.order.value as RowOrder, onlyMismatches: this.mismatches.checked, limit: this.limit })
      : { shown: rows, matched: rows.length };
    this.more.hidden = shown.length >= matched;
    this.shownNote.hidden = !many;
    this.shownNote.textContent = `Showing ${shown.length} of ${matched} ${matched === rows.length ? '' : `matching (of ${rows.length}) `}rows; the verdict counts them all.`;
    const cells = (r: TableRow) => [
      r.name,
      signed(r.analytical, 6),
      r.webgpu === null ? (gpuState === 'pending' ? '…' : '-') : signed(r.webgpu, 6),
      r.fd === null ? '-' : signed(r.fd, 6),
      r.gpuDelta === null ? '-' : sci2(r.gpuDelta),
      r.fdDelta === null ? '-' : sci2(r.fdDelta),
      matchText(r),
    ];
    this.tbody.replaceChildren(
      ...shown.map((r) => {
        const [name, ...rest] = cells(r);
        return h(
          'tr',
          { class: r.match ? 'ok' : 'bad' },
          h('th', { scope: 'row' }, name),
          ...rest.map((text, n) => h('td', { class: n === 5 ? 'match' : n === 1 && r.webgpu === null ? 'empty' : null, 'data-label': COLUMNS[n] }, text)),
        );
      }),
    );
    this.table.dataset.gpu = gpuState;
    this.table.dataset.generation = String(snapshot.generation);

    const tolerance = `${toleranceNote()}.`;
    const notes = [tolerance];
    if (snapshot.fdSkipped) notes.push(`${snapshot.fdSkipped}.`);
    this.note.textContent = notes.join(' ');
    const warnings = float32RangeWarnings(snapshot.network, snapshot.batch, snapshot.cpu);
    this.float32.textContent = warnings.map((w) => `float32: ${w.message}.`).join(' ');
    this.float32.hidden = warnings.length === 0;

    this.verdict.textContent = verdictLine(rows, snapshot.fd, { fdSkipped: snapshot.fd === null });
    this.verdict.dataset.ok = String(rows.every((r) => r.match));
  }
}
