/**
 * Runs the page's CPU work: inline for a small network (the lesson answers at once), in a Web
 * Worker past WORKER_FROM multiply-adds so the page keeps responding and can show progress. A
 * newer request supersedes an older one (its result is dropped by the caller's generation check).
 */
import type { Batch, Network } from '../network/network.js';
import { cpuCost, cpuPasses, WORKER_FROM, type CpuPasses } from './cpu-passes.js';
import type { WorkerReply, WorkerRequest } from './cpu-worker.js';

export class CpuRunner {
  private worker: Worker | null = null;
  private next = 0;
  private readonly waiting = new Map<number, { resolve: (r: CpuPasses) => void; reject: (e: Error) => void; onStage: (s: string) => void }>();

  /** Does this network go to the worker (and so finish later)? */
  offThread(network: Network, batch: Batch): boolean {
    return cpuCost(network, batch) > WORKER_FROM && typeof Worker !== 'undefined';
  }

  runInline(network: Network, batch: Batch): CpuPasses {
    return cpuPasses(network, batch);
  }

  run(network: Network, batch: Batch, onStage: (stage: string) => void): Promise<CpuPasses> {
    const worker = this.ensureWorker();
    const id = ++this.next;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject, onStage });
      worker.postMessage({ id, network, batch } satisfies WorkerRequest);
    });
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(new URL('./cpu-worker.ts', import.meta.url), { type: 'module', name: 'gradient-trace float64' });
    worker.onmessage = (event: MessageEvent<WorkerReply>) => {
      const reply = event.data;
      const job = this.waiting.get(reply.id);
      if (!job) return;
      if (reply.kind === 'stage') return job.onStage(reply.stage);
      this.waiting.delete(reply.id);
      if (reply.kind === 'done') job.resolve(reply.result);
      else job.reject(new Error(reply.message));
    };
    worker.onerror = (event) => {
      for (const job of this.waiting.values()) job.reject(new Error(event.message || 'the float64 worker failed'));
      this.waiting.clear();
      this.worker = null;
    };
    this.worker = worker;
    return worker;
  }
}
