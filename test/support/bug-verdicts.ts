/**
 * Whether the gradient table's WebGPU verdict still calls each "break it" bug a mismatch once the
 * float32 conditioning test is in it: the CPU and GPU tests of src/reference/float32-conditioning.ts
 * hand in their float32 passes with the bug (float32 arithmetic on the CPU, the WGSL kernels).
 */
import { expect } from 'vitest';
import { BUGS, type BugName } from '../../src/break/bugs.js';
import type { Batch, Network } from '../../src/network/network.js';
import { gradientAt, parameterRefs } from '../../src/network/parameters.js';
import { gpuMatches, gradientRows } from '../../src/print/gradient-table.js';
import type { Gradients } from '../../src/record/pass-record.js';
import { float32Context } from '../../src/reference/float32-inputs.js';
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
