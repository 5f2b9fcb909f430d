/**
 * The plain JavaScript loops a user would write first: one example at a time, forward then
 * backward, accumulating dW and db. No N-sized intermediates (unlike src/reference/float64-pass.ts,
 * which keeps every z, a, dz for the trace). Two copies, Float64Array and Float32Array storage, kept
 * separate so each stays monomorphic for V8.
 *
 * The hidden activation and its local derivative come from the op table (src/ops/activations.ts),
 * looked up once per run, outside the loops: each call site then sees one function for the whole
 * run (relu in the benchmark), which V8 inlines, so the loop measures what a hand-written one would.
 */
import { activationRule, type Batch, type Network } from '../../src/network/network.js';
import type { ActivationRule } from '../../src/ops/activations.js';
import type { Gradients } from '../../src/record/pass-record.js';
import type { Impl, Prepared } from './types.js';

/** Float64 loop. Also the orchestrator's reference for the correctness check (itself checked
 *  against float64Pass). */
export function float64LoopGradients(network: Network, batch: Batch): Gradients {
  const layers = network.layers;
  const L = layers.length;
  const N = batch.size;
  const inDim = batch.inDim;
  const x = batch.inputs;
  const acts: Float64Array[] = layers.map((l) => new Float64Array(l.outDim));
  const zs: Float64Array[] = layers.map((l) => new Float64Array(l.outDim));
  const dzs: Float64Array[] = layers.map((l) => new Float64Array(l.outDim));
  const dW = layers.map((l) => new Float64Array(l.outDim * l.inDim));
  const db = layers.map((l) => new Float64Array(l.outDim));
  const forward = layers.map((l) => activationRule(l).forward);
  const derivative = layers.map((l) => activationRule(l).derivative);
  const invN = 1 / N;
  for (let n = 0; n < N; n++) {
    const xo = n * inDim;
    for (let l = 0; l < L; l++) {
      const { W, b, inDim: K, outDim: M } = layers[l];
      const z = zs[l];
      const a = acts[l];
      const prev = l === 0 ? null : acts[l - 1];
      for (let i = 0; i < M; i++) {
        let s = b[i];
        const wo = i * K;
        if (prev === null) for (let j = 0; j < K; j++) s += W[wo + j] * x[xo + j];
        else for (let j = 0; j < K; j++) s += W[wo + j] * prev[j];
        z[i] = s;
        a[i] = l < L - 1 ? forward[l](s) : s;
      }
    }
    // softmax + cross-entropy: dL/dz = (p − onehot) / N
    const logits = zs[L - 1];
    const C = logits.length;
    let max = -Infinity;
    for (let i = 0; i < C; i++) if (logits[i] > max) max = logits[i];
    let sum = 0;
    const dzo = dzs[L - 1];
    for (let i = 0; i < C; i++) {
      const e = Math.exp(logits[i] - max);
      dzo[i] = e;
      sum += e;
    }
    const label = batch.labels[n];
    for (let i = 0; i < C; i++) dzo[i] = (dzo[i] / sum - (i === label ? 1 : 0)) * invN;
    for (let l = L - 1; l >= 0; l--) {
      const { W, inDim: K, outDim: M } = layers[l];
      const dz = dzs[l];
      const gW = dW[l];
      const gb = db[l];
      const prev = l === 0 ? null : acts[l - 1];
      for (let i = 0; i < M; i++) {
        const g = dz[i];
        gb[i] += g;
        if (g === 0) continue;
        const wo = i * K;
        if (prev === null) for (let j = 0; j < K; j++) gW[wo + j] += g * x[xo + j];
        else for (let j = 0; j < K; j++) gW[wo + j] += g * prev[j];
      }
      if (l === 0) break;
      const dzPrev = dzs[l - 1];
      const aPrev = acts[l - 1];
      const localOf = derivative[l - 1];
      for (let j = 0; j < K; j++) {
        // dL/dz_prev = (Wᵀ · dL/dz) · f'(z_prev); a blocked unit (dead ReLU) skips the sum.
        const local = localOf(aPrev[j]);
        let s = 0;
        if (local !== 0) for (let i = 0; i < M; i++) s += dz[i] * W[i * K + j];
        dzPrev[j] = s * local;
      }
    }
  }
  return { dW, db };
}

interface Layer32 {
  inDim: number;
  outDim: number;
  W: Float32Array;
  b: Float32Array;
  /** The hidden activation's rule from the op table (ignored on the output layer). */
  rule: ActivationRule;
}

/** Float32 loop: the same algorithm with Float32Array storage (weights, inputs, activations,
 *  accumulators); arithmetic is JS doubles rounded to float32 on every store. */
export function float32LoopGradients(layers: readonly Layer32[], x: Float32Array, labels: Uint32Array, N: number): { dW: Float32Array[]; db: Float32Array[] } {
  const L = layers.length;
  const inDim = layers[0].inDim;
  const acts: Float32Array[] = layers.map((l) => new Float32Array(l.outDim));
  const zs: Float32Array[] = layers.map((l) => new Float32Array(l.outDim));
  const dzs: Float32Array[] = layers.map((l) => new Float32Array(l.outDim));
  const dW = layers.map((l) => new Float32Array(l.outDim * l.inDim));
  const db = layers.map((l) => new Float32Array(l.outDim));
  const forward = layers.map((l) => l.rule.forward);
  const derivative = layers.map((l) => l.rule.derivative);
  const invN = Math.fround(1 / N);
  for (let n = 0; n < N; n++) {
    const xo = n * inDim;
    for (let l = 0; l < L; l++) {
      const { W, b, inDim: K, outDim: M } = layers[l];
      const z = zs[l];
      const a = acts[l];
      const prev = l === 0 ? null : acts[l - 1];
      for (let i = 0; i < M; i++) {
        let s = b[i];
        const wo = i * K;
        if (prev === null) for (let j = 0; j < K; j++) s = Math.fround(s + Math.fround(W[wo + j] * x[xo + j]));
        else for (let j = 0; j < K; j++) s = Math.fround(s + Math.fround(W[wo + j] * prev[j]));
        z[i] = s;
        a[i] = l < L - 1 ? forward[l](s) : s;
      }
    }
    const logits = zs[L - 1];
    const C = logits.length;
    let max = -Infinity;
    for (let i = 0; i < C; i++) if (logits[i] > max) max = logits[i];
    let sum = 0;
    const dzo = dzs[L - 1];
    for (let i = 0; i < C; i++) {
      dzo[i] = Math.exp(logits[i] - max);
      sum = Math.fround(sum + dzo[i]);
    }
    const label = labels[n];
    for (let i = 0; i < C; i++) dzo[i] = (dzo[i] / sum - (i === label ? 1 : 0)) * invN;
    for (let l = L - 1; l >= 0; l--) {
      const { W, inDim: K, outDim: M } = layers[l];
      const dz = dzs[l];
      const gW = dW[l];
      const gb = db[l];
      const prev = l === 0 ? null : acts[l - 1];
      for (let i = 0; i < M; i++) {
        const g = dz[i];
        gb[i] += g;
        if (g === 0) continue;
        const wo = i * K;
        if (prev === null) for (let j = 0; j < K; j++) gW[wo + j] += g * x[xo + j];
        else for (let j = 0; j < K; j++) gW[wo + j] += g * prev[j];
      }
      if (l === 0) break;
      const dzPrev = dzs[l - 1];
      const aPrev = acts[l - 1];
      const localOf = derivative[l - 1];
      for (let j = 0; j < K; j++) {
        const local = Math.fround(localOf(aPrev[j]));
        let s = 0;
        if (local !== 0) for (let i = 0; i < M; i++) s = Math.fround(s + Math.fround(dz[i] * W[i * K + j]));
        dzPrev[j] = s * local;
      }
    }
  }
  return { dW, db };
}

export function float64LoopImpl(): Impl {
  return {
    id: 'f64-loop',
    label: 'float64 JS loop (CPU)',
    device: 'cpu',
    ours: false,
    precision: 'f64',
    notes: {
      what: 'one example at a time, Float64Array; the lean form of src/reference/float64-pass.ts (which also keeps every intermediate for the trace)',
    },
    async prepare(network, batch): Promise<Prepared> {
      return { run: async () => float64LoopGradients(network, batch), release() {} };
    },
    async dispose() {},
  };
}

export function float32LoopImpl(): Impl {
  return {
    id: 'f32-loop',
    label: 'float32 JS loop (CPU)',
    device: 'cpu',
    ours: false,
    precision: 'f32',
    notes: { what: 'the same loop with Float32Array storage, Math.fround on every accumulate' },
    async prepare(network, batch): Promise<Prepared> {
      const layers = network.layers.map((l) => ({ inDim: l.inDim, outDim: l.outDim, W: Float32Array.from(l.W), b: Float32Array.from(l.b), rule: activationRule(l) }));
      const x = Float32Array.from(batch.inputs);
      return {
        run: async () => {
          const g = float32LoopGradients(layers, x, batch.labels, batch.size);
          return { dW: g.dW.map((a) => Float64Array.from(a)), db: g.db.map((a) => Float64Array.from(a)) };
        },
        release() {},
      };
    },
    async dispose() {},
  };
}
