/**
 * gradient-trace: the CLI. Parses flags, loads a network, runs the float64 reference, finite
 * differences and (when asked or available) the WebGPU pass, then prints one report.
 * Output is built whole and written once, so a failure never leaves half a report behind.
 */
import { version } from '../../package.json';
import { InputError } from '../errors.js';
import { dimsOf, hiddenActivations, parameterCount } from '../network/network.js';
import { gradientsToJson } from '../network/parameters.js';
import { gradientRows, renderGradientTable, verdictLine } from '../print/gradient-table.js';
import { FULL_TRACE_LIMIT, summaryLines } from '../print/summary.js';
import { renderTrace, traceSections } from '../print/trace.js';
import { float64Pass } from '../reference/float64-pass.js';
import { finiteDifferences } from '../reference/finite-diff.js';
import { parseCliArgs, USAGE, type CliOptions } from './args.js';
import { runOnWebGpu, type GpuOutcome } from './gpu-run.js';
import { loadInput } from './load-input.js';

export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
}

const processIo: Io = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

function oneLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0];
}

/** The WebGPU pass, or why it did not run. An explicit --backend webgpu|all turns "why" into an error. */
async function webGpuPass(options: CliOptions, input: ReturnType<typeof loadInput>, intermediates: boolean): Promise<{ gpu: GpuOutcome | null; note: string | null }> {
  if (options.backend === 'cpu') return { gpu: null, note: null };
  try {
    return { gpu: await runOnWebGpu(input.network, input.batch, intermediates), note: null };
  } catch (err) {
    if (options.backend !== null) throw new Error(`WebGPU: ${oneLine(err)}`);
    return { gpu: null, note: `WebGPU not run: ${oneLine(err)}` };
  }
}

async function run(argv: readonly string[], io: Io): Promise<number> {
  const options = parseCliArgs(argv);
  if (options.help) {
    io.stdout(`${USAGE}\n`);
    return 0;
  }
  if (options.version) {
    io.stdout(`gradient-trace ${version}\n`);
    return 0;
  }
  const input = loadInput(options.network);
  const { network, batch } = input;
  if (options.example >= batch.size) {
    throw new InputError(`--example ${options.example} is out of range: the batch has ${batch.size} example${batch.size === 1 ? '' : 's'} (0..${batch.size - 1})`);
  }
  const summarise = parameterCount(network) > FULL_TRACE_LIMIT && !options.full;

  const cpu = float64Pass(network, batch);
  const fd = finiteDifferences(network, batch, options.h, cpu);
  const { gpu, note } = await webGpuPass(options, input, !summarise && !options.json);
  const rows = gradientRows(network, cpu.grads, fd.grads, gpu?.record.grads ?? null);
  const allMatch = rows.every((r) => r.match);

  if (options.json) {
    const report = {
      dims: dimsOf(network),
      activation: hiddenActivations(network),
      batch: batch.size,
      loss: { cpu: cpu.loss, webgpu: gpu?.record.loss ?? null },
      grads: {
        cpu: gradientsToJson(network, cpu.grads),
        webgpu: gpu ? gradientsToJson(network, gpu.record.grads) : null,
        fd: gradientsToJson(network, fd.grads),
      },
      adapter: gpu?.adapter.summary ?? null,
    };
    io.stdout(`${JSON.stringify(report)}\n`);
    if (note) io.stderr(`gradient-trace: ${note}\n`);
    return allMatch ? 0 : 1;
  }

  const out: string[] = [];
  if (gpu) out.push(`webgpu adapter: ${gpu.adapter.summary}`, '');
  if (summarise) {
    out.push(...summaryLines(network, batch.size, { cpu: cpu.loss, webgpu: gpu?.record.loss ?? null }, rows, options.h));
  } else {
    const traced = options.backend === 'webgpu' && gpu ? gpu.record : cpu;
    if (traced.backend === 'webgpu') out.push('(every number below the inputs and weights comes from the WebGPU pass, in float32)', '');
    out.push(renderTrace(traceSections(network, batch, traced, { example: options.example })), '');
    // The lesson's own table (float64 vs finite differences) always, so the default run reproduces
    // the lesson; when WebGPU ran, the three-way table follows it.
    const lessonRows = gpu ? gradientRows(network, cpu.grads, fd.grads) : rows;
    out.push(...renderGradientTable(lessonRows), '', verdictLine(lessonRows));
    if (gpu) out.push('', ...renderGradientTable(rows), '', verdictLine(rows));
  }
  if (note) out.push('', note);
  io.stdout(`${out.join('\n')}\n`);
  return allMatch ? 0 : 1;
}

/** Runs the CLI and returns its exit status: 0 all match, 1 mismatch or failure, 2 bad input. */
export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
  try {
    return await run(argv, io);
  } catch (err) {
    io.stderr(`gradient-trace: ${oneLine(err)}\n`);
    return err instanceof InputError ? 2 : 1;
  }
}
