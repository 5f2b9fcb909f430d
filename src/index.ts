/**
 * gradient-trace as a library, Node entry (`import … from 'gradient-trace'` in Node): everything
 * the browser entry has, plus WebGPU device acquisition through Dawn (npm `webgpu`).
 * Dawn's native module loads on the first acquireNodeGpu() call, not on import, so float64-only
 * use never touches it (the package test checks this).
 *
 * ```ts
 * import { acquireNodeGpu, WebGpuEngine, float64Pass, checkGradients, gradientRows,
 *   renderGradientTable, lessonNetwork, lessonBatch } from 'gradient-trace';
 * const net = lessonNetwork(), batch = lessonBatch();
 * const cpu = float64Pass(net, batch);
 * const fd = checkGradients(net, batch, cpu, { h: 1e-5 }); // central differences + verdicts
 * const gpu = await acquireNodeGpu();
 * const engine = WebGpuEngine.create(gpu);
 * const record = await engine.run(net, batch);
 * console.log(renderGradientTable(gradientRows(net, cpu.grads, fd, record.grads)).join('\n'));
 * engine.dispose(); gpu.destroy();
 * ```
 */
import type { NodeGpuOptions } from './gpu/device/acquire-node.js';
import type { GpuHandle } from './gpu/device/gpu-handle.js';

export * from './browser.js';
export type { NodeGpuOptions } from './gpu/device/acquire-node.js';

/**
 * A WebGPU device in Node through Dawn (npm `webgpu`), on the best adapter it finds (SwiftShader on
 * a Linux machine without a GPU, when Debian's chromium provides it). Call `destroy()` on the handle
 * when done: Dawn keeps the process alive until then.
 * @throws NoAdapterError (one line: why, and how to get an adapter) when there is none.
 */
export async function acquireNodeGpu(opts: NodeGpuOptions = {}): Promise<GpuHandle> {
  const node = await import('./gpu/device/acquire-node.js');
  return node.acquireNodeGpu(opts);
}
