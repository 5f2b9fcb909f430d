/**
 * The worker that trains in float64 off the page's main thread: src/train/cpu-trainer.ts (the
 * float64 reference trainer the CLI uses), driven a frame at a time by runFrame, as the WebGPU
 * trainer is on the page. One worker holds one run; the page ends it (terminate) on Reset.
 */
import type { Batch, Network } from '../network/network.js';
import { CpuTrainer } from '../train/cpu-trainer.js';
import type { SgdConfig } from '../train/sgd.js';
import { runFrame, type FramePlan, type FrameResult } from './train-frames.js';
import { serveRequests } from './worker-rpc.js';

export type TrainRequest =
  | { readonly kind: 'start'; readonly network: Network; readonly data: Batch; readonly sgd: SgdConfig }
  | { readonly kind: 'frame'; readonly plan: FramePlan }
  | { readonly kind: 'weights' };
/** start: null; frame: its FrameResult; weights: the Network. */
export type TrainReply = FrameResult | Network | null;

let run: { readonly trainer: CpuTrainer; readonly data: Batch } | null = null;

serveRequests<TrainRequest, TrainReply>(async (request) => {
  if (request.kind === 'start') {
    run = { trainer: new CpuTrainer(request.network, request.sgd), data: request.data };
    return null;
  }
  if (!run) throw new Error('the training worker has no run: start it first');
  return request.kind === 'frame' ? runFrame(run.trainer, run.data, request.plan) : run.trainer.weights();
});
