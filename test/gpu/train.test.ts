/**
 * Training on WebGPU: the GPU trainer's steps against the float64 trainer's (both passes, the gemm
 * plan's padded copy of layer 0, momentum), the loss history, and that the weights stay on the GPU
 * (no weight upload and no readback between sync points).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { BufferUsage } from '../../src/gpu/runtime/buffer-usage.js';
import { cloneNetwork, type Network } from '../../src/network/network.js';
import { CpuTrainer } from '../../src/train/cpu-trainer.js';
import { makeDataset } from '../../src/train/datasets.js';
import { driftTolerance } from '../../src/train/drift.js';
import { GpuTrainer } from '../../src/train/gpu-trainer.js';
import { initNetwork } from '../../src/train/init.js';
import { MinibatchSampler } from '../../src/train/minibatches.js';
import { runTraining } from '../../src/train/train-loop.js';
import { acquireTestGpu, maxAbsDiff, randomBatch } from './gpu-fixture.js';

const gpu = await acquireTestGpu();
afterAll(() => gpu?.release());

function weightGap(a: Network, b: Network): number {
  return Math.max(...a.layers.map((l, i) => Math.max(maxAbsDiff(l.W, b.layers[i].W), maxAbsDiff(l.b, b.layers[i].b))));
}

describe.skipIf(!gpu)('GPU trainer', () => {
  it('refuses an lr or momentum float32 cannot hold (GpuPassError naming it) instead of stepping with Infinity, 0 or 1', async () => {
    const net = initNetwork([2, 4, 2], 'relu', 2);
    const create = (lr: number, momentum = 0) => GpuTrainer.create(gpu!.handle, net, { lr, momentum, batchSize: 4 });
    await expect(create(1e39)).rejects.toThrow(/^the learning rate 1e\+39 is past float32's largest value/);
    await expect(create(1e-46)).rejects.toThrow(/^the learning rate 1e-46 is below float32's smallest value/);
    await expect(create(0.1, 0.9999999999)).rejects.toThrow(/^the momentum 0\.9999999999 rounds to 1 in float32/);
    const ok = await create(3e38, 0.9999999);
    ok.dispose();
  });

  it.each(['fused', 'per-op'] as const)('%s: XOR, 300 steps, ends within the drift tolerance of float64 and records the same losses', async (path) => {
    const { batch } = makeDataset('xor', 1);
    const net = initNetwork([2, 4, 2], 'relu', 2);
    const config = { steps: 300, batchSize: null, seed: 2, every: 50, checkEvery: null };
    const cpu = await runTraining(new CpuTrainer(net, { lr: 0.5, momentum: 0 }), batch, config);
    const trainer = await GpuTrainer.create(gpu!.handle, net, { lr: 0.5, momentum: 0, batchSize: 4, path });
    try {
      const result = await runTraining(trainer, batch, config);
      expect(result.lossSteps).toEqual(cpu.lossSteps);
      expect(maxAbsDiff(result.losses, cpu.losses)).toBeLessThan(driftTolerance(300, 0.5));
      expect(weightGap(result.network, cpu.network)).toBeLessThan(driftTolerance(300, 0.5));
      expect(result.final.backend).toBe('webgpu');
      expect(result.final.loss).toBeLessThan(0.5 * cpu.losses[0]);
    } finally {
      trainer.dispose();
    }
  });

  it('momentum and minibatches: 20 steps agree with float64 step by step', async () => {
    const { batch } = makeDataset('gaussians', 3);
    const net = initNetwork([2, 6, 2], 'relu', 3);
    const cpu = new CpuTrainer(net, { lr: 0.1, momentum: 0.9 });
    const trainer = await GpuTrainer.create(gpu!.handle, net, { lr: 0.1, momentum: 0.9, batchSize: 32 });
    try {
      const a = new MinibatchSampler(batch, 32, 9);
      const b = new MinibatchSampler(batch, 32, 9);
      for (let s = 0; s < 20; s++) {
        await cpu.step(a.draw(), true);
        await trainer.step(b.draw(), true);
      }
      const [gl, cl] = [await trainer.takeLosses(), await cpu.takeLosses()];
      expect(gl).toHaveLength(20);
      expect(maxAbsDiff(gl, cl)).toBeLessThan(1e-4);
      expect(weightGap(await trainer.weights(), await cpu.weights())).toBeLessThan(driftTolerance(20, 0.1));
      // Momentum matters: without it the weights end elsewhere.
      const plain = new CpuTrainer(net, { lr: 0.1, momentum: 0 });
      const c = new MinibatchSampler(batch, 32, 9);
      for (let s = 0; s < 20; s++) await plain.step(c.draw(), false);
      expect(weightGap(await plain.weights(), await cpu.weights())).toBeGreaterThan(100 * driftTolerance(20, 0.1));
    } finally {
      trainer.dispose();
    }
  });

  it('gemm plan (wide first layer): the padded copy of layer 0 is updated too', async () => {
    const data = randomBatch(64, 32, 3, 11);
    const net = initNetwork([32, 4, 3], 'relu', 4);
    const cpu = new CpuTrainer(net, { lr: 0.3, momentum: 0 });
    const trainer = await GpuTrainer.create(gpu!.handle, net, { lr: 0.3, momentum: 0, batchSize: 64 });
    try {
      for (let s = 0; s < 5; s++) {
        await cpu.step(data, true);
        await trainer.step(data, true);
      }
      // If only the packed weights moved, layer 0's forward would still use the initial W1 and the losses would part.
      expect(maxAbsDiff(await trainer.takeLosses(), await cpu.takeLosses())).toBeLessThan(1e-4);
      expect(weightGap(await trainer.weights(), await cpu.weights())).toBeLessThan(driftTolerance(5, 0.3));
    } finally {
      trainer.dispose();
    }
  });

  it.each(['fused', 'per-op'] as const)('%s: weights stay on the GPU: uploaded once, nothing read back between syncs', async (path) => {
    const { batch } = makeDataset('circles', 1);
    const net = initNetwork([2, 5, 2], 'relu', 1);
    const { device } = gpu!.handle;
    const queue = device.queue;
    const writes: string[] = [];
    const maps: string[] = [];
    const writeBuffer = queue.writeBuffer.bind(queue);
    queue.writeBuffer = ((buffer: GPUBuffer, ...rest: unknown[]) => {
      writes.push(buffer.label);
      return (writeBuffer as (...args: unknown[]) => void)(buffer, ...rest);
    }) as typeof queue.writeBuffer;
    const trainer = await GpuTrainer.create(gpu!.handle, net, { lr: 0.1, momentum: 0, batchSize: batch.size, path, syncEvery: 1000 });
    const probe = device.createBuffer({ size: 16, usage: BufferUsage.MAP_READ | BufferUsage.COPY_DST });
    const proto = Object.getPrototypeOf(probe) as GPUBuffer;
    probe.destroy();
    const mapAsync = proto.mapAsync;
    proto.mapAsync = function (this: GPUBuffer, ...args: Parameters<GPUBuffer['mapAsync']>) {
      maps.push(this.label);
      return mapAsync.apply(this, args);
    };
    try {
      for (let s = 0; s < 30; s++) {
        if (s === 1) writes.length = 0;
        await trainer.step(batch, s % 3 === 0);
      }
      const weightLabels = path === 'fused' ? ['fused weights'] : ['W1', 'b1', 'W2', 'b2'];
      expect(writes.filter((l) => weightLabels.includes(l))).toEqual([]);
      // The batch is resident too (fused, one chunk): only uniforms are written per step.
      if (path === 'fused') expect(new Set(writes)).toEqual(new Set(['uniforms']));
      expect(maps).toEqual([]);
      expect(await trainer.takeLosses()).toHaveLength(10);
      expect(maps).toEqual(['loss history staging']);
      const cpu = new CpuTrainer(net, { lr: 0.1, momentum: 0 });
      for (let s = 0; s < 30; s++) await cpu.step(batch, false);
      expect(weightGap(await trainer.weights(), await cpu.weights())).toBeLessThan(driftTolerance(30, 0.1));
    } finally {
      queue.writeBuffer = writeBuffer;
      proto.mapAsync = mapAsync;
      trainer.dispose();
    }
  });

  it('checked training runs on the GPU and passes', async () => {
    const { batch } = makeDataset('spirals', 1);
    const net = initNetwork([2, 8, 2], 'relu', 1);
    const trainer = await GpuTrainer.create(gpu!.handle, cloneNetwork(net), { lr: 0.3, momentum: 0, batchSize: 100 });
    try {
      const result = await runTraining(trainer, batch, { steps: 40, batchSize: 100, seed: 1, every: 10, checkEvery: 10 });
      expect(result.checks).toMatchObject({ steps: 4, unjudgedSteps: [] });
      expect(result.lossSteps).toEqual([0, 10, 20, 30, 39]);
      expect(result.losses).toHaveLength(5);
    } finally {
      trainer.dispose();
    }
  });

  it('refuses a batch of the wrong size and use after dispose', async () => {
    const { batch } = makeDataset('xor', 1);
    const trainer = await GpuTrainer.create(gpu!.handle, initNetwork([2, 3, 2], 'relu', 1), { lr: 0.1, momentum: 0, batchSize: 8 });
    await expect(trainer.step(batch, false)).rejects.toThrow(/batches of 8 examples \(got 4\)/);
    trainer.dispose();
    await expect(trainer.step(batch, false)).rejects.toThrow(/after dispose/);
  });
});
