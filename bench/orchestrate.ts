/**
 * The orchestrator: float64 references first, then one worker process per implementation, one at
 * a time (2 cores: anything running beside a timed run would be timed too), with a progress line.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { float64Pass } from '../src/reference/float64-pass.js';
import { compareGradients, refPath, writeReference } from './check.js';
import { float64LoopGradients } from './impls/cpu-loops.js';
import { GPU_IMPLS } from './impls/index.js';
import { gpuEnv, swiftShaderAvailable, type AdapterInfoLite } from './gpu-env.js';
import { makeBatch, makeNetwork, networkName, prefixBatch, type Plan } from './plan.js';
import type { Cell, FixedCost, ImplInfo, WorkerMessage } from './protocol.js';
import type { BenchOptions } from './cli.js';
import { fmtMs } from './timing.js';
import { fmtBatch } from './report/analysis.js';

export interface ReferenceRecord {
  readonly network: string;
  readonly batch: number;
  readonly status: 'computed' | 'skipped';
  readonly ms?: number;
  readonly reason?: string;
}

export interface WorkerOutcome {
  readonly id: string;
  readonly info: ImplInfo | null;
  readonly unavailable: string | null;
  readonly cells: Cell[];
  readonly log: string;
  readonly wallS: number;
}

export interface Collected {
  readonly references: ReferenceRecord[];
  readonly workers: WorkerOutcome[];
  readonly adapter: AdapterInfoLite | null;
  readonly fixed: FixedCost | null;
  readonly icd: string;
  readonly vkIcdFilenames: string | null;
}

export class Progress {
  private readonly tty = Boolean(process.stderr.isTTY);
  private readonly start = performance.now();
  private last = '';
  line(text: string): void {
    const s = Math.round((performance.now() - this.start) / 1000);
    const msg = `[${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}] ${text}`;
    if (msg === this.last) return;
    this.last = msg;
    if (this.tty) process.stderr.write(`\r\x1b[K${msg.slice(0, (process.stderr.columns ?? 120) - 1)}`);
    else process.stderr.write(msg + '\n');
  }
  done(): void {
    if (this.tty) process.stderr.write('\r\x1b[K');
  }
}

export function computeReferences(opts: BenchOptions, refDir: string, progress: Progress): ReferenceRecord[] {
  const out: ReferenceRecord[] = [];
  for (const net of opts.networks) {
    const name = networkName(net.dims);
    const network = makeNetwork(net.dims, opts.seed);
    const full = makeBatch(net.dims, Math.max(...net.batches), opts.seed + 1);
    // The lean loop must agree with the project's float64 reference before it stands in for it.
    const small = prefixBatch(full, Math.min(64, full.size));
    const agree = compareGradients(float64LoopGradients(network, small), float64Pass(network, small).grads, 1e-12);
    if (!agree.pass) throw new Error(`the float64 loop disagrees with float64Pass on ${name} (rel. error ${agree.relErr})`);
    let prev: { batch: number; ms: number } | null = null;
    for (const n of net.batches) {
      const est = prev ? (prev.ms * n) / prev.batch : 0;
      if (est > opts.checkBudgetS * 1000) {
        out.push({ network: name, batch: n, status: 'skipped', reason: `float64 reference would take ~${fmtMs(est)} > check budget ${opts.checkBudgetS} s` });
        continue;
      }
      progress.line(`float64 reference ${name} N=${fmtBatch(n)}`);
      const t0 = performance.now();
      const g = n <= 4096 ? float64Pass(network, prefixBatch(full, n)).grads : float64LoopGradients(network, prefixBatch(full, n));
      const ms = performance.now() - t0;
      writeReference(refPath(refDir, net.dims, n), g);
      out.push({ network: name, batch: n, status: 'computed', ms });
      prev = { batch: n, ms };
    }
  }
  return out;
}

function runWorker(script: string, id: string, planFile: string, env: NodeJS.ProcessEnv, silenceLimitS: number, onMessage: (m: WorkerMessage) => void): Promise<WorkerOutcome> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const child: ChildProcess = fork(script, ['--worker', id, '--plan', planFile], {
      env,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      execArgv: ['--max-old-space-size=8192'],
    });
    let log = '';
    const keep = (d: Buffer) => {
      log = (log + d.toString()).slice(-8000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    let info: ImplInfo | null = null;
    let unavailable: string | null = null;
    const cells: Cell[] = [];
    let timer: NodeJS.Timeout | undefined;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        log += `\n[bench] no word from the worker for ${silenceLimitS} s: killed`;
        child.kill('SIGKILL');
      }, silenceLimitS * 1000);
    };
    arm();
    child.on('message', (raw) => {
      arm();
      const m = raw as WorkerMessage;
      if (m.t === 'info') info = m.info;
      else if (m.t === 'unavailable') unavailable = m.reason;
      else if (m.t === 'cell') cells.push(m.cell);
      onMessage(m);
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (!unavailable && code !== 0 && cells.length === 0) unavailable = `worker exited (${signal ?? code}): ${log.trim().split('\n').slice(-1)[0] ?? ''}`;
      else if (code !== 0) log += `\n[bench] worker exited with ${signal ?? code}`;
      resolve({ id, info, unavailable, cells, log, wallS: (performance.now() - t0) / 1000 });
    });
  });
}

export async function collect(opts: BenchOptions, script: string, tmp: string, progress: Progress): Promise<Collected> {
  const refDir = join(tmp, 'ref');
  mkdirSync(refDir, { recursive: true });
  const references = computeReferences(opts, refDir, progress);
  const plan: Plan = { networks: opts.networks, runs: opts.runs, warmup: opts.warmup, budgetS: opts.budgetS, refDir, seed: opts.seed };
  const planFile = join(tmp, 'plan.json');
  writeFileSync(planFile, JSON.stringify(plan));

  const wantsGpu = opts.impls.some((i) => i === 'roofline' || GPU_IMPLS.has(i));
  const ids = [...(wantsGpu ? ['roofline'] : []), ...opts.impls.filter((i) => i !== 'roofline' && !GPU_IMPLS.has(i)), ...opts.impls.filter((i) => GPU_IMPLS.has(i))];
  const cellsPerImpl = opts.networks.reduce((s, n) => s + n.batches.length, 0);
  const silence = Math.max(120, opts.budgetS * 4 + 60);

  let icd = opts.icd;
  let env = gpuEnv(icd);
  let adapter: AdapterInfoLite | null = null;
  let fixed: FixedCost | null = null;
  const workers: WorkerOutcome[] = [];
  for (const [k, id] of ids.entries()) {
    let done = 0;
    const onMessage = (m: WorkerMessage) => {
      if (m.t === 'adapter') adapter = m.adapter;
      if (m.t === 'fixed') fixed = m.fixed;
      if (m.t === 'cell') done++;
      if (m.t === 'progress') progress.line(`[${k + 1}/${ids.length}] ${id}: ${m.network} N=${fmtBatch(m.batch)} (${done + 1}/${cellsPerImpl})`);
    };
    progress.line(`[${k + 1}/${ids.length}] ${id}: starting`);
    let outcome = await runWorker(script, id, planFile, env, silence, onMessage);
    if (id === 'roofline' && outcome.unavailable && icd === 'auto' && !env.VK_ICD_FILENAMES && swiftShaderAvailable()) {
      // No usable system driver (e.g. only lavapipe, which Dawn refuses): fall back to SwiftShader.
      icd = 'swiftshader';
      env = gpuEnv(icd);
      progress.line(`no adapter from the system Vulkan driver (${outcome.unavailable}); retrying on SwiftShader`);
      outcome = await runWorker(script, id, planFile, env, silence, onMessage);
    }
    workers.push(outcome);
  }
  progress.done();
  return { references, workers, adapter, fixed, icd, vkIcdFilenames: env.VK_ICD_FILENAMES ?? null };
}
