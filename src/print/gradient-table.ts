/**
 * The gradient check table: every parameter's analytical gradient beside its finite-difference
 * estimate (and, when there is one, the WebGPU float32 value), with the verdict line.
 * The finite-difference verdicts come from reference/fd-check.ts (the rule is stated there).
 */
import type { Network } from '../network/network.js';
import { gradientAt, parameterRefs } from '../network/parameters.js';
import type { Gradients } from '../record/pass-record.js';
import { ROUNDOFF_FACTOR, type FdCheck, type FdRow } from '../reference/fd-check.js';
import { sci2, signed } from './format.js';

/**
 * float32 WebGPU vs float64: f32 carries ~7 significant digits, and a batch gradient is a sum of
 * N float32 products, reduced pairwise (error grows ~log N). 1e-5 absolute plus 1e-4 relative
 * covers that with room, and still catches a wrong index or a missing term.
 */
export const F32_TOLERANCE = { abs: 1e-5, rel: 1e-4 } as const;

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
  readonly match: boolean;
}

export function gpuMatches(analytical: number, delta: number): boolean {
  return delta <= F32_TOLERANCE.abs + F32_TOLERANCE.rel * Math.abs(analytical);
}

/**
 * One row per parameter in the lesson's order (W1 row by row, b1, W2, …): float64 analytical,
 * finite-difference (when `fd` checked that parameter) and (optionally) WebGPU values,
 * |differences| and whether they match (fd-check.ts for finite differences, F32_TOLERANCE for
 * float32 WebGPU).
 */
export function gradientRows(network: Network, cpu: Gradients, fd: FdCheck | null, gpu: Gradients | null = null): TableRow[] {
  return parameterRefs(network).map((ref, i) => {
    const analytical = gradientAt(cpu, ref);
    const fdRow = fd?.rows[i] ?? null;
    const estimate = fdRow?.estimate ?? null;
    const webgpu = gpu ? gradientAt(gpu, ref) : null;
    const gpuDelta = webgpu === null ? null : Math.abs(webgpu - analytical);
    const gpuOk = gpuDelta === null || (gpuMatches(analytical, gpuDelta) && Number.isFinite(webgpu));
    return {
      name: ref.name,
      analytical,
      webgpu,
      fd: estimate,
      fdDelta: estimate === null ? null : Math.abs(estimate - analytical),
      gpuDelta,
      fdRow,
      match: (fdRow?.ok ?? true) && gpuOk,
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

/** The match column: yes, no, kink (straddles ReLU's kink, judged one-sided), n/a (unresolvable), '-' (nothing checked). */
export function matchText(r: TableRow): string {
  if (!r.match) return 'no';
  if (r.fdRow?.status === 'kink') return 'kink';
  if (r.fdRow?.status === 'unresolvable') return 'n/a';
  if (r.fdRow === null && r.webgpu === null) return '-';
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
    const header = `${name('parameter')}${col('analytical', 14)}${col('webgpu', 14)}${col('finite-diff', 14)}${col('|webgpu-f64|', 15)}${col('|fd-f64|', 12)}${col('match', 8)}`;
    lines.push(
      toleranceNote(),
      header,
      '-'.repeat(header.length),
      ...rows.map(
        (r) =>
          `${name(r.name)}${col(six(r.analytical), 14)}${col(num(r.webgpu, six), 14)}${col(num(r.fd, six), 14)}` +
          `${col(num(r.gpuDelta, sci2), 15)}${col(num(r.fdDelta, sci2), 12)}${col(matchText(r), 8)}`,
      ),
    );
  }
  return [...lines, ...fdNotes(rows)];
}

const MAX_NOTES = 8;

/** One line per kink or unresolvable row (up to MAX_NOTES), saying what happened there. */
export function fdNotes(rows: readonly TableRow[]): string[] {
  const special = rows.filter((r) => r.fdRow && (r.fdRow.status === 'kink' || r.fdRow.status === 'unresolvable'));
  const lines = special.slice(0, MAX_NOTES).map((r) => {
    const row = r.fdRow!;
    if (row.status === 'unresolvable') return `  n/a  ${r.name}: finite differences cannot resolve it: ${row.reason}`;
    const one = row.oneSided;
    const judged = one
      ? `${one.side === 'smaller-step' ? `central difference at step ${sci2(one.step)} (below the nearest kink)` : `${one.side} difference`} ${signed(one.estimate, 6)} ${one.matches ? 'matches' : 'does NOT match'} (|delta| ${sci2(Math.abs(one.estimate - row.analytical))}, tolerance ${sci2(one.tolerance)})`
      : 'both sides cross a kink: not judged';
    return `  kink ${r.name}: the step straddles a ReLU kink in ${row.kinkExamples} example${row.kinkExamples === 1 ? '' : 's'}; ${judged}`;
  });
  if (special.length > MAX_NOTES) lines.push(`  … and ${special.length - MAX_NOTES} more kink or n/a rows`);
  return lines;
}

function worst(rows: readonly TableRow[], delta: (r: TableRow) => number): TableRow {
  return rows.reduce((a, b) => (delta(b) > delta(a) ? b : a));
}

/** What finite differences checked, when it was not every parameter (null when it was). */
export function sampleLine(check: FdCheck | null): string | null {
  if (!check || check.sample.mode === 'all') return null;
  const d = check.direction;
  const dir = d
    ? `; whole gradient along one random unit direction (seed ${d.seed}, step ${sci2(d.step)}): g.v ${signed(d.analytical, 9)} vs finite-diff ${signed(d.estimate, 9)}, ` +
      `|delta| ${sci2(Math.abs(d.estimate - d.analytical))}, tolerance ${sci2(d.tolerance)}: ${d.status === 'match' ? 'matches' : d.status === 'kink' ? `kink (crosses a ReLU kink in ${d.kinkExamples} examples)` : d.status === 'unresolvable' ? `n/a (${d.reason})` : 'MISMATCH'}`
    : '';
  const names = check.rows.filter((r) => r !== null).map((r) => r!.ref.name);
  const listed = names.length <= 12 ? names.join(', ') : `${names.slice(0, 12).join(', ')}, … (all in --json fd.sampled)`;
  return `finite differences: ${check.checked} of ${check.total} parameters, a seeded sample (seed ${check.sample.seed}: up to ${check.sample.perTensor} of each W and b: ${listed}; --fd all checks every one)${dir}`;
}

/**
 * One line: how many parameters match, the worst difference and where — the one verdict the CLI
 * and the page both print. `fdSkipped`: finite differences were not run (the page skips them for
 * a big network), so only WebGPU is checked.
 */
export function verdictLine(rows: readonly TableRow[], check: FdCheck | null = null, options: { fdSkipped?: boolean } = {}): string {
  const matching = rows.filter((r) => r.match).length;
  if (options.fdSkipped) {
    if (!hasGpu(rows)) return 'verdict: finite differences skipped and no WebGPU pass: nothing to check the float64 gradients against';
    const worstGpu = worst(rows, (r) => r.gpuDelta ?? 0);
    return `verdict: ${matching} of ${rows.length} parameters match WebGPU (finite differences skipped); worst |webgpu-f64| ${sci2(worstGpu.gpuDelta ?? 0)} at ${worstGpu.name}`;
  }
  const withFd = rows.filter((r) => r.fdDelta !== null);
  const parts = [`verdict: ${matching} of ${rows.length} parameters match`];
  const worstFd = withFd.length > 0 ? worst(withFd, (r) => r.fdDelta!) : null;
  if (hasGpu(rows)) {
    const worstGpu = worst(rows, (r) => r.gpuDelta ?? 0);
    parts.push(`worst |webgpu-f64| ${sci2(worstGpu.gpuDelta ?? 0)} at ${worstGpu.name}`);
    if (worstFd) parts.push(`worst |fd-f64| ${sci2(worstFd.fdDelta!)} at ${worstFd.name}`);
  } else if (worstFd) {
    parts.push(`worst |delta| ${sci2(worstFd.fdDelta!)} at ${worstFd.name}`);
  }
  const count = (status: string) => rows.filter((r) => r.fdRow?.status === status).length;
  if (check && check.sample.mode === 'sample') parts.push(`finite differences on ${check.checked} sampled parameters${check.direction ? ' and one random direction' : ''}`);
  const unjudged = rows.filter((r) => r.fdRow?.status === 'kink' && r.fdRow.oneSided === null).length;
  if (count('kink') > 0) parts.push(`${count('kink')} at a ReLU kink (judged below the kink or one-sided${unjudged > 0 ? `; ${unjudged} could not be judged` : ''})`);
  if (count('unresolvable') > 0) parts.push(`${count('unresolvable')} unresolvable by finite differences`);
  if (check?.direction && !check.direction.ok) parts.push('MISMATCH along the random direction');
  const bad = rows.filter((r) => !r.match);
  if (bad.length > 0) {
    const names = bad.slice(0, 5).map((r) => r.name).join(', ');
    parts.push(`MISMATCH at ${names}${bad.length > 5 ? ` and ${bad.length - 5} more` : ''}`);
  }
  return parts.join('; ');
}

/** Whether the run's gradients all agree: every row, and the random direction when there is one. */
export function allAgree(rows: readonly TableRow[], check: FdCheck | null): boolean {
  return rows.every((r) => r.match) && (check?.direction?.ok ?? true);
}
