/**
 * gradient-trace: the CLI. Parses flags, loads a network, runs the float64 reference, finite
 * differences and (when asked or available) the WebGPU pass, then prints one report.
 * Output is built whole and written once, so a failure never leaves half a report behind.
 */
import { version } from '../../package.json';
import { InputError } from '../errors.js';
import { escapeText } from '../text/quote.js';
import { dimsOf, hiddenActivations, parameterCount, type Network } from '../network/network.js';
import { gradientsToJson } from '../network/parameters.js';
import { allAgree, f32CondNotes, gradientRows, renderGradientTable, sampleLine, verdictLine } from '../print/gradient-table.js';
import { float32Context } from '../reference/float32-inputs.js';
import { FULL_TRACE_LIMIT, summaryLines } from '../print/summary.js';
import { renderTrace, traceSections } from '../print/trace.js';
import { float64Pass } from '../reference/float64-pass.js';
import { checkGradients, estimatesOf, type FdCheck } from '../reference/fd-check.js';
import { float32RangeWarnings } from '../record/float32-range.js';
import type { PassRecord } from '../record/pass-record.js';
import { parseCliArgs, USAGE, type CliOptions } from './args.js';
import { runOnWebGpu, showDriverNoise, WebGpuRunError, type GpuOutcome } from './gpu-run.js';
import { intermediatesToJson } from '../report/intermediates-json.js';
import { toJson } from '../report/json-text.js';
import { compareCommand } from './compare-command.js';
import { loadInput } from './load-input.js';
import { checkOutputFile } from '../io/write-whole.js';
import { runView } from './views.js';
import { processIo, type Io } from './output.js';
import { progressBar } from './progress.js';
import { runTrain } from './train.js';

export type { Io } from './output.js';

/**
 * The passes the CLI runs. Not a flag: tests substitute one (an analytical pass with a perturbed
 * gradient) to prove that the check catches a wrong gradient, end to end.
 */
export interface Passes {
  readonly float64: typeof float64Pass;
  readonly webgpu: typeof runOnWebGpu;
}

const realPasses: Passes = { float64: float64Pass, webgpu: runOnWebGpu };

/** An error as one line: its first line, capped, with any control character escaped (a last guard:
 *  every user-supplied part of a message is already quoted where the message is built). */
function oneLine(err: unknown): string {
  return escapeText((err instanceof Error ? err.message : String(err)).split('\n')[0].slice(0, 400));
}

/** The WebGPU pass, or why it did not run. An explicit --backend webgpu|all turns "why" into an error. */
async function webGpuPass(
  options: CliOptions,
  io: Io,
  input: ReturnType<typeof loadInput>,
  intermediates: boolean,
  passes: Passes,
): Promise<{ gpu: GpuOutcome | null; note: string | null; driverNoise: string }> {
  if (options.backend === 'cpu') return { gpu: null, note: null, driverNoise: '' };
  try {
    const gpu = await passes.webgpu(input.network, input.batch, intermediates);
    return { gpu, note: null, driverNoise: gpu.driverNoise };
  } catch (err) {
    const driverNoise = err instanceof WebGpuRunError ? err.driverNoise : '';
    if (options.backend !== null) {
      if (options.verbose) showDriverNoise(io, driverNoise);
      throw new Error(`WebGPU: ${oneLine(err)}`);
    }
    return { gpu: null, note: `WebGPU not run: ${oneLine(err)}`, driverNoise };
  }
}

async function run(argv: readonly string[], io: Io, passes: Passes): Promise<number> {
  // Subcommands: a first positional word routes to its own command.
  if (argv[0] === 'compare') return compareCommand(argv.slice(1), io);
  if (argv[0] === 'train') return runTrain(argv.slice(1), io);
  const options = parseCliArgs(argv);
  if (options.help) {
    io.stdout(`${USAGE}\n`);
    return 0;
  }
  if (options.version) {
    io.stdout(`gradient-trace ${version}\n`);
    return 0;
  }
  // Before any work, as train does: a --plot path that cannot be written is bad input (exit 2).
  if (options.views.plot !== null) checkOutputFile('plot', options.views.plot);
  const input = loadInput(options.network, options.maxBytes, options.activation);
  const { network, batch } = input;
  if (options.example >= batch.size) {
    throw new InputError(`--example ${options.example} is out of range: the batch has ${batch.size} example${batch.size === 1 ? '' : 's'} (0..${batch.size - 1})`);
  }
  // --cmp, --h-sweep, --break: a view of its own instead of the trace and table.
  const viewed = await runView(options, input, io);
  if (viewed !== null) return viewed;
  const summarise = parameterCount(network) > FULL_TRACE_LIMIT && !options.full;

  const cpu = passes.float64(network, batch);
  const progress = progressBar(io);
  const fd = checkGradients(network, batch, cpu, { h: options.h, mode: options.fd, onProgress: progress.onProgress });
  progress.clear();
  // float32's range, checked before the GPU pass: what WebGPU cannot hold is said, not left as NaN.
  const warnings = options.backend === 'cpu' ? [] : float32RangeWarnings(network, batch, cpu).map((w) => w.message);
  const { gpu, note, driverNoise } = await webGpuPass(options, io, input, options.intermediates || (!summarise && !options.json), passes);
  if (options.verbose) showDriverNoise(io, driverNoise);
  const rows = gradientRows(network, cpu.grads, fd, gpu?.record.grads ?? null, float32Context(network, batch, cpu.grads, gpu?.record.grads ?? null, warnings.length > 0));
  const agree = allAgree(rows, fd);

  if (options.json) {
    const report = {
      dims: dimsOf(network),
      activation: hiddenActivations(network),
      batch: batch.size,
      // ok: ran, every number finite; non-finite: ran, some NaN or infinite values (written as strings); not-run.
      status: {
        cpu: finiteRecord(cpu) ? 'ok' : 'non-finite',
        webgpu: gpu ? (finiteRecord(gpu.record) ? 'ok' : 'non-finite') : 'not-run',
        fd: fd.sample.mode === 'all' ? 'all' : 'sample',
      },
      loss: { cpu: cpu.loss, webgpu: gpu?.record.loss ?? null },
      grads: {
        cpu: gradientsToJson(network, cpu.grads),
        webgpu: gpu ? gradientsToJson(network, gpu.record.grads) : null,
        fd: fdToJson(network, fd),
      },
      fd: fdSummaryJson(fd),
      adapter: gpu?.adapter.summary ?? null,
      adapterReason: gpu?.reason ?? null,
      // The f32-cond rows' note (the table's, under it in text), so the JSON says why they were not judged.
      warnings: [...warnings, ...f32CondNotes(rows), ...(note ? [note] : [])],
      ...(options.intermediates
        ? { intermediates: { cpu: intermediatesToJson(network, cpu), webgpu: gpu ? intermediatesToJson(network, gpu.record) : null } }
        : {}),
    };
    io.stdout(`${toJson(report)}\n`);
    if (note) io.stderr(`gradient-trace: ${note}\n`);
    return agree ? 0 : 1;
  }

  const out: string[] = [];
  if (gpu) out.push(`webgpu adapter: ${gpu.adapter.summary}${gpu.reason ? ` (${gpu.reason})` : ''}`, '');
  if (warnings.length > 0) out.push(...warnings.map((w) => `warning: ${w}`), '');
  if (summarise) {
    out.push(...summaryLines(network, batch.size, { cpu: cpu.loss, webgpu: gpu?.record.loss ?? null }, rows, fd));
  } else {
    const traced = options.backend === 'webgpu' && gpu ? gpu.record : cpu;
    if (traced.backend === 'webgpu') out.push('(every number below the inputs and weights comes from the WebGPU pass, in float32)', '');
    out.push(renderTrace(traceSections(network, batch, traced, { example: options.example })), '');
    // The lesson's own table (float64 vs finite differences) always, so the default run reproduces
    // the lesson; when WebGPU ran, the three-way table follows it.
    const lessonRows = gpu ? gradientRows(network, cpu.grads, fd) : rows;
    const sampled = sampleLine(fd);
    out.push(...renderGradientTable(lessonRows), '', ...(sampled ? [sampled] : []), verdictLine(lessonRows, fd));
    if (gpu) out.push('', ...renderGradientTable(rows), '', verdictLine(rows, fd));
  }
  if (note) out.push('', note);
  io.stdout(`${out.join('\n')}\n`);
  return agree ? 0 : 1;
}

function finiteRecord(record: PassRecord): boolean {
  const finite = (xs: ArrayLike<number>) => Array.prototype.every.call(xs, Number.isFinite);
  return Number.isFinite(record.loss) && record.grads.dW.every(finite) && record.grads.db.every(finite);
}

/** The estimates in the gradients' shape: null where a parameter was not checked or has no estimate. */
function fdToJson(network: Network, fd: FdCheck): Record<string, (number | null)[] | (number | null)[][]> {
  const est = estimatesOf(network, fd);
  const orNull = (xs: Float64Array) => Array.from(xs, (x) => (Number.isNaN(x) ? null : x));
  const out: Record<string, (number | null)[] | (number | null)[][]> = {};
  network.layers.forEach((layer, l) => {
    out[`W${l + 1}`] = Array.from({ length: layer.outDim }, (_, i) => orNull(est.dW[l].subarray(i * layer.inDim, (i + 1) * layer.inDim)));
    out[`b${l + 1}`] = orNull(est.db[l]);
  });
  return out;
}

function fdSummaryJson(fd: FdCheck) {
  const rows = fd.rows.filter((r): r is NonNullable<typeof r> => r !== null);
  const named = (status: string) => rows.filter((r) => r.status === status);
  return {
    h: fd.h,
    checked: fd.checked,
    total: fd.total,
    sample: fd.sample,
    sampled: fd.sample.mode === 'all' ? null : rows.map((r) => r.ref.name),
    mismatch: named('mismatch').map((r) => r.ref.name),
    kink: named('kink').map((r) => ({ name: r.ref.name, examples: r.kinkExamples, oneSided: r.oneSided })),
    unresolvable: named('unresolvable').map((r) => ({ name: r.ref.name, reason: r.reason })),
    smallerStep: rows.filter((r) => r.smallerStep !== null).map((r) => ({ name: r.ref.name, ...r.smallerStep })),
    direction: fd.direction,
  };
}

/** Runs the CLI and returns its exit status: 0 all match, 1 mismatch or failure, 2 bad input. */
export async function main(argv: readonly string[], io: Io = processIo(), passes: Passes = realPasses): Promise<number> {
  let status: number;
  try {
    status = await run(argv, io, passes);
  } catch (err) {
    io.stderr(`gradient-trace: ${oneLine(err)}\n`);
    status = err instanceof InputError ? 2 : 1;
  }
  return io.settle ? io.settle(status) : status;
}
