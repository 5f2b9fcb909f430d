import { describe, expect, it } from 'vitest';
import { timeRuns, type TimingOptions } from '../../bench/timing.js';

/** A fake cell: run k takes times(k) ms on a fake clock. */
function fakeCell(times: (k: number) => number) {
  let clock = 0;
  let k = 0;
  const run = async () => {
    const t = times(k++);
    clock += t;
    return t;
  };
  return { run, elapsed: () => clock, calls: () => k };
}

const base: TimingOptions = { runs: 5, budgetMs: 30_000, minTimedMs: 300, maxRuns: 400, minWarmup: 2, maxWarmup: 6, minWarmupMs: 200, minWarmupRuns: 500, maxWarmupMs: 400, maxWarmupRuns: 2000 };

describe('timeRuns', () => {
  it('warms a short cell up for minWarmupMs, not just until two runs agree (the JIT needs hundreds of calls)', async () => {
    const cell = fakeCell(() => 0.25);
    const out = await timeRuns(1, cell.run, base, cell.elapsed);
    expect(out.status).toBe('ok');
    if (out.status !== 'ok') return;
    // 200 ms of 0.25 ms runs: 800 steady warm-up runs (more than minWarmupRuns), then the first.
    expect(out.warmupRuns).toBe(801);
    expect(out.warmupMs.length).toBe(9); // the first and the last 8
    expect(out.timesMs.length).toBe(400); // 100 ms < minTimedMs: capped by maxRuns
    expect(out.ms.median).toBe(0.25);
  });

  it('one slow warm-up run (a GC pause) does not stand for hundreds of fast ones: at least minWarmupRuns', async () => {
    const cell = fakeCell((k) => (k === 3 ? 190 : 0.25));
    const out = await timeRuns(1, cell.run, base, cell.elapsed);
    expect(out.warmupRuns).toBe(501); // the first (compile), then 500 steady runs: minWarmupRuns, though 190 ms + a few runs passed minWarmupMs
  });

  it('a 10 ms cell warms up for maxWarmupMs, not 500 runs', async () => {
    const cell = fakeCell(() => 10);
    const out = await timeRuns(100, cell.run, base, cell.elapsed);
    expect(out.warmupRuns).toBe(41); // 40 steady runs reach 400 ms
  });

  it('a long cell stops warming up once two runs agree', async () => {
    const cell = fakeCell(() => 500);
    const out = await timeRuns(2000, cell.run, base, cell.elapsed);
    expect(out.warmupRuns).toBe(3); // the first (compile) and two steady runs that agree
    if (out.status === 'ok') expect(out.timesMs.length).toBe(5);
  });

  it('the warm-up ends at maxWarmupRuns and within the budget', async () => {
    const capped = fakeCell(() => 0.01);
    const out = await timeRuns(1, capped.run, base, capped.elapsed);
    expect(out.warmupRuns).toBe(2000);
    const tight = fakeCell(() => 1);
    const out2 = await timeRuns(1, tight.run, { ...base, budgetMs: 50 }, tight.elapsed);
    expect(out2.warmupRuns).toBeLessThan(50);
  });

  it('keeps times to 5 significant digits', async () => {
    const cell = fakeCell((k) => 0.123456789 + k * 1e-9);
    const out = await timeRuns(1, cell.run, { ...base, minWarmupMs: 0 }, cell.elapsed);
    if (out.status === 'ok') expect(out.timesMs.every((t) => t === 0.12346)).toBe(true);
  });
});
