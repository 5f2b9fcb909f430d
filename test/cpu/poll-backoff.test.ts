import { describe, expect, it } from 'vitest';
import { POLL_BACKOFF_MIN_MS, POLL_BACKOFF_SHARE, POLL_BACKOFF_WINDOW, PollBackoff } from '../../src/gpu/runtime/poll-backoff.js';

describe('poll back-off (when a read starts polling for its map)', () => {
  it('polls at once with no history, and for waits shorter than the minimum', () => {
    const b = new PollBackoff();
    const staging = {};
    expect(b.pauseMs(staging, 100)).toBe(0);
    b.record(staging, 100, POLL_BACKOFF_MIN_MS - 0.5);
    expect(b.pauseMs(staging, 100)).toBe(0);
  });

  it('sleeps a share of the shortest recent wait, so one slow run does not lengthen the next sleeps', () => {
    const b = new PollBackoff();
    const staging = {};
    for (const ms of [50, 40, 300, 45]) b.record(staging, 8192, ms);
    expect(b.pauseMs(staging, 8192)).toBeCloseTo(40 * POLL_BACKOFF_SHARE);
  });

  it('keys the estimate by buffer and by work: a smaller batch on the same buffer does not sleep for the bigger one', () => {
    const b = new PollBackoff();
    const staging = {};
    const other = {};
    b.record(staging, 65536, 100);
    expect(b.pauseMs(staging, 16)).toBe(0);
    expect(b.pauseMs(other, 65536)).toBe(0);
    expect(b.pauseMs(staging, 65536)).toBeCloseTo(100 * POLL_BACKOFF_SHARE);
  });

  it('forgets waits older than the window, so a run that got faster for good is followed', () => {
    const b = new PollBackoff();
    const staging = {};
    b.record(staging, 1, 10);
    for (let i = 0; i < POLL_BACKOFF_WINDOW; i++) b.record(staging, 1, 100);
    expect(b.pauseMs(staging, 1)).toBeCloseTo(100 * POLL_BACKOFF_SHARE);
    // A sleep that overshoots is measured as a shorter wait: the estimate falls towards the true time.
    b.record(staging, 1, 100 * POLL_BACKOFF_SHARE);
    expect(b.pauseMs(staging, 1)).toBeCloseTo(100 * POLL_BACKOFF_SHARE * POLL_BACKOFF_SHARE);
  });
});
