/**
 * "Break it": pick a classic backprop bug; the float64 backward pass and the WGSL kernels run with
 * it, and the table shows which gradients finite differences catch — and the page says why those.
 */
import { runBroken, caughtLine } from '../break/break-run.js';
import { BUGS, bugNamed, type BugName } from '../break/bugs.js';
import { explainBreak } from '../break/break-why.js';
import { sci2, signed } from '../print/format.js';
import { h } from './dom.js';
import type { GpuSession } from './gpu-session.js';
import type { Snapshot } from './state.js';

/** Rows listed at most (the caught ones first); the line above counts them all. */
const MAX_LISTED = 40;

export class BreakPanel {
  readonly element: HTMLElement;
  private readonly select: HTMLSelectElement;
  private readonly body: HTMLElement;
  private snapshot: Snapshot | null = null;
  private ticket = 0;

  constructor(private readonly gpu: GpuSession) {
    this.select = h(
      'select',
      { 'data-testid': 'break-select', 'aria-label': 'Bug to run the backward pass with', onchange: () => void this.run() },
      h('option', { value: '' }, 'no bug (the lesson\'s backward pass)'),
      ...BUGS.map((b) => h('option', { value: b.name }, b.name)),
    );
    this.body = h('div', { 'aria-live': 'polite', 'data-testid': 'break-result' });
    this.element = h(
      'section',
      { class: 'panel break', 'aria-labelledby': 'break-heading', 'data-testid': 'break-panel' },
      h('h2', { id: 'break-heading' }, 'Break it: a classic backprop bug'),
      h('p', { class: 'hint' }, 'The backward pass (float64 and the WGSL kernels) runs with the bug; finite differences use only the forward pass, which no backward bug touches. The rows they disagree on are the gradients the bug corrupts.'),
      h('label', { class: 'cell' }, h('span', { class: 'cell-name' }, 'bug'), this.select),
      this.body,
    );
  }

  update(snapshot: Snapshot): void {
    const changed = this.snapshot?.generation !== snapshot.generation;
    this.snapshot = snapshot;
    if (changed) void this.run();
  }

  private async run(): Promise<void> {
    const snapshot = this.snapshot;
    const name = this.select.value as BugName | '';
    const ticket = ++this.ticket;
    if (!snapshot || name === '') return void this.body.replaceChildren();
    if (!snapshot.fd) return void this.body.replaceChildren(h('p', { class: 'hint' }, `${snapshot.fdSkipped ?? 'Finite differences were not run'}: nothing to catch the bug with.`));
    const bug = bugNamed(name);
    this.body.replaceChildren(h('p', { class: 'hint' }, `Running the backward pass with ${name}…`));
    const { network, batch } = snapshot;
    const onGpu = await this.gpu.use((engine) => engine.run(network, batch, { path: 'per-op', intermediates: false, bug: name }));
    if (ticket !== this.ticket) return;
    const gpuGrads = 'value' in onGpu ? onGpu.value.grads : null;
    const result = runBroken(network, batch, name, gpuGrads, snapshot.fd.h);
    const caught = new Set(result.caught);
    const { why, found } = explainBreak(result);
    const ordered = [...result.rows.filter((r) => caught.has(r.name)), ...result.rows.filter((r) => !caught.has(r.name))].slice(0, MAX_LISTED);
    this.body.replaceChildren(
      h('p', null, h('code', null, bug.code)),
      h('p', { class: 'verdict', 'data-testid': 'break-caught', 'data-ok': String(caught.size === 0) }, caughtLine(result)),
      h('p', { 'data-testid': 'break-why' }, h('strong', null, 'Why these rows: '), why),
      h('p', { 'data-testid': 'break-found' }, found),
      h('p', { class: 'hint' }, gpuGrads ? 'The WebGPU column is the WGSL kernels run with the same bug (BUG override constant).' : `WebGPU not run: ${'reason' in onGpu ? onGpu.reason : ''}`),
      h(
        'div',
        { class: 'scroll', tabindex: 0, role: 'region', 'aria-label': 'Gradients with the bug' },
        h(
          'table',
          { class: 'grad-table break-table', 'data-testid': 'break-table' },
          h('thead', null, h('tr', null, ...['parameter', 'broken f64', 'broken WebGPU', 'finite-diff', '|fd-f64|', 'caught'].map((t) => h('th', { scope: 'col' }, t)))),
          h(
            'tbody',
            null,
            ...ordered.map((r) =>
              h(
                'tr',
                { class: caught.has(r.name) ? 'bad' : 'ok' },
                h('th', { scope: 'row' }, r.name),
                h('td', { 'data-label': 'broken f64' }, signed(r.analytical, 6)),
                h('td', { 'data-label': 'broken WebGPU' }, r.webgpu === null ? '-' : signed(r.webgpu, 6)),
                h('td', { 'data-label': 'finite-diff' }, r.fd === null ? '-' : signed(r.fd, 6)),
                h('td', { 'data-label': '|fd-f64|' }, r.fdDelta === null ? '-' : sci2(r.fdDelta)),
                h('td', { class: 'match', 'data-label': 'caught' }, caught.has(r.name) ? 'caught' : '-'),
              ),
            ),
          ),
        ),
      ),
    );
  }
}
