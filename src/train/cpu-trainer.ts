/** The float64 reference trainer: float64Pass's gradients, sgdStep's update, all on the CPU. */
import { cloneNetwork, type Batch, type Network } from '../network/network.js';
import type { Gradients, PassRecord } from '../record/pass-record.js';
import { float64Pass } from '../reference/float64-pass.js';
import { sgdStep, zeroVelocity, type SgdConfig } from './sgd.js';
import type { Trainer } from './trainer.js';

/** A diverged run's weights are NaN or infinite: its loss says so, and the caller reports the divergence (not a bad input). */
const DIVERGED_OK = { scanWeights: false } as const;

export class CpuTrainer implements Trainer {
  readonly backend = 'cpu' as const;
  private readonly network: Network;
  private readonly velocity: Gradients;
  private losses: number[] = [];

  constructor(
    initial: Network,
    private readonly config: SgdConfig,
  ) {
    this.network = cloneNetwork(initial);
    this.velocity = zeroVelocity(this.network);
  }

  async step(batch: Batch, recordLoss: boolean): Promise<void> {
    const record = this.stepNow(batch);
    if (recordLoss) this.losses.push(record.loss);
  }

  async inspectStep(batch: Batch): Promise<PassRecord> {
    return this.stepNow(batch);
  }

  private stepNow(batch: Batch): PassRecord {
    const record = float64Pass(this.network, batch, null, DIVERGED_OK);
    sgdStep(this.network, record.grads, this.velocity, this.config);
    return record;
  }

  async takeLosses(): Promise<number[]> {
    const taken = this.losses;
    this.losses = [];
    return taken;
  }

  async weights(): Promise<Network> {
    return cloneNetwork(this.network);
  }

  async evaluate(batch: Batch): Promise<PassRecord> {
    return float64Pass(this.network, batch, null, DIVERGED_OK);
  }

  dispose(): void {}
}
