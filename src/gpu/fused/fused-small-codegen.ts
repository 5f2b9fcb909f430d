/**
 * The fused-small kernel, generated whole for one network's widths and hidden activations.
 *
 * Fused forward + backward for small networks: each thread runs a stream of examples
 * (n = t, t + threads, t + 2·threads, …) entirely in registers and keeps its own running sums of
 * every gradient and of the loss. Nothing per example is written to memory: at the end each
 * thread writes one partial row [all layers' dW | db … | loss] and sum-rows.wgsl reduces the
 * rows in a fixed order (deterministic, like the per-op path).
 * Small batches (`singleGroup`, see fused-plan.ts): one workgroup runs the whole batch, its threads
 * add their rows up in workgroup memory in thread order and write the final sums themselves — one
 * dispatch per run, no reduction pass.
 *
 * The network's widths are compile-time constants: the code is straight-line (one `let` per weight
 * and activation, unrolled loops), which is what lets a CPU-emulated GPU keep everything in
 * registers. It is the lesson's steps, spelled out per unit, each op calling its shared function
 * (src/gpu/wgsl/functions.ts):
 *   z = W·a + b;  a = f(z)  …  p = softmax(z);  loss += log Σ exp(z − m) − (z_label − m)
 *   dz = (p − t)/N;  dW += dz·aᵀ;  db += dz;  da = Wᵀ·dz;  dz_below = da ⊙ f'(z_below) …
 * Names: w{l}_{i}_{j} / b{l}_{i} weights, x{j} inputs, z{l}_{i} / a{l}_{i} forward values,
 * d{l}_{i} = dL/dz, g{k} the thread's running gradient sums in the packed [W | b] layout.
 */
import { ACTIVATIONS, type ActivationName } from '../../ops/activations.js';
import { layerOffsets } from '../reduction/gradient-layout.js';
import { FUSED_SMALL } from '../wgsl/layouts.js';
import { assembleKernel } from '../wgsl/assemble.js';

/** Networks up to these sizes get the register kernel; bigger ones use the tiled kernel. */
export const FUSED_SMALL_MAX_WIDTH = 16;
export const FUSED_SMALL_MAX_PARAMS = 320;

export function fitsFusedSmall(dims: readonly number[]): boolean {
  return Math.max(...dims) <= FUSED_SMALL_MAX_WIDTH && layerOffsets(dims).total <= FUSED_SMALL_MAX_PARAMS;
}

/** The kernel's full WGSL for a network of these widths and hidden activations (one per hidden layer). */
export function fusedSmallSource(dims: readonly number[], activations: readonly ActivationName[], opts: { singleGroup?: boolean } = {}): string {
  const L = dims.length - 1;
  const { offsets, total } = layerOffsets(dims);
  const gIndex = (l: number, i: number, j: number) => offsets[l] + i * (dims[l] + 1) + j;
  const range = (n: number) => Array.from({ length: n }, (_, k) => k);
  const ind = '      ';
  const lines = (xs: string[], indent = '  ') => xs.map((s) => indent + s).join('\n');
  /** Activation j of layer l's input: the example's input for l = 0. */
  const input = (l: number, j: number) => (l === 0 ? `x${j}` : `a${l - 1}_${j}`);

  const load: string[] = [];
  for (let l = 0; l < L; l++) {
    for (const i of range(dims[l + 1])) {
      for (const j of range(dims[l])) load.push(`let w${l}_${i}_${j} = weights[${gIndex(l, i, j)}u];`);
      load.push(`let b${l}_${i} = weights[${gIndex(l, i, dims[l])}u];`);
    }
  }
  const C = dims[L];
  const out = L - 1;
  // Sums start at −0, as the float64 reference's do (negative_zero: a −0.0 literal would come out +0).
  const sums = [...range(total).map((k) => `var g${k} = negZero;`), 'var lossSum = 0.0;'];

  const ex: string[] = [];
  ex.push(...range(dims[0]).map((j) => `let x${j} = inputs[n * ${dims[0]}u + ${j}u];`));
  ex.push('let label = labels[n];');
  for (let l = 0; l < L; l++) {
    for (const i of range(dims[l + 1])) {
      const terms = range(dims[l]).map((j) => ` + w${l}_${i}_${j} * ${input(l, j)}`).join('');
      ex.push(`let z${l}_${i} = b${l}_${i}${terms};`);
      if (l < L - 1) ex.push(`let a${l}_${i} = ${ACTIVATIONS[activations[l]].wgsl.forward}(z${l}_${i});`);
    }
  }
  // Softmax + cross-entropy, stable form; the label picks its logit with selects (no indexing).
  // (Tried and dropped, measured on SwiftShader: one exp serving both of two classes — no gain.)
  ex.push(`let m = ${range(C).reduce((acc, i) => (acc === '' ? `z${out}_${i}` : `max(${acc}, z${out}_${i})`), '')};`);
  ex.push(...range(C).map((i) => `let e${i} = exp(z${out}_${i} - m);`));
  ex.push(`let s = ${range(C).map((i) => `e${i}`).join(' + ')};`);
  ex.push(`let zLabel = ${range(C).slice(1).reduce((acc, i) => `select(${acc}, z${out}_${i}, label == ${i}u)`, `z${out}_0`)};`);
  ex.push('sProduct *= s;'); // its log is taken once per group, see `main` below
  // softmax_ce_loss(s, zLabel, m) = log s − (zLabel − m), split: the log is taken per group below.
  ex.push('lossSum -= zLabel - m;');
  ex.push('let invS = 1.0 / s;');
  ex.push(...range(C).map((i) => `let d${out}_${i} = softmax_ce_grad(e${i} * invS, label == ${i}u, invN);`));
  for (let l = L - 1; l >= 0; l--) {
    for (const i of range(dims[l + 1])) {
      for (const j of range(dims[l])) ex.push(`g${gIndex(l, i, j)} += d${l}_${i} * ${input(l, j)};`);
      ex.push(`g${gIndex(l, i, dims[l])} += d${l}_${i};`);
    }
    if (l > 0) {
      for (const j of range(dims[l])) {
        // dL/da as the float64 reference sums it, from +0: a zero sum is then +0 even when every
        // term is −0, a sign a dead unit below passes on. SwiftShader folds a +0 start away (even
        // one made at run time), so a zero sum is replaced by +0 instead.
        const da = range(dims[l + 1]).map((i) => `d${l}_${i} * w${l}_${i}_${j}`).join(' + ');
        ex.push(`let da${l - 1}_${j} = ${da};`);
        // The local derivative as a factor, as backward-data.wgsl applies it.
        ex.push(`let d${l - 1}_${j} = select(da${l - 1}_${j}, 0.0, da${l - 1}_${j} == 0.0) * ${ACTIVATIONS[activations[l - 1]].wgsl.derivative}(a${l - 1}_${j});`);
      }
    }
  }
  // singleGroup: each thread's row goes to workgroup memory, then thread c adds column c over the
  // threads in order, starting from thread 0's value (as sum-rows.wgsl starts from its first row),
  // into row 0 of `partials` (bound to the results). Every thread takes part in the barrier, so
  // none may return early; threads without examples add −0 rows, which change no sum.
  const single = opts.singleGroup === true;
  const dst = single ? 'rowsW' : 'partials';
  const store = range(total).map((k) => `${dst}[row + ${k}u] = g${k};`);
  store.push(`${dst}[row + ${total}u] = lossSum;`);
  if (single) {
    store.push(
      'workgroupBarrier();',
      'for (var c = t; c < PARTIAL_WIDTH; c += WORKGROUP_SIZE) {',
      '  var sum = rowsW[c];',
      '  for (var r = 1u; r < WORKGROUP_SIZE; r++) { sum += rowsW[r * PARTIAL_WIDTH + c]; }',
      '  partials[c] = sum;',
      '}',
    );
  }
  const main = `@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let t = gid.x;
${single ? '' : '  if (t >= params.threads) { return; }\n'}  let invN = 1.0 / params.batchSize;
  let negZero = negative_zero(invN);
${lines(load)}
${lines(sums)}
  // The loss needs Σ log s (s = Σ exp(z − m) per example); a log costs as much as the rest of an
  // example's arithmetic here, so it is taken once per group of LOG_GROUP examples, as
  // log Π s. Each s lies in [1, classes], so the product stays far inside f32's range, and its
  // rounding (LOG_GROUP · 2^-24 relative) adds as little error as the individual logs would.
  // A group is a loop of its own, not a branch: a CPU-emulated GPU runs both sides of a branch.
  for (var groupStart = t; groupStart < params.rows; groupStart += LOG_GROUP * params.threads) {
    var sProduct = 1.0;
    let groupEnd = min(groupStart + LOG_GROUP * params.threads, params.rows);
    for (var n = groupStart; n < groupEnd; n += params.threads) {
${lines(ex, ind)}
    }
    lossSum += log(sProduct);
  }
  let row = ${single ? 't' : '(params.partialRowOffset + t)'} * PARTIAL_WIDTH;
${lines(store)}
}`;
  return assembleKernel({
    spec: FUSED_SMALL,
    // Π s ≤ C^LOG_GROUP must stay below f32's 2^128: LOG_GROUP · log2(C) ≤ 126.
    constants: { PARTIAL_WIDTH: total + 1, LOG_GROUP: Math.min(64, Math.floor(126 / Math.log2(Math.max(2, C)))) },
    shared: [...new Set(activations), 'softmax_ce', 'negative_zero'],
    generated: single ? ['var<workgroup> rowsW: array<f32, PARTIAL_WIDTH * WORKGROUP_SIZE>;'] : [],
    main,
    generator: 'src/gpu/fused/fused-small-codegen.ts',
  });
}
