/**
 * cmp, per tensor: every intermediate of the WebGPU pass (z, a, p, da, dz, dW, db, the loss)
 * against float64 — exact, approx, max |diff|, max float32 ULP distance — as `--cmp` prints it.
 */
import { approxText, compareAgrees, compareNotes, compareRecords, compareVerdict, ulpAt, ulpCell } from '../compare/record-compare.js';
import { float32Passes } from '../reference/float32-inputs.js';
import { float32RangeWarnings } from '../record/float32-range.js';
import { shapeText } from '../compare/tensors.js';
import { sci2 } from '../print/format.js';
import { h } from './dom.js';
import type { Snapshot } from './state.js';

export class CmpPanel {
  readonly element: HTMLElement;
  private readonly body: HTMLElement;

  constructor() {
    this.body = h('div', { class: 'scroll', tabindex: 0, role: 'region', 'aria-label': 'cmp table' });
    this.element = h(
      'section',
      { class: 'panel cmp', 'aria-labelledby': 'cmp-heading', 'data-testid': 'cmp-panel' },
      h('h2', { id: 'cmp-heading' }, 'cmp: WebGPU vs float64, tensor by tensor'),
      h(
        'p',
        { class: 'hint' },
        'Every intermediate of the pass. exact: equal to the float64 value or its float32 rounding (the best float32 can do); approx: within 1e-5 + 1e-4·|f64|; ULP: how many float32 values lie between the two, over the elements with |f64| ≥ 1e-5 (near 0: the elements below, left out — there ULP counts mean nothing and the absolute tolerance judges); at: that element (an intermediate\'s row is an example).',
      ),
      this.body,
    );
  }

  update(snapshot: Snapshot): void {
    const gpu = snapshot.gpu;
    if (gpu === null) return void this.body.replaceChildren(h('p', { class: 'hint' }, 'Waiting for the WebGPU pass…'));
    if (!gpu.record) return void this.body.replaceChildren(h('p', { class: 'hint' }, `No WebGPU pass to compare: ${gpu.reason}`));
    // A tensor that is not approx is judged as --cmp judges it: f32-input, f32-range, f32-cond or a mismatch.
    const float32 = float32Passes(snapshot.network, snapshot.batch);
    const range = float32RangeWarnings(snapshot.network, snapshot.batch, snapshot.cpu).length > 0;
    const rows = compareRecords(snapshot.cpu, gpu.record, float32, range);
    const yes = (ok: boolean, label: string) => h('td', { class: ok ? 'yes' : 'no', 'data-label': label }, ok ? 'yes' : 'no');
    const notes = compareNotes(rows, float32.skipped).map((line) => `${line.trim()}.`);
    this.body.replaceChildren(
      h(
        'table',
        { class: 'cmp-table', 'data-testid': 'cmp-table' },
        h('thead', null, h('tr', null, ...['tensor', 'shape', 'exact', 'approx', 'max |diff|', 'max ULP', 'near 0', 'at'].map((t) => h('th', { scope: 'col' }, t)))),
        h(
          'tbody',
          null,
          ...rows.map((r) =>
            h(
              'tr',
              null,
              h('th', { scope: 'row' }, r.name),
              h('td', { 'data-label': 'shape' }, shapeText(r.spec)),
              yes(r.exact, 'exact'),
              h('td', { class: r.approx ? 'yes' : r.f32Input ? 'f32-input' : r.f32Cond ? 'f32-cond' : r.f32Range ? 'f32-range' : 'no', 'data-label': 'approx' }, approxText(r)),
              h('td', { 'data-label': 'max |diff|' }, sci2(r.maxAbsDiff)),
              h('td', { 'data-label': 'max ULP' }, ulpCell(r)),
              h('td', { 'data-label': 'near 0' }, String(r.nearZero)),
              h('td', { 'data-label': 'at' }, ulpAt(r)),
            ),
          ),
        ),
      ),
      ...(notes.length > 0 ? [h('p', { class: 'hint', 'data-testid': 'cmp-notes' }, notes.join(' '))] : []),
      h('p', { class: 'verdict', 'data-testid': 'cmp-verdict', 'data-ok': String(compareAgrees(rows)) }, compareVerdict(rows)),
    );
  }
}
