/**
 * The gradient check table: parameter, float64 analytical, WebGPU (f32), finite differences, the
 * two differences and match, with the verdict line. Rows come from the CLI's gradientRows and every
 * number is formatted with the CLI's formatters, so a cell reads exactly as the CLI prints it.
 */
import { float32RangeWarnings } from '../record/float32-range.js';
import { gradientRows, matchText, toleranceNote, verdictLine, type TableRow } from '../print/gradient-table.js';
import { sci2, signed } from '../print/format.js';
import { h } from './dom.js';
import type { Snapshot } from './state.js';

/** Rows laid out in the DOM at most (mismatches are always shown); the verdict covers all. */
export const MAX_ROWS = 1000;

export class TableView {
  readonly element: HTMLElement;
  private readonly table: HTMLTableElement;
  private readonly tbody: HTMLTableSectionElement;
  private readonly verdict: HTMLElement;
  private readonly note: HTMLElement;
  /** Values float32 cannot hold (src/record/float32-range.ts): what they mean for the WebGPU column. */
  private readonly float32: HTMLElement;

  constructor() {
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
          h('th', { scope: 'col', title: 'central finite difference, h = 1e-5' }, 'finite-diff'),
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
      h('div', { class: 'scroll' }, this.table),
      this.verdict,
    );
  }

  update(snapshot: Snapshot): void {
    const gpu = snapshot.gpu?.record ?? null;
    const gpuState = snapshot.gpu === null ? 'pending' : gpu ? 'ready' : 'none';
    // Without finite differences (a network too big for them in the page) the fd cells stay empty.
    const rows = gradientRows(snapshot.network, snapshot.cpu.grads, snapshot.fd, gpu?.grads ?? null);
    const shown = rows.length > MAX_ROWS ? rows.filter((r, n) => n < MAX_ROWS || !r.match) : rows;
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
          ...rest.map((text, n) => h('td', { class: n === 5 ? 'match' : n === 1 && r.webgpu === null ? 'empty' : null }, text)),
        );
      }),
    );
    this.table.dataset.gpu = gpuState;
    this.table.dataset.generation = String(snapshot.generation);

    const tolerance = `${toleranceNote()}.`;
    const notes = [tolerance];
    if (rows.length > shown.length) notes.push(`Showing ${shown.length} of ${rows.length} rows; the verdict counts them all.`);
    if (snapshot.fdSkipped) notes.push(`${snapshot.fdSkipped}.`);
    this.note.textContent = notes.join(' ');
    const warnings = float32RangeWarnings(snapshot.network, snapshot.batch, snapshot.cpu);
    this.float32.textContent = warnings.map((w) => `float32: ${w.message}.`).join(' ');
    this.float32.hidden = warnings.length === 0;

    this.verdict.textContent = verdictLine(rows, snapshot.fd, { fdSkipped: snapshot.fd === null });
    this.verdict.dataset.ok = String(rows.every((r) => r.match));
  }
}
