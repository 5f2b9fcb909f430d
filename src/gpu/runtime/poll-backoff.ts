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
 * the cores) does not make the next runs sleep long; a sleep that overshoots is measured as a
 * shorter wait, so the estimate falls to the true time within a few runs. Waits under MIN_MS are
 * polled at once (a timer's granularity is ~1 ms). The result is the same either way; only when
 * the polling starts changes.
 */

/** Waits shorter than this are polled at once. */
export const POLL_BACKOFF_MIN_MS = 4;
/** The share of the shortest recent wait slept before polling starts. */
export const POLL_BACKOFF_SHARE = 0.8;
/** How many recent waits per (buffer, work) the estimate takes its minimum over. */
export const POLL_BACKOFF_WINDOW = 8;

export class PollBackoff {
  private readonly waits = new WeakMap<object, Map<number, number[]>>();

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

  /** Records how long a wait for `work` on `target` took, from the submit's read to the map (ms). */
  record(target: object, work: number, ms: number): void {
    const list = this.recent(target, work);
    list.push(ms);
    if (list.length > POLL_BACKOFF_WINDOW) list.shift();
  }
}
