/**
 * jax-js 0.1.25: jit(grad(loss)) on its WebGPU backend over Dawn's navigator.gpu, or on its wasm
 * backend (single-threaded in Node). Which one ran is in the label and the JSON.
 */
import type { Impl, Prepared } from './types.js';
import { describeAdapter, installNavigatorGpu } from '../gpu-env.js';

/** jax-js on `device` (WebGPU over Dawn's navigator.gpu), and what it runs on, for the JSON. */
export async function startJax(device: 'webgpu' | 'wasm'): Promise<{ jax: typeof import('@jax-js/jax'); notes: Record<string, unknown> }> {
  const notes: Record<string, unknown> = {};
  if (device === 'webgpu') {
    const gpu = await installNavigatorGpu();
    const adapter = await gpu.requestAdapter();
    if (adapter) notes.adapter = describeAdapter(adapter);
  }
  const jax = await import('@jax-js/jax');
  const got = await jax.init(device);
  if (!got.includes(device)) throw new Error(`jax-js init('${device}') gave [${got.join(', ')}]`);
  jax.defaultDevice(device);
  notes.device = jax.defaultDevice();
  return { jax, notes };
}

export async function jaxImpl(device: 'webgpu' | 'wasm'): Promise<Impl> {
  const { jax, notes } = await startJax(device);
  const { numpy: np, nn } = jax;
  type Arr = InstanceType<typeof jax.Array>;

  return {
    id: device === 'webgpu' ? 'jax-webgpu' : 'jax-wasm',
    label: device === 'webgpu' ? 'jax-js jit (WebGPU)' : 'jax-js jit (wasm)',
    device: device === 'webgpu' ? 'gpu' : 'cpu',
    ours: false,
    precision: 'f32',
    notes,
    async prepare(network, batch): Promise<Prepared> {
      const N = batch.size;
      const C = batch.classes;
      const L = network.layers.length;
      type Params = { W: Arr[]; b: Arr[] };
      const lossFn = (p: Params, x: Arr, labels: Arr): Arr => {
        let a = x;
        for (let l = 0; l < L; l++) {
          const z = np.matmul(a, p.W[l].transpose()).add(p.b[l]);
          a = l < L - 1 ? nn.relu(z) : z;
        }
        const onehot = nn.oneHot(labels, C);
        return onehot.mul(nn.logSoftmax(a, -1)).sum().mul(-1 / N);
      };
      const gradFn = jax.jit(jax.grad(lossFn));
      const params: Params = {
        W: network.layers.map((l) => np.array(Float32Array.from(l.W)).reshape([l.outDim, l.inDim])),
        b: network.layers.map((l) => np.array(Float32Array.from(l.b))),
      };
      const x32 = Float32Array.from(batch.inputs);
      const labels32 = Int32Array.from(batch.labels);
      const run = async () => {
        const x = np.array(x32).reshape([N, batch.inDim]);
        const labels = np.array(labels32, { dtype: np.int32 });
        const g = gradFn({ W: params.W.map((w) => w.ref), b: params.b.map((b) => b.ref) }, x, labels) as unknown as Params;
        const dW = (await Promise.all(g.W.map((a) => a.data()))) as unknown as Float32Array[];
        const db = (await Promise.all(g.b.map((a) => a.data()))) as unknown as Float32Array[];
        return {
          dW: dW.map((d) => Float64Array.from(d)),
          db: db.map((d) => Float64Array.from(d)),
        };
      };
      return {
        run,
        release: () => {
          params.W.forEach((w) => w.dispose());
          params.b.forEach((b) => b.dispose());
          gradFn.dispose?.();
        },
      };
    },
    async dispose() {},
  };
}
