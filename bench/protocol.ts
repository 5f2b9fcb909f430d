/** What a worker process tells the orchestrator (over the fork IPC channel). */
import type { AdapterInfoLite } from './gpu-env.js';
import type { Stats } from './timing.js';

export interface CheckRecord {
  readonly against: 'float64';
  readonly maxAbsErr: number;
  readonly relErr: number;
  readonly tol: number;
  readonly pass: boolean;
}

export interface Cell {
  readonly impl: string;
  readonly network: string;
  readonly batch: number;
  readonly status: 'ok' | 'skipped' | 'failed' | 'wrong';
  readonly reason?: string;
  /** Correctness check of the first warm-up run; null when this batch had no float64 reference
   *  (too slow to compute) — `checkedAtBatch` then names the largest batch that was checked. */
  readonly check: CheckRecord | null;
  readonly checkedAtBatch?: number;
  readonly prepareMs?: number;
  readonly warmupMs?: number[];
  /** Warm-up runs made, the first included (warmupMs keeps the first and the last few). */
  readonly warmupRuns?: number;
  readonly timesMs?: number[];
  readonly ms?: Stats;
  /** GPU time from timestamp queries (median/min/max of a few extra runs), where available. */
  readonly gpuMs?: Stats | null;
  /**
   * GPU time per kernel from one extra profiled run (every dispatch in its own timestamped pass),
   * ours only; `gflops` is that kernel's useful multiply-adds × 2 / its time, where it is a product.
   */
  readonly kernelMs?: readonly { kernel: string; dispatches: number; ms: number; gflops?: number }[] | null;
  /** Arithmetic of one pass (forward, dA, dW: 6 FLOP per weight per example, less dA of layer 0). */
  readonly flopsPerExample?: number;
  /** flopsPerExample × batch / median wall time, in GFLOP/s. */
  readonly gflops?: number;
  /** Skipped on the estimate: the run time it was extrapolated to (ms). */
  readonly estimatedMs?: number;
  /** Roofline only: the kernel layout that was fastest at this size. */
  readonly config?: string;
}

export interface ImplInfo {
  readonly id: string;
  readonly label: string;
  readonly device: 'cpu' | 'gpu';
  readonly ours: boolean;
  readonly precision: 'f32' | 'f64';
  readonly notes: Record<string, unknown>;
}

export interface FixedCost {
  /** One dispatch + 16-byte readback, wall time from submit to mapped. */
  readonly ms: Stats;
  readonly gpuMs: Stats | null;
}

export type WorkerMessage =
  | { readonly t: 'info'; readonly info: ImplInfo }
  | { readonly t: 'adapter'; readonly adapter: AdapterInfoLite }
  | { readonly t: 'unavailable'; readonly reason: string }
  | { readonly t: 'progress'; readonly network: string; readonly batch: number; readonly phase: string }
  | { readonly t: 'cell'; readonly cell: Cell }
  | { readonly t: 'fixed'; readonly fixed: FixedCost }
  | { readonly t: 'done' };
