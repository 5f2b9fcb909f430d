/** For networks too large to print line by line: shapes, loss, and the gradient check's worst cases. */
import { dimsOf, parameterCount, type Network } from '../network/network.js';
import { sci2, fixed } from './format.js';
import type { FdCheck } from '../reference/fd-check.js';
import { fdNotes, gpuNotes, judgedFdDelta, sampleLine, verdictLine, type TableRow } from './gradient-table.js';

/** A trace past this many parameters is summarised unless --full asks for every line. */
export const FULL_TRACE_LIMIT = 300;

/** Lines for a network too large to trace: shapes, loss, what finite differences checked, the worst differences and the verdict. */
export function summaryLines(network: Network, batchSize: number, loss: { cpu: number; webgpu: number | null }, rows: readonly TableRow[], check: FdCheck): string[] {
  const params = parameterCount(network);
  const worstBy = (delta: (r: TableRow) => number) => rows.reduce((a, b) => (delta(b) > delta(a) ? b : a));
  // Worst differences among judged rows only (an n/a row's difference means nothing), each by the
  // estimate it was judged by (a kink row's one below the kink, not the central one across it).
  const fd = worstBy((r) => judgedFdDelta(r) ?? -1);
  const fdDelta = judgedFdDelta(fd);
  const lines = [
    `network  ${dimsOf(network).join(' -> ')}  (${params} parameters in ${network.layers.length} layers: ${network.layers
      .map((l, i) => `W${i + 1} ${l.outDim}x${l.inDim}`)
      .join(', ')})`,
    `batch    ${batchSize} example${batchSize === 1 ? '' : 's'}`,
    `loss     float64 ${fixed(loss.cpu, 6)}${loss.webgpu === null ? '' : `   webgpu ${fixed(loss.webgpu, 6)}`}`,
    `check    ${check.checked} of ${rows.length} parameters against central finite differences (h = ${check.h}, step h*max(1,|theta|))`,
    ...(fdDelta === null ? [] : [`  worst |fd-f64|      ${sci2(fdDelta)} at ${fd.name}`]),
  ];
  const compared = (r: TableRow) => r.gpu === 'match' || r.gpu === 'mismatch' || r.gpu === 'f32-input';
  if (rows.some(compared)) {
    // A kernel's NaN (float64 finite) ranks worst.
    const gpu = worstBy((r) => (!compared(r) ? -1 : Number.isNaN(r.gpuDelta) ? Infinity : (r.gpuDelta ?? 0)));
    lines.push(`  worst |webgpu-f64|  ${sci2(gpu.gpuDelta ?? 0)} at ${gpu.name}`);
  }
  const sampled = sampleLine(check);
  if (sampled) lines.push(sampled);
  lines.push(...fdNotes(rows), ...gpuNotes(rows), verdictLine(rows, check), `(the network has more than ${FULL_TRACE_LIMIT} parameters: pass --full to print every line of the trace and table)`);
  return lines;
}
