/** The worker that runs cpuPasses off the page's main thread (a big network would freeze it). */
import type { Batch, Network } from '../network/network.js';
import { cpuPasses } from './cpu-passes.js';

export type WorkerRequest = { readonly id: number; readonly network: Network; readonly batch: Batch };
export type WorkerReply =
  | { readonly id: number; readonly kind: 'stage'; readonly stage: string }
  | { readonly id: number; readonly kind: 'done'; readonly result: ReturnType<typeof cpuPasses> }
  | { readonly id: number; readonly kind: 'error'; readonly message: string };

self.onmessage = (event: MessageEvent<WorkerRequest>) => {
  const { id, network, batch } = event.data;
  const post = (reply: WorkerReply) => (self as unknown as Worker).postMessage(reply);
  try {
    const result = cpuPasses(network, batch, (stage) => post({ id, kind: 'stage', stage }));
    post({ id, kind: 'done', result });
  } catch (err) {
    post({ id, kind: 'error', message: err instanceof Error ? err.message : String(err) });
  }
};
