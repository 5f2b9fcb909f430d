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
import type { Float32Passes } from '../reference/float32-inputs.js';
import { DEFAULT_TOLERANCE } from './compare.js';
import { compareTensor, type TensorComparison } from './tensor-compare.js';
import { coordinates, elementName, shapeList, shapeText, type TensorSpec } from './tensors.js';

/**
 * One row per tensor, in the order the pass computes them (forward, then backward from the loss).
 * `float32`: the float32 passes (float32-inputs.ts's float32Passes), asked only for a tensor that is
 * not approx, to tell f32-input (float32 rounding of the inputs/weights), f32-range (not finite where
 * float32 cannot hold the pass's values: `float32Range`, float32-range.ts warned) and f32-cond
 * (ill-conditioned in float32) from a mismatch, as the gradient table does.
 */
export function compareRecords(reference: PassRecord, other: PassRecord, float32?: Float32Passes, float32Range = false): TensorComparison[] {
  const rows: TensorComparison[] = [];
  const L = reference.grads.dW.length;
  const N = reference.batchSize;
  const width = (l: number) => reference.dims[l + 1];
  const act = (name: string, kind: 'z' | 'a' | 'da' | 'dz', l: number): TensorSpec => ({ name, shape: [N, width(l)], rank: 2, kind, layer: l });
  // `of`: where a record holds the tensor (null: it keeps no intermediates, or none of this kind).
  const push = (spec: TensorSpec, of: (r: PassRecord) => Float64Array | null) => {
    const [ours, theirs] = [of(reference), of(other)];
    if (!ours || !theirs) return;
    const samples = float32?.samples;
    const elements = float32 && {
      f32Input: (k: number) => of(float32.f32Input())?.[k] ?? NaN,
      samples: samples ? (k: number) => samples().map((r) => of(r)?.[k] ?? NaN) : null,
      range: float32Range,
    };
    rows.push(compareTensor(spec, ours, theirs, elements));
  };
  for (let l = 0; l < L; l++) {
    const n = l + 1;
    push(act(`z${n}`, 'z', l), (r) => r.layers?.[l].z ?? null);
    push(act(l < L - 1 ? `a${n}` : 'p', 'a', l), (r) => r.layers?.[l].a ?? null);
  }
  push({ name: 'L', shape: [1, 1], rank: 0, kind: 'loss', layer: L - 1 }, (r) => Float64Array.of(r.loss));
  for (let l = L - 1; l >= 0; l--) {
    const n = l + 1;
    push(act(`da${n}`, 'da', l), (r) => r.layers?.[l].da ?? null);
    push(act(`dz${n}`, 'dz', l), (r) => r.layers?.[l].dz ?? null);
    push({ name: `dW${n}`, shape: [width(l), reference.dims[l]], rank: 2, kind: 'dW', layer: l }, (r) => r.grads.dW[l]);
    push({ name: `db${n}`, shape: [1, width(l)], rank: 1, kind: 'db', layer: l }, (r) => r.grads.db[l]);
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

/**
 * A tensor's verdict: exact, approx, f32-input (not approx, but float32 rounding of the inputs/weights
 * accounts for it: not a kernel error), f32-cond (not approx, ill-conditioned in float32: not judged),
 * f32-range (not approx, not finite where float32 cannot hold the pass's values: not judged) or mismatch.
 */
export function tensorVerdict(r: TensorComparison): 'exact' | 'approx' | 'f32-input' | 'f32-cond' | 'f32-range' | 'mismatch' {
  return r.exact ? 'exact' : r.approx ? 'approx' : r.f32Input ? 'f32-input' : r.f32Cond ? 'f32-cond' : r.f32Range ? 'f32-range' : 'mismatch';
}

/**
 * The approx cell: yes, no, f32-input (judged: not a kernel error), f32-cond (not judged) or n/a
 * (f32-range: not judged; the gradient table's match cell for such a row, matchText).
 */
export function approxText(r: TensorComparison): string {
  return r.approx ? 'yes' : r.f32Input ? 'f32-input' : r.f32Cond ? 'f32-cond' : r.f32Range ? 'n/a' : 'no';
}

/**
 * The exit status's rule, the gradient table's (allAgree) over elements: no tensor mismatches, and
 * at least one element was judged (approx or f32-input; f32-cond and f32-range ones are not) — so a
 * tensor the table's rows would half judge counts for its judged half, as those rows do.
 */
export function compareAgrees(rows: readonly TensorComparison[]): boolean {
  const { failing, judgedElements } = byVerdict(rows);
  return failing.length === 0 && judgedElements > 0;
}

/** The CLI's cmp table: tensor, shape, exact, approx, max |diff|, max ULP, near 0, at. */
export function renderCompareTable(rows: readonly TensorComparison[]): string[] {
  // The approx column widens only when a cell says f32-input or f32-cond.
  const approxWidth = Math.max(8, ...rows.map((r) => approxText(r).length + 2));
  const header = `${'tensor'.padEnd(8)}${'shape'.padEnd(8)}${'exact'.padStart(6)}${'approx'.padStart(approxWidth)}${'max |diff|'.padStart(12)}${'max ULP'.padStart(12)}${'near 0'.padStart(8)}  at`;
  return [
    header,
    '-'.repeat(header.length),
    ...rows.map(
      (r) =>
        `${r.name.padEnd(8)}${shapeText(r.spec).padEnd(8)}${(r.exact ? 'yes' : 'no').padStart(6)}${approxText(r).padStart(approxWidth)}` +
        `${sci2(r.maxAbsDiff).padStart(12)}${ulpCell(r).padStart(12)}${String(r.nearZero).padStart(8)}  ${ulpAt(r)}`,
    ),
  ];
}

/** The tensors of each verdict but approx, by name, and the elements judged: what the notes, the verdict line and the report say. */
function byVerdict(rows: readonly TensorComparison[]) {
  const named = (keep: (r: TensorComparison) => boolean) => rows.filter(keep).map((r) => r.name);
  const failing = named((r) => tensorVerdict(r) === 'mismatch');
  const judgedElements = rows.reduce((n, r) => n + r.judgedCount, 0);
  return {
    failing,
    input: named((r) => r.f32Input),
    cond: named((r) => r.f32Cond),
    range: named((r) => r.f32Range),
    judgedElements,
    /** No tensor mismatches and no element was judged: NOTHING CHECKED. */
    nothing: failing.length === 0 && judgedElements === 0,
  };
}

/**
 * What f32-input and f32-cond tensors mean, in one line each naming them (the gradient table's
 * notes, gpuNotes, in its words), and (`skipped`: float32-conditioning.ts's conditioningSkipped)
 * that mismatching ones were not given the conditioning test: printed under the table.
 */
export function compareNotes(rows: readonly TensorComparison[], skipped: string | null = null): string[] {
  const lines: string[] = [];
  const { input, cond, range, failing } = byVerdict(rows);
  if (input.length > 0) {
    lines.push(
      `  f32-input  ${input.join(', ')}: float32 rounding of the inputs/weights changes these values (e.g. a ReLU gate flips); WebGPU matches a float64 pass on the float32-rounded inputs and weights: not a kernel error`,
    );
  }
  if (cond.length > 0) {
    lines.push(
      `  f32-cond  ${cond.join(', ')}: ill-conditioned in float32: float32 arithmetic alone, its roundings drawn at random, moves the values past the tolerance where these differ, so WebGPU's cannot be judged against float64; not judged`,
    );
  }
  if (range.length > 0) {
    lines.push(`  n/a  ${range.join(', ')}: WebGPU's value is not finite where these differ because float32 cannot hold this pass's values (see the warning above); not judged`);
  }
  if (skipped !== null && failing.length > 0) lines.push(`  mismatch  ${failing.join(', ')}: ${skipped}`);
  return lines;
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
  const { failing, cond, input, range, judgedElements, nothing } = byVerdict(rows);
  const elements = rows.reduce((n, r) => n + r.size, 0);
  const nearZero = rows.reduce((n, r) => n + r.nearZero, 0);
  const explained = input.length > 0 ? `; ${input.length} f32-input (float32 rounding of the inputs/weights, not a kernel error): ${input.join(', ')}` : '';
  const unjudged =
    (cond.length > 0 ? `; ${cond.length} f32-cond (ill-conditioned in float32: not judged): ${cond.join(', ')}` : '') +
    (range.length > 0 ? `; ${range.length} n/a (not finite where float32 cannot hold this pass's values: not judged): ${range.join(', ')}` : '');
  const judgedWhole = rows.length - cond.length - range.length;
  let head: string;
  if (nothing) head = `cmp: NOTHING CHECKED: none of the ${rows.length} tensors could be judged${unjudged}; no mismatch found, and no agreement shown either`;
  // As the table's rows: a tensor not judged whole still has its judged elements, and they count.
  else if (judgedWhole === 0) head = `cmp: no tensor could be judged whole, but ${judgedElements} of ${elements} elements could, and none mismatches${explained}${unjudged}`;
  else head = `cmp: ${approx} of ${judgedWhole}${judgedWhole < rows.length ? ' judged' : ''} tensors approximately equal (${exact} exact)${failing.length > 0 ? `; NOT approx: ${failing.join(', ')}` : ''}${explained}${unjudged}`;
  const worst = worstByUlp(rows);
  if (worst === null) return `${head}; no element has |f64| >= ${floor()}, so no ULP distance is given (all ${elements} are nearer zero, where the absolute tolerance judges)`;
  // The worst leaves out the elements not judged (tensor-compare.ts's judgedMaxUlp): past the tolerance
  // in a tensor that does not mismatch, and not f32-input.
  const notJudged = rows.reduce((n, r) => n + (r.f32Cond || r.f32Range ? r.size - r.judgedCount : 0), 0);
  const kinds = [cond.length > 0 ? 'f32-cond' : '', range.length > 0 ? 'n/a' : ''].filter((k) => k !== '').join(' or ');
  const left =
    notJudged > 0
      ? `over the judged elements${nearZero > 0 ? ` with |f64| >= ${floor()}` : ''}: ${notJudged} of ${elements} not judged (${kinds})${nearZero > 0 ? `, and ${nearZero} nearer zero, where ULP counts mean nothing,` : ','} left out`
      : nearZero === 0
        ? `over all ${elements} elements, none nearer zero than ${floor()}`
        : `over elements with |f64| >= ${floor()}; ${nearZero} of ${elements} nearer zero left out, where ULP counts mean nothing`;
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
    readonly verdict: 'exact' | 'approx' | 'f32-input' | 'f32-cond' | 'f32-range' | 'mismatch';
  }[];
  /** approx: every tensor is; f32-input: none mismatches or is f32-cond or f32-range, some are
   *  f32-input; f32-cond: none mismatches, some are f32-cond (not judged); f32-range: none mismatches
   *  or is f32-cond, some are f32-range (not judged); nothing-checked: no element could be judged;
   *  mismatch: some tensor is neither approx, f32-input, f32-cond nor f32-range. */
  readonly verdict: 'approx' | 'f32-input' | 'f32-cond' | 'f32-range' | 'nothing-checked' | 'mismatch';
  readonly approxTensors: number;
  readonly exactTensors: number;
  /** The tensors that mismatch. */
  readonly failing: string[];
  /** The f32-input tensors; only when there are some. */
  readonly f32Input?: string[];
  /** The f32-cond tensors; only when there are some. */
  readonly f32Cond?: string[];
  /** The f32-range tensors; only when there are some. */
  readonly f32Range?: string[];
  /** float32-range.ts's lines (what float32 cannot hold); only when there are some. */
  readonly warnings?: string[];
  readonly worstUlp: (CmpUlp & { readonly tensor: string }) | null;
  readonly nearZero: number;
}

const ulpOf = (r: TensorComparison): CmpUlp | null => (r.maxUlpAt < 0 ? null : { ulp: r.maxUlp, at: elementName(r.spec, r.maxUlpAt), index: coordinates(r.spec, r.maxUlpAt) });

/** The same comparison as the table and the verdict line, as one object. */
export function compareReport(rows: readonly TensorComparison[], adapter: string, warnings: readonly string[] = []): CmpReport {
  const worst = worstByUlp(rows);
  const { failing, cond, input, range, nothing } = byVerdict(rows);
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
      verdict: tensorVerdict(r),
    })),
    verdict:
      failing.length > 0 ? 'mismatch' : nothing ? 'nothing-checked' : cond.length > 0 ? 'f32-cond' : range.length > 0 ? 'f32-range' : input.length > 0 ? 'f32-input' : 'approx',
    approxTensors: rows.filter((r) => r.approx).length,
    exactTensors: rows.filter((r) => r.exact).length,
    failing,
    ...(input.length > 0 ? { f32Input: input } : {}),
    ...(cond.length > 0 ? { f32Cond: cond } : {}),
    ...(range.length > 0 ? { f32Range: range } : {}),
    ...(warnings.length > 0 ? { warnings: [...warnings] } : {}),
    worstUlp: worst === null ? null : { tensor: worst.name, ...ulpOf(worst)! },
    nearZero: rows.reduce((n, r) => n + r.nearZero, 0),
  };
}
