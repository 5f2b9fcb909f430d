// ======== linear-forward ========
// ---- generated from src/gpu/wgsl/layouts.ts (linear-forward) ----
const WORKGROUP_SIZE: u32 = 64u;
struct Params {
  count: u32,
  gridStride: u32,
  inDim: u32,
  outDim: u32,
}
@group(0) @binding(0) var<storage, read> aPrev: array<f32>;
@group(0) @binding(1) var<storage, read> W: array<f32>;
@group(0) @binding(2) var<storage, read> b: array<f32>;
@group(0) @binding(3) var<storage, read_write> z: array<f32>;
@group(0) @binding(4) var<uniform> params: Params;
fn thread_index(gid: vec3<u32>) -> u32 { return gid.y * params.gridStride + gid.x; }

// ---- src/gpu/per-op/linear-forward.wgsl ----
// Linear forward: Z = A·Wᵀ + b for a batch, one row per example.
// z[n][i] = b[i] + Σ_j W[i][j] · aPrev[n][j]   (the lesson's z = W·a + b, once per example)
// One thread per output element (n, i); widths need not divide the workgroup size because
// threads past `count` return.

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let t = thread_index(gid);
  if (t >= params.count) { return; }
  let n = t / params.outDim;
  let i = t % params.outDim;
  let aRow = n * params.inDim;
  let wRow = i * params.inDim;
  var sum = b[i];
  for (var j = 0u; j < params.inDim; j++) {
    sum += W[wRow + j] * aPrev[aRow + j];
  }
  z[t] = sum;
}

// ======== softmax-cross-entropy ========
// ---- generated from src/gpu/wgsl/layouts.ts (softmax-cross-entropy) ----
const WORKGROUP_SIZE: u32 = 64u;
struct Params {
  count: u32,
  gridStride: u32,
  classes: u32,
  batchSize: f32,
}
@group(0) @binding(0) var<storage, read> z: array<f32>;
@group(0) @binding(1) var<storage, read> labels: array<u32>;
@group(0) @binding(2) var<storage, read_write> p: array<f32>;
@group(0) @binding(3) var<storage, read_write> lossPerExample: array<f32>;
@group(0) @binding(4) var<storage, read_write> dz: array<f32>;
@group(0) @binding(5) var<uniform> params: Params;
fn thread_index(gid: vec3<u32>) -> u32 { return gid.y * params.gridStride + gid.x; }

// ---- shared functions (src/gpu/wgsl/functions.ts, rules from src/ops/) ----
// −log p_label = log s − (z_label − m), never exp of a large number (src/ops/softmax-cross-entropy.ts).
fn softmax_ce_loss(s: f32, zLabel: f32, m: f32) -> f32 { return log(s) - (zLabel - m); }
// dL/dz_i of the batch-mean loss = (p_i − t_i) / N, with t one-hot at the label.
fn softmax_ce_grad(p: f32, isLabel: bool, invN: f32) -> f32 { return (p - select(0.0, 1.0, isLabel)) * invN; }

// ---- src/gpu/per-op/softmax-cross-entropy.wgsl ----
// Softmax + cross-entropy for one example per thread, in the numerically stable form:
//   m = max_i z_i,  s = Σ_i exp(z_i − m),  p_i = exp(z_i − m) / s,
//   loss = softmax_ce_loss(s, z_label, m),  dL/dz_i = softmax_ce_grad(p_i, i == label, 1/N)
// (the shared functions: −log p_label = log s − (z_label − m), and the lesson's step 1, (p − t)/N).

// BUG (src/break/bugs.ts): 0 runs the lesson's rule; the page's and CLI's "break it" set it to run one classic bug.
override BUG: u32 = 0u;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let n = thread_index(gid);
  if (n >= params.count) { return; }
  let C = params.classes;
  let row = n * C;
  var m = z[row];
  for (var i = 1u; i < C; i++) { m = max(m, z[row + i]); }
  var s = 0.0;
  for (var i = 0u; i < C; i++) { s += exp(z[row + i] - m); }
  let label = labels[n];
  lossPerExample[n] = softmax_ce_loss(s, z[row + label], m);
  // BUG 3: the 1/N of the batch mean dropped.
  let invN = select(1.0 / params.batchSize, 1.0, BUG == 3u);
  for (var i = 0u; i < C; i++) {
    let prob = exp(z[row + i] - m) / s;
    p[row + i] = prob;
    // BUG 4: p instead of p − t.
    dz[row + i] = softmax_ce_grad(prob, i == label && BUG != 4u, invN);
  }
}

// ======== backward-data ========
// ---- generated from src/gpu/wgsl/layouts.ts (backward-data) ----
const WORKGROUP_SIZE: u32 = 64u;
struct Params {
  count: u32,
  gridStride: u32,
  inDim: u32,
  outDim: u32,
}
@group(0) @binding(0) var<storage, read> dz: array<f32>;
@group(0) @binding(1) var<storage, read> W: array<f32>;
@group(0) @binding(2) var<storage, read> localPrev: array<f32>;
@group(0) @binding(3) var<storage, read_write> daPrev: array<f32>;
@group(0) @binding(4) var<storage, read_write> dzPrev: array<f32>;
@group(0) @binding(5) var<uniform> params: Params;
fn thread_index(gid: vec3<u32>) -> u32 { return gid.y * params.gridStride + gid.x; }

// ---- src/gpu/per-op/backward-data.wgsl ----
// Backward through a layer to the one below it, one thread per (example n, input unit j):
//   dL/da_prev[n][j] = Σ_i dL/dz[n][i] · W[i][j]              (the same W, read transposed)
//   dL/dz_prev[n][j] = dL/da_prev[n][j] · f'(z_prev[n][j])     (the local derivative activation.wgsl kept)
// Multiplying by relu's 0 (rather than selecting 0) keeps the reference's sign of zero.

// BUG (src/break/bugs.ts): 0 runs the lesson's rule; the page's and CLI's "break it" set it to run one classic bug.
override BUG: u32 = 0u;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let t = thread_index(gid);
  if (t >= params.count) { return; }
  let n = t / params.inDim;
  let j = t % params.inDim;
  let dzRow = n * params.outDim;
  var sum = 0.0;
  for (var i = 0u; i < params.outDim; i++) {
    // BUG 2: W read with its strides swapped instead of transposed.
    sum += dz[dzRow + i] * W[select(i * params.inDim + j, j * params.outDim + i, BUG == 2u)];
  }
  daPrev[t] = sum;
  // BUG 1: the activation's local derivative forgotten.
  dzPrev[t] = sum * select(localPrev[t], 1.0, BUG == 1u);
}

// ======== parameter-gradients ========
// ---- generated from src/gpu/wgsl/layouts.ts (parameter-gradients) ----
const WORKGROUP_SIZE: u32 = 64u;
struct Params {
  count: u32,
  gridStride: u32,
  rows: u32,
  inDim: u32,
  outDim: u32,
  blockRows: u32,
  blockOffset: u32,
}
@group(0) @binding(0) var<storage, read> dz: array<f32>;
@group(0) @binding(1) var<storage, read> aPrev: array<f32>;
@group(0) @binding(2) var<storage, read_write> partials: array<f32>;
@group(0) @binding(3) var<uniform> params: Params;
fn thread_index(gid: vec3<u32>) -> u32 { return gid.y * params.gridStride + gid.x; }

// ---- src/gpu/per-op/parameter-gradients.wgsl ----
// Parameter gradients, pass 1 of a deterministic two-pass reduction (WGSL has no float atomics).
//   dW[i][j] = Σ_n dL/dz[n][i] · a_prev[n][j],   db[i] = Σ_n dL/dz[n][i]
// The batch is cut into blocks of `blockRows` examples; one thread sums one parameter over one
// block, in example order, and writes it to its own slot of `partials`. Each partial row is laid
// out [W row 0 | b0 | W row 1 | b1 | …] (P = outDim × (inDim + 1)): the bias is the weight of a
// constant input 1. Block numbers are global (`blockOffset` = first block of this chunk), so a
// batch cut into chunks writes the same partials as the batch in one piece; sum-rows.wgsl then
// reduces the partials in a fixed order. Same inputs → same additions in the same order → the
// same bits, on every run.

// BUG (src/break/bugs.ts): 0 runs the lesson's rule; the page's and CLI's "break it" set it to run one classic bug.
override BUG: u32 = 0u;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let t = thread_index(gid);
  if (t >= params.count) { return; }
  let cols = params.inDim + 1u;
  let P = params.outDim * cols;
  let block = t / P;
  let p = t % P;
  let i = p / cols;
  let j = p % cols;
  let first = block * params.blockRows;
  let last = min(first + params.blockRows, params.rows);
  // Every block holds at least one example. Starting the sum from the first term is the same as
  // starting from −0 (−0 + t = t exactly, for every t), as the float64 reference does, so a dead
  // unit's gradient keeps its sign and prints as the lesson prints it ("-0.000000"); a literal
  // −0.0 start does not survive compilation on SwiftShader.
  var sum: f32;
  if (j == params.inDim) {
    sum = dz[first * params.outDim + i];
    for (var n = first + 1u; n < last; n++) { sum += dz[n * params.outDim + i]; }
    // BUG 6: the bias gradient not summed over the batch: example 0's dL/dz only.
    if (BUG == 6u) { sum = select(0.0, dz[first * params.outDim + i], params.blockOffset + block == 0u); }
  } else {
    sum = dz[first * params.outDim + i] * aPrev[first * params.inDim + j];
    for (var n = first + 1u; n < last; n++) { sum += dz[n * params.outDim + i] * aPrev[n * params.inDim + j]; }
  }
  partials[(params.blockOffset + block) * P + p] = sum;
}

// ======== sum-rows ========
// ---- generated from src/gpu/wgsl/layouts.ts (sum-rows) ----
const WORKGROUP_SIZE: u32 = 64u;
struct Params {
  count: u32,
  gridStride: u32,
  rows: u32,
  cols: u32,
  groupRows: u32,
  dstOffset: u32,
}
@group(0) @binding(0) var<storage, read> src: array<f32>;
@group(0) @binding(1) var<storage, read_write> dst: array<f32>;
@group(0) @binding(2) var<uniform> params: Params;
fn thread_index(gid: vec3<u32>) -> u32 { return gid.y * params.gridStride + gid.x; }

// ---- src/gpu/reduction/sum-rows.wgsl ----
// Deterministic reduction, one level: dst[dstOffset + g·cols + c] = Σ src[r·cols + c] over the
// group g·groupRows ≤ r < (g+1)·groupRows, added in row order by one thread. Repeated until one
// row is left, it is pass 2 of the gradient reduction and both passes of the batch-mean loss.
// The tree's shape depends only on the sizes, never on timing, so results are bit-identical
// run to run.

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let t = thread_index(gid);
  if (t >= params.count) { return; }
  let g = t / params.cols;
  let c = t % params.cols;
  let first = g * params.groupRows;
  let last = min(first + params.groupRows, params.rows);
  // Groups are never empty; starting from the first row equals starting from −0 (see
  // parameter-gradients.wgsl) and keeps the sign of an all-zero sum.
  var sum = src[first * params.cols + c];
  for (var r = first + 1u; r < last; r++) { sum += src[r * params.cols + c]; }
  dst[params.dstOffset + g * params.cols + c] = sum;
}

// ======== activation (relu) ========
// ---- generated from src/gpu/wgsl/layouts.ts (activation) ----
const WORKGROUP_SIZE: u32 = 64u;
struct Params {
  count: u32,
  gridStride: u32,
}
@group(0) @binding(0) var<storage, read> z: array<f32>;
@group(0) @binding(1) var<storage, read_write> a: array<f32>;
@group(0) @binding(2) var<storage, read_write> local: array<f32>;
@group(0) @binding(3) var<uniform> params: Params;
fn thread_index(gid: vec3<u32>) -> u32 { return gid.y * params.gridStride + gid.x; }

// ---- shared functions (src/gpu/wgsl/functions.ts, rules from src/ops/) ----
fn relu(z: f32) -> f32 { return select(0.0, z, z > 0.0); }
fn relu_grad(a: f32) -> f32 { return select(0.0, 1.0, a > 0.0); }

// ---- generated for this network (src/gpu/per-op/per-op-source.ts) ----
fn activation(z: f32) -> f32 { return relu(z); }
fn activation_grad(a: f32) -> f32 { return relu_grad(a); }

// ---- src/gpu/per-op/activation.wgsl ----
// A hidden layer's activation, one thread per element: a = f(z), and its local derivative f'(z)
// (stated through a, see src/ops/activations.ts), kept for backward-data.wgsl, which multiplies the
// upstream gradient by it. f is the layer's activation from the op table: the assembler includes
// its shared function and binds `activation` / `activation_grad` to it (src/gpu/wgsl/assemble.ts).

// BUG (src/break/bugs.ts): 0 runs the lesson's rule; the page's and CLI's "break it" set it to run one classic bug.
override BUG: u32 = 0u;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let t = thread_index(gid);
  if (t >= params.count) { return; }
  let value = activation(z[t]);
  a[t] = value;
  // BUG 5 (set only on relu's kernel): relu'(0) taken as 1.
  local[t] = select(activation_grad(value), 1.0, BUG == 5u && z[t] == 0.0);
}

// ======== activation (sigmoid) ========
// ---- generated from src/gpu/wgsl/layouts.ts (activation) ----
const WORKGROUP_SIZE: u32 = 64u;
struct Params {
  count: u32,
  gridStride: u32,
}
@group(0) @binding(0) var<storage, read> z: array<f32>;
@group(0) @binding(1) var<storage, read_write> a: array<f32>;
@group(0) @binding(2) var<storage, read_write> local: array<f32>;
@group(0) @binding(3) var<uniform> params: Params;
fn thread_index(gid: vec3<u32>) -> u32 { return gid.y * params.gridStride + gid.x; }

// ---- shared functions (src/gpu/wgsl/functions.ts, rules from src/ops/) ----
fn sigmoid(z: f32) -> f32 {
  let e = exp(-abs(z));
  return select(e / (1.0 + e), 1.0 / (1.0 + e), z >= 0.0);
}
fn sigmoid_grad(a: f32) -> f32 { return a * (1.0 - a); }

// ---- generated for this network (src/gpu/per-op/per-op-source.ts) ----
fn activation(z: f32) -> f32 { return sigmoid(z); }
fn activation_grad(a: f32) -> f32 { return sigmoid_grad(a); }

// ---- src/gpu/per-op/activation.wgsl ----
// A hidden layer's activation, one thread per element: a = f(z), and its local derivative f'(z)
// (stated through a, see src/ops/activations.ts), kept for backward-data.wgsl, which multiplies the
// upstream gradient by it. f is the layer's activation from the op table: the assembler includes
// its shared function and binds `activation` / `activation_grad` to it (src/gpu/wgsl/assemble.ts).

// BUG (src/break/bugs.ts): 0 runs the lesson's rule; the page's and CLI's "break it" set it to run one classic bug.
override BUG: u32 = 0u;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let t = thread_index(gid);
  if (t >= params.count) { return; }
  let value = activation(z[t]);
  a[t] = value;
  // BUG 5 (set only on relu's kernel): relu'(0) taken as 1.
  local[t] = select(activation_grad(value), 1.0, BUG == 5u && z[t] == 0.0);
}

// ======== activation (tanh) ========
// ---- generated from src/gpu/wgsl/layouts.ts (activation) ----
const WORKGROUP_SIZE: u32 = 64u;
struct Params {
  count: u32,
  gridStride: u32,
}
@group(0) @binding(0) var<storage, read> z: array<f32>;
@group(0) @binding(1) var<storage, read_write> a: array<f32>;
@group(0) @binding(2) var<storage, read_write> local: array<f32>;
@group(0) @binding(3) var<uniform> params: Params;
fn thread_index(gid: vec3<u32>) -> u32 { return gid.y * params.gridStride + gid.x; }

// ---- shared functions (src/gpu/wgsl/functions.ts, rules from src/ops/) ----
fn tanh_act(z: f32) -> f32 {
  let e = exp(-2.0 * abs(z));
  return sign(z) * (1.0 - e) / (1.0 + e);
}
fn tanh_grad(a: f32) -> f32 { return 1.0 - a * a; }

// ---- generated for this network (src/gpu/per-op/per-op-source.ts) ----
fn activation(z: f32) -> f32 { return tanh_act(z); }
fn activation_grad(a: f32) -> f32 { return tanh_grad(a); }

// ---- src/gpu/per-op/activation.wgsl ----
// A hidden layer's activation, one thread per element: a = f(z), and its local derivative f'(z)
// (stated through a, see src/ops/activations.ts), kept for backward-data.wgsl, which multiplies the
// upstream gradient by it. f is the layer's activation from the op table: the assembler includes
// its shared function and binds `activation` / `activation_grad` to it (src/gpu/wgsl/assemble.ts).

// BUG (src/break/bugs.ts): 0 runs the lesson's rule; the page's and CLI's "break it" set it to run one classic bug.
override BUG: u32 = 0u;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let t = thread_index(gid);
  if (t >= params.count) { return; }
  let value = activation(z[t]);
  a[t] = value;
  // BUG 5 (set only on relu's kernel): relu'(0) taken as 1.
  local[t] = select(activation_grad(value), 1.0, BUG == 5u && z[t] == 0.0);
}
