/**
 * `gradient-trace train`: builds (or loads) a network and a data set, trains it with SGD on WebGPU
 * (weights kept on the GPU) or on the CPU in float64, and reports the loss curve and the training
 * accuracy; optionally writes the trained network file and an SVG of the loss curve.
 * Every flag and input is checked before the first step, and the output files are written whole
 * (to a temporary name, then renamed) after the last, so a refusal or a failure leaves nothing half-written.
 */
import { checkOutputFile, writeOutputFiles, type OutputFile } from '../io/write-whole.js';
import { InputError } from '../errors.js';
import { fixed } from '../print/format.js';
import { escapeText, quote, quoteIfNeeded } from '../text/quote.js';
import type { GpuHandle } from '../gpu/device/gpu-handle.js';
import { dimsOf, hiddenActivations, parameterCount, type Batch, type Network } from '../network/network.js';
import { networkFileJson } from '../network/network-file.js';
import { CpuTrainer } from '../train/cpu-trainer.js';
import { makeDataset } from '../train/datasets.js';
import { float32SgdProblem } from '../train/sgd.js';
import { initNetwork, initRuleFor } from '../train/init.js';
import { lossCurveSvg, lossesNotDrawn, nonFiniteLosses } from '../train/loss-plot.js';
import { checkSummaryLine, nothingJudged } from '../train/step-check.js';
import { runTraining, type TrainResult } from '../train/train-loop.js';
import type { Trainer } from '../train/trainer.js';
import { loadInput } from './load-input.js';
import type { Io } from './output.js';
import { trainProgressBar } from './train-progress.js';
import { parseTrainArgs, TRAIN_USAGE, type TrainOptions } from './train-args.js';
import { shown } from './args.js';

/** Loss rows the text report prints at most (the JSON and the plot have every recorded point). */
const TEXT_LOSS_ROWS = 20;

interface Problem {
  readonly network: Network;
  readonly batch: Batch;
  readonly what: string;
  readonly init: string;
}

function problemOf(options: TrainOptions): Problem {
  if (options.network !== null) {
    // --activation replaces the file's, as in the main command and `compare` (one rule for the flag).
    const { network, batch } = loadInput(options.network, options.maxBytes, options.networkActivation);
    return { network, batch, what: `${options.network} (its batch: ${batch.size} examples)`, init: `the weights in ${options.network}` };
  }
  const data = makeDataset(options.data!, options.seed);
  const dims = [data.batch.inDim, ...options.hidden, data.batch.classes];
  const rule = initRuleFor(options.activation) === 'he' ? 'He uniform' : 'Glorot uniform';
  return { network: initNetwork(dims, options.activation, options.seed), batch: data.batch, what: `${data.name}: ${data.description}`, init: `${rule}, seed ${options.seed}` };
}

async function acquireGpu(): Promise<GpuHandle> {
  if (process.env.GRADIENT_TRACE_WEBGPU === 'off') throw new Error('WebGPU is switched off (GRADIENT_TRACE_WEBGPU=off)');
  const { acquireNodeGpu } = await import('../gpu/device/acquire-node.js');
  return acquireNodeGpu();
}

function oneLine(err: unknown): string {
  return escapeText((err instanceof Error ? err.message : String(err)).split('\n')[0].slice(0, 400));
}

/** Runs `train` with the arguments after the word `train`; returns the exit status. Errors propagate (main maps them). */
export async function runTrain(argv: readonly string[], io: Io): Promise<number> {
  const options = parseTrainArgs(argv);
  if (options.help) {
    io.stdout(`${TRAIN_USAGE}\n`);
    return 0;
  }
  // Before any work: a path that cannot be written is bad input (exit 2), not a lost training run.
  if (options.out !== null) checkOutputFile('out', options.out);
  if (options.plot !== null) checkOutputFile('plot', options.plot);
  const problem = problemOf(options);
  const { network, batch } = problem;
  if (options.batch !== null && options.batch > batch.size) {
    throw new InputError(`--batch ${options.batch} is larger than the data set (${batch.size} examples)`);
  }
  const stepSize = options.batch ?? batch.size;

  let handle: GpuHandle | null = null;
  let note: string | null = null;
  if (options.backend !== 'cpu') {
    try {
      handle = await acquireGpu();
    } catch (err) {
      if (options.backend === 'webgpu') throw new Error(`WebGPU: ${oneLine(err)}`);
      note = `WebGPU not used: ${oneLine(err)}; trained on the CPU in float64`;
    }
  }
  // Refused before anything runs (bad input, exit 2), rather than read later as divergence or as no progress.
  const float32 = handle ? float32SgdProblem({ lr: options.lr, momentum: options.momentum }) : null;
  if (float32 !== null) {
    handle?.destroy();
    const typed = options.typed[float32.flag] ?? String(options[float32.flag]);
    throw new InputError(`--${float32.flag} ${shown(typed)} ${float32.why}; the WebGPU trainer computes in float32: use --backend cpu (float64)`);
  }
  let trainer: Trainer | null = null;
  let result: TrainResult;
  const bar = io.stderrIsTty ? trainProgressBar((text) => io.stderr(text)) : null;
  try {
    const sgd = { lr: options.lr, momentum: options.momentum };
    if (handle) {
      const { GpuTrainer } = await import('../train/gpu-trainer.js');
      trainer = await GpuTrainer.create(handle, network, { ...sgd, batchSize: stepSize, path: options.path });
    } else {
      trainer = new CpuTrainer(network, sgd);
    }
    result = await runTraining(trainer, batch, { steps: options.steps, batchSize: options.batch, seed: options.seed, every: options.every, checkEvery: options.checkEvery }, { onProgress: bar?.update });
  } finally {
    bar?.clear();
    trainer?.dispose();
    handle?.destroy();
  }

  const backend = handle ? 'webgpu' : 'cpu';
  const dims = dimsOf(network);
  const activations = hiddenActivations(network);
  const { stepsPerSecond } = result;
  const title = `${options.data ?? options.network} ${dims.join('-')} ${activations[0] ?? ''} · ${backend} · lr ${options.lr}`;
  // A diverged run's weights (NaN or infinite) make a file no command can load; checks that judged
  // nothing vouch for nothing. Either fails the run (exit 1), and a failed run writes no file.
  const diverged = result.network.layers.some((l) => !l.W.every(Number.isFinite) || !l.b.every(Number.isFinite));
  const unchecked = nothingJudged(result.checks);
  const files = [options.out, options.plot].filter((f) => f !== null).map((f) => quoteIfNeeded(f));
  const notWritten = files.length > 0 ? `${files.join(' and ')} not written; ` : '';
  let failLine = diverged
    ? `training diverged: the weights are no longer finite (final loss ${result.final.loss}); ${notWritten}try a smaller --lr`
    : unchecked
      ? `NOTHING CHECKED: no gradient of the ${result.checks.steps} checked step${result.checks.steps === 1 ? '' : 's'} could be judged, so the check vouches for nothing; ${notWritten.replace(/; $/, '')}`.replace(/; $/, '')
      : null;
  if (failLine === null) {
    const outputs: OutputFile[] = [];
    if (options.out !== null) outputs.push({ flag: 'out', path: options.out, text: networkFileJson(result.network, batch) });
    if (options.plot !== null) outputs.push({ flag: 'plot', path: options.plot, text: lossCurveSvg(result.lossSteps, result.losses, title) });
    // After the work, a failed write (a full disk) fails the run (exit 1) but keeps its report.
    try {
      writeOutputFiles(outputs);
    } catch (err) {
      failLine = oneLine(err);
    }
  }

  if (options.json) {
    const report = {
      steps: result.steps,
      loss: result.losses,
      lossSteps: result.lossSteps,
      every: options.every,
      finalLoss: result.final.loss,
      accuracy: result.accuracy,
      backend,
      adapter: handle?.adapter.summary ?? null,
      path: handle ? options.path : null,
      data: options.data ?? options.network,
      examples: batch.size,
      dims,
      activation: activations,
      seed: options.seed,
      lr: options.lr,
      momentum: options.momentum,
      batch: stepSize,
      checkedSteps: result.checks.steps,
      checks: result.checks,
      stepsPerSecond,
      firstStepMs: result.firstStepMs,
      checksMs: result.checksMs,
    };
    // NaN and ±Infinity (a diverging run) as strings, as the main command writes them: JSON has no such numbers.
    io.stdout(`${JSON.stringify(report, (_key, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v))}\n`);
    if (note) io.stderr(`gradient-trace: ${note}\n`);
    if (failLine) io.stderr(`gradient-trace: ${failLine}\n`);
    return failLine ? 1 : 0;
  }

  const lines: string[] = [
    `data: ${problem.what}`,
    `network: ${dims.join('-')}${activations.length ? `, hidden ${[...new Set(activations)].join('/')}` : ''}, ${parameterCount(network)} parameters, init: ${problem.init}`,
    handle
      ? `backend: webgpu on ${handle.adapter.summary}, ${options.path} pass; float32, weights stay on the GPU`
      : 'backend: cpu, float64',
    `SGD: lr ${options.lr}${options.momentum ? `, momentum ${options.momentum}` : ''}, ${options.batch === null ? `full batch (${batch.size})` : `minibatches of ${stepSize}`}, ${options.steps} steps`,
    '',
    '    step  loss (of the step\'s batch, before its update)',
  ];
  const stride = Math.max(1, Math.ceil(result.losses.length / TEXT_LOSS_ROWS));
  result.losses.forEach((loss, k) => {
    if (k % stride === 0 || k === result.losses.length - 1) lines.push(`${String(result.lossSteps[k]).padStart(8)}  ${fixed(loss, 6)}`);
  });
  // The table shows up to TEXT_LOSS_ROWS of the recorded losses: one that is not finite is named even when its row is not shown.
  const nonFinite = nonFiniteLosses(result.lossSteps, result.losses);
  if (nonFinite !== null) lines.push(`recorded losses: ${nonFinite}; every one is in --json's loss`);
  const right = Math.round(result.accuracy * batch.size);
  lines.push(
    '',
    `after ${result.steps} steps, on the whole data set: loss ${fixed(result.final.loss, 6)}, training accuracy ${(result.accuracy * 100).toFixed(2)}% (${right}/${batch.size})`,
    // The CPU compiles nothing: its first step is timed like the rest.
    `${result.steps} steps in ${(result.stepsMs / 1000).toFixed(2)} s${handle ? ` (the first, which compiles the kernels, ${(result.firstStepMs / 1000).toFixed(2)} s)` : ''}: ${stepsPerSecond === null ? '-' : stepsPerSecond.toFixed(0)} steps/s after ${handle ? 'it' : 'the first'}${
      result.checks.steps > 0 ? `; not counting the gradient checks, which took ${(result.checksMs / 1000).toFixed(2)} s more` : ''
    }`,
  );
  const checked = checkSummaryLine(result.checks);
  if (checked) lines.push(checked);
  if (options.out !== null && failLine === null) lines.push(`wrote the trained network to ${quoteIfNeeded(options.out)}`);
  if (options.plot !== null && failLine === null) {
    const notDrawn = lossesNotDrawn(result.lossSteps, result.losses);
    lines.push(`wrote the loss curve to ${quoteIfNeeded(options.plot)}${notDrawn === null ? '' : ` (not drawn: ${notDrawn})`}`);
  }
  if (note) lines.push('', note);
  io.stdout(`${lines.join('\n')}\n`);
  if (failLine) io.stderr(`gradient-trace: ${failLine}\n`);
  return failLine ? 1 : 0;
}
