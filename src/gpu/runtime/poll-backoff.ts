/**
 * When to start polling for a map. In Node, Dawn's binding completes mapAsync by polling from the
 * JS thread for as long as the map is pending (bench/busy-poll.ts: 30–70 % of a core during runs,
 * 0 between them). On a CPU adapter (SwiftShader) that core is one the kernels need: a 784-128-10
 * forward GEMM took 35 ms when the map was asked for after the work had finished and 55 ms when it
 * was polled from the submit on (2 cores); the whole fused pass at N = 8192, 735 → 490 ms median.
 *
 * So a read first sleeps for SHARE of the shortest of the last WINDOW waits for the same work (the
 * same staging buffer and the same `work` key — callers pass the examples the wait covers), then
 * asks for the map. The minimum, not the last wait, so that one slow run (another process holding
 * the cores) does not make the next runs sleep long. A wait is counted as the sleep asked for plus
 * the polling after it, never the timer's lateness: a timer fires ~1 ms late, and counting that
 * would hold the estimate up by itself (sleep 0.8·w, fire 1 ms late, measure w again: a run of
 * 0.1 ms stuck at 4–5 ms per read, seen here). So a sleep that overshoots the work is counted as a
 * shorter wait, and the estimate falls by SHARE per read until it is under the work's true time.
 * Waits under MIN_MS are polled at once (a timer's granularity is ~1 ms). The result is the same
 * either way; only when the polling starts changes.
 */

/** Waits shorter than this are polled at once. */
export const POLL_BACKOFF_MIN_MS = 4;
/** The share of the shortest recent wait slept before polling starts. */
export const POLL_BACKOFF_SHARE = 0.8;
/** How many recent waits per (buffer, work) the estimate takes its minimum over. */
export const POLL_BACKOFF_WINDOW = 8;

/** A clock (ms) and a sleep; real ones by default, fakes in tests. */
export interface Timing {
  now(): number;
  sleep(ms: number): Promise<void>;
}

const realTiming: Timing = {
  now: () => performance.now(),
  sleep: (ms) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
};

export class PollBackoff {
  private readonly waits = new WeakMap<object, Map<number, number[]>>();
  /** The sleep the last wait() asked for (ms), for tests and diagnostics. */
  lastPauseMs = 0;

  constructor(private readonly timing: Timing = realTiming) {}

  /**
   * Sleeps for pauseMs(target, work) (when `enabled`), then awaits `map`, and records the wait.
   * `guard` wraps each promise (the engine races them against device loss).
   */
  async wait(target: object, work: number, enabled: boolean, map: () => Promise<void>, guard: <T>(p: Promise<T>) => Promise<T> = (p) => p): Promise<void> {
    const pause = enabled ? this.pauseMs(target, work) : 0;
    this.lastPauseMs = pause;
    if (pause > 0) await guard(this.timing.sleep(pause));
    const polling = this.timing.now();
    await guard(map());
    this.record(target, work, pause, this.timing.now() - polling);
  }

  private recent(target: object, work: number): number[] {
    let byWork = this.waits.get(target);
    if (!byWork) this.waits.set(target, (byWork = new Map()));
    let list = byWork.get(work);
    if (!list) byWork.set(work, (list = []));
    return list;
  }

  /** How long to sleep before asking for the map of `target` for `work` (ms; 0: poll at once). */
  pauseMs(target: object, work: number): number {
    const list = this.recent(target, work);
    if (list.length === 0) return 0;
    const shortest = Math.min(...list);
    return shortest >= POLL_BACKOFF_MIN_MS ? shortest * POLL_BACKOFF_SHARE : 0;
  }

  /**
   * Records a wait for `work` on `target`: the sleep that was asked for (`pausedMs`, 0 when none)
   * and how long the map took after it (`polledMs`), both in ms.
   */
  record(target: object, work: number, pausedMs: number, polledMs: number): void {
    const list = this.recent(target, work);
    list.push(pausedMs + polledMs);
    if (list.length > POLL_BACKOFF_WINDOW) list.shift();
  }
}
