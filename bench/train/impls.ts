/**
 * Training steps, one implementation per worker process: each takes plain SGD steps
 * (w ← w − lr·∇L, batch-mean softmax cross-entropy, ReLU hidden layers) on one batch, keeping the
 * weights wherever it keeps them between steps — ours on the GPU (src/train/gpu-trainer.ts), the
 * float64 reference on the CPU (src/train/cpu-trainer.ts), TensorFlow.js with its own optimizer
 * (tf.train.sgd(lr).minimize over tf.variables), jax-js with one jit-compiled step function.
 * `steps(k)` resolves only when the k-th step's result is complete (each ends with a readback of
 * the loss or a weight, so queued GPU work is counted).
 */
import { acquireNodeGpu } from '../../src/gpu/device/acquire-node.js';
import type { Batch, Network } from '../../src/network/network.js';
import { CpuTrainer } from '../../src/train/cpu-trainer.js';
import { GpuTrainer } from '../../src/train/gpu-trainer.js';
import { startJax } from '../impls/jax.js';
import { startTfjs } from '../impls/tfjs.js';

export const TRAIN_IMPL_IDS = ['f64-cpu', 'tfjs-cpu', 'jax-wasm', 'fused', 'per-op', 'tfjs-webgpu', 'jax-webgpu'] as const;
export type TrainImplId = (typeof TRAIN_IMPL_IDS)[number];

export const TRAIN_IMPL_LABELS: Record<TrainImplId, string> = {
  'f64-cpu': 'float64 reference (CPU)',
  'tfjs-cpu': 'TensorFlow.js CPU (tf.train.sgd)',
  'jax-wasm': 'jax-js jit step (wasm)',
  fused: 'ours: WebGPU fused + sgd-update',
  'per-op': 'ours: WebGPU per-op + sgd-update',
  'tfjs-webgpu': 'TensorFlow.js WebGPU (tf.train.sgd)',
  'jax-webgpu': 'jax-js jit step (WebGPU)',
};

export interface Weights {
  readonly W: Float64Array[];
  readonly b: Float64Array[];
}

export interface PreparedTraining {
  steps(k: number): Promise<void>;
  weights(): Promise<Weights>;
  release(): void;
}

export interface TrainImpl {
  readonly id: TrainImplId;
  readonly notes: Record<string, unknown>;
  prepare(network: Network, batch: Batch, lr: number): Promise<PreparedTraining>;
  dispose(): Promise<void>;
}

function fromTrainer(trainer: CpuTrainer | GpuTrainer, batch: Batch): PreparedTraining {
  return {
    async steps(k) {
      for (let i = 0; i < k; i++) await trainer.step(batch, i === k - 1);
      await trainer.takeLosses();
    },
    async weights() {
      const net = await trainer.weights();
      return { W: net.layers.map((l) => l.W), b: net.layers.map((l) => l.b) };
    },
    release: () => trainer.dispose(),
  };
}

async function oursImpl(path: 'fused' | 'per-op'): Promise<TrainImpl> {
  const handle = await acquireNodeGpu();
  return {
    id: path,
    notes: { adapter: handle.adapter },
    async prepare(network, batch, lr) {
      return fromTrainer(await GpuTrainer.create(handle, network, { lr, momentum: 0, batchSize: batch.size, path }), batch);
    },
    async dispose() {
      handle.destroy();
    },
  };
}

async function tfjsImpl(backend: 'cpu' | 'webgpu'): Promise<TrainImpl> {
  const { tf, notes } = await startTfjs(backend);
  type Tensor = import('@tensorflow/tfjs').Tensor;
  return {
    id: backend === 'webgpu' ? 'tfjs-webgpu' : 'tfjs-cpu',
    notes,
    async prepare(network, batch, lr) {
      const L = network.layers.length;
      const vars = network.layers.flatMap((l) => [tf.variable(tf.tensor2d(Float32Array.from(l.W), [l.outDim, l.inDim])), tf.variable(tf.tensor1d(Float32Array.from(l.b)))]);
      const x = tf.tensor2d(Float32Array.from(batch.inputs), [batch.size, batch.inDim]);
      const onehot = tf.oneHot(tf.tensor1d(Int32Array.from(batch.labels), 'int32'), batch.classes);
      const optimizer = tf.train.sgd(lr);
      const loss = () => {
        let a: Tensor = x;
        for (let l = 0; l < L; l++) {
          const z = tf.add(tf.matMul(a, vars[2 * l], false, true), vars[2 * l + 1]);
          a = l < L - 1 ? tf.relu(z) : z;
        }
        return tf.div(tf.neg(tf.sum(tf.mul(onehot, tf.logSoftmax(a)))), batch.size) as import('@tensorflow/tfjs').Scalar;
      };
      return {
        async steps(k) {
          for (let i = 0; i < k; i++) optimizer.minimize(loss, false, vars);
          await vars[0].data();
        },
        async weights() {
          const data = await Promise.all(vars.map((v) => v.data()));
          return { W: network.layers.map((_, l) => Float64Array.from(data[2 * l] as Float32Array)), b: network.layers.map((_, l) => Float64Array.from(data[2 * l + 1] as Float32Array)) };
        },
        release() {
          vars.forEach((v) => v.dispose());
          x.dispose();
          onehot.dispose();
          optimizer.dispose();
        },
      };
    },
    async dispose() {
      tf.disposeVariables();
      tf.engine().reset();
    },
  };
}

async function jaxImpl(device: 'webgpu' | 'wasm'): Promise<TrainImpl> {
  const { jax, notes } = await startJax(device);
  const { numpy: np, nn } = jax;
  type Arr = InstanceType<typeof jax.Array>;
  type Params = { W: Arr[]; b: Arr[] };
  return {
    id: device === 'webgpu' ? 'jax-webgpu' : 'jax-wasm',
    notes,
    async prepare(network, batch, lr) {
      const L = network.layers.length;
      const N = batch.size;
      const lossFn = (p: Params, x: Arr, labels: Arr): Arr => {
        let a = x;
        for (let l = 0; l < L; l++) {
          const z = np.matmul(a, p.W[l].transpose()).add(p.b[l]);
          a = l < L - 1 ? nn.relu(z) : z;
        }
        return nn.oneHot(labels, batch.classes).mul(nn.logSoftmax(a, -1)).sum().mul(-1 / N);
      };
      // One jit-compiled step: the gradient and the update, fused by jax-js.
      const step = jax.jit((p: Params, x: Arr, labels: Arr): Params => {
        const g = jax.grad(lossFn)({ W: p.W.map((w) => w.ref), b: p.b.map((b) => b.ref) }, x, labels) as unknown as Params;
        return { W: p.W.map((w, l) => w.sub(g.W[l].mul(lr))), b: p.b.map((b, l) => b.sub(g.b[l].mul(lr))) };
      });
      let params: Params = {
        W: network.layers.map((l) => np.array(Float32Array.from(l.W)).reshape([l.outDim, l.inDim])),
        b: network.layers.map((l) => np.array(Float32Array.from(l.b))),
      };
      const x = np.array(Float32Array.from(batch.inputs)).reshape([N, batch.inDim]);
      const labels = np.array(Int32Array.from(batch.labels), { dtype: np.int32 });
      return {
        async steps(k) {
          for (let i = 0; i < k; i++) params = step(params, x.ref, labels.ref) as unknown as Params;
          await params.b[0].ref.data();
        },
        async weights() {
          const W = (await Promise.all(params.W.map((w) => w.ref.data()))) as unknown as Float32Array[];
          const b = (await Promise.all(params.b.map((v) => v.ref.data()))) as unknown as Float32Array[];
          return { W: W.map((d) => Float64Array.from(d)), b: b.map((d) => Float64Array.from(d)) };
        },
        release() {
          params.W.forEach((w) => w.dispose());
          params.b.forEach((b) => b.dispose());
          x.dispose();
          labels.dispose();
          step.dispose?.();
        },
      };
    },
    async dispose() {},
  };
}

export async function createTrainImpl(id: TrainImplId): Promise<TrainImpl> {
  switch (id) {
    case 'f64-cpu':
      return {
        id,
        notes: {},
        prepare: async (network, batch, lr) => fromTrainer(new CpuTrainer(network, { lr, momentum: 0 }), batch),
        dispose: async () => {},
      };
    case 'fused':
    case 'per-op':
      return oursImpl(id);
    case 'tfjs-cpu':
      return tfjsImpl('cpu');
    case 'tfjs-webgpu':
      return tfjsImpl('webgpu');
    case 'jax-wasm':
      return jaxImpl('wasm');
    case 'jax-webgpu':
      return jaxImpl('webgpu');
  }
}
