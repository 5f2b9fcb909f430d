/**
 * The CLI's views past the lesson (issue 11): --cmp [--json] (every intermediate, WebGPU vs float64),
 * --h-sweep PARAM [--plot FILE.svg] (finite-difference error against h), and --break NAME (a
 * classic backprop bug, and which rows finite differences catch). Each returns the exit status.
 */
import { breakRowsText } from '../break/break-text.js';
import { runBroken } from '../break/break-run.js';
import type { BugName } from '../break/bugs.js';
import { compareAgrees, compareLegend, compareNotes, compareRecords, compareReport, compareVerdict, renderCompareTable } from '../compare/record-compare.js';
import { InputError } from '../errors.js';
import { findParam, hSweep } from '../hsweep/h-sweep.js';
import { renderSweepSvg, renderSweepTable } from '../hsweep/sweep-report.js';
import { gradientAt } from '../network/parameters.js';
import { float64Pass } from '../reference/float64-pass.js';
import { float32Passes } from '../reference/float32-inputs.js';
import { float32RangeWarnings } from '../record/float32-range.js';
import { toJson } from '../report/json-text.js';
import { writeOutputFiles } from '../io/write-whole.js';
import { quoteIfNeeded } from '../text/quote.js';
import { judged } from '../reference/fd-check.js';
import type { CliOptions } from './args.js';
import type { LoadedInput } from './load-input.js';
import { acquireForView } from './gpu-run.js';
import { progressBar } from './progress.js';

export interface ViewIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Whether stderr is a terminal (--break draws the finite differences' progress bar there). */
  readonly stderrIsTty?: boolean;
}

function oneLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0];
}

/** Runs the view the options ask for; null when they ask for none (the ordinary report follows). */
export async function runView(options: CliOptions, input: LoadedInput, io: ViewIo): Promise<number | null> {
  const { views } = options;
  const chosen = [views.cmp, views.hSweep !== null, views.breakName !== null].filter(Boolean).length;
  if (chosen === 0) return null;
  if (chosen > 1) throw new InputError('--cmp, --h-sweep and --break are separate views: give one at a time');
  if (views.cmp) return cmp(options, input, io);
  if (views.hSweep !== null) return sweep(options, input, views.hSweep, views.plot, io);
  return broken(options, input, views.breakName as BugName, io);
}

/** The adapter (--verbose shows what its driver wrote) and the engine module, loaded on demand. */
async function gpuFor(options: CliOptions, io: ViewIo) {
  const handle = await acquireForView(options.verbose, io);
  const { WebGpuEngine } = await import('../gpu/engine.js');
  return { handle, WebGpuEngine };
}

async function cmp(options: CliOptions, { network, batch }: LoadedInput, io: ViewIo): Promise<number> {
  if (options.backend === 'cpu') throw new InputError('--cmp compares WebGPU with float64: it cannot run with --backend cpu');
  let gpu;
  try {
    const { handle, WebGpuEngine } = await gpuFor(options, io);
    const engine = WebGpuEngine.create(handle);
    try {
      gpu = { record: await engine.run(network, batch, { path: 'per-op', intermediates: true }), adapter: handle.adapter.summary };
    } finally {
      engine.dispose();
      handle.destroy();
    }
  } catch (err) {
    throw new Error(`--cmp needs WebGPU: ${oneLine(err)}`);
  }
  // A tensor that is not approx is judged as the gradient table's rows are: f32-input, f32-range, f32-cond or a mismatch.
  const reference = float64Pass(network, batch);
  // float32's range, as the main report warns of it: the lines above the table, and `warnings` in --json.
  const warnings = float32RangeWarnings(network, batch, reference).map((w) => w.message);
  const float32 = float32Passes(network, batch);
  const rows = compareRecords(reference, gpu.record, float32, warnings.length > 0);
  if (options.json) io.stdout(`${toJson(compareReport(rows, gpu.adapter, warnings))}\n`);
  else {
    const warned = warnings.length > 0 ? ['', ...warnings.map((w) => `warning: ${w}`), ''] : [];
    io.stdout([`webgpu adapter: ${gpu.adapter}`, ...warned, ...compareLegend(), '', ...renderCompareTable(rows), ...compareNotes(rows, float32.skipped), '', compareVerdict(rows), ''].join('\n'));
  }
  return compareAgrees(rows) ? 0 : 1;
}

async function sweep(options: CliOptions, { network, batch }: LoadedInput, name: string, plot: string | null, io: ViewIo): Promise<number> {
  const ref = findParam(network, name);
  const analytical = gradientAt(float64Pass(network, batch).grads, ref);
  let float32: { fd: readonly number[]; source: string } | undefined;
  let note: string | null = null;
  if (options.backend !== 'cpu') {
    try {
      const handle = await acquireForView(options.verbose, io);
      const { nudgedFiniteDifferences } = await import('../gpu/sweep/nudged-losses.js');
      try {
        float32 = { fd: await nudgedFiniteDifferences(handle.device, network, batch, ref), source: `WebGPU, one dispatch of nudged copies on ${handle.adapter.summary}` };
      } finally {
        handle.destroy();
      }
    } catch (err) {
      if (options.backend !== null) throw new Error(`WebGPU: ${oneLine(err)}`);
      note = `WebGPU not run (${oneLine(err)}): the float32 curve is float32 arithmetic on the CPU`;
    }
  }
  const result = hSweep(network, batch, ref, analytical, float32);
  const lines = renderSweepTable(result);
  if (note) lines.push('', note);
  // The path was checked before the sweep (main.ts); a write that fails now (a full disk) fails the
  // run (exit 1), as train's does, and the table is still printed.
  let failure: string | null = null;
  if (plot !== null) {
    try {
      writeOutputFiles([{ flag: 'plot', path: plot, text: renderSweepSvg(result) }]);
      lines.push('', `plot written to ${quoteIfNeeded(plot)}`);
    } catch (err) {
      failure = oneLine(err);
    }
  }
  io.stdout(`${lines.join('\n')}\n`);
  if (failure !== null) io.stderr(`gradient-trace: ${failure}\n`);
  return failure === null ? 0 : 1;
}

async function broken(options: CliOptions, { network, batch }: LoadedInput, name: BugName, io: ViewIo): Promise<number> {
  let gpuGrads = null;
  let adapter: string | null = null;
  let note: string | null = null;
  if (options.backend !== 'cpu') {
    try {
      const { handle, WebGpuEngine } = await gpuFor(options, io);
      const engine = WebGpuEngine.create(handle);
      try {
        gpuGrads = (await engine.run(network, batch, { path: 'per-op', intermediates: false, bug: name })).grads;
        adapter = handle.adapter.summary;
      } finally {
        engine.dispose();
        handle.destroy();
      }
    } catch (err) {
      if (options.backend !== null) throw new Error(`WebGPU: ${oneLine(err)}`);
      note = `WebGPU not run: ${oneLine(err)}`;
    }
  }
  const progress = progressBar(io);
  const result = runBroken(network, batch, name, gpuGrads, options.h, progress.onProgress);
  progress.clear();
  const out: string[] = [];
  if (adapter) out.push(`webgpu adapter: ${adapter}`, '');
  out.push(...breakRowsText(result, { full: options.full }));
  if (note) out.push('', note);
  io.stdout(`${out.join('\n')}\n`);
  // Fail closed, as the report's NOTHING CHECKED does: rows no finite difference could judge neither
  // catch the bug nor clear it, so a run that judged none vouches for nothing.
  const judgedAny = result.rows.some((r) => r.fdRow !== null && judged(r.fdRow));
  return result.caught.length > 0 || !judgedAny ? 1 : 0;
}
