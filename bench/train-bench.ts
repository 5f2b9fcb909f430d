/**
 * The training benchmark: per-step wall time of plain SGD (steps/s) for the lesson's network and
 * for 784-128-10, ours on WebGPU (weights kept on the GPU) against the float64 reference on the CPU
 * and TensorFlow.js's and jax-js's own training steps, in one run. One worker process per
 * implementation, one at a time (as bench.ts). Each cell is first checked: 3 steps from the same
 * weights must land within 1e-4 + 1e-3·max|w| of the float64 reference's 3 steps; then steps are
 * timed in blocks of k (k doubled until a block takes ≥ 100 ms), each block ending with a readback,
 * and the median block time / k is the per-step time.
 *
 *   npm run bench:train -- [--quick | --smoke] [--impls a,b] [--out DIR] [--budget S]
 */
import { fork } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { lessonBatch } from '../src/network/lesson.js';
import type { Batch } from '../src/network/network.js';
import { CpuTrainer } from '../src/train/cpu-trainer.js';
import { swiftShaderAvailable, SWIFTSHADER_ICD } from './gpu-env.js';
import { makeBatch, makeNetwork } from './plan.js';
import { fmtMs, stats, type Stats } from './timing.js';
import { createTrainImpl, TRAIN_IMPL_IDS, TRAIN_IMPL_LABELS, type TrainImplId, type Weights } from './train/impls.js';

interface CellPlan {
  readonly dims: readonly number[];
  /** Examples per step; 1 on 2-3-2 is the lesson's own example. */
  readonly batch: number;
}

interface TrainPlan {
  readonly cells: readonly CellPlan[];
  readonly lr: number;
  readonly budgetS: number;
  readonly blocks: number;
  readonly seed: number;
}

interface TrainCell {
  readonly impl: string;
  readonly network: string;
  readonly batch: number;
  readonly status: 'ok' | 'wrong' | 'failed' | 'skipped';
  readonly reason?: string;
  readonly check?: { maxAbsErr: number; tol: number };
  readonly stepsPerBlock?: number;
  readonly msPerStep?: Stats;
  readonly stepsPerS?: number;
}

type Message = { t: 'cell'; cell: TrainCell } | { t: 'unavailable'; reason: string } | { t: 'notes'; notes: Record<string, unknown> };

const FULL: readonly CellPlan[] = [
  { dims: [2, 3, 2], batch: 1 },
  { dims: [2, 3, 2], batch: 4096 },
  { dims: [784, 128, 10], batch: 128 },
];
const QUICK: readonly CellPlan[] = [
  { dims: [2, 3, 2], batch: 1 },
  { dims: [784, 128, 10], batch: 16 },
];

/** The test suite's smoke run: one cell, the lesson's own step. */
const SMOKE: readonly CellPlan[] = [{ dims: [2, 3, 2], batch: 1 }];

const CHECK_STEPS = 3;
const MIN_BLOCK_MS = 100;
const MAX_BLOCK_STEPS = 4096;

function batchFor(cell: CellPlan, seed: number): Batch {
  return cell.dims.join('-') === '2-3-2' && cell.batch === 1 ? lessonBatch() : makeBatch(cell.dims, cell.batch, seed + 1);
}

function errText(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0].slice(0, 300);
}

function maxGap(a: Weights, b: Weights): { gap: number; scale: number } {
  let gap = 0;
  let scale = 0;
  [...a.W, ...a.b].forEach((arr, k) => {
    const ref = [...b.W, ...b.b][k];
    for (let i = 0; i < arr.length; i++) {
      gap = Math.max(gap, Math.abs(arr[i] - ref[i]));
      scale = Math.max(scale, Math.abs(ref[i]));
    }
  });
  return { gap, scale };
}

async function runWorker(id: TrainImplId, plan: TrainPlan, send: (m: Message) => void): Promise<void> {
  let impl;
  try {
    impl = await createTrainImpl(id);
  } catch (e) {
    send({ t: 'unavailable', reason: errText(e) });
    return;
  }
  send({ t: 'notes', notes: impl.notes });
  for (const cellPlan of plan.cells) {
    const network = makeNetwork(cellPlan.dims, plan.seed);
    const batch = batchFor(cellPlan, plan.seed);
    const base = { impl: id, network: cellPlan.dims.join('-'), batch: cellPlan.batch };
    let prepared;
    try {
      prepared = await impl.prepare(network, batch, plan.lr);
    } catch (e) {
      send({ t: 'cell', cell: { ...base, status: 'failed', reason: `prepare: ${errText(e)}` } });
      continue;
    }
    try {
      await prepared.steps(CHECK_STEPS);
      const reference = new CpuTrainer(network, { lr: plan.lr, momentum: 0 });
      for (let s = 0; s < CHECK_STEPS; s++) await reference.step(batch, false);
      const ref = await reference.weights();
      const { gap, scale } = maxGap(await prepared.weights(), { W: ref.layers.map((l) => l.W), b: ref.layers.map((l) => l.b) });
      const tol = 1e-4 + 1e-3 * scale;
      const check = { maxAbsErr: gap, tol };
      if (!(gap <= tol)) {
        send({ t: 'cell', cell: { ...base, status: 'wrong', check, reason: `weights after ${CHECK_STEPS} steps off by ${gap.toExponential(2)} (tolerance ${tol.toExponential(2)})` } });
        continue;
      }
      // The budget counts timing only (compiling and the check are not in it).
      const started = performance.now();
      let k = 1;
      let blockMs = 0;
      for (;;) {
        const t = performance.now();
        await prepared.steps(k);
        blockMs = performance.now() - t;
        if (blockMs >= MIN_BLOCK_MS || k >= MAX_BLOCK_STEPS || performance.now() - started > plan.budgetS * 1000) break;
        k *= 2;
      }
      const perStep: number[] = [blockMs / k];
      while (perStep.length < plan.blocks && performance.now() - started < plan.budgetS * 1000) {
        const t = performance.now();
        await prepared.steps(k);
        perStep.push((performance.now() - t) / k);
      }
      if (perStep.length < plan.blocks) {
        send({ t: 'cell', cell: { ...base, status: 'skipped', check, reason: `budget: only ${perStep.length} blocks of ${k} steps in ${plan.budgetS} s` } });
        continue;
      }
      const ms = stats(perStep);
      send({ t: 'cell', cell: { ...base, status: 'ok', check, stepsPerBlock: k, msPerStep: ms, stepsPerS: 1000 / ms.median } });
    } catch (e) {
      send({ t: 'cell', cell: { ...base, status: 'failed', reason: errText(e) } });
    } finally {
      try {
        prepared.release();
      } catch {
        /* already gone */
      }
    }
  }
  await impl.dispose();
}

function fmtRate(x: number): string {
  return x >= 1e6 ? `${(x / 1e6).toFixed(2)} M/s` : x >= 1e3 ? `${(x / 1e3).toFixed(1)} K/s` : x >= 10 ? `${x.toFixed(0)} /s` : `${x.toPrecision(2)} /s`;
}

async function orchestrate(plan: TrainPlan, impls: readonly TrainImplId[], outDir: string, script: string, quick: boolean): Promise<number> {
  const env: NodeJS.ProcessEnv = { ...process.env, XDG_RUNTIME_DIR: process.env.XDG_RUNTIME_DIR ?? '/tmp' };
  if (!env.VK_ICD_FILENAMES && swiftShaderAvailable()) env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
  mkdirSync(outDir, { recursive: true });
  const planFile = join(outDir, `.train-plan-${process.pid}.json`);
  writeFileSync(planFile, JSON.stringify(plan));
  const cells: TrainCell[] = [];
  const unavailable: { id: string; reason: string }[] = [];
  const notes: Record<string, Record<string, unknown>> = {};
  for (const id of impls) {
    process.stderr.write(`bench:train ${id}…\n`);
    await new Promise<void>((resolve) => {
      const child = fork(script, ['--worker', id, '--plan', planFile], { env, stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
      let tail = '';
      child.stderr?.on('data', (d) => (tail = (tail + String(d)).slice(-2000)));
      let got = 0;
      child.on('message', (m: Message) => {
        if (m.t === 'cell') {
          cells.push(m.cell);
          got++;
        } else if (m.t === 'unavailable') unavailable.push({ id, reason: m.reason });
        else notes[id] = m.notes;
      });
      child.on('exit', (code) => {
        if (code !== 0 && got < plan.cells.length && !unavailable.some((u) => u.id === id)) {
          unavailable.push({ id, reason: `worker exited with ${code}: ${tail.trim().split('\n').at(-1) ?? ''}` });
        }
        resolve();
      });
    });
  }
  const adapter = Object.values(notes).find((n) => n.adapter)?.adapter as { description?: string; summary?: string } | undefined;
  const adapterText = adapter?.summary ?? adapter?.description ?? 'no WebGPU adapter';
  const names = plan.cells.map((c) => `${c.dims.join('-')} @${c.batch}`);
  const lines = [`training steps per second (median of ${plan.blocks} blocks; SGD lr ${plan.lr}; WebGPU adapter: ${adapterText})`, '', `| implementation | ${names.join(' | ')} |`, `|---|${names.map(() => '---:').join('|')}|`];
  for (const id of impls) {
    const row = plan.cells.map((c) => {
      const cell = cells.find((x) => x.impl === id && x.network === c.dims.join('-') && x.batch === c.batch);
      if (!cell) return unavailable.some((u) => u.id === id) ? 'n/a' : '-';
      if (cell.status !== 'ok') return cell.status;
      return `${fmtRate(cell.stepsPerS!)} (${fmtMs(cell.msPerStep!.median)})`;
    });
    lines.push(`| ${TRAIN_IMPL_LABELS[id]} | ${row.join(' | ')} |`);
  }
  for (const u of unavailable) lines.push(`${u.id}: not measured — ${u.reason}`);
  for (const c of cells.filter((x) => x.status !== 'ok')) lines.push(`${c.impl} ${c.network} @${c.batch}: ${c.status} — ${c.reason}`);
  process.stdout.write(`${lines.join('\n')}\n`);
  const date = new Date().toISOString().slice(0, 10);
  const slug = `train-${adapter ? adapterText.split(' ')[0].toLowerCase().replace(/[^a-z0-9]+/g, '-') : 'cpu-only'}-${date}${quick ? '-quick' : ''}`;
  const jsonPath = join(outDir, `${slug}.json`);
  writeFileSync(jsonPath, `${JSON.stringify({ schema: 'gradient-trace-train-bench/1', date, adapter: adapterText, plan, notes, unavailable, cells }, null, 2)}\n`);
  process.stdout.write(`\nwrote ${jsonPath}\n`);
  try {
    (await import('node:fs')).unlinkSync(planFile);
  } catch {
    /* gone */
  }
  return 0;
}

export async function main(argv: readonly string[]): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({ args: [...argv], options: { quick: { type: 'boolean' }, smoke: { type: 'boolean' }, impls: { type: 'string' }, out: { type: 'string' }, budget: { type: 'string' }, worker: { type: 'string' }, plan: { type: 'string' }, help: { type: 'boolean' } }, strict: true, allowPositionals: false }));
  } catch (e) {
    process.stderr.write(`bench:train: ${errText(e)}\n`);
    return 2;
  }
  if (values.worker !== undefined) {
    const id = values.worker as TrainImplId;
    if (!(TRAIN_IMPL_IDS as readonly string[]).includes(id)) return 2;
    const plan = JSON.parse((await import('node:fs')).readFileSync(values.plan as string, 'utf8')) as TrainPlan;
    const pending: Promise<unknown>[] = [];
    await runWorker(id, plan, (m) => pending.push(new Promise((r) => process.send!(m, undefined, undefined, r))));
    await Promise.all(pending);
    return 0;
  }
  if (values.help) {
    process.stdout.write(`usage: npm run bench:train -- [--quick | --smoke] [--impls ${TRAIN_IMPL_IDS.join(',')}] [--out DIR] [--budget SECONDS]\n`);
    return 0;
  }
  const budget = values.budget === undefined ? 20 : Number(values.budget);
  if (!Number.isFinite(budget) || budget <= 0) {
    process.stderr.write(`bench:train: --budget must be a number of seconds > 0 (got ${JSON.stringify(values.budget)})\n`);
    return 2;
  }
  const impls = values.impls === undefined ? TRAIN_IMPL_IDS : (values.impls as string).split(',');
  const unknown = impls.find((id) => !(TRAIN_IMPL_IDS as readonly string[]).includes(id));
  if (unknown !== undefined) {
    process.stderr.write(`bench:train: unknown implementation ${JSON.stringify(unknown)} in --impls (known: ${TRAIN_IMPL_IDS.join(', ')})\n`);
    return 2;
  }
  const smoke = values.smoke === true;
  const quick = values.quick === true || smoke;
  const plan: TrainPlan = { cells: smoke ? SMOKE : quick ? QUICK : FULL, lr: 0.05, budgetS: quick ? Math.min(budget, 5) : budget, blocks: quick ? 3 : 5, seed: 1 };
  return orchestrate(plan, impls as TrainImplId[], (values.out as string | undefined) ?? 'bench/results', fileURLToPath(import.meta.url), quick);
}

// Dawn keeps the event loop alive (and can hang on teardown): exit explicitly once done.
main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(`bench:train: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);
