/**
 * The gradient check table: every parameter's analytical gradient beside its finite-difference
 * estimate (and, when there is one, the WebGPU float32 value), with the verdict line.
 */
import type { Network } from '../network/network.js';
import { gradientAt, parameterRefs } from '../network/parameters.js';
import type { Gradients } from '../record/pass-record.js';
import { sci2, signed } from './format.js';

/** float64 analytical vs float64 finite differences: the lesson's "match to 6 decimal places". */
export const FD_TOLERANCE = 1e-6;
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
  readonly fd: number;
  /** |fd − f64| */
  readonly fdDelta: number;
  /** |webgpu − f64|, null without a WebGPU pass. */
  readonly gpuDelta: number | null;
  readonly match: boolean;
}

export function fdMatches(analytical: number, delta: number): boolean {
  return delta <= FD_TOLERANCE * Math.max(1, Math.abs(analytical));
}

export function gpuMatches(analytical: number, delta: number): boolean {
  return delta <= F32_TOLERANCE.abs + F32_TOLERANCE.rel * Math.abs(analytical);
}

export function gradientRows(network: Network, cpu: Gradients, fd: Gradients, gpu: Gradients | null = null): TableRow[] {
  return parameterRefs(network).map((ref) => {
    const analytical = gradientAt(cpu, ref);
    const estimate = gradientAt(fd, ref);
    const webgpu = gpu ? gradientAt(gpu, ref) : null;
    const fdDelta = Math.abs(estimate - analytical);
    const gpuDelta = webgpu === null ? null : Math.abs(webgpu - analytical);
    return {
      name: ref.name,
      analytical,
      webgpu,
      fd: estimate,
      fdDelta,
      gpuDelta,
      match: fdMatches(analytical, fdDelta) && (gpuDelta === null || gpuMatches(analytical, gpuDelta)),
    };
  });
}

/** The two tolerances, stated once for the CLI and the page. */
export function toleranceNote(): string {
  return `webgpu is float32: it matches when |webgpu-f64| <= ${F32_TOLERANCE.abs.toExponential()} + ${F32_TOLERANCE.rel.toExponential()} * |f64|; finite-diff matches when |fd-f64| <= ${FD_TOLERANCE.toExponential()}`;
}

const hasGpu = (rows: readonly TableRow[]) => rows.some((r) => r.webgpu !== null);

/** The lesson's table, or with a WebGPU column when the rows have one. */
export function renderGradientTable(rows: readonly TableRow[]): string[] {
  // The lesson's column widths; a longer name (a deep or wide network) widens the first column.
  const nameWidth = Math.max(14, ...rows.map((r) => r.name.length + 2));
  const name = (text: string) => text.padEnd(nameWidth);
  const col = (text: string, width: number) => text.padStart(width);
  if (!hasGpu(rows)) {
    const header = `${name('parameter')}${col('analytical', 16)}${col('finite-diff', 16)}${col('|delta|', 16)}${col('match', 10)}`;
    return [
      header,
      '-'.repeat(header.length),
      ...rows.map(
        (r) => `${name(r.name)}${col(signed(r.analytical, 6), 16)}${col(signed(r.fd, 6), 16)}${col(sci2(r.fdDelta), 16)}${col(r.match ? 'yes' : 'no', 10)}`,
      ),
    ];
  }
  const header = `${name('parameter')}${col('analytical', 14)}${col('webgpu', 14)}${col('finite-diff', 14)}${col('|webgpu-f64|', 15)}${col('|fd-f64|', 12)}${col('match', 8)}`;
  return [
    toleranceNote(),
    header,
    '-'.repeat(header.length),
    ...rows.map(
      (r) =>
        `${name(r.name)}${col(signed(r.analytical, 6), 14)}${col(r.webgpu === null ? '-' : signed(r.webgpu, 6), 14)}${col(signed(r.fd, 6), 14)}` +
        `${col(r.gpuDelta === null ? '-' : sci2(r.gpuDelta), 15)}${col(sci2(r.fdDelta), 12)}${col(r.match ? 'yes' : 'no', 8)}`,
    ),
  ];
}

function worst(rows: readonly TableRow[], delta: (r: TableRow) => number): TableRow {
  return rows.reduce((a, b) => (delta(b) > delta(a) ? b : a));
}

/**
 * One line: how many parameters match, the worst difference and where — the one verdict the CLI
 * and the page both print. `fdSkipped`: finite differences were not run (the page skips them for
 * a big network), so the rows' fd columns are placeholders and only WebGPU is checked.
 */
export function verdictLine(rows: readonly TableRow[], options: { fdSkipped?: boolean } = {}): string {
  const matching = rows.filter((r) => r.match).length;
  if (options.fdSkipped) {
    if (!hasGpu(rows)) return 'verdict: finite differences skipped and no WebGPU pass: nothing to check the float64 gradients against';
    const worstGpu = worst(rows, (r) => r.gpuDelta ?? 0);
    return `verdict: ${matching} of ${rows.length} parameters match WebGPU (finite differences skipped); worst |webgpu-f64| ${sci2(worstGpu.gpuDelta ?? 0)} at ${worstGpu.name}`;
  }
  const worstFd = worst(rows, (r) => r.fdDelta);
  const parts = [`verdict: ${matching} of ${rows.length} parameters match`];
  if (hasGpu(rows)) {
    const worstGpu = worst(rows, (r) => r.gpuDelta ?? 0);
    parts.push(`worst |webgpu-f64| ${sci2(worstGpu.gpuDelta ?? 0)} at ${worstGpu.name}`);
    parts.push(`worst |fd-f64| ${sci2(worstFd.fdDelta)} at ${worstFd.name}`);
  } else {
    parts.push(`worst |delta| ${sci2(worstFd.fdDelta)} at ${worstFd.name}`);
  }
  const bad = rows.filter((r) => !r.match);
  if (bad.length > 0) {
    const names = bad.slice(0, 5).map((r) => r.name).join(', ');
    parts.push(`MISMATCH at ${names}${bad.length > 5 ? ` and ${bad.length - 5} more` : ''}`);
  }
  return parts.join('; ');
}
