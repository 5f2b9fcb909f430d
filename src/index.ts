/**
 * gradient-trace as a library, Node entry (`import … from 'gradient-trace'` in Node): everything
 * the browser entry has, plus WebGPU device acquisition through Dawn (npm `webgpu`).
 *
 * ```ts
 * import { acquireNodeGpu, WebGpuEngine, float64Pass, finiteDifferences, gradientRows,
 *   renderGradientTable, lessonNetwork, lessonBatch } from 'gradient-trace';
 * const net = lessonNetwork(), batch = lessonBatch();
 * const cpu = float64Pass(net, batch);
 * const fd = finiteDifferences(net, batch, 1e-5, cpu);
 * const gpu = await acquireNodeGpu();
 * const engine = WebGpuEngine.create(gpu);
 * const record = await engine.run(net, batch);
 * console.log(renderGradientTable(gradientRows(net, cpu.grads, fd.grads, record.grads)).join('\n'));
 * engine.dispose(); gpu.destroy();
 * ```
 */
export * from './browser.js';
export { acquireNodeGpu, SWIFTSHADER_ICD, type NodeGpuOptions } from './gpu/acquire-node.js';
