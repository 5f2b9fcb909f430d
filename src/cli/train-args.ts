/**
 * `gradient-trace train`'s flags, parsed by the same rules as every command's (parseFlags in
 * args.ts) and checked into one typed value. Every refusal is an InputError: one line naming the
 * flag and what was given, quoted and escaped (the CLI prints it and exits 2).
 */
import { InputError } from '../errors.js';
import { sameOutputFile } from '../io/write-whole.js';
import { quote, quoteIfNeeded } from '../text/quote.js';
import { ACTIVATION_NAMES, isActivationName, type ActivationName } from '../ops/activations.js';
import { DATASET_NAMES, isDatasetName, type DatasetName } from '../train/datasets.js';
import { decimalValue, maxBytesFlag, outputFilesHelp, parseFlags, plotFlag, shown, type FlagTable } from './args.js';

export interface TrainOptions {
  /** A built-in data set, or null when --network gives the network and its batch. */
  readonly data: DatasetName | null;
  readonly network: string | null;
  readonly hidden: readonly number[];
  /** The hidden activation of a network built for --data. */
  readonly activation: ActivationName;
  /** --activation as typed with --network (one name, or one per hidden layer: the main command's
   *  rules, checked once the file's depth is known), or null when not given. */
  readonly networkActivation: string | null;
  readonly steps: number;
  readonly lr: number;
  readonly momentum: number;
  /** --lr and --momentum as typed (null: not given), to echo in a refusal. */
  readonly typed: { readonly lr: string | null; readonly momentum: string | null };
  /** Examples per step; null: the whole data set. */
  readonly batch: number | null;
  readonly seed: number;
  /** null: webgpu when an adapter exists, else cpu with a note. */
  readonly backend: 'cpu' | 'webgpu' | null;
  readonly path: 'fused' | 'per-op';
  readonly out: string | null;
  readonly plot: string | null;
  readonly json: boolean;
  readonly every: number;
  readonly checkEvery: number | null;
  /** Largest network file read, in bytes (--max-bytes, as the main command). */
  readonly maxBytes: number;
  readonly help: boolean;
}

export const TRAIN_DEFAULTS = { data: 'xor', hidden: [8], activation: 'tanh', steps: 1000, lr: 0.1, seed: 1 } as const;
/** Loss points a run records by default: --every defaults to ceil(steps / this). */
export const DEFAULT_LOSS_POINTS = 200;

export const TRAIN_USAGE = `usage: gradient-trace train [--data NAME | --network FILE] [--hidden 8,8] [--activation A] [--steps N]
                            [--lr LR] [--momentum M] [--batch N] [--seed S] [--backend cpu|webgpu]
                            [--path fused|per-op] [--every K] [--check-every K] [--out FILE] [--plot FILE.svg] [--json]

Trains a network by gradient descent (softmax + cross-entropy, batch-mean loss) on the GPU or on the
CPU in float64, and reports the loss as it falls and the training accuracy.

  --data NAME        ${DATASET_NAMES.join(', ')} (default ${TRAIN_DEFAULTS.data}); seeded with --seed
  --network FILE     start from this network file's weights and train on its batch (no --hidden)
  --hidden W,W,...   hidden layer widths (default ${TRAIN_DEFAULTS.hidden.join(',')}); 'none' for no hidden layer
  --activation A     hidden activation: ${ACTIVATION_NAMES.join(', ')} (default ${TRAIN_DEFAULTS.activation}); with --network,
                     A[,A...] as the main command takes it: replaces the file's (how a .npz gets one;
                     default: the file's "activation" key, else relu)
  --steps N          gradient steps (default ${TRAIN_DEFAULTS.steps})
  --lr LR            learning rate (default ${TRAIN_DEFAULTS.lr})
  --momentum M       heavy-ball momentum in [0, 1) (default 0: plain SGD)
  --batch N          examples per step, drawn with the seed (default: the whole data set)
  --seed S           seeds the data set, the initial weights and the minibatches (default ${TRAIN_DEFAULTS.seed})
  --backend B        webgpu: float32 on the GPU, weights kept there; cpu: the float64 reference
                     (default: webgpu when an adapter exists, else cpu with a note)
  --path P           the WebGPU pass: fused (default) or per-op; refused with --backend cpu
  --every K          record the loss every K steps (default: ceil(steps / ${DEFAULT_LOSS_POINTS}))
  --check-every K    every K steps, check that step's gradients against float64 and finite differences;
                     exit 1 naming the parameter if they drift past the tolerance, or naming the step
                     and the value if weights, loss or gradients are not finite (a diverged run, or
                     float32 overflow on the GPU: reported as that, not as drift); rows finite
                     differences cannot judge (n/a) pass nothing: the report says how many were
                     judged, and when no checked step could judge anything, NOTHING CHECKED, exit 1.
                     The step times and steps/s leave the checks' time out (it is reported apart)
  --out FILE         write the trained network (with its data as the batch) as a network file
  --plot FILE.svg    write the loss curve as an SVG
  --json             print one JSON object and nothing else: the loss curve (loss, lossSteps), finalLoss,
                     accuracy, the run's settings, checks, and the times (stepsPerSecond, firstStepMs,
                     checksMs, as in the text report)
  --max-bytes N      refuse network files larger than N bytes (as the main command)
  -h, --help         show this help

exit status: 0 trained, 1 a checked step failed (drift or non-finite values), no checked step could judge
  anything (NOTHING CHECKED), the run diverged (non-finite weights), a GPU failure, or --out or --plot could
  not be written after the run; 2 bad input or flags (the paths of --out and --plot included). A run that
  exits 1 writes neither --out nor --plot

${outputFilesHelp('--out, --plot')}`;

const FLAGS: FlagTable = {
  data: { type: 'string' },
  network: { type: 'string' },
  hidden: { type: 'string' },
  activation: { type: 'string' },
  steps: { type: 'string' },
  lr: { type: 'string' },
  momentum: { type: 'string' },
  batch: { type: 'string' },
  seed: { type: 'string' },
  backend: { type: 'string' },
  path: { type: 'string' },
  every: { type: 'string' },
  'check-every': { type: 'string' },
  out: { type: 'string' },
  plot: { type: 'string' },
  'max-bytes': { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean' },
};

const MAX_STEPS = 100_000_000;
const MAX_WIDTH = 4096;

function wholeNumber(name: string, text: string, min: number, max: number): number {
  const value = decimalValue(text);
  if (!Number.isInteger(value) || value < min || value > max) throw new InputError(`--${name} must be a whole number from ${min} to ${max}, got ${shown(text)}`);
  return value;
}

function hiddenWidths(text: string): number[] {
  if (text === 'none') return [];
  return text.split(',').map((part) => {
    const value = /^\d+$/.test(part.trim()) ? Number(part) : NaN;
    if (!Number.isInteger(value) || value < 1 || value > MAX_WIDTH) {
      throw new InputError(`--hidden must be widths from 1 to ${MAX_WIDTH} separated by commas, or none, got ${quote(text)}`);
    }
    return value;
  });
}

export function parseTrainArgs(argv: readonly string[]): TrainOptions {
  let values: ReturnType<typeof parseFlags>['values'];
  try {
    ({ values } = parseFlags(argv, FLAGS));
  } catch (err) {
    // As `compare` does: a flag error names the command whose --help to see.
    throw err instanceof InputError ? new InputError(`train: ${err.message}`) : err;
  }
  const text = (name: string) => values[name] as string | undefined;
  const network = text('network') ?? null;
  if (network !== null && text('data') !== undefined) throw new InputError('--data and --network cannot both be given (the network file brings its own batch)');
  if (network !== null && text('hidden') !== undefined) throw new InputError('--hidden cannot be used with --network (the network file fixes the layers)');
  const dataName = text('data') ?? TRAIN_DEFAULTS.data;
  if (!isDatasetName(dataName)) throw new InputError(`--data must be one of ${DATASET_NAMES.join(', ')}, got ${quote(dataName)}`);
  // With --network the text goes to the network file's rules (overrideActivations), as in the main command.
  const activation = network === null ? (text('activation') ?? TRAIN_DEFAULTS.activation) : TRAIN_DEFAULTS.activation;
  if (!isActivationName(activation)) throw new InputError(`--activation must be one of ${ACTIVATION_NAMES.join(', ')}, got ${quote(activation)}`);
  const steps = text('steps') === undefined ? TRAIN_DEFAULTS.steps : wholeNumber('steps', text('steps')!, 1, MAX_STEPS);
  const positive = (name: 'lr', fallback: number) => {
    const raw = text(name);
    if (raw === undefined) return fallback;
    const value = decimalValue(raw);
    if (!Number.isFinite(value) || value <= 0) throw new InputError(`--${name} must be a finite number > 0, got ${shown(raw)}`);
    return value;
  };
  const lr = positive('lr', TRAIN_DEFAULTS.lr);
  const momentumText = text('momentum');
  const momentum = momentumText === undefined ? 0 : decimalValue(momentumText);
  if (!(momentum >= 0 && momentum < 1)) throw new InputError(`--momentum must be a number from 0 up to (not including) 1, got ${shown(momentumText ?? '')}`);
  const backend = text('backend') ?? null;
  if (backend !== null && backend !== 'cpu' && backend !== 'webgpu') throw new InputError(`--backend must be cpu or webgpu, got ${quote(backend)}`);
  const path = text('path') ?? 'fused';
  if (path !== 'fused' && path !== 'per-op') throw new InputError(`--path must be fused or per-op, got ${quote(path)}`);
  // The float64 reference has one path: a --path there would be ignored, so it is refused.
  if (backend === 'cpu' && text('path') !== undefined) throw new InputError(`--path ${path} picks the WebGPU pass and cannot be used with --backend cpu (the float64 reference has one path)`);
  const every = text('every') === undefined ? Math.max(1, Math.ceil(steps / DEFAULT_LOSS_POINTS)) : wholeNumber('every', text('every')!, 1, MAX_STEPS);
  const out = text('out') ?? null;
  const plotText = text('plot');
  // One file for both (one path, or through a symlink) would leave only the plot: the network is what a user cannot recreate.
  if (out !== null && plotText !== undefined && sameOutputFile(out, plotText)) throw new InputError(`--out and --plot name the same file ${quoteIfNeeded(out)}; give them different paths`);
  const plot = plotFlag(plotText);
  return {
    data: network === null ? dataName : null,
    network,
    hidden: text('hidden') === undefined ? TRAIN_DEFAULTS.hidden : hiddenWidths(text('hidden')!),
    activation,
    networkActivation: network === null ? null : (text('activation') ?? null),
    steps,
    lr,
    momentum,
    typed: { lr: text('lr') ?? null, momentum: momentumText ?? null },
    batch: text('batch') === undefined ? null : wholeNumber('batch', text('batch')!, 1, 2 ** 31 - 1),
    seed: text('seed') === undefined ? TRAIN_DEFAULTS.seed : wholeNumber('seed', text('seed')!, 0, 2 ** 32 - 1),
    backend,
    path,
    out,
    plot,
    json: values.json === true,
    every,
    checkEvery: text('check-every') === undefined ? null : wholeNumber('check-every', text('check-every')!, 1, MAX_STEPS),
    maxBytes: maxBytesFlag(text('max-bytes')),
    help: values.help === true,
  };
}
