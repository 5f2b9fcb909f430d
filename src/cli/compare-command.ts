/**
 * `gradient-trace compare THEIRS [--network FILE] [--h H] [--atol A] [--rtol R]`: someone else's
 * gradients (JSON per schemas/gradients.schema.json, or a .npz) against our float64 pass and
 * finite differences, tensor by tensor. Exit 0 all match, 1 a tensor fails (the verdict names the
 * first, in computation order, and its worst element), 2 malformed input or flags.
 */
import { comparisonHeading, comparisonVerdict, compareWith, DEFAULT_TOLERANCE, firstFailure, renderComparison } from '../compare/compare.js';
import { tensorsFromJson, tensorsFromNpz, type RawTensor } from '../compare/theirs.js';
import { InputError } from '../errors.js';
import { DEFAULT_MAX_BYTES, readBoundedFile } from '../io/bounded-read.js';
import { isZip, readNpz } from '../npz/npz.js';
import { dimsOf, type Network } from '../network/network.js';
import { float64Pass } from '../reference/float64-pass.js';
import { checkGradients, estimatesOf, judgedEstimate, type FdCheck } from '../reference/fd-check.js';
import { DEFAULT_H } from '../reference/finite-diff.js';
import { sampleLine } from '../print/gradient-table.js';
import { progressBar } from './progress.js';
import { ACTIVATION_HELP, fdFlag, hFlag, maxBytesFlag, numberFlag, parseFlags, shown, type FlagTable } from './args.js';
import { loadInput } from './load-input.js';
import { escapeText, quoteIfNeeded } from '../text/quote.js';
import { refuseDuplicateKey } from '../network/network-file.js';
import type { Io } from './main.js';

export const COMPARE_USAGE = `usage: gradient-trace compare THEIRS [--network FILE] [--activation A[,A…]] [--h H] [--fd auto|all] [--atol A] [--rtol R] [--max-bytes N]

Compares gradients (and any intermediates) that another tool computed for a network with
gradient-trace's float64 pass and central finite differences, tensor by tensor: exact, approx,
max |theirs - f64|, max float32 ULP distance, and the worst element.

  THEIRS           JSON: {"grads": {"W1": dL/dW1 (out x in), "b1": …}, "intermediates": [{"z", "a",
                   "dadz", "da", "dz"} per layer, each N x width], "loss"} (schemas/gradients.schema.json),
                   or a .npz with arrays dW1, db1, …, z1, a1, dadz1, da1, dz1, …, loss
  --network FILE   the network and batch they ran (JSON or .npz, as for gradient-trace --network);
                   default: the lesson's 2 -> 3 -> 2 network with input [0.5, 0.8], target class 0
${ACTIVATION_HELP}
  --h H            finite-difference step (default ${DEFAULT_H}), scaled per parameter: h * max(1, |theta|)
  --fd F           auto: finite differences for every parameter of a small network, else a seeded
                   sample (the max|theirs-fd| column then says how many elements it covers) plus a
                   random-direction check of our float64 gradient (default); all: every parameter
  --atol A         absolute tolerance (default ${DEFAULT_TOLERANCE.atol})
  --rtol R         relative tolerance (default ${DEFAULT_TOLERANCE.rtol}); a value passes when
                   |theirs - f64| <= atol + rtol * |f64|
  --max-bytes N    refuse files larger than N bytes (default ${DEFAULT_MAX_BYTES})

exit status: 0 every tensor matches, 1 a tensor does not (the first is named), 2 bad input or flags`;

const FLAGS: FlagTable = {
  network: { type: 'string' },
  activation: { type: 'string' },
  h: { type: 'string' },
  fd: { type: 'string' },
  atol: { type: 'string' },
  rtol: { type: 'string' },
  'max-bytes': { type: 'string' },
  help: { type: 'boolean' },
};

function positiveNumber(name: string, text: string | undefined, fallback: number, allowZero: boolean): number {
  if (text === undefined) return fallback;
  const value = numberFlag(name, text);
  if (!Number.isFinite(value) || value < 0 || (!allowZero && value === 0)) {
    throw new InputError(`--${name} must be a finite number ${allowZero ? '>= 0' : '> 0'}, got ${shown(text)}`);
  }
  return value;
}

function readTheirs(path: string, maxBytes: number, layers: number): RawTensor[] {
  const bytes = readBoundedFile(path, maxBytes, 'file');
  const where = quoteIfNeeded(path);
  try {
    if (isZip(bytes)) return tensorsFromNpz(readNpz(bytes, where));
    const text = new TextDecoder().decode(bytes); // drops a leading UTF-8 BOM, as load-input's does
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch (err) {
      throw new InputError(`not valid JSON: ${escapeText((err as Error).message.split('\n')[0].slice(0, 160))}`);
    }
    refuseDuplicateKey(text);
    return tensorsFromJson(doc, layers);
  } catch (err) {
    if (err instanceof InputError && !err.message.startsWith(where)) throw new InputError(`${where}: ${err.message}`);
    throw err;
  }
}

/**
 * The estimate each checked parameter was judged by (fd-check.ts's judgedEstimate): the central
 * difference; where the nudge crossed a ReLU kink, the smaller-step or one-sided one (the central one
 * straddles the kink); where smaller steps refuted the central one, theirs; NaN where there is none
 * (not sampled, unresolvable, a kink with no clean side).
 */
function judgedEstimates(network: Network, check: FdCheck): { dW: Float64Array[]; db: Float64Array[] } {
  const estimates = estimatesOf(network, check);
  for (const row of check.rows) {
    if (row === null) continue;
    (row.ref.kind === 'W' ? estimates.dW : estimates.db)[row.ref.layer][row.ref.index] = judgedEstimate(row)?.estimate ?? NaN;
  }
  return estimates;
}

export async function compareCommand(argv: readonly string[], io: Io): Promise<number> {
  let parsed: ReturnType<typeof parseFlags>;
  try {
    parsed = parseFlags(argv, FLAGS, { positionals: true });
  } catch (err) {
    throw err instanceof InputError ? new InputError(`compare: ${err.message}`) : err;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(`${COMPARE_USAGE}\n`);
    return 0;
  }
  if (positionals.length !== 1) {
    throw new InputError(positionals.length === 0 ? 'compare needs a file of gradients (see compare --help)' : `compare takes one file of gradients (got ${positionals.length})`);
  }
  const h = hFlag(values.h as string | undefined);
  const tol = {
    atol: positiveNumber('atol', values.atol as string | undefined, DEFAULT_TOLERANCE.atol, true),
    rtol: positiveNumber('rtol', values.rtol as string | undefined, DEFAULT_TOLERANCE.rtol, true),
  };
  const maxBytes = maxBytesFlag(values['max-bytes'] as string | undefined);
  const fd = fdFlag(values.fd as string | undefined);
  const [path] = positionals;
  const networkPath = (values.network as string | undefined) ?? null;
  const { network, batch } = loadInput(networkPath, maxBytes, (values.activation as string | undefined) ?? null);
  // A shape that does not fit the default network most often means --network was forgotten.
  const hint = networkPath === null ? ` (no --network given: comparing against the lesson's ${dimsOf(network).join('-')} network)` : '';
  let theirs: RawTensor[];
  try {
    theirs = readTheirs(path, maxBytes, network.layers.length);
  } catch (err) {
    if (err instanceof InputError && err.message.includes(': the network has no ')) throw new InputError(`${err.message}${hint}`);
    throw err;
  }
  const reference = float64Pass(network, batch);
  // The main command's check (sampled past its budget), so a wide network finishes here too.
  const progress = progressBar(io);
  const check = checkGradients(network, batch, reference, { h, mode: fd, onProgress: progress.onProgress });
  progress.clear();
  let rows;
  try {
    rows = compareWith(theirs, network, batch, reference, { h, grads: judgedEstimates(network, check) }, tol);
  } catch (err) {
    if (err instanceof InputError) throw new InputError(`${quoteIfNeeded(path)}: ${err.message}${hint}`);
    throw err;
  }
  const out = [comparisonHeading(quoteIfNeeded(path), network, batch, h), ...renderComparison(rows, tol)];
  if (!rows.some((r) => ['z', 'a', 'da', 'dadz', 'dz'].includes(r.spec.kind))) out.push('(no intermediates given: only the loss and parameter gradients were compared)');
  const sampled = sampleLine(check);
  out.push('', ...(sampled ? [sampled] : []), comparisonVerdict(rows, tol));
  io.stdout(`${out.join('\n')}\n`);
  return firstFailure(rows) ? 1 : 0;
}
