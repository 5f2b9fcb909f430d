/**
 * The page's CPU work for one network and batch: the float64 pass and, when affordable, central
 * finite differences. Pure, so the same function runs inline (a small network) or in the worker
 * (cpu-worker.ts, a big one) and gives the same record either way.
 */
import { parameterCount, type Batch, type Network } from '../network/network.js';
import type { PassRecord } from '../record/pass-record.js';
import { checkGradients, type FdCheck } from '../reference/fd-check.js';
import { DEFAULT_H } from '../reference/finite-diff.js';
import { float64Pass } from '../reference/float64-pass.js';

/** Finite differences cost 2 forward passes per parameter; past this many multiply-adds, skip them. */
export const FD_BUDGET = 3e8;
/** Past this many multiply-adds of work the page moves it off the main thread. */
export const WORKER_FROM = 2e5;

export interface CpuPasses {
  readonly cpu: PassRecord;
  readonly fd: FdCheck | null;
  /** Why finite differences were not run (too many multiply-adds), or null. */
  readonly fdSkipped: string | null;
}

/** Multiply-adds of one forward pass over the batch. */
export function forwardCost(network: Network, batch: Batch): number {
  return batch.size * network.layers.reduce((n, l) => n + l.inDim * l.outDim, 0);
}

/** Multiply-adds the CPU work will take, at most (finite differences counted only when they run). */
export function cpuCost(network: Network, batch: Batch): number {
  const forward = forwardCost(network, batch);
  const fd = 2 * parameterCount(network) * forward;
  return 2 * forward + (fd > FD_BUDGET ? 0 : fd);
}

export function cpuPasses(network: Network, batch: Batch, onStage: (stage: string) => void = () => {}): CpuPasses {
  onStage('float64 forward + backward pass');
  const cpu = float64Pass(network, batch);
  const cost = 2 * parameterCount(network) * forwardCost(network, batch);
  const fdSkipped =
    cost > FD_BUDGET
      ? `Finite differences skipped: ${parameterCount(network)} parameters × 2 passes would take ${cost.toExponential(1)} multiply-adds in the page`
      : null;
  if (!fdSkipped) onStage(`finite differences (${2 * parameterCount(network)} nudged passes)`);
  const fd = fdSkipped ? null : checkGradients(network, batch, cpu, { h: DEFAULT_H, mode: 'all' });
  return { cpu, fd, fdSkipped };
}
