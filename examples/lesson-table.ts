import { acquireNodeGpu, WebGpuEngine, float64Pass, checkGradients, gradientRows,
  renderGradientTable, verdictLine, lessonNetwork, lessonBatch } from 'gradient-trace';

const network = lessonNetwork(), batch = lessonBatch();    // the lesson's 2 -> 3 -> 2 network
const cpu = float64Pass(network, batch);                   // float64 reference, every intermediate
const fd = checkGradients(network, batch, cpu, { h: 1e-5 }); // central differences + verdicts
const gpu = await acquireNodeGpu();                        // Dawn (npm webgpu); throws NoAdapterError
const engine = WebGpuEngine.create(gpu);
const webgpu = await engine.run(network, batch);           // WGSL kernels, float32
engine.dispose(); gpu.destroy();
const rows = gradientRows(network, cpu.grads, fd, webgpu.grads);
console.log([...renderGradientTable(rows), '', verdictLine(rows, fd)].join('\n'));
