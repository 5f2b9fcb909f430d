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
import { kernelFlops, passFlopsPerExample } from './flops.js';
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
    // Short runs get up to 400 timed runs (within minTimedMs), so their median means something.
    maxRuns: 400,
    minWarmup: plan.warmup,
    maxWarmup: plan.warmup + 4,
    minWarmupMs: Math.min(200, plan.budgetS * 20),
    minWarmupRuns: 500,
    maxWarmupMs: Math.min(400, plan.budgetS * 40),
    maxWarmupRuns: 2000,
  };
}

/** A generic timed cell: anything with prepare → run → (optional) gpu time. */
async function measure(
  base: { impl: string; network: string; batch: number },
  est: { ms: number; points: number } | null,
  plan: Plan,
  prepare: () => Promise<Prepared>,
  check: (g: Awaited<ReturnType<Prepared['run']>>) => { check: CheckRecord | null; checkedAtBatch?: number },
): Promise<Cell> {
  const opt = timingOptions(plan);
  const minRuns = plan.warmup + plan.runs;
  // Two points: trust the fit for the whole cell. One point (linear, an over-estimate): skip only if
  // a single run would already blow the budget.
  if (est !== null && est.ms * (est.points >= 2 ? minRuns : 1) > opt.budgetMs) {
    return {
      ...base,
      status: 'skipped',
      check: null,
      estimatedMs: est.ms,
      reason: `budget: ~${fmtMs(est.ms)} a run (extrapolated from smaller batches) × ${est.points >= 2 ? minRuns : 1} run(s) > ${plan.budgetS} s`,
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
    if (outcome.status === 'skipped') return { ...base, status: 'skipped', ...c, prepareMs, warmupMs: outcome.warmupMs, warmupRuns: outcome.warmupRuns, reason: outcome.reason };
    let gpuMs: Stats | null = null;
    if (prepared.gpuTimeMs) {
      const samples: number[] = [];
      for (let i = 0; i < 3 && performance.now() - cellStart < opt.budgetMs; i++) {
        const g = await prepared.gpuTimeMs();
        if (g !== null && Number.isFinite(g)) samples.push(g);
      }
      gpuMs = samples.length ? stats(samples) : null;
    }
    const kernelMs = prepared.kernelTimes ? withKernelGflops(await prepared.kernelTimes(), base) : undefined;
    const work = flopsOf(base);
    return {
      ...base,
      status: 'ok',
      ...c,
      prepareMs,
      warmupMs: outcome.warmupMs,
      warmupRuns: outcome.warmupRuns,
      timesMs: outcome.timesMs,
      ms: outcome.ms,
      gpuMs,
      ...(kernelMs ? { kernelMs } : {}),
      ...(work ? { flopsPerExample: work.perExample, gflops: (work.perExample * base.batch) / (outcome.ms.median * 1e6) } : {}),
    };
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

/** The pass's arithmetic for a network named by its widths ('784-128-10'); null for the roofline. */
function flopsOf(base: { impl: string; network: string }): { perExample: number; dims: number[] } | null {
  if (base.impl === 'roofline' || base.impl === 'fixed') return null;
  const dims = base.network.split('-').map(Number);
  if (dims.length < 2 || dims.some((d) => !Number.isInteger(d) || d < 1)) return null;
  return { perExample: passFlopsPerExample(dims), dims };
}

/** GFLOP/s of the kernels that are products of known size (per-op products, fused GEMMs). */
function withKernelGflops(
  kernels: { kernel: string; dispatches: number; ms: number }[] | null,
  base: { impl: string; network: string; batch: number },
): { kernel: string; dispatches: number; ms: number; gflops?: number }[] | null {
  if (!kernels) return null;
  const work = flopsOf(base);
  return kernels.map((k) => {
    const flops = work ? kernelFlops(k.kernel, work.dims, base.batch) : null;
    return flops !== null && k.ms > 0 ? { ...k, gflops: flops / (k.ms * 1e6) } : k;
  });
}

/** Points measured so far for one (implementation, network): batch → median ms. */
type History = { batch: number; ms: number }[];

/**
 * A run's expected time at `batch`: the affine fit a + b·N through the last two measured batches
 * (fixed cost + per-example cost); from a single point, linear in N — an over-estimate for anything
 * with a fixed cost, so it is trusted only for a single run (see `measure`).
 */
function estimate(h: History, batch: number): { ms: number; points: number } | null {
  if (!h.length) return null;
  const p2 = h[h.length - 1];
  if (h.length === 1) return { ms: (p2.ms * batch) / p2.batch, points: 1 };
  const p1 = h[h.length - 2];
  const b = Math.max((p2.ms - p1.ms) / (p2.batch - p1.batch), 0);
  const a = Math.max(p2.ms - b * p2.batch, 0);
  return { ms: a + b * batch, points: 2 };
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
    const hist: History = [];
    let checkedAt: number | undefined;
    for (const n of net.batches) {
      const name = networkName(net.dims);
      await send({ t: 'progress', network: name, batch: n, phase: 'running' });
      const batch = prefixBatch(full, n);
      const ref = readReference(refPath(plan.refDir, net.dims, n), network);
      const cell = await measure({ impl: id, network: name, batch: n }, estimate(hist, n), plan, () => impl.prepare(network, batch), (g) => {
        if (!ref) return { check: null, checkedAtBatch: checkedAt };
        const r = compareGradients(g, ref, tol);
        return { check: { against: 'float64', ...r } };
      });
      if (cell.check?.pass) checkedAt = n;
      if (cell.ms) hist.push({ batch: n, ms: cell.ms.median });
      else if (cell.warmupMs && cell.warmupMs.length > 1) hist.push({ batch: n, ms: Math.min(...cell.warmupMs.slice(1)) });
      else if (cell.warmupMs?.length) hist.push({ batch: n, ms: cell.warmupMs[0] });
      else {
        // skipped on the estimate: carry the estimate forward so larger batches skip too
        const e = estimate(hist, n);
        if (e) hist.push({ batch: n, ms: e.ms });
      }
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
  const { rooflineKernel, GROUPS_MAX_CHOICES } = await import('./roofline.js');
  const kernel = rooflineKernel(dev.device, dev.info.timestampQuery);
  const wrap = (bytes: number, groupsMax?: number): Prepared => {
    const k = kernel.prepare(bytes, groupsMax);
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
    const hist: History = [];
    for (const n of net.batches) {
      await send({ t: 'progress', network: name, batch: n, phase: 'roofline' });
      const bytes = batchBytes(net.dims, n);
      // pick the faster workgroup layout for this size (best of 3 runs each), then time it
      let bestGroups: number = GROUPS_MAX_CHOICES[0];
      let bestMs = Infinity;
      const est = estimate(hist, n);
      if (est === null || est.ms * 3 * GROUPS_MAX_CHOICES.length < plan.budgetS * 250) {
        for (const g of GROUPS_MAX_CHOICES) {
          const p = wrap(bytes, g);
          for (let r = 0; r < 4; r++) {
            const t = performance.now();
            await p.run();
            const ms = performance.now() - t;
            if (r > 0 && ms < bestMs) [bestMs, bestGroups] = [ms, g];
          }
          p.release();
        }
      }
      const cell: Cell = {
        ...(await measure({ impl: 'roofline', network: name, batch: n }, est, plan, async () => wrap(bytes, bestGroups), () => ({ check: null }))),
        config: `workgroups ≤ ${bestGroups}`,
      };
      if (cell.ms) hist.push({ batch: n, ms: cell.ms.median });
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
