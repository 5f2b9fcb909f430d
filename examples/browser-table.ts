// Browser-safe (no node:*, no native module): bundle it with vite, call it from a page.
import { acquireBrowserGpu, WebGpuEngine, float64Pass, checkGradients, gradientRows,
  renderGradientTable, verdictLine, parseNetworkFile } from 'gradient-trace/browser';

/** The gradient table for a network file's JSON; with `webgpu`, adds navigator.gpu's float32 column. */
export async function gradientTable(networkJson: string, webgpu = false): Promise<string> {
  const { network, batch } = parseNetworkFile(networkJson);
  const cpu = float64Pass(network, batch);
  const fd = checkGradients(network, batch, cpu, { h: 1e-5 });
  let gpuGrads = null;
  if (webgpu) {
    const gpu = await acquireBrowserGpu();
    const engine = WebGpuEngine.create(gpu);
    gpuGrads = (await engine.run(network, batch)).grads;
    engine.dispose(); gpu.destroy();
  }
  const rows = gradientRows(network, cpu.grads, fd, gpuGrads);
  return [...renderGradientTable(rows), '', verdictLine(rows, fd)].join('\n');
}
