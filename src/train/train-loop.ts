/**
 * The training loop, shared by the CLI and the page: draws a minibatch per step, takes the step on a
 * Trainer, records the loss every `every` steps (and at the last step), optionally checks a step's
 * gradients, and at the end evaluates the whole data set once (loss, accuracy, every intermediate).
 */
import type { Batch, Network } from '../network/network.js';
import type { PassRecord } from '../record/pass-record.js';
import { accuracyOf } from './accuracy.js';
import { MinibatchSampler } from './minibatches.js';
import { checkTrainingStep, NO_CHECKS, tallyStep, type CheckTally } from './step-check.js';
import type { Trainer } from './trainer.js';

export interface TrainConfig {
  readonly steps: number;
  /** Examples per step; null: the whole data set (full-batch gradient descent). */
  readonly batchSize: number | null;
  readonly seed: number;
  /** Record the loss every this many steps (and at the last step). */
  readonly every: number;
  /** Check the gradients of every this many steps (step 0, K, 2K, …); null: never. */
  readonly checkEvery: number | null;
}

export interface Progress {
  /** Steps done. */
  readonly step: number;
  readonly steps: number;
  /** The latest recorded loss, or null before the first. */
  readonly loss: number | null;
  readonly stepsPerSecond: number;
}

export interface TrainResult {
  readonly steps: number;
  /** The loss of the batch at each recorded step (before that step's update). */
  readonly lossSteps: readonly number[];
  readonly losses: readonly number[];
  /** The whole data set after the last step, with intermediates. */
  readonly final: PassRecord;
  readonly accuracy: number;
  readonly network: Network;
  /** Wall time of all the steps (not the final evaluation, not the checks: see checksMs), in ms. */
  readonly stepsMs: number;
  /** Wall time of the first step, in ms: it includes compiling the GPU pipelines (not its check). */
  readonly firstStepMs: number;
  /** Steps per second after the first step (so compiling does not count; the checks do not either), null for a 1-step run. */
  readonly stepsPerSecond: number | null;
  /**
   * Wall time of the gradient checks, in ms, kept out of the step times above: reading back the
   * weights, the float64 pass and the finite differences of each checked step. The checked step's
   * own pass (which also reads its gradients back) is a step, and is timed as one. 0 without checks.
   */
  readonly checksMs: number;
  /** Checked steps (all passed): how many, and what they judged (rows n/a pass nothing; see nothingJudged). */
  readonly checks: CheckTally;
}

/** A checked step whose gradients drifted past the tolerance; the message names the step and parameter. */
export class GradientDriftError extends Error {
  override readonly name = 'GradientDriftError';
}

/** A checked step whose weights, loss or gradients are not finite (a diverged run, or float32
 *  overflow on the GPU): not drift. The message names the step and the value. */
export class NonFiniteStepError extends Error {
  override readonly name = 'NonFiniteStepError';
}

export interface TrainHooks {
  /** Called every ~`progressMs` of wall time and at the end. */
  readonly onProgress?: (progress: Progress) => void;
  readonly progressMs?: number;
  /** The clock, in ms (default performance.now). */
  readonly now?: () => number;
  /** The step check (default checkTrainingStep): tests substitute one whose time they can see. */
  readonly checkStep?: typeof checkTrainingStep;
}

export async function runTraining(trainer: Trainer, data: Batch, config: TrainConfig, hooks: TrainHooks = {}): Promise<TrainResult> {
  const now = hooks.now ?? (() => performance.now());
  const checkStep = hooks.checkStep ?? checkTrainingStep;
  // The steps' clock: wall time less the checks', so steps/s measures training, not checking.
  let checksMs = 0;
  const stepClock = () => now() - checksMs;
  const timedAsCheck = async <T>(work: () => T | Promise<T>): Promise<T> => {
    const begun = now();
    try {
      return await work();
    } finally {
      checksMs += now() - begun;
    }
  };
  const sampler = new MinibatchSampler(data, config.batchSize, config.seed);
  const lossSteps: number[] = [];
  const losses: number[] = [];
  let checks = NO_CHECKS;
  const start = now();
  let lastReport = start;
  let firstStepMs = 0;
  const report = async (step: number) => {
    losses.push(...(await trainer.takeLosses()));
    // Steps per second after the first step, which compiles the kernels.
    const elapsed = (stepClock() - start - firstStepMs) / 1000;
    hooks.onProgress?.({ step, steps: config.steps, loss: losses.length ? losses[losses.length - 1] : null, stepsPerSecond: elapsed > 0 && step > 1 ? (step - 1) / elapsed : 0 });
  };
  for (let s = 0; s < config.steps; s++) {
    const batch = sampler.draw();
    const record = s % config.every === 0 || s === config.steps - 1;
    if (config.checkEvery !== null && s % config.checkEvery === 0) {
      // Steps still queued on the GPU are step time: they finish (and their losses are taken) before the check's clock starts.
      losses.push(...(await trainer.takeLosses()));
      const weights = await timedAsCheck(() => trainer.weights());
      const pass = await trainer.inspectStep(batch);
      const check = await timedAsCheck(() => checkStep(s, weights, batch, pass, config.seed));
      if (check.failure) throw check.kind === 'non-finite' ? new NonFiniteStepError(check.failure) : new GradientDriftError(check.failure);
      checks = tallyStep(checks, s, check.checked);
      if (record) {
        // inspectStep records nothing; its pass has this step's loss.
        losses.push(...(await trainer.takeLosses()), pass.loss);
        lossSteps.push(s);
      }
    } else {
      await trainer.step(batch, record);
      if (record) lossSteps.push(s);
    }
    if (s === 0) {
      // The first step compiles the pipelines; make sure it has finished before the clock moves on.
      losses.push(...(await trainer.takeLosses()));
      firstStepMs = stepClock() - start;
    }
    if (hooks.onProgress && now() - lastReport >= (hooks.progressMs ?? 200)) {
      lastReport = now();
      await report(s + 1);
    }
  }
  losses.push(...(await trainer.takeLosses()));
  const stepsMs = stepClock() - start;
  const stepsPerSecond = config.steps > 1 && stepsMs > firstStepMs ? ((config.steps - 1) * 1000) / (stepsMs - firstStepMs) : null;
  if (hooks.onProgress) hooks.onProgress({ step: config.steps, steps: config.steps, loss: losses.at(-1) ?? null, stepsPerSecond: stepsPerSecond ?? 0 });
  const final = await trainer.evaluate(data);
  return {
    steps: config.steps,
    lossSteps,
    losses,
    final,
    accuracy: accuracyOf(final, data),
    network: await trainer.weights(),
    stepsMs,
    firstStepMs,
    stepsPerSecond,
    checksMs,
    checks,
  };
}
