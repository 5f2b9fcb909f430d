/**
 * The gradient check table: every parameter's analytical gradient beside its finite-difference
 * estimate (and, when there is one, the WebGPU float32 value), with the verdict line.
 * The finite-difference verdicts come from reference/fd-check.ts (the rule is stated there).
 */
import type { Network } from '../network/network.js';
import { gradientAt, parameterRefs, type ParamRef } from '../network/parameters.js';
import type { Gradients } from '../record/pass-record.js';
import { judged, judgedEstimate, ROUNDOFF_FACTOR, type FdCheck, type FdRow } from '../reference/fd-check.js';
import { sci2, signed } from './format.js';

/**
 * float32 WebGPU vs float64: f32 carries ~7 significant digits, and a batch gradient is a sum of
 * N float32 products, reduced pairwise (error grows ~log N). 1e-5 absolute plus 1e-4 relative
 * covers that with room, and still catches a wrong index or a missing term.
 */
export const F32_TOLERANCE = { abs: 1e-5, rel: 1e-4 } as const;

/**
 * How a row's WebGPU value compares: 'match' within F32_TOLERANCE of float64; 'f32-input' not, but
 * within it of a float64 pass on the float32-rounded inputs and weights (float32-inputs.ts: not a
 * kernel error); 'f32-range' not finite where float32 cannot hold the pass's values (float32-range.ts
 * warned; not judged); 'f32-cond' not, but float32 arithmetic alone moves this gradient further than
 * the tolerance and the value is within its reach (float32-conditioning.ts: ill-conditioned in
 * float32; not judged); 'n/a' the float64 value itself is not finite (nothing to compare with);
 * 'mismatch'; 'none' without a WebGPU pass.
 */
export type GpuVerdict = 'match' | 'f32-input' | 'f32-range' | 'f32-cond' | 'n/a' | 'mismatch' | 'none';

export interface TableRow {
  readonly name: string;
  readonly analytical: number;
  readonly webgpu: number | null;
  /** The central finite-difference estimate; null when the parameter was not checked or none could be formed. */
  readonly fd: number | null;
  /** |fd − f64|, null without an estimate. */
  readonly fdDelta: number | null;
  /** |webgpu − f64|, null without a WebGPU pass. */
  readonly gpuDelta: number | null;
  /** The finite-difference verdict (fd-check.ts), null when the parameter was not checked. */
  readonly fdRow: FdRow | null;
  readonly gpu: GpuVerdict;
  /** An f32-cond row's spread: how far float32 arithmetic alone moves this gradient (float32-conditioning.ts). */
  readonly f32Spread?: number;
  /** A mismatch the float32 conditioning test was not run on (Float32Context.f32CondSkipped says why). */
  readonly f32Untested?: string;
  /** No disagreement found (false: a mismatch). An unchecked or n/a row is not a mismatch. */
  readonly match: boolean;
  /** Something judged this row: finite differences (not n/a) or a WebGPU comparison. Verdicts count only checked rows as matching. */
  readonly checked: boolean;
}

export function gpuMatches(analytical: number, delta: number): boolean {
  return delta <= F32_TOLERANCE.abs + F32_TOLERANCE.rel * Math.abs(analytical);
}

/** What WebGPU's float32 value could not be judged against beyond the float64 pass. */
export interface Float32Context {
  /** Gradients of float64-pass on the float32-rounded inputs and weights (float32-inputs.ts), or null. */
  readonly f32Input?: { readonly grads: Gradients } | null;
  /** float32-range.ts warned that float32 cannot hold some of this pass's values. */
  readonly float32Range?: boolean;
  /**
   * The float32 conditioning test (float32-conditioning.ts), asked only of a row that would otherwise
   * be a mismatch: the spread float32 arithmetic alone gives this gradient when the row is f32-cond
   * (past the tolerance, and `webgpu` within its reach), else null.
   */
  readonly f32Cond?: ((ref: ParamRef, analytical: number, webgpu: number) => number | null) | null;
  /** Why the float32 conditioning test was not run (past its budget, float32-conditioning.ts), when it was not. */
  readonly f32CondSkipped?: string;
}

function gpuVerdict(analytical: number, webgpu: number | null, ref: ParamRef, context: Float32Context): { verdict: GpuVerdict; spread?: number; untested?: string } {
  if (webgpu === null) return { verdict: 'none' };
  if (!Number.isFinite(analytical)) return { verdict: 'n/a' };
  if (Number.isFinite(webgpu) && gpuMatches(analytical, Math.abs(webgpu - analytical))) return { verdict: 'match' };
  const rounded = context.f32Input ? gradientAt(context.f32Input.grads, ref) : NaN;
  if (Number.isFinite(webgpu) && Number.isFinite(rounded) && gpuMatches(rounded, Math.abs(webgpu - rounded))) return { verdict: 'f32-input' };
  if (!Number.isFinite(webgpu) && context.float32Range) return { verdict: 'f32-range' };
  if (context.f32CondSkipped) return { verdict: 'mismatch', untested: context.f32CondSkipped };
  const spread = context.f32Cond?.(ref, analytical, webgpu) ?? null;
  return spread === null ? { verdict: 'mismatch' } : { verdict: 'f32-cond', spread };
}

/**
 * One row per parameter in the lesson's order (W1 row by row, b1, W2, …): float64 analytical,
 * finite-difference (when `fd` checked that parameter) and (optionally) WebGPU values,
 * |differences| and whether they match (fd-check.ts for finite differences, F32_TOLERANCE for
 * float32 WebGPU, with `context` telling float32 rounding and range apart from kernel errors).
 */
export function gradientRows(network: Network, cpu: Gradients, fd: FdCheck | null, gpu: Gradients | null = null, context: Float32Context = {}): TableRow[] {
  return parameterRefs(network).map((ref, i) => {
    const analytical = gradientAt(cpu, ref);
    const fdRow = fd?.rows[i] ?? null;
    const estimate = fdRow?.estimate ?? null;
    const webgpu = gpu ? gradientAt(gpu, ref) : null;
    const gpuDelta = webgpu === null ? null : Math.abs(webgpu - analytical);
    const { verdict, spread, untested } = gpuVerdict(analytical, webgpu, ref, context);
    return {
      name: ref.name,
      analytical,
      webgpu,
      fd: estimate,
      fdDelta: estimate === null ? null : Math.abs(estimate - analytical),
      gpuDelta,
      fdRow,
      gpu: verdict,
      ...(spread === undefined ? {} : { f32Spread: spread }),
      ...(untested === undefined ? {} : { f32Untested: untested }),
      match: (fdRow?.ok ?? true) && verdict !== 'mismatch',
      checked: (fdRow !== null && judged(fdRow)) || verdict === 'match' || verdict === 'f32-input' || verdict === 'mismatch',
    };
  });
}

/** The two tolerances, stated once for the CLI and the page. */
export function toleranceNote(): string {
  return (
    `webgpu is float32: it matches when |webgpu-f64| <= ${F32_TOLERANCE.abs.toExponential()} + ${F32_TOLERANCE.rel.toExponential()} * |f64|; ` +
    `finite-diff (step s = h*max(1,|theta|)) matches when |fd-f64| <= truncation (~s^2) + round-off (${ROUNDOFF_FACTOR}*eps*|L|/s)`
  );
}

const hasGpu = (rows: readonly TableRow[]) => rows.some((r) => r.webgpu !== null);

/**
 * The match column: yes, no, kink (straddles ReLU's kink, judged below it or one-sided), f32-input
 * (WebGPU matches float64 on the float32-rounded inputs), f32-cond (ill-conditioned in float32: WebGPU
 * not judged), n/a (could not be judged), '-' (nothing checked).
 */
export function matchText(r: TableRow): string {
  if (!r.match) return 'no';
  if (r.gpu === 'f32-input' || r.gpu === 'f32-cond') return r.gpu;
  if (r.gpu === 'f32-range' || r.gpu === 'n/a') return 'n/a';
  if (r.fdRow?.status === 'kink') return 'kink';
  if (r.fdRow?.status === 'unresolvable') return 'n/a';
  if (!Number.isFinite(r.analytical)) return 'n/a';
  if (!r.checked) return '-';
  return 'yes';
}

/** A column cell: right-aligned, and always at least one space from the cell before it. */
const col = (text: string, width: number) => ` ${text}`.padStart(width);
const num = (x: number | null, format: (x: number) => string) => (x === null ? '-' : format(x));

/** The lesson's table, or with a WebGPU column when the rows have one. */
export function renderGradientTable(rows: readonly TableRow[]): string[] {
  // The lesson's column widths; a longer name (a deep or wide network) widens the first column.
  const nameWidth = Math.max(14, ...rows.map((r) => r.name.length + 2));
  const name = (text: string) => text.padEnd(nameWidth);
  const six = (x: number) => signed(x, 6);
  const lines: string[] = [];
  if (!hasGpu(rows)) {
    const header = `${name('parameter')}${col('analytical', 16)}${col('finite-diff', 16)}${col('|delta|', 16)}${col('match', 10)}`;
    lines.push(
      header,
      '-'.repeat(header.length),
      ...rows.map((r) => `${name(r.name)}${col(six(r.analytical), 16)}${col(num(r.fd, six), 16)}${col(num(r.fdDelta, sci2), 16)}${col(matchText(r), 10)}`),
    );
  } else {
    const matchWidth = Math.max(8, ...rows.map((r) => matchText(r).length + 1));
    const header = `${name('parameter')}${col('analytical', 14)}${col('webgpu', 14)}${col('finite-diff', 14)}${col('|webgpu-f64|', 15)}${col('|fd-f64|', 12)}${col('match', matchWidth)}`;
    lines.push(
      toleranceNote(),
      header,
      '-'.repeat(header.length),
      ...rows.map(
        (r) =>
          `${name(r.name)}${col(six(r.analytical), 14)}${col(num(r.webgpu, six), 14)}${col(num(r.fd, six), 14)}` +
          `${col(num(r.gpuDelta, sci2), 15)}${col(num(r.fdDelta, sci2), 12)}${col(matchText(r), matchWidth)}`,
      ),
    );
  }
  return [...lines, ...fdNotes(rows), ...(hasGpu(rows) ? gpuNotes(rows) : [])];
}

const MAX_NOTES = 8;

/** One line per kink, unresolvable or smaller-step row (up to MAX_NOTES), saying what happened there. */
export function fdNotes(rows: readonly TableRow[]): string[] {
  const special = rows.filter((r) => r.fdRow && (r.fdRow.status === 'kink' || r.fdRow.status === 'unresolvable' || r.fdRow.smallerStep));
  const lines = special.slice(0, MAX_NOTES).map((r) => {
    const row = r.fdRow!;
    if (row.status === 'unresolvable') return `  n/a  ${r.name}: finite differences cannot resolve it: ${row.reason}`;
    const smaller = row.smallerStep;
    if (smaller) {
      const how = `${signed(smaller.estimate, 6)} ${smaller.matches ? 'matches' : 'does NOT match'} (|delta| ${sci2(Math.abs(smaller.estimate - row.analytical))}, tolerance ${sci2(smaller.tolerance)})`;
      return `  ${row.ok ? 'yes' : 'no '}  ${r.name}: smaller steps refute the estimate at step ${sci2(row.step)} (the loss is not smooth at that scale); the central difference at step ${sci2(smaller.step)} ${how}`;
    }
    const one = row.oneSided!;
    const how = `${one.side === 'smaller-step' ? `central difference at step ${sci2(one.step)} (below the nearest kink)` : `${one.side} difference`} ${signed(one.estimate, 6)} ${one.matches ? 'matches' : 'does NOT match'} (|delta| ${sci2(Math.abs(one.estimate - row.analytical))}, tolerance ${sci2(one.tolerance)})`;
    return `  kink ${r.name}: the step straddles a ReLU kink in ${row.kinkExamples} example${row.kinkExamples === 1 ? '' : 's'}; ${how}`;
  });
  if (special.length > MAX_NOTES) lines.push(`  … and ${special.length - MAX_NOTES} more kink, n/a or smaller-step rows`);
  return lines;
}

/** The rows with this WebGPU verdict, named: up to five, then how many more. */
function namesOf(rows: readonly TableRow[], verdict: GpuVerdict): string {
  const names = rows.filter((r) => r.gpu === verdict).map((r) => r.name);
  return names.length <= 5 ? names.join(', ') : `${names.slice(0, 5).join(', ')} and ${names.length - 5} more`;
}

/**
 * What the f32-cond rows mean, naming them, and the mismatches the float32 conditioning test was not
 * run on (past its budget): the table's notes, and warnings in --json. [] when there are none.
 */
export function f32CondNotes(rows: readonly TableRow[]): string[] {
  const lines: string[] = [];
  const cond = rows.filter((r) => r.gpu === 'f32-cond');
  if (cond.length > 0) {
    const widest = worst(cond, (r) => r.f32Spread ?? 0);
    lines.push(
      `f32-cond  ${namesOf(rows, 'f32-cond')}: ill-conditioned in float32: float32 arithmetic alone, its roundings drawn at random, moves this gradient past the tolerance (by up to ${sci2(widest.f32Spread ?? Infinity)}, at ${widest.name}), so WebGPU's value cannot be judged against float64; not judged`,
    );
  }
  const untested = rows.find((r) => r.gpu === 'mismatch' && r.f32Untested);
  if (untested) lines.push(`mismatch  ${untested.f32Untested}`);
  return lines;
}

/** What the WebGPU column's f32-input, f32-cond and n/a rows mean: one line each kind, naming the rows. */
export function gpuNotes(rows: readonly TableRow[]): string[] {
  const named = (verdict: GpuVerdict) => namesOf(rows, verdict);
  const lines: string[] = [];
  if (rows.some((r) => r.gpu === 'f32-input')) {
    lines.push(
      `  f32-input  ${named('f32-input')}: float32 rounding of the inputs/weights changes this gradient (e.g. a ReLU gate flips); WebGPU matches a float64 pass on the float32-rounded inputs and weights: not a kernel error`,
    );
  }
  lines.push(...f32CondNotes(rows).map((line) => `  ${line}`));
  if (rows.some((r) => r.gpu === 'f32-range')) {
    lines.push(`  n/a  ${named('f32-range')}: WebGPU's value is not finite because float32 cannot hold this pass's values (see the warning above); not judged`);
  }
  if (rows.some((r) => r.gpu === 'n/a')) lines.push(`  n/a  ${named('n/a')}: the float64 gradient is not finite: nothing to compare WebGPU with`);
  return lines;
}

/**
 * |fd − f64| by the estimate the check judged the row by: for a kink row, the one below the kink
 * (or one-sided), not the central one across it (the table's |fd-f64| column), which straddles the
 * kink and may be far off a correct gradient; for a row judged at a smaller step, that step's;
 * null for a row finite differences did not judge. What "worst |fd-f64|" ranks, so a run that
 * passes never cites a straddling or refuted estimate as its worst.
 */
export function judgedFdDelta(r: TableRow): number | null {
  const judgedBy = r.fdRow === null ? null : judgedEstimate(r.fdRow);
  return judgedBy === null ? null : Math.abs(judgedBy.estimate - r.analytical);
}

/** A NaN |webgpu-f64| (a kernel's NaN where float64 is finite) ranks as the worst. */
const gpuRank = (r: TableRow) => (Number.isNaN(r.gpuDelta) ? Infinity : (r.gpuDelta ?? 0));

function worst(rows: readonly TableRow[], delta: (r: TableRow) => number): TableRow {
  return rows.reduce((a, b) => (delta(b) > delta(a) ? b : a));
}

/** What finite differences checked, when it was not every parameter (null when it was). */
export function sampleLine(check: FdCheck | null): string | null {
  if (!check || check.sample.mode === 'all') return null;
  const d = check.direction;
  const smaller = d?.smallerStep;
  const dir = d
    ? `; whole gradient along one random unit direction (seed ${d.seed}, step ${sci2(d.step)}): g.v ${signed(d.analytical, 9)} vs finite-diff ${signed(d.estimate, 9)}, ` +
      `|delta| ${sci2(Math.abs(d.estimate - d.analytical))}, tolerance ${sci2(d.tolerance)}: ` +
      (smaller
        ? `smaller steps refute this estimate (the loss is not smooth at that scale); at step ${sci2(smaller.step)} finite-diff ${signed(smaller.estimate, 9)}, |delta| ${sci2(Math.abs(smaller.estimate - d.analytical))}, tolerance ${sci2(smaller.tolerance)}: ${d.ok ? 'matches' : 'MISMATCH'}`
        : d.status === 'match' ? 'matches' : d.status === 'kink' ? `matches (judged at this step, below the nearest ReLU kink along it; the default step crossed one in ${d.kinkExamples} examples)` : d.status === 'unresolvable' ? `n/a, not judged (${d.reason})` : 'MISMATCH')
    : '';
  const names = check.rows.filter((r) => r !== null).map((r) => r!.ref.name);
  const listed = names.length <= 12 ? names.join(', ') : `${names.slice(0, 12).join(', ')}, … (all in --json fd.sampled)`;
  return `finite differences: ${check.checked} of ${check.total} parameters, a seeded sample (seed ${check.sample.seed}: up to ${check.sample.perTensor} of each W and b: ${listed}; --fd all checks every one)${dir}`;
}

/**
 * One line: how many parameters match, the worst difference and where — the one verdict the CLI
 * and the page both print. Only checked rows count as matching: when some rows could not be judged
 * (n/a) or were not sampled it says "k of j checked parameters match" and how many were left out;
 * when every row was checked and matched, "n of n parameters match" (the lesson's line).
 * `fdSkipped`: finite differences were not run (the page skips them for a big network), so only
 * WebGPU is checked.
 */
export function verdictLine(rows: readonly TableRow[], check: FdCheck | null = null, options: { fdSkipped?: boolean } = {}): string {
  const checked = rows.filter((r) => r.checked);
  const matching = checked.filter((r) => r.match).length;
  // n/a: something ran on the row but could not judge it; not sampled: nothing ran on it.
  const na = rows.filter((r) => !r.checked && (r.fdRow !== null || r.gpu !== 'none' || !Number.isFinite(r.analytical))).length;
  const unsampled = rows.length - checked.length - na;
  // Of the n/a rows, those whose WebGPU value is ill-conditioned in float32 are named as such.
  const cond = rows.filter((r) => !r.checked && r.gpu === 'f32-cond').length;
  const plainNa = na - cond;
  const against = options.fdSkipped ? ' WebGPU' : '';
  let head: string;
  if (checked.length === rows.length) head = `verdict: ${matching} of ${rows.length} parameters match${against}`;
  else if (checked.length === 0) head = `verdict: NOTHING CHECKED: none of the ${rows.length} parameters could be judged${against} (${[cond > 0 ? `${cond} f32-cond` : '', plainNa > 0 ? `${plainNa} n/a` : '', unsampled > 0 ? `${unsampled} not checked` : ''].filter(Boolean).join(', ')}): no mismatch found, and no agreement shown either`;
  else head = `verdict: ${matching} of ${checked.length} checked parameters match${against} (of all ${rows.length}: ${[cond > 0 ? `${cond} could not be judged (f32-cond)` : '', plainNa > 0 ? `${plainNa} could not be judged (n/a)` : '', unsampled > 0 ? `${unsampled} not sampled` : ''].filter(Boolean).join(', ')})`;
  if (options.fdSkipped) {
    if (!hasGpu(rows)) return 'verdict: finite differences skipped and no WebGPU pass: nothing to check the float64 gradients against';
    const compared = rows.filter((r) => r.gpu === 'match' || r.gpu === 'mismatch' || r.gpu === 'f32-input');
    if (compared.length === 0) return `${head} (finite differences skipped)`;
    const worstGpu = worst(compared, gpuRank);
    return `${head} (finite differences skipped); worst |webgpu-f64| ${sci2(worstGpu.gpuDelta!)} at ${worstGpu.name}`;
  }
  // The worst differences among rows that were judged (an n/a row's difference means nothing),
  // each by the estimate it was judged by (a kink row's one below the kink).
  const withFd = rows.filter((r) => judgedFdDelta(r) !== null);
  const parts = [head];
  const worstFd = withFd.length > 0 ? worst(withFd, (r) => judgedFdDelta(r)!) : null;
  if (hasGpu(rows)) {
    const compared = rows.filter((r) => r.gpu === 'match' || r.gpu === 'mismatch' || r.gpu === 'f32-input');
    const worstGpu = compared.length > 0 ? worst(compared, gpuRank) : null;
    if (worstGpu) parts.push(`worst |webgpu-f64| ${sci2(worstGpu.gpuDelta!)} at ${worstGpu.name}`);
    if (worstFd) parts.push(`worst |fd-f64| ${sci2(judgedFdDelta(worstFd)!)} at ${worstFd.name}`);
  } else if (worstFd) {
    parts.push(`worst |delta| ${sci2(judgedFdDelta(worstFd)!)} at ${worstFd.name}`);
  }
  const count = (status: string) => rows.filter((r) => r.fdRow?.status === status).length;
  if (check && check.sample.mode === 'sample') parts.push(`finite differences on ${check.checked} sampled parameters${check.direction ? ' and one random direction' : ''}`);
  if (count('kink') > 0) parts.push(`${count('kink')} at a ReLU kink (judged below the kink or one-sided)`);
  if (count('unresolvable') > 0 && hasGpu(rows)) parts.push(`${count('unresolvable')} unresolvable by finite differences`);
  const f32 = rows.filter((r) => r.gpu === 'f32-input').length;
  if (f32 > 0) parts.push(`${f32} f32-input (float32 rounding of the inputs/weights, not a kernel error)`);
  const f32Cond = rows.filter((r) => r.gpu === 'f32-cond').length;
  if (f32Cond > 0) parts.push(`${f32Cond} f32-cond (ill-conditioned in float32: WebGPU not judged)`);
  if (check?.direction?.status === 'unresolvable') parts.push('the random direction could not be judged (n/a)');
  if (check?.direction && !check.direction.ok) parts.push('MISMATCH along the random direction');
  const bad = rows.filter((r) => !r.match);
  if (bad.length > 0) {
    const names = bad.slice(0, 5).map((r) => r.name).join(', ');
    parts.push(`MISMATCH at ${names}${bad.length > 5 ? ` and ${bad.length - 5} more` : ''}`);
  }
  return parts.join('; ');
}

/**
 * The exit status's rule: no mismatch anywhere (every row, and the random direction when there is
 * one). Rows that could not be judged (n/a) or were not sampled are not mismatches; the verdict
 * line says how many there were.
 */
export function allAgree(rows: readonly TableRow[], check: FdCheck | null): boolean {
  // Fail closed: a run in which no row could be judged ("NOTHING CHECKED") vouches for nothing,
  // so it does not pass (a gate built on the exit status must not turn green on NaN gradients).
  return rows.some((r) => r.checked) && rows.every((r) => r.match) && (check?.direction?.ok ?? true);
}
