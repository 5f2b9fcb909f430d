/**
 * The float64 trainer in a Web Worker (train-worker.ts), seen from the page: the main thread only
 * posts each frame's plan and draws what comes back, so a slow device's steps never hold up
 * scrolling, typing or the loss curve. The worker runs the same float64 code as the CLI's CPU
 * trainer, so its weights are the same bit for bit.
 */
import type { Batch, Network } from '../network/network.js';
import type { SgdConfig } from '../train/sgd.js';
import type { FramePlan, FrameResult, FrameTrainer } from './train-frames.js';
import type { TrainReply, TrainRequest } from './train-worker.js';
import { WorkerRpc } from './worker-rpc.js';

export class WorkerFrames implements FrameTrainer {
  readonly backend = 'cpu' as const;

  private constructor(private readonly rpc: WorkerRpc<TrainRequest, TrainReply>) {}

  /** Starts a worker holding a float64 trainer at `network`'s weights, training on `data`. */
  static async start(network: Network, data: Batch, sgd: SgdConfig): Promise<WorkerFrames> {
    const rpc = new WorkerRpc<TrainRequest, TrainReply>(
      () => new Worker(new URL('./train-worker.ts', import.meta.url), { type: 'module', name: 'gradient-trace training' }),
      'the training worker failed',
    );
    try {
      await rpc.call({ kind: 'start', network, data, sgd });
    } catch (err) {
      rpc.terminate();
      throw err;
    }
    return new WorkerFrames(rpc);
  }

  async frame(plan: FramePlan): Promise<FrameResult> {
    return (await this.rpc.call({ kind: 'frame', plan })) as FrameResult;
  }

  async weights(): Promise<Network> {
    return (await this.rpc.call({ kind: 'weights' })) as Network;
  }

  dispose(): void {
    this.rpc.terminate();
  }
}
