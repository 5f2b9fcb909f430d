/**
 * When to start polling for a map. In Node, Dawn's binding completes mapAsync by polling from the
 * JS thread for as long as the map is pending (bench/busy-poll.ts: 30–70 % of a core during runs,
 * 0 between them). On a CPU adapter (SwiftShader) that core is one the kernels need: a 784-128-10
 * forward GEMM took 35 ms when the map was asked for after the work had finished and 55 ms when it
 * was polled from the submit on (2 cores); fused 2-3-2 at N = 65536 ran in 1.3 ms after a 1 ms
 * sleep against 2.0 ms polled throughout.
 *
 * So a read sleeps before it asks for the map, for a time kept per work (the same staging buffer
 * and `work` key — callers pass the examples the wait covers):
 * - one read in PROBE_EVERY (and the first) is a probe: it polls from the start, and its wait W
 *   sets the sleep to FIRST_SHARE · W (W was slowed by its own polling, so this is near the work's
 *   time), or to none when W < MIN_MS (a short wait's polling costs less than a sleep's overhead);
 * - any other read sleeps that long; if the work outlasted the sleep (the map took longer than
 *   DONE_MS after the wake-up), the sleep grows by half that polling time, at most by GROW_MAX of
 *   itself, so one slow run (another process holding the cores) moves it little.
 * The probes, not the sleeps, say how long the work takes: a sleep that overshoots teaches nothing
 * (the timer's own lateness, ~1 ms, would otherwise feed back into the estimate — a first version
 * that counted the time slept held a 0.1 ms run at ~4–5 ms per read). So a run that got faster is
 * followed at the next probe. Sleeps are whole milliseconds on a timer (the event loop stays
 * free; a timer cannot sleep less). The result is the same either way; only when the polling
 * starts changes.
 */

/** Waits shorter than this are polled at once. */
export const POLL_BACKOFF_MIN_MS = 1.2;
/** The sleep, as a share of a probe's wait. */
export const POLL_BACKOFF_FIRST_SHARE = 0.6;
/** One read in this many of the same work polls from the start, to measure it again. */
export const POLL_BACKOFF_PROBE_EVERY = 8;
/** A map that resolves within this long after the sleep found the work already done. */
export const POLL_BACKOFF_DONE_MS = 0.1;
/** The most a sleep grows after one the work outlasted, as a share of it. */
export const POLL_BACKOFF_GROW_MAX = 0.25;

/** A clock (ms) and a sleep; real ones by default, fakes in tests. */
export interface Timing {
  now(): number;
  sleep(ms: number): Promise<void>;
}

const realTiming: Timing = {
  now: () => performance.now(),
  sleep: (ms) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(1, Math.floor(ms)))),
};

interface WorkState {
  /** The sleep before the map (ms; 0: poll from the start). */
  pause: number;
  /** Reads since the last probe. */
  sinceProbe: number;
}

export class PollBackoff {
  private readonly states = new WeakMap<object, Map<number, WorkState>>();
  /** The sleep the last wait() asked for (ms), for tests and diagnostics. */
  lastPauseMs = 0;

  constructor(private readonly timing: Timing = realTiming) {}

  private state(target: object, work: number): WorkState {
    let byWork = this.states.get(target);
    if (!byWork) this.states.set(target, (byWork = new Map()));
    let state = byWork.get(work);
    if (!state) byWork.set(work, (state = { pause: 0, sinceProbe: POLL_BACKOFF_PROBE_EVERY }));
    return state;
  }

  /**
   * Sleeps (see above) when `enabled`, then awaits `map`, and adjusts the sleep for the next read.
   * `guard` wraps each promise (the engine races them against device loss).
   */
  async wait(target: object, work: number, enabled: boolean, map: () => Promise<void>, guard: <T>(p: Promise<T>) => Promise<T> = (p) => p): Promise<void> {
    const state = this.state(target, work);
    const probe = state.sinceProbe >= POLL_BACKOFF_PROBE_EVERY - 1;
    const pause = enabled && !probe ? state.pause : 0;
    this.lastPauseMs = pause;
    const start = this.timing.now();
    if (pause > 0) await guard(this.timing.sleep(pause));
    const woke = this.timing.now();
    await guard(map());
    const polled = this.timing.now() - woke;
    if (!enabled) return;
    if (probe) {
      const waited = woke - start + polled;
      state.pause = waited >= POLL_BACKOFF_MIN_MS ? waited * POLL_BACKOFF_FIRST_SHARE : 0;
      state.sinceProbe = 0;
      return;
    }
    state.sinceProbe++;
    if (pause > 0 && polled > POLL_BACKOFF_DONE_MS) state.pause = pause + Math.min(polled / 2, pause * POLL_BACKOFF_GROW_MAX);
  }

  /** How long the next read of `target` for `work` sleeps before asking for the map (ms; 0: poll at once). */
  pauseMs(target: object, work: number): number {
    const state = this.state(target, work);
    return state.sinceProbe >= POLL_BACKOFF_PROBE_EVERY - 1 ? 0 : state.pause;
  }
}
