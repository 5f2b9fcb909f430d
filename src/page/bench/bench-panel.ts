/**
 * "Benchmark this GPU": runs the CLI's benchmark cells on this browser's adapter (browser-bench.ts),
 * shows examples/s against batch size as the CLI's plot and table do, and offers the JSON in the
 * CLI's schema for download. Loaded on demand by bench-hook.ts.
 */
import { colorOf, renderSvg, type Series } from '../../../bench/report/svg.js';
import { fmtBatch, fmtRate } from '../../../bench/report/analysis.js';
import { acquireBrowserGpu } from '../../gpu/device/acquire-browser.js';
import { h } from '../dom.js';
import { PAGE_IMPLS, PAGE_PLAN, runBrowserBench, TINY_PLAN, type BrowserBenchResult } from './browser-bench.js';

const LABELS: Record<string, string> = { roofline: 'read roofline (reads the batch once)', ...Object.fromEntries(PAGE_IMPLS.map((i) => [i.id, i.label])) };

export function mountBenchPanel(body: HTMLElement): void {
  const plan = h(
    'select',
    { 'data-testid': 'bench-plan', 'aria-label': 'Plan' },
    h('option', { value: 'full' }, 'both networks, batches up to 65 536 (a minute or two)'),
    h('option', { value: 'tiny' }, 'smoke test: 2-3-2 at 16 and 256'),
  );
  if (new URLSearchParams(location.search).get('bench') === 'tiny') plan.value = 'tiny';
  const run = h('button', { type: 'button', 'data-testid': 'bench-run' }, 'Run');
  const progress = h('p', { class: 'status', role: 'status', 'data-testid': 'bench-progress' }, 'Each implementation is checked against float64 gradients before it is timed.');
  const results = h('div', { 'data-testid': 'bench-results' });
  body.replaceChildren(
    h('p', null, 'Runs the same cells as ', h('code', null, 'npm run bench'), ' on your adapter: ours (per-op and fused), the read roofline and a plain float64 JS loop. The JSON it offers has the CLI\'s schema, so results from different GPUs can be compared.'),
    h('p', { class: 'toolbar' }, plan, run),
    progress,
    results,
  );
  run.addEventListener('click', async () => {
    run.disabled = true;
    results.replaceChildren();
    let handle;
    try {
      handle = await acquireBrowserGpu();
      progress.textContent = `Running on ${handle.adapter.summary}…`;
      const outcome = await runBrowserBench(handle, plan.value === 'tiny' ? TINY_PLAN : PAGE_PLAN, (text) => (progress.textContent = `${handle!.adapter.summary}: ${text}`));
      showResults(results, outcome, handle.adapter.summary);
      const bad = outcome.rows.filter((r) => r.cell.status === 'wrong' || r.cell.status === 'failed');
      progress.textContent = bad.length ? `Done, but ${bad.length} cell(s) failed or gave wrong gradients (see the table).` : `Done: every timed cell matched float64 first.`;
      progress.dataset.state = 'done';
    } catch (e) {
      progress.textContent = `The benchmark stopped: ${e instanceof Error ? e.message : String(e)}`;
      progress.dataset.state = 'error';
    } finally {
      handle?.destroy();
      run.disabled = false;
    }
  });
}

function showResults(into: HTMLElement, outcome: BrowserBenchResult, adapter: string): void {
  const ids = ['roofline', ...PAGE_IMPLS.map((i) => i.id)];
  const series: Series[] = ids
    .filter((id) => outcome.rows.some((r) => r.impl === id && r.examplesPerS !== null))
    .map((id) => ({ id, label: LABELS[id] ?? id, color: colorOf(id), ours: PAGE_IMPLS.find((i) => i.id === id)?.ours ?? false }));
  const svg = renderSvg(outcome.rows, series, outcome.networks, 'Batched gradients: examples per second vs batch size', `${adapter} · this browser · median of ≥ 5 runs, readback included`);
  const plot = h('div', { class: 'bench-plot', 'data-testid': 'bench-plot' });
  plot.innerHTML = svg; // our own generated SVG (bench/report/svg.ts escapes its text)
  const tables = outcome.networks.map((net) => {
    const head = h('tr', null, h('th', null, 'implementation'), ...net.batches.map((b) => h('th', null, fmtBatch(b))));
    const body = ids.map((id) =>
      h(
        'tr',
        null,
        h('th', { scope: 'row' }, LABELS[id] ?? id),
        ...net.batches.map((b) => {
          const row = outcome.rows.find((r) => r.impl === id && r.network === net.name && r.batch === b);
          const c = row?.cell;
          const text = !c ? '' : c.status === 'ok' && row!.examplesPerS !== null ? fmtRate(row!.examplesPerS) : c.status === 'wrong' ? 'WRONG' : c.status;
          return h('td', { title: c?.reason ?? (c?.check ? `checked: rel. error ${c.check.relErr.toExponential(1)}` : '') }, text);
        }),
      ),
    );
    return h('table', { class: 'bench-table', 'data-testid': 'bench-table' }, h('caption', null, `${net.name}: examples per second`), h('thead', null, head), h('tbody', null, ...body));
  });
  const blob = new Blob([JSON.stringify(outcome.json, null, 2) + '\n'], { type: 'application/json' });
  const slug = `${adapter.split(' (')[0].toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${String(outcome.json.date).slice(0, 10)}-page.json`;
  const download = h('a', { href: URL.createObjectURL(blob), download: slug, 'data-testid': 'bench-download' }, 'Download the JSON');
  into.replaceChildren(plot, ...tables, h('p', null, download));
}
