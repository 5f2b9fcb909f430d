/**
 * The h sweep on the page: |fd − analytical| against h from 1e-1 to 1e-12 (log–log) for one
 * parameter, in float64 (CPU) and float32 (WebGPU: one dispatch of nudged copies; float32
 * arithmetic on the CPU without WebGPU), with the truncation (C·h²) and round-off (ε·|L|/h)
 * asymptotes and the best h marked. Drawn with uPlot (sweep-chart.ts); the numbers are also in a table.
 */
import { findParam, hSweep } from '../hsweep/h-sweep.js';
import { nudgedFiniteDifferences } from '../gpu/sweep/nudged-losses.js';
import { parameterRefs, gradientAt } from '../network/parameters.js';
import { sci2 } from '../print/format.js';
import { forwardCost } from './cpu-passes.js';
import { h } from './dom.js';
import type { GpuSession } from './gpu-session.js';
import type { Snapshot } from './state.js';

/** Past this many multiply-adds per loss the page leaves the sweep to the CLI (it runs 92 losses). */
const MAX_SWEEP_COST = 2e6;

export class SweepPanel {
  readonly element: HTMLElement;
  private readonly param: HTMLInputElement;
  private readonly list: HTMLDataListElement;
  private readonly chart: HTMLElement;
  private readonly body: HTMLElement;
  private plot: { destroy(): void } | null = null;
  private snapshot: Snapshot | null = null;
  private ticket = 0;

  constructor(private readonly gpu: GpuSession) {
    this.list = h('datalist', { id: 'sweep-params' });
    this.param = h('input', { type: 'text', class: 'num param-name', value: 'W2[0][1]', list: 'sweep-params', spellcheck: 'false', autocomplete: 'off', 'aria-label': 'Parameter to sweep', 'data-testid': 'sweep-param' });
    const run = h('button', { type: 'button', 'data-testid': 'sweep-run', onclick: () => void this.run() }, 'Run the sweep');
    this.param.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') void this.run();
    });
    this.chart = h('div', { class: 'sweep-chart', 'data-testid': 'sweep-chart', role: 'img', 'aria-label': 'h sweep chart (the same numbers are in the table below)' });
    this.body = h('div', { 'aria-live': 'polite', 'data-testid': 'sweep-result' });
    this.element = h(
      'section',
      { class: 'panel sweep', 'aria-labelledby': 'sweep-heading', 'data-testid': 'sweep-panel' },
      h('h2', { id: 'sweep-heading' }, 'The h sweep: why h = 1e-5?'),
      h('p', { class: 'hint' }, 'A central difference has two errors: truncation, which falls as h², and round-off, which grows as ε·|L|/h. Their sum is smallest where they cross, at about (ε·|L|/C)^(1/3) — for a loss and curvature C of order 1, near 1e-5 in float64 and 5e-3 in float32. The sweep finds where it is for this parameter and batch.'),
      h('div', { class: 'row' }, h('label', { class: 'cell' }, h('span', { class: 'cell-name' }, 'parameter'), this.param), run, this.list),
      this.chart,
      this.body,
    );
  }

  update(snapshot: Snapshot): void {
    const fresh = this.snapshot?.network !== snapshot.network;
    this.snapshot = snapshot;
    if (!fresh) return;
    const refs = parameterRefs(snapshot.network);
    this.list.replaceChildren(...refs.slice(0, 200).map((r) => h('option', { value: r.name })));
    if (!refs.some((r) => r.name === this.param.value)) this.param.value = refs[Math.min(refs.length - 1, 1)].name;
    this.body.replaceChildren();
    this.plot?.destroy();
    this.plot = null;
  }

  private async run(): Promise<void> {
    const snapshot = this.snapshot;
    if (!snapshot) return;
    const ticket = ++this.ticket;
    const { network, batch } = snapshot;
    let ref;
    try {
      ref = findParam(network, this.param.value);
    } catch (err) {
      this.param.setAttribute('aria-invalid', 'true');
      this.body.replaceChildren(h('p', { class: 'field-error', 'data-testid': 'sweep-error' }, (err as Error).message.replace(/^--h-sweep: /, '')));
      return;
    }
    this.param.removeAttribute('aria-invalid');
    if (forwardCost(network, batch) > MAX_SWEEP_COST) {
      this.body.replaceChildren(h('p', { class: 'hint' }, `This network is too big to sweep in the page: run npx gradient-trace --network FILE --h-sweep ${ref.name}`));
      return;
    }
    this.body.replaceChildren(h('p', { class: 'hint' }, `Sweeping ${ref.name}…`));
    const onGpu = await this.gpu.use((_, device) => nudgedFiniteDifferences(device, network, batch, ref));
    if (ticket !== this.ticket) return;
    const float32 = 'value' in onGpu ? { fd: onGpu.value, source: 'WebGPU, one dispatch of nudged copies' } : undefined;
    const sweep = hSweep(network, batch, ref, gradientAt(snapshot.cpu.grads, ref), float32);
    // uPlot is loaded on first use: the page's first paint does not wait for a chart library.
    const { drawSweep } = await import('./sweep-chart.js');
    if (ticket !== this.ticket) return;
    this.plot?.destroy();
    this.plot = drawSweep(this.chart, sweep);
    const [f64, f32] = sweep.curves;
    this.body.replaceChildren(
      h('p', { 'data-testid': 'sweep-best' }, `best h: float64 ${sci2(f64.bestH)} (|err| ${sci2(Math.min(...f64.error))}), float32 ${sci2(f32.bestH)} (|err| ${sci2(Math.min(...f32.error))}).`),
      h('p', { class: 'hint', 'data-testid': 'sweep-source' }, `float32: ${f32.source}${'reason' in onGpu ? ` (WebGPU not run: ${onGpu.reason})` : ''}. Truncation C·h² fitted at h = 1e-1. Where float32's nudge is below half an ULP of the parameter, θ ± h rounds back to θ and the estimate is 0.`),
      h(
        'details',
        null,
        h('summary', null, 'The numbers'),
        h(
          'div',
          { class: 'scroll', tabindex: 0, role: 'region', 'aria-label': 'h sweep numbers' },
          h(
            'table',
            { class: 'grad-table', 'data-testid': 'sweep-table' },
            h('thead', null, h('tr', null, ...['h', '|err| float64', '|err| float32', 'C·h²', 'ε64·|L|/h', 'ε32·|L|/h'].map((t) => h('th', { scope: 'col' }, t)))),
            h('tbody', null, ...sweep.hs.map((hh, k) => h('tr', null, h('th', { scope: 'row' }, sci2(hh)), ...[f64.error[k], f32.error[k], sweep.truncation[k], f64.roundoff[k], f32.roundoff[k]].map((v) => h('td', null, sci2(v)))))),
          ),
        ),
      ),
    );
  }
}
