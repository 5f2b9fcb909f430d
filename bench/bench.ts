/**
 * `npm run bench`: how many examples per second each way of computing the batch gradient reaches
 * on this adapter, as the batch grows, and how close that is to the adapter's read roofline.
 *
 * The same built file is the orchestrator (no flags / user flags) and every worker (`--worker ID`).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError } from '../src/errors.js';
import { parseBenchArgs, USAGE, type BenchOptions } from './cli.js';
import { collect, Progress } from './orchestrate.js';
import { IMPL_IDS, IMPL_LABELS } from './impls/index.js';
import { networkName } from './plan.js';
import type { Cell, ImplInfo } from './protocol.js';
import { buildRows, crossovers, targets } from './report/analysis.js';
import { renderSummary, renderTable } from './report/table.js';
import { colorOf, renderSvg, type Series } from './report/svg.js';
import { adapterSlug, machine, readmeSnippet, toPng, versions, writeJson } from './report/results.js';

export async function runBench(opts: BenchOptions, script: string): Promise<number> {
  const started = new Date();
  const progress = new Progress();
  const loadBefore = loadavg();
  if (loadBefore[0] > 0.5 * cpus().length) {
    process.stderr.write(`bench: warning: load average ${loadBefore[0].toFixed(2)} on ${cpus().length} cores — something else is running; timings will be noisy\n`);
  }
  const tmp = mkdtempSync(join(tmpdir(), 'gradient-trace-bench-'));
  let collected;
  try {
    collected = await collect(opts, script, tmp, progress);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  const { workers, adapter, fixed } = collected;
  const impls: ImplInfo[] = workers.filter((w) => w.info).map((w) => w.info!);
  const cells: Cell[] = workers.flatMap((w) => w.cells);
  const dimsByName = new Map(opts.networks.map((n) => [networkName(n.dims), n.dims]));
  const rows = buildRows(cells, impls, (name) => dimsByName.get(name) ?? []);
  const order = ['roofline', ...IMPL_IDS];
  const nets = opts.networks.map((n) => ({ name: networkName(n.dims), batches: n.batches }));
  const cross = crossovers(rows, impls, nets);
  const tg = targets(rows, impls);

  process.stdout.write('\n' + renderTable(rows, impls, order) + '\n\n');
  for (const w of workers) if (w.unavailable) process.stdout.write(`${w.id}: not measured — ${w.unavailable}\n`);
  for (const r of collected.references) if (r.status === 'skipped') process.stdout.write(`check ${r.network} N=${r.batch}: ${r.reason}; that batch is checked only at smaller batches\n`);
  process.stdout.write(renderSummary(cross, tg, fixed) + '\n');

  const date = started.toISOString().slice(0, 10);
  const slug = `${adapterSlug(adapter)}-${date}${opts.quick ? '-quick' : ''}${opts.tag ? `-${opts.tag}` : ''}`;
  const jsonPath = join(opts.outDir, `${slug}.json`);
  const svgPath = join(opts.outDir, `${slug}.svg`);
  const adapterText = adapter ? `${adapter.description || adapter.architecture} (${adapter.vendor}${adapter.software ? ', software' : ''})` : 'no WebGPU adapter';
  const legendOrder = ['fused', 'per-op', 'jax-wasm', 'jax-webgpu', 'tfjs-cpu', 'tfjs-webgpu', 'f64-loop', 'f32-loop', 'roofline'];
  const series: Series[] = [...legendOrder, ...order.filter((id) => !legendOrder.includes(id))]
    .filter((id) => rows.some((r) => r.impl === id && r.examplesPerS !== null))
    .map((id) => ({
      id,
      label: id === 'roofline' ? 'read roofline (reads the batch once)' : (impls.find((i) => i.id === id)?.label ?? IMPL_LABELS[id as keyof typeof IMPL_LABELS] ?? id),
      color: colorOf(id),
      ours: impls.find((i) => i.id === id)?.ours ?? false,
    }));
  const svg = renderSvg(rows, series, nets, 'Batched gradients: examples per second vs batch size', `${adapterText} · ${machine().cpus} CPU cores · ${date} · median of ≥ ${opts.runs} runs, readback included`);
  writeJson(jsonPath, {
    schema: 'gradient-trace-bench/1',
    date: started.toISOString(),
    finished: new Date().toISOString(),
    quick: opts.quick,
    source: 'cli',
    adapter,
    icd: { requested: opts.icd, used: collected.icd, VK_ICD_FILENAMES: collected.vkIcdFilenames },
    versions: versions(),
    machine: { ...machine(), loadavgAtStart: loadBefore },
    options: { runs: opts.runs, warmup: opts.warmup, budgetS: opts.budgetS, checkBudgetS: opts.checkBudgetS, seed: opts.seed, impls: opts.impls },
    definitions: {
      examplesPerS: 'batch / median wall time; one run = batch in CPU memory → gradients of the batch-mean loss in CPU memory',
      gbPerS: 'batch bytes as a float32 GPU path holds them (N·(inDim+1)·4: f32 inputs + u32 labels) / median time',
      rooflineFraction: 'median time of the read-only roofline kernel over the same bytes / this median time',
      speedup: 'this examples/s ÷ that peer’s examples/s, same network and batch',
      check: 'first warm-up run vs float64 gradients; relErr = max|g − ref| / max|ref|',
    },
    networks: opts.networks,
    implementations: impls,
    unavailable: workers.filter((w) => w.unavailable).map((w) => ({ id: w.id, reason: w.unavailable })),
    fixedCost: fixed,
    references: collected.references,
    rows: rows.map((r) => ({ ...r.cell, examplesPerS: r.examplesPerS, gbPerS: r.gbPerS, rooflineFraction: r.rooflineFraction, speedup: r.speedup })),
    crossover: cross,
    targets: tg,
    workers: workers.map((w) => ({ id: w.id, wallS: w.wallS, logTail: w.log.split('\n').filter((l) => l.trim()).slice(-15) })),
  });
  writeFileSync(svgPath, svg);
  const png = opts.png ? toPng(svgPath) : { png: null, note: '--no-png' };
  const snippet = readmeSnippet({
    svgName: svgPath,
    rows,
    order,
    labels: Object.fromEntries(impls.map((i) => [i.id, i.label])),
    networks: nets,
    adapterText,
    date,
    crossover: cross,
    targets: tg,
    fixedMs: fixed ? (fixed as { ms: { median: number } }).ms.median : null,
  });
  const snippetPath = join(opts.outDir, `${slug}-README.md`);
  writeFileSync(snippetPath, snippet);
  process.stdout.write(`\nwrote ${jsonPath}\n      ${svgPath}${png.png ? `\n      ${png.png}` : ` (${png.note})`}\n      ${snippetPath}\n`);
  return 0;
}

export async function main(argv: readonly string[]): Promise<number> {
  const w = argv.indexOf('--worker');
  if (w >= 0) {
    const { workerMain } = await import('./worker.js');
    return workerMain(argv[w + 1], argv[argv.indexOf('--plan') + 1]);
  }
  let opts: BenchOptions;
  try {
    opts = parseBenchArgs(argv);
  } catch (e) {
    if (e instanceof InputError) {
      process.stderr.write(`bench: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  if (opts.help) {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  return runBench(opts, fileURLToPath(import.meta.url));
}

// Dawn keeps the event loop alive (and can hang on teardown): exit explicitly once done.
main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(`bench: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);
