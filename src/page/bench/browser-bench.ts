/**
 * The benchmark on the visitor's own adapter: the CLI's cells (ours per-op and fused, the read
 * roofline, the plain float64 JS loop) measured the CLI's way — every implementation's first run
 * checked against float64 gradients before anything is timed, then the median of several runs,
 * batch in CPU memory to gradients back — and written in the CLI's JSON schema
 * (schemas/bench-results.schema.json), so results from many GPUs compare. Browser-only; loaded on demand.
 */
import { compareGradients, TOLERANCE } from '../../../bench/compare.js';
import { float64LoopGradients } from '../../../bench/impls/cpu-loops.js';
import { batchBytes, makeBatch, makeNetwork, networkName, prefixBatch, type NetworkPlan } from '../../../bench/plan.js';
import type { Cell, ImplInfo } from '../../../bench/protocol.js';
import { buildRows, crossovers, targets, type Row } from '../../../bench/report/analysis.js';
import { rooflineKernel } from '../../../bench/roofline.js';
import { stats, timeRuns, type TimingOptions } from '../../../bench/timing.js';
import { WebGpuEngine } from '../../gpu/engine.js';
import type { GpuHandle } from '../../gpu/device/gpu-handle.js';
import { toFloat32Batch } from '../../gpu/runtime/float32-batch.js';
import type { Gradients } from '../../record/pass-record.js';
import { float64Pass } from '../../reference/float64-pass.js';

export interface BrowserPlan {
  readonly networks: readonly NetworkPlan[];
  readonly runs: number;
  /** Seconds one (implementation, network, batch) cell may take, warm-up included. */
  readonly budgetS: number;
  readonly seed: number;
}

/** What the panel runs by default: both networks, batches a browser tab gets through in a minute or two. */
export const PAGE_PLAN: BrowserPlan = {
  networks: [
    { dims: [2, 3, 2], batches: [1, 16, 256, 4096, 65536] },
    { dims: [784, 128, 10], batches: [1, 16, 256, 1024] },
  ],
  runs: 5,
  budgetS: 8,
  seed: 1,
};

/** A plan small enough for a smoke test. */
export const TINY_PLAN: BrowserPlan = { networks: [{ dims: [2, 3, 2], batches: [16, 256] }], runs: 5, budgetS: 3, seed: 1 };

export const PAGE_IMPLS: readonly ImplInfo[] = [
  { id: 'f64-loop', label: 'float64 JS loop (CPU)', device: 'cpu', ours: false, precision: 'f64', notes: {} },
  { id: 'per-op', label: 'ours: WebGPU per-op', device: 'gpu', ours: true, precision: 'f32', notes: {} },
  { id: 'fused', label: 'ours: WebGPU fused', device: 'gpu', ours: true, precision: 'f32', notes: {} },
];

interface Timed {
  /** One run: batch in CPU memory → gradients in CPU memory (the roofline: its 16 bytes back). */
  run(): Promise<Gradients | null>;
  gpuMs?(): Promise<number | null>;
  release?(): void;
}

export interface BrowserBenchResult {
  readonly json: Record<string, unknown>;
  readonly rows: readonly Row[];
  readonly networks: readonly { name: string; batches: readonly number[] }[];
}

export type Progress = (text: string) => void;

/** Shortest sample the browser's coarse clock times well (see timeCell). */
const MIN_SAMPLE_MS = 2;

export async function runBrowserBench(handle: GpuHandle, plan: BrowserPlan, progress: Progress): Promise<BrowserBenchResult> {
  const started = new Date();
  const { device } = handle;
  const timestamps = device.features.has('timestamp-query');
  const engine = WebGpuEngine.create(handle);
  const roofline = rooflineKernel(device, timestamps);
  // Each sample already averages many calls (MIN_SAMPLE_MS), so no extra warm-up by time here.
  const options: TimingOptions = { runs: plan.runs, budgetMs: plan.budgetS * 1000, minTimedMs: 200, maxRuns: 30, minWarmup: 1, maxWarmup: 4, minWarmupMs: 0, minWarmupRuns: 0, maxWarmupMs: 0, maxWarmupRuns: 4 };
  const cells: Cell[] = [];
  const references: { network: string; batch: number; status: string; ms: number }[] = [];
  try {
    const fixed = await timeCell({ impl: 'fixed', network: '-', batch: 0 }, options, null, 'f32', async () => {
      const k = roofline.prepare(16);
      return { run: async () => (await k.run(), null), gpuMs: () => k.gpuTimeMs(), release: () => k.release() };
    });
    for (const net of plan.networks) {
      const name = networkName(net.dims);
      const network = makeNetwork(net.dims, plan.seed);
      const full = makeBatch(net.dims, Math.max(...net.batches), plan.seed + 1);
      for (const n of net.batches) {
        const batch = prefixBatch(full, n);
        progress(`${name} @ ${n}: float64 reference`);
        const t0 = performance.now();
        const ref = float64Pass(network, batch).grads;
        references.push({ network: name, batch: n, status: 'ok', ms: performance.now() - t0 });
        const base = (impl: string) => ({ impl, network: name, batch: n });
        progress(`${name} @ ${n}: read roofline`);
        cells.push(
          await timeCell(base('roofline'), options, null, 'f32', async () => {
            const k = roofline.prepare(batchBytes(net.dims, n));
            return { run: async () => (await k.run(), null), gpuMs: () => k.gpuTimeMs(), release: () => k.release() };
          }),
        );
        progress(`${name} @ ${n}: float64 JS loop`);
        cells.push(await timeCell(base('f64-loop'), options, ref, 'f64', async () => ({ run: async () => float64LoopGradients(network, batch) })));
        const batch32 = toFloat32Batch(batch);
        for (const path of ['per-op', 'fused'] as const) {
          progress(`${name} @ ${n}: ours, ${path}`);
          cells.push(
            await timeCell(base(path), options, ref, 'f32', async () => ({
              run: async () => (await engine.run(network, batch32, { path, intermediates: false })).grads,
              gpuMs: timestamps
                ? async () => {
                    await engine.run(network, batch32, { path, intermediates: false, timestamps: true });
                    return engine.lastGpuTimeMs;
                  }
                : undefined,
            })),
          );
        }
      }
    }
    const dimsByName = new Map(plan.networks.map((n) => [networkName(n.dims), n.dims]));
    const rows = buildRows(cells, PAGE_IMPLS, (name) => dimsByName.get(name) ?? []);
    const nets = plan.networks.map((n) => ({ name: networkName(n.dims), batches: n.batches }));
    const info = handle.adapter;
    const json = {
      schema: 'gradient-trace-bench/1',
      date: started.toISOString(),
      finished: new Date().toISOString(),
      quick: plan !== PAGE_PLAN,
      source: 'page',
      adapter: {
        vendor: info.vendor,
        architecture: info.architecture,
        device: '',
        description: info.description,
        software: info.software,
        timestampQuery: timestamps,
        maxStorageBufferBindingSize: device.limits.maxStorageBufferBindingSize,
        maxBufferSize: device.limits.maxBufferSize,
      },
      machine: { userAgent: navigator.userAgent, cpus: navigator.hardwareConcurrency ?? null },
      options: { runs: plan.runs, budgetS: plan.budgetS, seed: plan.seed, impls: ['roofline', ...PAGE_IMPLS.map((i) => i.id)] },
      networks: plan.networks,
      implementations: PAGE_IMPLS,
      unavailable: [],
      fixedCost: fixed.ms ? { ms: fixed.ms, gpuMs: fixed.gpuMs ?? null } : null,
      references,
      rows: rows.map((r) => ({ ...r.cell, examplesPerS: r.examplesPerS, gbPerS: r.gbPerS, rooflineFraction: r.rooflineFraction, speedup: r.speedup })),
      crossover: crossovers(rows, PAGE_IMPLS, nets),
      targets: targets(rows, PAGE_IMPLS),
    };
    return { json, rows, networks: nets };
  } finally {
    engine.dispose();
  }
}

/** One cell: prepare, one checked run, then timed runs within the budget (bench/timing.ts). */
async function timeCell(
  base: { impl: string; network: string; batch: number },
  options: TimingOptions,
  ref: Gradients | null,
  precision: 'f32' | 'f64',
  prepare: () => Promise<Timed>,
): Promise<Cell> {
  const cellStart = performance.now();
  let timed: Timed | null = null;
  try {
    const ready = await prepare();
    timed = ready;
    const t0 = performance.now();
    const first = await ready.run();
    const firstMs = performance.now() - t0;
    let check: Cell['check'] = null;
    if (ref && first) {
      const c = compareGradients(first, ref, TOLERANCE[precision]);
      check = { against: 'float64', ...c };
      if (!c.pass) return { ...base, status: 'wrong', check, reason: `gradients off by ${c.relErr.toExponential(2)} of their scale (tolerance ${c.tol})` };
    }
    // Browsers round performance.now() (to 5–100 µs), so a short run could time as 0: each
    // sample repeats the run until it lasts MIN_SAMPLE_MS and counts their average (the CLI, with
    // Node's precise clock, times single runs).
    const run = async () => {
      const t = performance.now();
      let k = 0;
      do {
        await ready.run();
        k++;
      } while (performance.now() - t < MIN_SAMPLE_MS && k < 100_000);
      return (performance.now() - t) / k;
    };
    const outcome = await timeRuns(firstMs, run, options, () => performance.now() - cellStart);
    const { gpuMs } = ready;
    if (outcome.status === 'skipped') return { ...base, status: 'skipped', check, warmupMs: outcome.warmupMs, warmupRuns: outcome.warmupRuns, reason: outcome.reason };
    const gpu: number[] = [];
    if (gpuMs) {
      for (let i = 0; i < 3; i++) {
        const g = await gpuMs();
        if (g !== null && Number.isFinite(g)) gpu.push(g);
      }
    }
    return { ...base, status: 'ok', check, warmupMs: outcome.warmupMs, warmupRuns: outcome.warmupRuns, timesMs: outcome.timesMs, ms: outcome.ms, gpuMs: gpu.length ? stats(gpu) : null };
  } catch (e) {
    return { ...base, status: 'failed', check: null, reason: (e instanceof Error ? e.message : String(e)).split('\n')[0].slice(0, 300) };
  } finally {
    timed?.release?.();
  }
}
