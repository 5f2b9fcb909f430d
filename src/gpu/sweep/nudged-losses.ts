/**
 * The h sweep's float32 finite differences on the GPU: 2·K nudged copies of the network (θ ± h for
 * each of the sweep's K step sizes) run forward over the whole batch in ONE dispatch of
 * shaders/nudged-forward.wgsl; the host averages each copy's per-example losses in float32 and
 * forms (L(θ+h) − L(θ−h)) / 2h. Browser-safe (WebGPU API only).
 */
import { hiddenActivations, type Batch, type Network } from '../../network/network.js';
import type { ParamRef } from '../../network/parameters.js';
import { ACTIVATIONS } from '../../ops/activations.js';
import { SWEEP_HS } from '../../hsweep/h-sweep.js';
import { BufferUsage, MapMode } from '../runtime/buffer-usage.js';
import { NUDGED_FORWARD, WORKGROUP_SIZE } from '../wgsl/layouts.js';
import { assembleKernel } from '../wgsl/assemble.js';

/** Widest layer the kernel's private arrays hold. */
export const NUDGED_MAX_WIDTH = 1024;

/** The flat index of `ref` in the parameter list W1, b1, W2, b2, … and that list as float32. */
function flatten(network: Network, ref: ParamRef): { theta: Float32Array; shape: Uint32Array; index: number } {
  const total = network.layers.reduce((n, l) => n + l.W.length + l.b.length, 0);
  const theta = new Float32Array(total);
  const shape = new Uint32Array(4 * network.layers.length);
  let offset = 0;
  let index = -1;
  network.layers.forEach((layer, l) => {
    shape.set([layer.inDim, layer.outDim, offset, offset + layer.W.length], 4 * l);
    theta.set(layer.W, offset);
    theta.set(layer.b, offset + layer.W.length);
    if (l === ref.layer) index = offset + (ref.kind === 'W' ? 0 : layer.W.length) + ref.index;
    offset += layer.W.length + layer.b.length;
  });
  return { theta, shape, index };
}

/** The kernel's WGSL: constants and the per-layer activation switch, generated from the op table. */
export function nudgedSource(network: Network): string {
  const widths = [network.layers[0].inDim, ...network.layers.map((l) => l.outDim)];
  const hidden = hiddenActivations(network);
  const cases = hidden.map((name, l) => `  if (l == ${l}u) { return ${ACTIVATIONS[name].wgsl.forward}(z); }`).join('\n');
  return assembleKernel({
    spec: NUDGED_FORWARD,
    constants: { MAX_WIDTH: Math.max(...widths), LAYERS: network.layers.length },
    shared: [...new Set(hidden)],
    generated: [`fn activate(l: u32, z: f32) -> f32 {\n${cases}\n  return z;\n}`],
    generator: 'src/gpu/sweep/nudged-losses.ts',
  });
}

/**
 * Float32 central differences of the batch-mean loss in `ref` at every h of SWEEP_HS, computed on
 * `device`. Throws when the network is wider than NUDGED_MAX_WIDTH or the dispatch fails.
 */
export async function nudgedFiniteDifferences(device: GPUDevice, network: Network, batch: Batch, ref: ParamRef): Promise<number[]> {
  const widest = Math.max(batch.inDim, ...network.layers.map((l) => l.outDim));
  if (widest > NUDGED_MAX_WIDTH) throw new Error(`the h sweep's GPU kernel holds layers up to ${NUDGED_MAX_WIDTH} wide (this one has ${widest})`);
  const { theta, shape, index } = flatten(network, ref);
  const f = Math.fround;
  const value = theta[index];
  const nudged = new Float32Array(SWEEP_HS.flatMap((h) => [f(value + h), f(value - h)]));
  const copies = nudged.length;
  const threads = copies * batch.size;
  const groups = Math.ceil(threads / WORKGROUP_SIZE);
  const gx = Math.min(groups, 65535);
  const gy = Math.ceil(groups / gx);

  const created: GPUBuffer[] = [];
  const storage = (data: ArrayBufferView & { byteLength: number }, usage: number = BufferUsage.STORAGE) => {
    const buffer = device.createBuffer({ size: Math.max(16, Math.ceil(data.byteLength / 4) * 4), usage: usage | BufferUsage.COPY_DST });
    device.queue.writeBuffer(buffer, 0, data.buffer, data.byteOffset, data.byteLength);
    created.push(buffer);
    return buffer;
  };
  try {
    device.pushErrorScope('validation');
    const module = device.createShaderModule({ label: 'nudged-forward', code: nudgedSource(network) });
    const pipeline = await device.createComputePipelineAsync({ label: 'nudged-forward', layout: 'auto', compute: { module, entryPoint: 'main' } });
    const loss = device.createBuffer({ size: threads * 4, usage: BufferUsage.STORAGE | BufferUsage.COPY_SRC });
    const readback = device.createBuffer({ size: threads * 4, usage: BufferUsage.MAP_READ | BufferUsage.COPY_DST });
    created.push(loss, readback);
    const params = new Uint32Array([copies, batch.size, batch.inDim, batch.classes, index, gx * WORKGROUP_SIZE, 0, 0]);
    const bindings = [storage(theta), storage(Float32Array.from(batch.inputs)), storage(batch.labels), storage(shape), storage(nudged), loss, storage(params, BufferUsage.UNIFORM)];
    const group = device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries: bindings.map((buffer, binding) => ({ binding, resource: { buffer } })) });
    const encoder = device.createCommandEncoder();
    const pass = encoder.beginComputePass();
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, group);
    pass.dispatchWorkgroups(gx, gy);
    pass.end();
    encoder.copyBufferToBuffer(loss, 0, readback, 0, threads * 4);
    device.queue.submit([encoder.finish()]);
    const error = await device.popErrorScope();
    if (error) throw new Error(`the h sweep's kernel failed: ${error.message.split('\n')[0]}`);
    await readback.mapAsync(MapMode.READ);
    const losses = new Float32Array(readback.getMappedRange().slice(0));
    readback.unmap();
    // Each copy's batch-mean loss, summed in float32 in example order, then the central difference.
    const mean = (c: number) => {
      let total = 0;
      for (let n = 0; n < batch.size; n++) total = f(total + losses[c * batch.size + n]);
      return f(total / batch.size);
    };
    return SWEEP_HS.map((h, k) => f(mean(2 * k) - mean(2 * k + 1)) / (2 * h));
  } finally {
    for (const buffer of created) buffer.destroy();
  }
}
