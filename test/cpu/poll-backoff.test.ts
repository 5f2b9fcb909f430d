import { describe, expect, it } from 'vitest';
import {
  POLL_BACKOFF_FIRST_SHARE,
  POLL_BACKOFF_GROW_MAX,
  POLL_BACKOFF_MIN_MS,
  POLL_BACKOFF_PROBE_EVERY,
  PollBackoff,
} from '../../src/gpu/runtime/poll-backoff.js';

/**
 * A fake clock: a sleep of `ms` takes floor(ms) (at least 1) plus `lateMs`, as a timer does; a map
 * resolves 0.05 ms after the work is done (or after it is asked for, if the work is done already);
 * the polled part of a read runs the work at `polledSpeed` (the polling takes a core it needs).
 */
function fakeReads(lateMs: number, polledSpeed = 1) {
  let now = 0;
  let workEnd = 0;
  const b = new PollBackoff({ now: () => now, sleep: async (ms) => void (now += Math.max(1, Math.floor(ms)) + lateMs) });
  const target = {};
  /** One read of `workMs` of work (with `enabled` back-off); returns how long the read took. */
  const read = async (workMs: number, enabled = true): Promise<number> => {
    const start = now;
    workEnd = start + workMs;
    await b.wait(target, 1, enabled, async () => {
      const left = Math.max(0, workEnd - now);
      now += left / polledSpeed + 0.05;
    });
    return now - start;
  };
  return { b, target, read };
}

describe('poll back-off (when a read starts polling for its map)', () => {
  it('polls at once with no history; a probe that waited less than the minimum keeps polling at once', async () => {
    const { b, target, read } = fakeReads(0);
    expect(b.pauseMs(target, 1)).toBe(0);
    await read(POLL_BACKOFF_MIN_MS * 0.5);
    expect(b.pauseMs(target, 1)).toBe(0);
  });

  it('sleeps a share of the probe\'s wait, and probes again every PROBE_EVERY reads', async () => {
    const { b, target, read } = fakeReads(0);
    await read(10);
    expect(b.pauseMs(target, 1)).toBeCloseTo(10.05 * POLL_BACKOFF_FIRST_SHARE);
    const pauses: number[] = [];
    for (let i = 0; i < 2 * POLL_BACKOFF_PROBE_EVERY; i++) {
      pauses.push(b.pauseMs(target, 1));
      await read(10);
    }
    // PROBE_EVERY − 1 reads after the first probe sleep; then a probe (no sleep); and so on.
    expect(pauses.filter((p) => p === 0)).toHaveLength(2);
    expect(pauses[POLL_BACKOFF_PROBE_EVERY - 1]).toBe(0);
    expect(pauses[2 * POLL_BACKOFF_PROBE_EVERY - 1]).toBe(0);
  });

  it('keys the sleep by buffer and by work: a smaller batch on the same buffer does not sleep for the bigger one', async () => {
    const b = new PollBackoff({ now: () => 0, sleep: async () => {} });
    let now = 0;
    const timed = new PollBackoff({ now: () => now, sleep: async () => {} });
    const staging = {};
    await timed.wait(staging, 65536, true, async () => void (now += 100));
    expect(timed.pauseMs(staging, 65536)).toBeCloseTo(100 * POLL_BACKOFF_FIRST_SHARE);
    expect(timed.pauseMs(staging, 16)).toBe(0);
    expect(timed.pauseMs({}, 65536)).toBe(0);
    expect(b.pauseMs(staging, 65536)).toBe(0);
  });

  it('grows a sleep the work outlasted, by at most GROW_MAX of it, so one slow run moves it little', async () => {
    const { b, target, read } = fakeReads(0);
    await read(10);
    const before = b.pauseMs(target, 1); // 6.03
    await read(200); // another process held the cores for this one
    expect(b.pauseMs(target, 1)).toBeCloseTo(before * (1 + POLL_BACKOFF_GROW_MAX));
    const grown = b.pauseMs(target, 1);
    await read(2); // done long before the wake-up: the sleep stays
    expect(b.pauseMs(target, 1)).toBeCloseTo(grown);
  });

  it('a run that got fast again is polled at once from the next probe on, however late the timer fires', async () => {
    // The work took 5 ms (a loaded machine) and now takes 0.1 ms; every sleep fires 1.2 ms late.
    // (A first version counted the time slept as the work's and held such a run at 4–5 ms per read.)
    const { b, target, read } = fakeReads(1.2);
    await read(5);
    expect(b.pauseMs(target, 1)).toBeGreaterThan(0);
    const took: number[] = [];
    for (let i = 0; i < POLL_BACKOFF_PROBE_EVERY + 3; i++) took.push(await read(0.1));
    expect(b.pauseMs(target, 1)).toBe(0);
    expect(took.at(-1)).toBeCloseTo(0.15);
    // Until the probe, each read costs the sleep (3 ms + 1.2 late), never more.
    expect(Math.max(...took)).toBeLessThanOrEqual(Math.floor(5.05 * POLL_BACKOFF_FIRST_SHARE) + 1.2 + 0.05 + 1e-9);
  });

  it('with the polling slowing the work (as on a CPU adapter), sleeping makes reads faster', async () => {
    const { read } = fakeReads(0.1, 0.5);
    const polled = await read(4, false);
    await read(4); // probe
    const times: number[] = [];
    for (let i = 0; i < POLL_BACKOFF_PROBE_EVERY - 1; i++) times.push(await read(4));
    expect(Math.max(...times)).toBeLessThan(polled);
  });
});
