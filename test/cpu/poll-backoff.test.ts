import { describe, expect, it } from 'vitest';
import { POLL_BACKOFF_MIN_MS, POLL_BACKOFF_SHARE, POLL_BACKOFF_WINDOW, PollBackoff } from '../../src/gpu/runtime/poll-backoff.js';

describe('poll back-off (when a read starts polling for its map)', () => {
  it('polls at once with no history, and for waits shorter than the minimum', () => {
    const b = new PollBackoff();
    const staging = {};
    expect(b.pauseMs(staging, 100)).toBe(0);
    b.record(staging, 100, 0, POLL_BACKOFF_MIN_MS - 0.5);
    expect(b.pauseMs(staging, 100)).toBe(0);
  });

  it('sleeps a share of the shortest recent wait, so one slow run does not lengthen the next sleeps', () => {
    const b = new PollBackoff();
    const staging = {};
    for (const ms of [50, 40, 300, 45]) b.record(staging, 8192, 0, ms);
    expect(b.pauseMs(staging, 8192)).toBeCloseTo(40 * POLL_BACKOFF_SHARE);
  });

  it('keys the estimate by buffer and by work: a smaller batch on the same buffer does not sleep for the bigger one', () => {
    const b = new PollBackoff();
    const staging = {};
    const other = {};
    b.record(staging, 65536, 0, 100);
    expect(b.pauseMs(staging, 16)).toBe(0);
    expect(b.pauseMs(other, 65536)).toBe(0);
    expect(b.pauseMs(staging, 65536)).toBeCloseTo(100 * POLL_BACKOFF_SHARE);
  });

  it('forgets waits older than the window, so a run that got faster for good is followed', () => {
    const b = new PollBackoff();
    const staging = {};
    b.record(staging, 1, 0, 10);
    for (let i = 0; i < POLL_BACKOFF_WINDOW; i++) b.record(staging, 1, 0, 100);
    expect(b.pauseMs(staging, 1)).toBeCloseTo(100 * POLL_BACKOFF_SHARE);
    // A sleep that overshoots is counted as a shorter wait: the estimate falls towards the true time.
    b.record(staging, 1, 100 * POLL_BACKOFF_SHARE, 0.05);
    expect(b.pauseMs(staging, 1)).toBeCloseTo((100 * POLL_BACKOFF_SHARE + 0.05) * POLL_BACKOFF_SHARE);
  });

  it('a run that got fast again is polled at once within a few reads, however late the timer fires', async () => {
    // A fake clock: the work took 5 ms for a while (a loaded machine) and now takes 0.1 ms; every
    // sleep fires 1.2 ms late; a map asked for after the work is done resolves in 0.05 ms.
    let now = 0;
    let workDoneAt = 0;
    const b = new PollBackoff({ now: () => now, sleep: async (ms) => void (now += ms + 1.2) });
    const staging = {};
    const read = (workMs: number, enabled = true) => {
      workDoneAt = now + workMs;
      return b.wait(staging, 1, enabled, async () => void (now = Math.max(now, workDoneAt) + 0.05));
    };
    for (let i = 0; i < POLL_BACKOFF_WINDOW; i++) await read(5, false);
    expect(b.pauseMs(staging, 1)).toBeGreaterThan(0);
    let reads = 0;
    while (b.pauseMs(staging, 1) > 0 && reads < 50) {
      await read(0.1);
      reads++;
    }
    expect(reads, 'reads until the back-off let go').toBeLessThan(10);
    const before = now;
    await read(0.1);
    expect(b.lastPauseMs).toBe(0);
    expect(now - before).toBeCloseTo(0.15);
  });
});
