/**
 * Timing one cell: warm-up until the run time settles, then at least `runs` timed runs (more when a
 * run is very short, so the median means something), each from "batch in CPU memory" to "gradients
 * in CPU memory". A cell whose estimated cost exceeds the budget is skipped, and says why.
 */

export interface Stats {
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

export function stats(xs: readonly number[]): Stats {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  const median = s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
  return { median, min: s[0], max: s[s.length - 1] };
}

export interface TimingOptions {
  readonly runs: number;
  /** Whole cell, warm-up included, in ms. */
  readonly budgetMs: number;
  /** Keep adding timed runs until they add up to this much (capped by `maxRuns` and the budget). */
  readonly minTimedMs: number;
  readonly maxRuns: number;
  readonly minWarmup: number;
  readonly maxWarmup: number;
  /**
   * Warm-up also goes on until the steady warm-up runs add up to `minWarmupMs` and number at least
   * `minWarmupRuns` — or add up to `maxWarmupMs` — with at most `maxWarmupRuns` runs: a run of a
   * fraction of a millisecond is mostly JavaScript, which V8 only optimises after some hundreds of
   * calls; two similar runs do not mean the JIT is done, and one slow run (a GC pause) must not
   * count for hundreds of fast ones.
   */
  readonly minWarmupMs: number;
  readonly minWarmupRuns: number;
  readonly maxWarmupMs: number;
  readonly maxWarmupRuns: number;
}

/**
 * `warmupMs`: the first run, then the last (at most 8) steady warm-up runs — a short cell warms up
 * for hundreds of runs, and the JSON keeps only their count (`warmupRuns`, the first included).
 * Times are kept to 5 significant digits (0.1 µs at 1 ms), enough for any statistic quoted.
 */
export type TimingOutcome =
  | { readonly status: 'ok'; readonly warmupMs: number[]; readonly warmupRuns: number; readonly timesMs: number[]; readonly ms: Stats }
  | { readonly status: 'skipped'; readonly reason: string; readonly warmupMs: number[]; readonly warmupRuns: number };

const KEPT_WARMUP = 8;
const round5 = (ms: number) => Number(ms.toPrecision(5));
const keptWarmup = (w: readonly number[]) => [w[0], ...w.slice(Math.max(1, w.length - KEPT_WARMUP))].map(round5);

/**
 * `first` is the time of the warm-up run that was already made (the one whose answer was checked).
 * `run` performs one more run and resolves with its wall time in ms.
 */
export async function timeRuns(first: number, run: () => Promise<number>, opt: TimingOptions, elapsedMs: () => number): Promise<TimingOutcome> {
  // The first run pays for shader compilation / JIT warm-up: it is recorded but neither counted
  // against the budget nor used to predict the steady run time — a second run always follows,
  // unless the first alone already took longer than the whole budget.
  const warmupMs = [first];
  const steadyStart = elapsedMs();
  const spent = () => elapsedMs() - steadyStart;
  const over = (perRun: number, count: number) => spent() + perRun * count > opt.budgetMs;
  if (first > opt.budgetMs) {
    return { status: 'skipped', reason: `budget: the first run alone took ${fmtMs(first)} (> ${(opt.budgetMs / 1000).toFixed(0)} s)`, warmupMs, warmupRuns: 1 };
  }
  warmupMs.push(await run());
  let warmedMs = warmupMs[1];
  while (warmupMs.length < opt.maxWarmupRuns) {
    const last = warmupMs[warmupMs.length - 1];
    const prev = warmupMs[warmupMs.length - 2];
    const settled = warmupMs.length >= opt.maxWarmup || (warmupMs.length >= opt.minWarmup && Math.abs(last - prev) <= 0.15 * Math.min(last, prev));
    const warm = (warmedMs >= opt.minWarmupMs && warmupMs.length > opt.minWarmupRuns) || warmedMs >= opt.maxWarmupMs;
    if (settled && warm) break;
    if (over(last, 1 + opt.runs)) break;
    const t = await run();
    warmupMs.push(t);
    warmedMs += t;
  }
  const steady = warmupMs.slice(1);
  const settled = Math.min(...steady.slice(-2));
  if (over(settled, opt.runs)) {
    return {
      status: 'skipped',
      reason: `budget: ${opt.runs} runs of ~${fmtMs(settled)} would take the cell past ${(opt.budgetMs / 1000).toFixed(0)} s`,
      warmupMs: keptWarmup(warmupMs),
      warmupRuns: warmupMs.length,
    };
  }
  const timesMs: number[] = [];
  let total = 0;
  while (timesMs.length < opt.runs || (total < opt.minTimedMs && timesMs.length < opt.maxRuns && !over(stats(timesMs).median, 1))) {
    const t = await run();
    timesMs.push(round5(t));
    total += t;
  }
  return { status: 'ok', warmupMs: keptWarmup(warmupMs), warmupRuns: warmupMs.length, timesMs, ms: stats(timesMs) };
}

export function fmtMs(ms: number): string {
  if (ms >= 1000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms >= 10) return `${ms.toFixed(0)} ms`;
  if (ms >= 1) return `${ms.toFixed(1)} ms`;
  return `${ms.toFixed(3)} ms`;
}
