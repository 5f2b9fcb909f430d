/**
 * One worker process per implementation (and one for the roofline): its own Dawn instance, its own
 * tfjs / jax-js state, and no GPU device left busy-polling while another implementation is timed.
 * Runs every (network, batch) cell of the plan in order and reports each over IPC.
 */
import { readFileSync } from 'node:fs';
import { compareGradients, readReference, refPath, TOLERANCE } from './check.js';
import { batchBytes, makeBatch, makeNetwork, networkName, prefixBatch, type Plan } from './plan.js';
import type { Cell, CheckRecord, WorkerMessage } from './protocol.js';
import { fmtMs, stats, timeRuns, type Stats, type TimingOptions } from './timing.js';
import { createImpl, IMPL_IDS, type ImplId } from './impls/index.js';
import type { Prepared } from './impls/types.js';

function send(msg: WorkerMessage): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send) {
      process.stdout.write(JSON.stringify(msg) + '\n');
      resolve();
    } else process.send(msg, undefined, undefined, () => resolve());
  });
}

function errText(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0].slice(0, 300);
}

function timingOptions(plan: Plan): TimingOptions {
  return {
    runs: plan.runs,
    budgetMs: plan.budgetS * 1000,
    minTimedMs: Math.min(300, plan.budgetS * 50),
    maxRuns: 50,
    minWarmup: plan.warmup,
    maxWarmup: plan.warmup + 4,
  };
}

/** A generic timed cell: anything with prepare → run → (optional) gpu time. */
async function measure(
  base: { impl: string; network: string; batch: number },
  estimateMs: number | null,
  plan: Plan,
  prepare: () => Promise<Prepared>,
  check: (g: Awaited<ReturnType<Prepared['run']>>) => { check: CheckRecord | null; checkedAtBatch?: number },
): Promise<Cell> {
  const opt = timingOptions(plan);
  const minRuns = plan.warmup + plan.runs;
  if (estimateMs !== null && estimateMs * minRuns > opt.budgetMs) {
    return {
      ...base,
      status: 'skipped',
      check: null,
      reason: `budget: ~${fmtMs(estimateMs)} a run (scaled from the previous batch) × ${minRuns} runs > ${plan.budgetS} s`,
    };
  }
  const start = performance.now();
  let prepared: Prepared;
  try {
    prepared = await prepare();
  } catch (e) {
    return { ...base, status: 'failed', check: null, reason: `prepare: ${errText(e)}` };
  }
  const prepareMs = performance.now() - start;
  const cellStart = performance.now();
  try {
    const t0 = performance.now();
    const grads = await prepared.run();
    const first = performance.now() - t0;
    const c = check(grads);
    if (c.check && !c.check.pass) {
      return { ...base, status: 'wrong', ...c, prepareMs, warmupMs: [first], reason: `gradients off by ${c.check.relErr.toExponential(2)} of their scale (tolerance ${c.check.tol})` };
    }
    const run = async () => {
      const t = performance.now();
      await prepared.run();
      return performance.now() - t;
    };
    const outcome = await timeRuns(first, run, opt, () => performance.now() - cellStart);
    if (outcome.status === 'skipped') return { ...base, status: 'skipped', ...c, prepareMs, warmupMs: outcome.warmupMs, reason: outcome.reason };
    let gpuMs: Stats | null = null;
    if (prepared.gpuTimeMs) {
      const samples: number[] = [];
      for (let i = 0; i < 3 && performance.now() - cellStart < opt.budgetMs; i++) {
        const g = await prepared.gpuTimeMs();
        if (g !== null && Number.isFinite(g)) samples.push(g);
      }
      gpuMs = samples.length ? stats(samples) : null;
    }
    return { ...base, status: 'ok', ...c, prepareMs, warmupMs: outcome.warmupMs, timesMs: outcome.timesMs, ms: outcome.ms, gpuMs };
  } catch (e) {
    return { ...base, status: 'failed', check: null, reason: errText(e) };
  } finally {
    try {
      prepared.release();
    } catch {
      /* already gone */
    }
  }
}

/** Linear in N from the previous batch's median (a lower bound for GPU paths past their fixed cost). */
function scale(prev: { batch: number; ms: number } | null, batch: number): number | null {
  return prev ? (prev.ms * batch) / prev.batch : null;
}

async function runImpl(id: ImplId, plan: Plan): Promise<void> {
  let impl;
  try {
    impl = await createImpl(id);
  } catch (e) {
    await send({ t: 'unavailable', reason: errText(e) });
    return;
  }
  await send({ t: 'info', info: { id: impl.id, label: impl.label, device: impl.device, ours: impl.ours, precision: impl.precision, notes: impl.notes } });
  const tol = TOLERANCE[impl.precision];
  for (const net of plan.networks) {
    const network = makeNetwork(net.dims, plan.seed);
    const full = makeBatch(net.dims, Math.max(...net.batches), plan.seed + 1);
    let prev: { batch: number; ms: number } | null = null;
    let checkedAt: number | undefined;
    for (const n of net.batches) {
      const name = networkName(net.dims);
      await send({ t: 'progress', network: name, batch: n, phase: 'running' });
      const batch = prefixBatch(full, n);
      const ref = readReference(refPath(plan.refDir, net.dims, n), network);
      const cell = await measure({ impl: id, network: name, batch: n }, scale(prev, n), plan, () => impl.prepare(network, batch), (g) => {
        if (!ref) return { check: null, checkedAtBatch: checkedAt };
        const r = compareGradients(g, ref, tol);
        return { check: { against: 'float64', ...r } };
      });
      if (cell.check?.pass) checkedAt = n;
      if (cell.ms) prev = { batch: n, ms: cell.ms.median };
      else if (cell.status === 'skipped' && cell.warmupMs?.length) prev = { batch: n, ms: Math.min(...cell.warmupMs) };
      else if (cell.status !== 'ok') prev = prev ? { batch: n, ms: Math.max(scale(prev, n) ?? 0, 0) } : null;
      await send({ t: 'cell', cell });
    }
  }
  await impl.dispose();
}

async function runRoofline(plan: Plan): Promise<void> {
  let dev;
  try {
    const { requestBenchDevice } = await import('./gpu-env.js');
    dev = await requestBenchDevice();
  } catch (e) {
    await send({ t: 'unavailable', reason: errText(e) });
    return;
  }
  await send({ t: 'adapter', adapter: dev.info });
  const { rooflineKernel } = await import('./roofline.js');
  const kernel = rooflineKernel(dev.device, dev.info.timestampQuery);
  const wrap = (bytes: number): Prepared => {
    const k = kernel.prepare(bytes);
    return {
      run: async () => {
        await k.run();
        return { dW: [], db: [] };
      },
      gpuTimeMs: () => k.gpuTimeMs(),
      release: () => k.release(),
    };
  };
  const fixed = await measure({ impl: 'fixed', network: '-', batch: 0 }, null, plan, async () => wrap(16), () => ({ check: null }));
  if (fixed.ms) await send({ t: 'fixed', fixed: { ms: fixed.ms, gpuMs: fixed.gpuMs ?? null } });
  for (const net of plan.networks) {
    const name = networkName(net.dims);
    let prev: { batch: number; ms: number } | null = null;
    for (const n of net.batches) {
      await send({ t: 'progress', network: name, batch: n, phase: 'roofline' });
      const bytes = batchBytes(net.dims, n);
      const cell = await measure({ impl: 'roofline', network: name, batch: n }, scale(prev, n), plan, async () => wrap(bytes), () => ({ check: null }));
      if (cell.ms) prev = { batch: n, ms: cell.ms.median };
      await send({ t: 'cell', cell });
    }
  }
  dev.device.destroy();
}

export async function workerMain(id: string, planFile: string): Promise<number> {
  const plan = JSON.parse(readFileSync(planFile, 'utf8')) as Plan;
  if (id === 'roofline') await runRoofline(plan);
  else if ((IMPL_IDS as readonly string[]).includes(id)) await runImpl(id as ImplId, plan);
  else {
    await send({ t: 'unavailable', reason: `unknown implementation '${id}'` });
    return 2;
  }
  await send({ t: 'done' });
  return 0;
}
