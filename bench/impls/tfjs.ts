/**
 * TensorFlow.js 4.22 (umbrella package, which registers the gradients) on its CPU backend or its
 * WebGPU backend over Dawn's navigator.gpu (the same adapter our engine gets).
 */
import type { Impl, Prepared } from './types.js';
import { describeAdapter, installNavigatorGpu } from '../gpu-env.js';

type TF = typeof import('@tensorflow/tfjs');

/** TensorFlow.js on `backend` (WebGPU over Dawn's navigator.gpu), and what it runs on, for the JSON. */
export async function startTfjs(backend: 'cpu' | 'webgpu'): Promise<{ tf: TF; notes: Record<string, unknown> }> {
  const notes: Record<string, unknown> = {};
  if (backend === 'webgpu') {
    const gpu = await installNavigatorGpu();
    const adapter = await gpu.requestAdapter();
    if (adapter) notes.adapter = describeAdapter(adapter);
  }
  const tf: TF = await import('@tensorflow/tfjs');
  if (backend === 'webgpu') await import('@tensorflow/tfjs-backend-webgpu');
  if (!(await tf.setBackend(backend))) throw new Error(`tfjs backend '${backend}' did not initialise`);
  await tf.ready();
  if (tf.getBackend() !== backend) throw new Error(`tfjs runs on '${tf.getBackend()}', not '${backend}'`);
  notes.backend = tf.getBackend();
  notes.version = tf.version.tfjs;
  return { tf, notes };
}

export async function tfjsImpl(backend: 'cpu' | 'webgpu'): Promise<Impl> {
  const { tf, notes } = await startTfjs(backend);

  return {
    id: backend === 'webgpu' ? 'tfjs-webgpu' : 'tfjs-cpu',
    label: backend === 'webgpu' ? 'TensorFlow.js WebGPU' : 'TensorFlow.js CPU',
    device: backend === 'webgpu' ? 'gpu' : 'cpu',
    ours: false,
    precision: 'f32',
    notes,
    async prepare(network, batch): Promise<Prepared> {
      const N = batch.size;
      const C = batch.classes;
      // Weights live on the device; W is uploaded as outDim × inDim, matMul transposes it.
      const params = network.layers.flatMap((l) => [
        tf.tensor2d(Float32Array.from(l.W), [l.outDim, l.inDim]),
        tf.tensor1d(Float32Array.from(l.b)),
      ]);
      const x32 = Float32Array.from(batch.inputs);
      const labels32 = Int32Array.from(batch.labels);
      const run = async () => {
        const grads = tf.tidy(() => {
          const x = tf.tensor2d(x32, [N, batch.inDim]);
          const onehot = tf.oneHot(tf.tensor1d(labels32, 'int32'), C);
          const loss = (...ps: import('@tensorflow/tfjs').Tensor[]) => {
            let a: import('@tensorflow/tfjs').Tensor = x;
            for (let l = 0; l < network.layers.length; l++) {
              const z = tf.add(tf.matMul(a, ps[2 * l], false, true), ps[2 * l + 1]);
              a = l < network.layers.length - 1 ? tf.relu(z) : z;
            }
            return tf.div(tf.neg(tf.sum(tf.mul(onehot, tf.logSoftmax(a)))), N) as import('@tensorflow/tfjs').Scalar;
          };
          return tf.grads(loss)(params);
        });
        const data = await Promise.all(grads.map((g) => g.data()));
        grads.forEach((g) => g.dispose());
        return {
          dW: network.layers.map((_, l) => Float64Array.from(data[2 * l] as Float32Array)),
          db: network.layers.map((_, l) => Float64Array.from(data[2 * l + 1] as Float32Array)),
        };
      };
      return { run, release: () => params.forEach((p) => p.dispose()) };
    },
    async dispose() {
      tf.disposeVariables();
      tf.engine().reset();
    },
  };
}
