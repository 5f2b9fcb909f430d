/**
 * `compare`'s core: their tensors against our float64 PassRecord (and finite differences for dW,
 * db), one TensorComparison per tensor in computation order, rendered as a table and a verdict.
 * Browser-safe; the CLI (src/cli/compare-command.ts) only reads files and prints.
 */
import type { Batch, Network } from '../network/network.js';
import { dimsOf } from '../network/network.js';
import { sci2, significant, whole } from '../print/format.js';
import { F32_TOLERANCE } from '../print/gradient-table.js';
import type { FiniteDiffRecord, PassRecord } from '../record/pass-record.js';
import { compareTensor, type TensorComparison, type Tolerance } from './metrics.js';
import { matchTensors, type RawTensor } from './theirs.js';
import { elementIndex, elementName, finiteDiffTensor, ourTensor, shapeText, tensorOrder, type TensorSpec } from './tensors.js';

export const DEFAULT_TOLERANCE: Tolerance = { atol: F32_TOLERANCE.abs, rtol: F32_TOLERANCE.rel };

export interface ComparisonRow {
  readonly spec: TensorSpec;
  readonly result: TensorComparison;
  /**
   * A square dW that fails but whose transpose matches (within the tolerance): written in x out
   * (JAX/Flax's and TensorFlow's Dense kernel layout), or a kernel that computed aᵀ·dz instead of
   * dzᵀ·a — same shape, so only this tells it from any other wrong gradient. Absent otherwise.
   */
  readonly transposedMatches?: true;
}

/** A rows × rows matrix (flat, row-major) transposed. */
function transposeSquare(values: ArrayLike<number>, rows: number): Float64Array {
  const out = new Float64Array(rows * rows);
  for (let i = 0; i < rows; i++) for (let j = 0; j < rows; j++) out[j * rows + i] = values[i * rows + j];
  return out;
}

/** Whether a failing square dW matches ours once transposed (see ComparisonRow.transposedMatches). */
function matchesTransposed(spec: TensorSpec, values: ArrayLike<number>, ours: ArrayLike<number>, result: TensorComparison, tol: Tolerance): boolean {
  const [rows, cols] = spec.shape;
  if (spec.kind !== 'dW' || rows !== cols || rows < 2 || result.approx) return false;
  return compareTensor(transposeSquare(values, rows), ours, null, tol).approx;
}

/**
 * Compare their tensors (any subset of the pass's, but every dW and db) with ours.
 * @param reference our float64 pass of the same network and batch (it must keep intermediates).
 * @param fd finite-difference estimates in the gradients' shape; NaN where a parameter was not
 *   checked (a sample) or has no estimate — those elements are left out of max|theirs − fd|.
 * @throws InputError when a tensor is unknown, duplicated, missing (dW/db) or of the wrong shape.
 */
export function compareWith(theirs: readonly RawTensor[], network: Network, batch: Batch, reference: PassRecord, fd: FiniteDiffRecord, tol: Tolerance = DEFAULT_TOLERANCE): ComparisonRow[] {
  return matchTensors(theirs, tensorOrder(network, batch.size)).map(({ spec, values }) => {
    const ours = ourTensor(spec, reference);
    const result = compareTensor(values, ours, finiteDiffTensor(spec, fd), tol);
    return matchesTransposed(spec, values, ours, result, tol) ? { spec, result, transposedMatches: true } : { spec, result };
  });
}

/** A value to 9 significant digits with its sign (float32 carries ~7, so differences show). */
const precise = (x: number) => significant(x, 9);

/** The finite-difference cell: over every element, over the sampled ones (k of n), or none sampled. */
function fdCell(r: TensorComparison, spec: TensorSpec): string {
  if (r.maxAbsDiffFd === null) return '-';
  const n = spec.shape[0] * spec.shape[1];
  if (r.fdCovered === 0) return 'not judged';
  return r.fdCovered === n ? sci2(r.maxAbsDiffFd) : `${sci2(r.maxAbsDiffFd)} (${r.fdCovered} of ${n})`;
}

export function renderComparison(rows: readonly ComparisonRow[], tol: Tolerance): string[] {
  const header = ['tensor', 'shape', 'exact', 'approx', 'max|theirs-f64|', 'max ulp(f32)', 'worst at', 'theirs', 'f64', 'max|theirs-fd|'];
  const cells = rows.map(({ spec, result: r }) => [
    spec.name,
    shapeText(spec),
    r.exact ? 'yes' : 'no',
    r.approx ? 'yes' : 'NO',
    sci2(r.maxAbsDiff),
    whole(r.maxUlp),
    spec.rank === 0 ? '-' : elementIndex(spec, r.worst),
    precise(r.theirsAtWorst),
    precise(r.oursAtWorst),
    fdCell(r, spec),
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...cells.map((row) => row[c].length)));
  const line = (row: string[]) => row.map((cell, c) => (c < 2 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ').trimEnd();
  return [
    `exact: every element equal to our float64 value or to its float32 rounding (so a float64 tool that rounds differently says no); approx (the verdict): |theirs-f64| <= ${tol.atol.toExponential()} + ${tol.rtol.toExponential()} * |f64| for every element;`,
    `ulp: float32 units in the last place (every element; near zero the counts are large by nature); worst: the element furthest outside the tolerance (theirs and our float64 there);`,
    `max|theirs-fd|: over the elements finite differences estimated and judged, by the estimate the check judged them by (below a ReLU kink when the nudge crossed one);`,
    `  "(k of n)" when only some were (a sample, or rows that could not be judged), "not judged" when none of the tensor's were (not sampled, or n/a)`,
    line(header),
    '-'.repeat(line(header).length),
    ...cells.map(line),
  ];
}

/** The first failing tensor in computation order, or null when all pass. */
export function firstFailure(rows: readonly ComparisonRow[]): ComparisonRow | null {
  return rows.find((r) => !r.result.approx) ?? null;
}

/** One line: how many tensors pass, the worst ULP distance among elements with |f64| >= atol; or the first failing tensor and its worst element. */
export function comparisonVerdict(rows: readonly ComparisonRow[], tol: Tolerance = DEFAULT_TOLERANCE): string {
  const failing = rows.filter((r) => !r.result.approx);
  const first = failing[0];
  if (!first) {
    // The headline ULP figure leaves out elements below atol: near zero ULP counts explode for
    // correct values (the max ulp column still shows every element).
    const worst = rows.reduce((a, b) => (b.result.maxUlpAboveAtol > a.result.maxUlpAboveAtol ? b : a));
    const floor = `|f64| >= atol ${tol.atol.toExponential()}`;
    const all = `${rows.length} of ${rows.length} tensors match`;
    if (worst.result.maxUlpAboveAtol < 0) return `verdict: ${all}; no element has ${floor}, so no float32 ULP distance is given`;
    return `verdict: ${all}; worst float32 distance ${whole(worst.result.maxUlpAboveAtol)} ulp at ${elementName(worst.spec, worst.result.maxUlpAboveAtolAt)} (over elements with ${floor}; nearer zero ULP counts overstate float32's error)`;
  }
  const r = first.result;
  const at = elementName(first.spec, r.worst);
  const others = failing.slice(1).map((f) => f.spec.name);
  const transposed = failing.filter((f) => f.transposedMatches).map((f) => f.spec.name);
  return (
    `verdict: MISMATCH at ${first.spec.name} (the first failing tensor, in the order the pass computes them): ` +
    `worst at ${at}: theirs ${precise(r.theirsAtWorst)} vs f64 ${precise(r.oursAtWorst)} (|diff| ${sci2(Math.abs(r.theirsAtWorst - r.oursAtWorst))}); ` +
    `${rows.length - failing.length} of ${rows.length} tensors match` +
    (others.length ? `; also failing: ${others.join(', ')}` : '') +
    (transposed.length
      ? `; ${transposed.join(', ')} ${transposed.length === 1 ? 'matches' : 'match'} ours TRANSPOSED: written in x out (JAX/Flax's and TensorFlow's Dense kernel layout; transpose it: dW is out x in, like W and PyTorch's Linear.weight.grad), or a kernel that computed a^T * dz instead of dz^T * a`
      : '')
  );
}

export function comparisonHeading(source: string, network: Network, batch: Batch, h: number): string {
  return `compare ${source} against gradient-trace's float64 pass and central finite differences (h = ${h}): network ${dimsOf(network).join('-')}, batch ${batch.size}`;
}
