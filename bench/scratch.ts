import { makeNetwork, makeBatch } from './plan.js';
import { float64LoopGradients } from './impls/cpu-loops.js';
import { compareGradients } from './check.js';
import { float64Pass } from '../src/reference/float64-pass.js';
const which = process.argv[2];
const dims = (process.argv[3] ?? '2-3-2').split('-').map(Number);
const N = Number(process.argv[4] ?? 4096);
const net = makeNetwork(dims, 1);
const batch = makeBatch(dims, N, 2);
const ref = float64Pass(net, batch).grads;
console.log('f64 loop vs float64Pass', compareGradients(float64LoopGradients(net, batch), ref, 1e-12));
let impl;
if (which === 'jax-wasm' || which === 'jax-webgpu') impl = await (await import('./impls/jax.js')).jaxImpl(which === 'jax-wasm' ? 'wasm' : 'webgpu');
else if (which === 'tfjs-cpu' || which === 'tfjs-webgpu') impl = await (await import('./impls/tfjs.js')).tfjsImpl(which === 'tfjs-cpu' ? 'cpu' : 'webgpu');
else { const m = await import('./impls/cpu-loops.js'); impl = which === 'f32' ? m.float32LoopImpl() : m.float64LoopImpl(); }
console.log(impl.label, impl.notes);
const p = await impl.prepare(net, batch);
for (let r = 0; r < 6; r++) {
  const t0 = performance.now();
  const g = await p.run();
  const t = performance.now() - t0;
  console.log(r, t.toFixed(2), 'ms', (N / t * 1000).toExponential(2), 'ex/s', compareGradients(g, ref, 1e-3));
}
p.release();
await impl.dispose();
process.exit(0);
