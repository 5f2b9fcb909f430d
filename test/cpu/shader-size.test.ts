/**
 * Shader compile time must stay bounded as networks widen: no generated kernel may unroll more
 * with width past a limit. The generated WGSL of every fused plan is measured in lines for widths
 * up to 4096; its size must level off (fused-small is only chosen up to FUSED_SMALL_MAX_WIDTH and
 * FUSED_SMALL_MAX_PARAMS; tiled and gemm kernels unroll fixed tiles, gemm-head at most
 * HEAD_MAX_CLASSES classes).
 */
import { expect, test } from 'vitest';
import { fusedSource, gemmSources } from '../../src/gpu/fused/fused-source.js';
import { planFused } from '../../src/gpu/fused/fused-plan.js';

const limits = { maxStorageBufferBindingSize: 1 << 30, maxBufferSize: 1 << 30, maxComputeWorkgroupStorageSize: 32768 };

/** The longest generated kernel of the default fused plan, in lines (0 when the fused path refuses the widths). */
function longestKernel(dims: number[]): { kernel: string; lines: number } {
  let plan;
  try {
    plan = planFused(dims, 1024, limits);
  } catch {
    return { kernel: 'refused (per-op only)', lines: 0 };
  }
  // tanh everywhere: the longest activation snippet, so the bound holds for every choice.
  const activations = dims.slice(1, -1).map(() => 'tanh' as const);
  const sources = plan.kernel === 'gemm' ? Object.values(gemmSources(plan, activations)) : [fusedSource(plan, activations)];
  return { kernel: plan.kernel, lines: Math.max(...sources.map((s) => s!.split('\n').length)) };
}

/** The bound: about the 16 × 32 GEMM register tile's text, whatever the widths. */
const MAX_LINES = 1500;

test('generated kernels stop growing with width', () => {
  const shapes: number[][] = [];
  for (const w of [2, 4, 8, 12, 16, 17, 24, 32, 64, 128, 256, 1024, 4096]) {
    shapes.push([w, w, w], [2, w, 2], [784, w, 10], [w, 16, 16, 4], [w, 8]);
  }
  const sizes = shapes.map((dims) => ({ dims: dims.join('-'), ...longestKernel(dims) }));
  const over = sizes.filter((s) => s.lines > MAX_LINES);
  expect(over).toEqual([]);
  // And the widest networks' kernels are no longer than mid-sized ones: growth has stopped.
  const at = (dims: number[]) => longestKernel(dims).lines;
  expect(at([784, 4096, 10])).toBe(at([784, 256, 10]));
  expect(at([4096, 16, 16, 4])).toBe(at([256, 16, 16, 4]));
  expect(sizes.filter((s) => s.lines > 0).length).toBeGreaterThan(40);
});
