/**
 * Whether the gradient table's WebGPU verdict, and --cmp's per tensor, still call each "break it"
 * bug a mismatch once the float32 explanations (f32-input, the float32 conditioning test) are in
 * them: the CPU and GPU tests hand in their float32 passes with the bug (float32 arithmetic on the
 * CPU, the WGSL kernels).
 */
import { expect } from 'vitest';
import { BUGS, type BugName } from '../../src/break/bugs.js';
import { compareAgrees, compareRecords, tensorVerdict } from '../../src/compare/record-compare.js';
import type { Batch, Network } from '../../src/network/network.js';
import { gradientAt, parameterRefs } from '../../src/network/parameters.js';
import { gpuMatches, gradientRows } from '../../src/print/gradient-table.js';
import type { Gradients, PassRecord } from '../../src/record/pass-record.js';
import { float32Context, float32Passes, float64PassOnFloat32Inputs } from '../../src/reference/float32-inputs.js';
import { float64Pass } from '../../src/reference/float64-pass.js';

/**
 * For each bug, `broken(bug)`'s gradients against the correct float64 pass, judged with the table's
 * float32 context: every row past the tolerance must be 'mismatch' (never f32-cond), every other
 * 'match'. Returns how many rows the bugs put past the tolerance.
 */
export async function expectBugsStayMismatches(network: Network, batch: Batch, broken: (bug: BugName) => Gradients | Promise<Gradients>): Promise<number> {
  const cpu = float64Pass(network, batch);
  let off = 0;
  for (const bug of BUGS) {
    const grads = await broken(bug.name);
    const rows = gradientRows(network, cpu.grads, null, grads, float32Context(network, batch, cpu.grads, grads, false));
    parameterRefs(network).forEach((ref, i) => {
      const past = !gpuMatches(gradientAt(cpu.grads, ref), Math.abs(gradientAt(grads, ref) - gradientAt(cpu.grads, ref)));
      expect(rows[i].gpu, `${bug.name} ${ref.name}`).toBe(past ? 'mismatch' : 'match');
      if (past) off++;
    });
  }
  return off;
}

/**
 * --cmp (compareRecords with float32Passes) on each bug: `broken(bug)`'s record, intermediates kept,
 * against the correct float64 pass. A tensor not within the tolerance of float64 may read f32-input
 * only when it is within the tolerance of the correct float64 pass on the float32-rounded inputs
 * (what a correct float32 pass computes: the bug left it alone); otherwise it must be a mismatch —
 * never f32-cond either (the networks given are well-conditioned). Returns the bugs --cmp fails on.
 */
export async function cmpBugsCaught(network: Network, batch: Batch, broken: (bug: BugName) => PassRecord | Promise<PassRecord>): Promise<BugName[]> {
  const cpu = float64Pass(network, batch);
  const f32Input = float64PassOnFloat32Inputs(network, batch);
  const caught: BugName[] = [];
  for (const bug of BUGS) {
    const record = await broken(bug.name);
    const rows = compareRecords(cpu, record, float32Passes(network, batch));
    const against = compareRecords(f32Input, record);
    expect(rows.length, bug.name).toBe(against.length);
    rows.forEach((row, i) => {
      const expected = row.approx ? tensorVerdict(row) : against[i].approx ? 'f32-input' : 'mismatch';
      expect(tensorVerdict(row), `${bug.name} ${row.name}`).toBe(expected);
    });
    if (!compareAgrees(rows)) caught.push(bug.name);
  }
  return caught;
}
