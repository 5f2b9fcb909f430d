/**
 * cmp for a whole pass: every intermediate of a WebGPU PassRecord (z, a, p, da, dz of each layer,
 * dW and db, the loss) against the float64 PassRecord of the same network and batch, plus the
 * text table the CLI prints (`--cmp`) and the page shows, and the `--cmp --json` object
 * (schemas/cmp.schema.json).
 *
 * Elements are named by their coordinates, as the trace's float32 warnings name them
 * (tensors.ts's elementName): `dW1[2][0]` (unit 2, input 0), `db1[1]`, `z1[example 3][1]`.
 * The ULP figures leave out elements with |f64| below the absolute tolerance: there float32's
 * steps are tiny, a correct value is millions of ULPs off, and the absolute tolerance judges.
 */
import { sci2, whole } from '../print/format.js';
import type { PassRecord } from '../record/pass-record.js';
import { DEFAULT_TOLERANCE } from './compare.js';
import { compareTensor, type TensorComparison } from './tensor-compare.js';
import { coordinates, elementName, shapeList, shapeText, type TensorSpec } from './tensors.js';

/** One row per tensor, in the order the pass computes them (forward, then backward from the loss). */
export function compareRecords(reference: PassRecord, other: PassRecord): TensorComparison[] {
  const rows: TensorComparison[] = [];
  const L = reference.grads.dW.length;
  const N = reference.batchSize;
  const width = (l: number) => reference.dims[l + 1];
  const act = (name: string, kind: 'z' | 'a' | 'da' | 'dz', l: number): TensorSpec => ({ name, shape: [N, width(l)], rank: 2, kind, layer: l });
  if (reference.layers && other.layers) {
    for (let l = 0; l < L; l++) {
      const n = l + 1;
      rows.push(compareTensor(act(`z${n}`, 'z', l), reference.layers[l].z, other.layers[l].z));
      rows.push(compareTensor(act(l < L - 1 ? `a${n}` : 'p', 'a', l), reference.layers[l].a, other.layers[l].a));
    }
  }
  rows.push(compareTensor({ name: 'L', shape: [1, 1], rank: 0, kind: 'loss', layer: L - 1 }, Float64Array.of(reference.loss), [other.loss]));
  for (let l = L - 1; l >= 0; l--) {
    const n = l + 1;
    if (reference.layers && other.layers) {
      const [ref, oth] = [reference.layers[l], other.layers[l]];
      if (ref.da && oth.da) rows.push(compareTensor(act(`da${n}`, 'da', l), ref.da, oth.da));
      rows.push(compareTensor(act(`dz${n}`, 'dz', l), ref.dz, oth.dz));
    }
    rows.push(compareTensor({ name: `dW${n}`, shape: [width(l), reference.dims[l]], rank: 2, kind: 'dW', layer: l }, reference.grads.dW[l], other.grads.dW[l]));
    rows.push(compareTensor({ name: `db${n}`, shape: [1, width(l)], rank: 1, kind: 'db', layer: l }, reference.grads.db[l], other.grads.db[l]));
  }
  return rows;
}

/** The absolute floor of the ULP figures, as printed: "1e-5". */
const floor = () => DEFAULT_TOLERANCE.atol.toExponential();

/** The element with the largest ULP distance, named by its coordinates; '-' when every element is near zero. */
export function ulpAt(r: TensorComparison): string {
  return r.maxUlpAt < 0 ? '-' : elementName(r.spec, r.maxUlpAt);
}

/** The max ULP cell: a count, "Infinity" for a NaN on one side, '-' when every element is near zero. */
export function ulpCell(r: TensorComparison): string {
  return r.maxUlp < 0 ? '-' : whole(r.maxUlp);
}

/** What the columns mean, in two lines (the CLI prints them above the table). */
export function compareLegend(): string[] {
  return [
    `cmp: every intermediate of the WebGPU (float32) pass against float64; approx = |diff| <= ${floor()} + ${DEFAULT_TOLERANCE.rtol.toExponential()}·|f64|, exact = equal to the float64 value or its float32 rounding`,
    `max ULP: float32 steps between the two, over elements with |f64| >= ${floor()}, at the element named; near 0: elements below that, left out (ULP counts there mean nothing; the absolute tolerance judges them)`,
  ];
}

/** The CLI's cmp table: tensor, shape, exact, approx, max |diff|, max ULP, near 0, at. */
export function renderCompareTable(rows: readonly TensorComparison[]): string[] {
  const header = `${'tensor'.padEnd(8)}${'shape'.padEnd(8)}${'exact'.padStart(6)}${'approx'.padStart(8)}${'max |diff|'.padStart(12)}${'max ULP'.padStart(12)}${'near 0'.padStart(8)}  at`;
  return [
    header,
    '-'.repeat(header.length),
    ...rows.map(
      (r) =>
        `${r.name.padEnd(8)}${shapeText(r.spec).padEnd(8)}${(r.exact ? 'yes' : 'no').padStart(6)}${(r.approx ? 'yes' : 'no').padStart(8)}` +
        `${sci2(r.maxAbsDiff).padStart(12)}${ulpCell(r).padStart(12)}${String(r.nearZero).padStart(8)}  ${ulpAt(r)}`,
    ),
  ];
}

/** The tensor with the largest ULP distance over the elements past the floor; null when there is none. */
function worstByUlp(rows: readonly TensorComparison[]): TensorComparison | null {
  const counted = rows.filter((r) => r.maxUlp >= 0);
  return counted.length === 0 ? null : counted.reduce((a, b) => (b.maxUlp > a.maxUlp ? b : a));
}

/**
 * One line: how many tensors are approximately equal (and which are not), and the worst ULP
 * distance with its element, over the elements with |f64| >= atol — saying how many were left out.
 */
export function compareVerdict(rows: readonly TensorComparison[]): string {
  const approx = rows.filter((r) => r.approx).length;
  const exact = rows.filter((r) => r.exact).length;
  const failing = rows.filter((r) => !r.approx).map((r) => r.name);
  const elements = rows.reduce((n, r) => n + r.size, 0);
  const nearZero = rows.reduce((n, r) => n + r.nearZero, 0);
  const head = `cmp: ${approx} of ${rows.length} tensors approximately equal (${exact} exact)${failing.length > 0 ? `; NOT approx: ${failing.join(', ')}` : ''}`;
  const worst = worstByUlp(rows);
  if (worst === null) return `${head}; no element has |f64| >= ${floor()}, so no ULP distance is given (all ${elements} are nearer zero, where the absolute tolerance judges)`;
  const left = nearZero === 0 ? `over all ${elements} elements, none nearer zero than ${floor()}` : `over elements with |f64| >= ${floor()}; ${nearZero} of ${elements} nearer zero left out, where ULP counts mean nothing`;
  return `${head}; worst ${whole(worst.maxUlp)} ULP at ${ulpAt(worst)} (${left})`;
}

export interface CmpUlp {
  readonly ulp: number;
  /** The element, named as the table names it: `dW1[2][0]`, `z1[example 3][1]`. */
  readonly at: string;
  readonly index: number[];
}

/** `--cmp --json` (schemas/cmp.schema.json). Non-finite numbers are written as strings by the CLI's toJson. */
export interface CmpReport {
  readonly adapter: string;
  readonly tolerance: { readonly atol: number; readonly rtol: number };
  readonly tensors: {
    readonly name: string;
    readonly shape: number[];
    readonly size: number;
    readonly exact: number;
    readonly approx: number;
    readonly maxAbsDiff: number;
    readonly maxUlp: CmpUlp | null;
    readonly nearZero: number;
    readonly verdict: 'exact' | 'approx' | 'mismatch';
  }[];
  readonly verdict: 'approx' | 'mismatch';
  readonly approxTensors: number;
  readonly exactTensors: number;
  readonly failing: string[];
  readonly worstUlp: (CmpUlp & { readonly tensor: string }) | null;
  readonly nearZero: number;
}

const ulpOf = (r: TensorComparison): CmpUlp | null => (r.maxUlpAt < 0 ? null : { ulp: r.maxUlp, at: elementName(r.spec, r.maxUlpAt), index: coordinates(r.spec, r.maxUlpAt) });

/** The same comparison as the table and the verdict line, as one object. */
export function compareReport(rows: readonly TensorComparison[], adapter: string): CmpReport {
  const worst = worstByUlp(rows);
  return {
    adapter,
    tolerance: { atol: DEFAULT_TOLERANCE.atol, rtol: DEFAULT_TOLERANCE.rtol },
    tensors: rows.map((r) => ({
      name: r.name,
      shape: shapeList(r.spec),
      size: r.size,
      exact: r.exactCount,
      approx: r.approxCount,
      maxAbsDiff: r.maxAbsDiff,
      maxUlp: ulpOf(r),
      nearZero: r.nearZero,
      verdict: r.exact ? 'exact' : r.approx ? 'approx' : 'mismatch',
    })),
    verdict: rows.every((r) => r.approx) ? 'approx' : 'mismatch',
    approxTensors: rows.filter((r) => r.approx).length,
    exactTensors: rows.filter((r) => r.exact).length,
    failing: rows.filter((r) => !r.approx).map((r) => r.name),
    worstUlp: worst === null ? null : { tensor: worst.name, ...ulpOf(worst)! },
    nearZero: rows.reduce((n, r) => n + r.nearZero, 0),
  };
}
