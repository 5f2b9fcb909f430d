/**
 * Runs the page's CPU work: inline for a small network (the lesson answers at once), in a Web
 * Worker past WORKER_FROM multiply-adds so the page keeps responding and can show progress. A
 * newer request supersedes an older one (its result is dropped by the caller's generation check).
 */
import type { Batch, Network } from '../network/network.js';
import { cpuCost, cpuPasses, WORKER_FROM, type CpuPasses } from './cpu-passes.js';
import type { CpuRequest } from './cpu-worker.js';
import { WorkerRpc } from './worker-rpc.js';

export class CpuRunner {
  private readonly rpc = new WorkerRpc<CpuRequest, CpuPasses, string>(
    () => new Worker(new URL('./cpu-worker.ts', import.meta.url), { type: 'module', name: 'gradient-trace float64' }),
    'the float64 worker failed',
  );

  /** Does this network go to the worker (and so finish later)? */
  offThread(network: Network, batch: Batch): boolean {
    return cpuCost(network, batch) > WORKER_FROM && typeof Worker !== 'undefined';
  }

  runInline(network: Network, batch: Batch): CpuPasses {
    return cpuPasses(network, batch);
  }

  run(network: Network, batch: Batch, onStage: (stage: string) => void): Promise<CpuPasses> {
    return this.rpc.call({ network, batch }, onStage);
  }
}
