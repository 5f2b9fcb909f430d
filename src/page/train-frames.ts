/**
 * The Train panel's unit of work: one animation frame's steps. Up to `count` steps, stopping early
 * once `budgetMs` has passed; the loss recorded every `lossEvery` steps and at the frame's last step
 * (so the curve and the status line always have the latest). The same function runs the WebGPU
 * trainer on the page's thread and the float64 trainer in its worker (train-worker.ts), so both
 * report progress the same way. A frame's decision boundary is computed where its steps ran: in
 * the worker, leaving the main thread only the painting; for WebGPU, from the weights read back.
 */
import type { Batch, Network } from '../network/network.js';
import type { PassBackend } from '../record/pass-record.js';
import type { Trainer } from '../train/trainer.js';
import { boundaryProbabilities } from './boundary.js';

export interface FramePlan {
  /** The number of the frame's first step (0 for the run's first): which steps record their loss. */
  readonly first: number;
  readonly count: number;
  readonly budgetMs: number;
  readonly lossEvery: number;
  /** Also return the decision boundary after the frame's last step (for 2-D data). */
  readonly boundary: boolean;
}

export interface FrameResult {
  /** Steps taken, 1 to count. */
  readonly steps: number;
  /** The steps whose loss was recorded, and those losses (each the batch-mean loss before that step's update). */
  readonly lossSteps: number[];
  readonly losses: number[];
  /** When asked for and the data is 2-D: boundaryProbabilities of the weights after the last step (GRID² numbers). */
  readonly boundary: Float64Array | null;
}

export async function runFrame(trainer: Trainer, data: Batch, plan: FramePlan): Promise<FrameResult> {
  const start = performance.now();
  const lossSteps: number[] = [];
  let steps = 0;
  while (steps < plan.count) {
    const step = plan.first + steps;
    const last = steps === plan.count - 1 || performance.now() - start > plan.budgetMs;
    const record = step % plan.lossEvery === 0 || last;
    await trainer.step(data, record);
    if (record) lossSteps.push(step);
    steps++;
    if (last) break;
  }
  return { steps, lossSteps, losses: await trainer.takeLosses(), boundary: plan.boundary ? boundaryProbabilities(await trainer.weights(), data) : null };
}

/** What the panel drives: a trainer and its data, on this thread or in the worker. */
export interface FrameTrainer {
  readonly backend: PassBackend;
  frame(plan: FramePlan): Promise<FrameResult>;
  /** A copy of the current weights. */
  weights(): Promise<Network>;
  dispose(): void;
}

/** A trainer on the page's thread: WebGPU's (the GPU does the steps), or float64 where there are no workers. */
export class LocalFrames implements FrameTrainer {
  constructor(
    private readonly trainer: Trainer,
    private readonly data: Batch,
  ) {}

  get backend(): PassBackend {
    return this.trainer.backend;
  }

  frame(plan: FramePlan): Promise<FrameResult> {
    return runFrame(this.trainer, this.data, plan);
  }

  weights(): Promise<Network> {
    return this.trainer.weights();
  }

  dispose(): void {
    this.trainer.dispose();
  }
}
