// ======== softmax-cross-entropy ========
// ---- generated from src/gpu/wgsl/layouts.ts (softmax-cross-entropy) ----
override WORKGROUP_SIZE: u32 = 64u;
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

// ======== sum-rows ========
// ---- generated from src/gpu/wgsl/layouts.ts (sum-rows) ----
override WORKGROUP_SIZE: u32 = 64u;
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

// ======== linear-forward (layer 1, 2 → 3) ========
// ---- generated from src/gpu/wgsl/layouts.ts (linear-forward) ----
override WORKGROUP_SIZE: u32 = 64u;
const IN_DIM: u32 = 2u;
const OUT_DIM: u32 = 3u;
const UNIT_TILES: u32 = 1u;
const TE: u32 = 8u;
const TU: u32 = 3u;
struct Params {
  count: u32,
  gridStride: u32,
  rows: u32,
}
@group(0) @binding(0) var<storage, read> aPrev: array<f32>;
@group(0) @binding(1) var<storage, read> W: array<f32>;
@group(0) @binding(2) var<storage, read> b: array<f32>;
@group(0) @binding(3) var<storage, read_write> z: array<f32>;
@group(0) @binding(4) var<uniform> params: Params;
fn thread_index(gid: vec3<u32>) -> u32 { return gid.y * params.gridStride + gid.x; }

// ---- generated for this network (src/gpu/per-op/per-op-codegen.ts) ----
fn forward_tile(n0: u32, i0: u32, lastRow: u32) {
  let aRow0 = min(n0 + 0u, lastRow) * IN_DIM;
  let aRow1 = min(n0 + 1u, lastRow) * IN_DIM;
  let aRow2 = min(n0 + 2u, lastRow) * IN_DIM;
  let aRow3 = min(n0 + 3u, lastRow) * IN_DIM;
  let aRow4 = min(n0 + 4u, lastRow) * IN_DIM;
  let aRow5 = min(n0 + 5u, lastRow) * IN_DIM;
  let aRow6 = min(n0 + 6u, lastRow) * IN_DIM;
  let aRow7 = min(n0 + 7u, lastRow) * IN_DIM;
  let unit0 = min(i0 + 0u, OUT_DIM - 1u);
  let unit1 = min(i0 + 1u, OUT_DIM - 1u);
  let unit2 = min(i0 + 2u, OUT_DIM - 1u);
  let wRow0 = unit0 * IN_DIM;
  let wRow1 = unit1 * IN_DIM;
  let wRow2 = unit2 * IN_DIM;
  let b0 = b[unit0];
  let b1 = b[unit1];
  let b2 = b[unit2];
  var s0_0 = b0;
  var s0_1 = b1;
  var s0_2 = b2;
  var s1_0 = b0;
  var s1_1 = b1;
  var s1_2 = b2;
  var s2_0 = b0;
  var s2_1 = b1;
  var s2_2 = b2;
  var s3_0 = b0;
  var s3_1 = b1;
  var s3_2 = b2;
  var s4_0 = b0;
  var s4_1 = b1;
  var s4_2 = b2;
  var s5_0 = b0;
  var s5_1 = b1;
  var s5_2 = b2;
  var s6_0 = b0;
  var s6_1 = b1;
  var s6_2 = b2;
  var s7_0 = b0;
  var s7_1 = b1;
  var s7_2 = b2;
  for (var j = 0u; j < IN_DIM; j++) {
    let a0 = aPrev[aRow0 + j];
    let a1 = aPrev[aRow1 + j];
    let a2 = aPrev[aRow2 + j];
    let a3 = aPrev[aRow3 + j];
    let a4 = aPrev[aRow4 + j];
    let a5 = aPrev[aRow5 + j];
    let a6 = aPrev[aRow6 + j];
    let a7 = aPrev[aRow7 + j];
    let w0 = W[wRow0 + j];
    let w1 = W[wRow1 + j];
    let w2 = W[wRow2 + j];
    s0_0 += w0 * a0;
    s0_1 += w1 * a0;
    s0_2 += w2 * a0;
    s1_0 += w0 * a1;
    s1_1 += w1 * a1;
    s1_2 += w2 * a1;
    s2_0 += w0 * a2;
    s2_1 += w1 * a2;
    s2_2 += w2 * a2;
    s3_0 += w0 * a3;
    s3_1 += w1 * a3;
    s3_2 += w2 * a3;
    s4_0 += w0 * a4;
    s4_1 += w1 * a4;
    s4_2 += w2 * a4;
    s5_0 += w0 * a5;
    s5_1 += w1 * a5;
    s5_2 += w2 * a5;
    s6_0 += w0 * a6;
    s6_1 += w1 * a6;
    s6_2 += w2 * a6;
    s7_0 += w0 * a7;
    s7_1 += w1 * a7;
    s7_2 += w2 * a7;
  }
  if (n0 + 0u < params.rows) {
    if (i0 + 0u < OUT_DIM) { z[(n0 + 0u) * OUT_DIM + i0 + 0u] = s0_0; }
    if (i0 + 1u < OUT_DIM) { z[(n0 + 0u) * OUT_DIM + i0 + 1u] = s0_1; }
    if (i0 + 2u < OUT_DIM) { z[(n0 + 0u) * OUT_DIM + i0 + 2u] = s0_2; }
  }
  if (n0 + 1u < params.rows) {
    if (i0 + 0u < OUT_DIM) { z[(n0 + 1u) * OUT_DIM + i0 + 0u] = s1_0; }
    if (i0 + 1u < OUT_DIM) { z[(n0 + 1u) * OUT_DIM + i0 + 1u] = s1_1; }
    if (i0 + 2u < OUT_DIM) { z[(n0 + 1u) * OUT_DIM + i0 + 2u] = s1_2; }
  }
  if (n0 + 2u < params.rows) {
    if (i0 + 0u < OUT_DIM) { z[(n0 + 2u) * OUT_DIM + i0 + 0u] = s2_0; }
    if (i0 + 1u < OUT_DIM) { z[(n0 + 2u) * OUT_DIM + i0 + 1u] = s2_1; }
    if (i0 + 2u < OUT_DIM) { z[(n0 + 2u) * OUT_DIM + i0 + 2u] = s2_2; }
  }
  if (n0 + 3u < params.rows) {
    if (i0 + 0u < OUT_DIM) { z[(n0 + 3u) * OUT_DIM + i0 + 0u] = s3_0; }
    if (i0 + 1u < OUT_DIM) { z[(n0 + 3u) * OUT_DIM + i0 + 1u] = s3_1; }
    if (i0 + 2u < OUT_DIM) { z[(n0 + 3u) * OUT_DIM + i0 + 2u] = s3_2; }
  }
  if (n0 + 4u < params.rows) {
    if (i0 + 0u < OUT_DIM) { z[(n0 + 4u) * OUT_DIM + i0 + 0u] = s4_0; }
    if (i0 + 1u < OUT_DIM) { z[(n0 + 4u) * OUT_DIM + i0 + 1u] = s4_1; }
    if (i0 + 2u < OUT_DIM) { z[(n0 + 4u) * OUT_DIM + i0 + 2u] = s4_2; }
  }
  if (n0 + 5u < params.rows) {
    if (i0 + 0u < OUT_DIM) { z[(n0 + 5u) * OUT_DIM + i0 + 0u] = s5_0; }
    if (i0 + 1u < OUT_DIM) { z[(n0 + 5u) * OUT_DIM + i0 + 1u] = s5_1; }
    if (i0 + 2u < OUT_DIM) { z[(n0 + 5u) * OUT_DIM + i0 + 2u] = s5_2; }
  }
  if (n0 + 6u < params.rows) {
    if (i0 + 0u < OUT_DIM) { z[(n0 + 6u) * OUT_DIM + i0 + 0u] = s6_0; }
    if (i0 + 1u < OUT_DIM) { z[(n0 + 6u) * OUT_DIM + i0 + 1u] = s6_1; }
    if (i0 + 2u < OUT_DIM) { z[(n0 + 6u) * OUT_DIM + i0 + 2u] = s6_2; }
  }
  if (n0 + 7u < params.rows) {
    if (i0 + 0u < OUT_DIM) { z[(n0 + 7u) * OUT_DIM + i0 + 0u] = s7_0; }
    if (i0 + 1u < OUT_DIM) { z[(n0 + 7u) * OUT_DIM + i0 + 1u] = s7_1; }
    if (i0 + 2u < OUT_DIM) { z[(n0 + 7u) * OUT_DIM + i0 + 2u] = s7_2; }
  }
}

// ---- src/gpu/per-op/linear-forward.wgsl ----
// Linear forward: Z = A·Wᵀ + b for a batch, one row per example.
// z[n][i] = b[i] + Σ_j W[i][j] · aPrev[n][j]   (the lesson's z = W·a + b, once per example)
//
// Register tiling: each thread owns TE examples × TU units of z. Per input column j it loads TE
// activations and TU weights once and uses each of them TU (resp. TE) times, so loads per
// multiply-add fall from 2 to (TE + TU) / (TE·TU). Each z is still summed in the same order
// (b first, then j = 0, 1, …), so the result is the one-thread-per-element kernel's, bit for bit.
// Rows and units past the edges are clamped for the loads (valid reads) and never written.
//
// Generated for the layer (src/gpu/per-op/per-op-codegen.ts): IN_DIM, OUT_DIM, UNIT_TILES, TE, TU
// and `forward_tile`, the tile's loop written out with named accumulators (registers).

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let t = thread_index(gid);
  if (t >= params.count) { return; }
  let n0 = (t / UNIT_TILES) * TE;
  let i0 = (t % UNIT_TILES) * TU;
  forward_tile(n0, i0, params.rows - 1u);
}

// ======== parameter-gradients (layer 1, 2 → 3) ========
// ---- generated from src/gpu/wgsl/layouts.ts (parameter-gradients) ----
override WORKGROUP_SIZE: u32 = 64u;
const IN_DIM: u32 = 2u;
const OUT_DIM: u32 = 3u;
const UNIT_TILES: u32 = 1u;
const COL_TILES: u32 = 1u;
const TI: u32 = 3u;
const TJ: u32 = 3u;
struct Params {
  count: u32,
  gridStride: u32,
  rows: u32,
  blockRows: u32,
  blockOffset: u32,
  partialOffset: u32,
}
@group(0) @binding(0) var<storage, read> dz: array<f32>;
@group(0) @binding(1) var<storage, read> aPrev: array<f32>;
@group(0) @binding(2) var<storage, read_write> partials: array<f32>;
@group(0) @binding(3) var<uniform> params: Params;
fn thread_index(gid: vec3<u32>) -> u32 { return gid.y * params.gridStride + gid.x; }

// ---- generated for this network (src/gpu/per-op/per-op-codegen.ts) ----
fn gradient_tile(first: u32, last: u32, i0: u32, j0: u32, row: u32) {
  let unit0 = min(i0 + 0u, OUT_DIM - 1u);
  let unit1 = min(i0 + 1u, OUT_DIM - 1u);
  let unit2 = min(i0 + 2u, OUT_DIM - 1u);
  let col0 = j0 + 0u;
  let load0 = min(col0, IN_DIM - 1u);
  let bias0 = col0 >= IN_DIM;
  let col1 = j0 + 1u;
  let load1 = min(col1, IN_DIM - 1u);
  let bias1 = col1 >= IN_DIM;
  let col2 = j0 + 2u;
  let load2 = min(col2, IN_DIM - 1u);
  let bias2 = col2 >= IN_DIM;
  let d0 = dz[first * OUT_DIM + unit0];
  let d1 = dz[first * OUT_DIM + unit1];
  let d2 = dz[first * OUT_DIM + unit2];
  let x0 = select(aPrev[first * IN_DIM + load0], 1.0, bias0);
  let x1 = select(aPrev[first * IN_DIM + load1], 1.0, bias1);
  let x2 = select(aPrev[first * IN_DIM + load2], 1.0, bias2);
  var g0_0 = d0 * x0;
  var g0_1 = d0 * x1;
  var g0_2 = d0 * x2;
  var g1_0 = d1 * x0;
  var g1_1 = d1 * x1;
  var g1_2 = d1 * x2;
  var g2_0 = d2 * x0;
  var g2_1 = d2 * x1;
  var g2_2 = d2 * x2;
  for (var n = first + 1u; n < last; n++) {
    let d0 = dz[n * OUT_DIM + unit0];
    let d1 = dz[n * OUT_DIM + unit1];
    let d2 = dz[n * OUT_DIM + unit2];
    let x0 = select(aPrev[n * IN_DIM + load0], 1.0, bias0);
    let x1 = select(aPrev[n * IN_DIM + load1], 1.0, bias1);
    let x2 = select(aPrev[n * IN_DIM + load2], 1.0, bias2);
    g0_0 += d0 * x0;
    g0_1 += d0 * x1;
    g0_2 += d0 * x2;
    g1_0 += d1 * x0;
    g1_1 += d1 * x1;
    g1_2 += d1 * x2;
    g2_0 += d2 * x0;
    g2_1 += d2 * x1;
    g2_2 += d2 * x2;
  }
  if (BUG == 6u) {
    if (bias0) { g0_0 = select(0.0, dz[first * OUT_DIM + unit0], row == params.partialOffset); }
    if (bias1) { g0_1 = select(0.0, dz[first * OUT_DIM + unit0], row == params.partialOffset); }
    if (bias2) { g0_2 = select(0.0, dz[first * OUT_DIM + unit0], row == params.partialOffset); }
    if (bias0) { g1_0 = select(0.0, dz[first * OUT_DIM + unit1], row == params.partialOffset); }
    if (bias1) { g1_1 = select(0.0, dz[first * OUT_DIM + unit1], row == params.partialOffset); }
    if (bias2) { g1_2 = select(0.0, dz[first * OUT_DIM + unit1], row == params.partialOffset); }
    if (bias0) { g2_0 = select(0.0, dz[first * OUT_DIM + unit2], row == params.partialOffset); }
    if (bias1) { g2_1 = select(0.0, dz[first * OUT_DIM + unit2], row == params.partialOffset); }
    if (bias2) { g2_2 = select(0.0, dz[first * OUT_DIM + unit2], row == params.partialOffset); }
  }
  if (i0 + 0u < OUT_DIM) {
    if (col0 <= IN_DIM) { partials[row + (i0 + 0u) * (IN_DIM + 1u) + col0] = g0_0; }
    if (col1 <= IN_DIM) { partials[row + (i0 + 0u) * (IN_DIM + 1u) + col1] = g0_1; }
    if (col2 <= IN_DIM) { partials[row + (i0 + 0u) * (IN_DIM + 1u) + col2] = g0_2; }
  }
  if (i0 + 1u < OUT_DIM) {
    if (col0 <= IN_DIM) { partials[row + (i0 + 1u) * (IN_DIM + 1u) + col0] = g1_0; }
    if (col1 <= IN_DIM) { partials[row + (i0 + 1u) * (IN_DIM + 1u) + col1] = g1_1; }
    if (col2 <= IN_DIM) { partials[row + (i0 + 1u) * (IN_DIM + 1u) + col2] = g1_2; }
  }
  if (i0 + 2u < OUT_DIM) {
    if (col0 <= IN_DIM) { partials[row + (i0 + 2u) * (IN_DIM + 1u) + col0] = g2_0; }
    if (col1 <= IN_DIM) { partials[row + (i0 + 2u) * (IN_DIM + 1u) + col1] = g2_1; }
    if (col2 <= IN_DIM) { partials[row + (i0 + 2u) * (IN_DIM + 1u) + col2] = g2_2; }
  }
}

// ---- src/gpu/per-op/parameter-gradients.wgsl ----
// Parameter gradients, pass 1 of a deterministic two-pass reduction (WGSL has no float atomics).
//   dW[i][j] = Σ_n dL/dz[n][i] · a_prev[n][j],   db[i] = Σ_n dL/dz[n][i]
// The batch is cut into blocks of `blockRows` examples (256, see chunk-plan.ts); one thread sums
// a tile of TI units × TJ columns of one block's [dW | db], walking the block's rows once: per
// example it loads TI upstream gradients and TJ activations and does TI·TJ multiply-adds (the old
// kernel loaded both factors once per parameter, re-reading every row once per parameter).
// Each partial row is laid out [W row 0 | b0 | W row 1 | b1 | …] (P = outDim × (inDim + 1)): the
// bias is the weight of a constant input 1 (column IN_DIM). Block numbers are global
// (`blockOffset` = first block of this chunk), so a batch cut into chunks writes the same partials
// as the batch in one piece; sum-rows.wgsl then reduces the partials in a fixed order. Every
// parameter is still summed by one thread in example order: same inputs → same bits, every run.
// A batch of one block writes its row straight into the results, at `partialOffset` (the layer's
// place there), and no reduction runs; otherwise `partialOffset` is 0.
//
// Generated for the layer (src/gpu/per-op/per-op-codegen.ts): IN_DIM, OUT_DIM, UNIT_TILES, COL_TILES,
// TI, TJ and `gradient_tile`, the tile's loop written out with named accumulators.

// BUG (src/break/bugs.ts): 0 runs the lesson's rule; the page's and CLI's "break it" set it to run one classic bug.
override BUG: u32 = 0u;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let t = thread_index(gid);
  if (t >= params.count) { return; }
  let block = t / (UNIT_TILES * COL_TILES);
  let tile = t % (UNIT_TILES * COL_TILES);
  let i0 = (tile / COL_TILES) * TI;
  let j0 = (tile % COL_TILES) * TJ;
  let first = block * params.blockRows;
  let last = min(first + params.blockRows, params.rows);
  gradient_tile(first, last, i0, j0, params.partialOffset + (params.blockOffset + block) * OUT_DIM * (IN_DIM + 1u));
}

// ======== linear-forward (layer 2, 3 → 3) ========
// ---- generated from src/gpu/wgsl/layouts.ts (linear-forward) ----
override WORKGROUP_SIZE: u32 = 64u;
const IN_DIM: u32 = 3u;
const OUT_DIM: u32 = 3u;
const UNIT_TILES: u32 = 1u;
const TE: u32 = 8u;
const TU: u32 = 3u;
struct Params {
  count: u32,
  gridStride: u32,
  rows: u32,
}
@group(0) @binding(0) var<storage, read> aPrev: array<f32>;
@group(0) @binding(1) var<storage, read> W: array<f32>;
@group(0) @binding(2) var<storage, read> b: array<f32>;
@group(0) @binding(3) var<storage, read_write> z: array<f32>;
@group(0) @binding(4) var<uniform> params: Params;
fn thread_index(gid: vec3<u32>) -> u32 { return gid.y * params.gridStride + gid.x; }

// ---- generated for this network (src/gpu/per-op/per-op-codegen.ts) ----
fn forward_tile(n0: u32, i0: u32, lastRow: u32) {
  let aRow0 = min(n0 + 0u, lastRow) * IN_DIM;
  let aRow1 = min(n0 + 1u, lastRow) * IN_DIM;
  let aRow2 = min(n0 + 2u, lastRow) * IN_DIM;
  let aRow3 = min(n0 + 3u, lastRow) * IN_DIM;
  let aRow4 = min(n0 + 4u, lastRow) * IN_DIM;
  let aRow5 = min(n0 + 5u, lastRow) * IN_DIM;
  let aRow6 = min(n0 + 6u, lastRow) * IN_DIM;
  let aRow7 = min(n0 + 7u, lastRow) * IN_DIM;
  let unit0 = min(i0 + 0u, OUT_DIM - 1u);
  let unit1 = min(i0 + 1u, OUT_DIM - 1u);
  let unit2 = min(i0 + 2u, OUT_DIM - 1u);
  let wRow0 = unit0 * IN_DIM;
  let wRow1 = unit1 * IN_DIM;
  let wRow2 = unit2 * IN_DIM;
  let b0 = b[unit0];
  let b1 = b[unit1];
  let b2 = b[unit2];
  var s0_0 = b0;
  var s0_1 = b1;
  var s0_2 = b2;
  var s1_0 = b0;
  var s1_1 = b1;
  var s1_2 = b2;
  var s2_0 = b0;
  var s2_1 = b1;
  var s2_2 = b2;
  var s3_0 = b0;
  var s3_1 = b1;
  var s3_2 = b2;
  var s4_0 = b0;
  var s4_1 = b1;
  var s4_2 = b2;
  var s5_0 = b0;
  var s5_1 = b1;
  var s5_2 = b2;
  var s6_0 = b0;
  var s6_1 = b1;
  var s6_2 = b2;
  var s7_0 = b0;
  var s7_1 = b1;
  var s7_2 = b2;
  for (var j = 0u; j < IN_DIM; j++) {
    let a0 = aPrev[aRow0 + j];
    let a1 = aPrev[aRow1 + j];
    let a2 = aPrev[aRow2 + j];
    let a3 = aPrev[aRow3 + j];
    let a4 = aPrev[aRow4 + j];
    let a5 = aPrev[aRow5 + j];
    let a6 = aPrev[aRow6 + j];
    let a7 = aPrev[aRow7 + j];
    let w0 = W[wRow0 + j];
    let w1 = W[wRow1 + j];
    let w2 = W[wRow2 + j];
    s0_0 += w0 * a0;
    s0_1 += w1 * a0;
    s0_2 += w2 * a0;
    s1_0 += w0 * a1;
    s1_1 += w1 * a1;
    s1_2 += w2 * a1;
    s2_0 += w0 * a2;
    s2_1 += w1 * a2;
    s2_2 += w2 * a2;
    s3_0 += w0 * a3;
    s3_1 += w1 * a3;
    s3_2 += w2 * a3;
    s4_0 += w0 * a4;
    s4_1 += w1 * a4;
    s4_2 += w2 * a4;
    s5_0 += w0 * a5;
    s5_1 += w1 * a5;
    s5_2 += w2 * a5;
    s6_0 += w0 * a6;
    s6_1 += w1 * a6;
    s6_2 += w2 * a6;
    s7_0 += w0 * a7;
    s7_1 += w1 * a7;
    s7_2 += w2 * a7;
  }
  if (n0 + 0u < params.rows) {
    if (i0 + 0u < OUT_DIM) { z[(n0 + 0u) * OUT_DIM + i0 + 0u] = s0_0; }
    if (i0 + 1u < OUT_DIM) { z[(n0 + 0u) * OUT_DIM + i0 + 1u] = s0_1; }
    if (i0 + 2u < OUT_DIM) { z[(n0 + 0u) * OUT_DIM + i0 + 2u] = s0_2; }
  }
  if (n0 + 1u < params.rows) {
    if (i0 + 0u < OUT_DIM) { z[(n0 + 1u) * OUT_DIM + i0 + 0u] = s1_0; }
    if (i0 + 1u < OUT_DIM) { z[(n0 + 1u) * OUT_DIM + i0 + 1u] = s1_1; }
    if (i0 + 2u < OUT_DIM) { z[(n0 + 1u) * OUT_DIM + i0 + 2u] = s1_2; }
  }
  if (n0 + 2u < params.rows) {
    if (i0 + 0u < OUT_DIM) { z[(n0 + 2u) * OUT_DIM + i0 + 0u] = s2_0; }
    if (i0 + 1u < OUT_DIM) { z[(n0 + 2u) * OUT_DIM + i0 + 1u] = s2_1; }
    if (i0 + 2u < OUT_DIM) { z[(n0 + 2u) * OUT_DIM + i0 + 2u] = s2_2; }
  }
  if (n0 + 3u < params.rows) {
    if (i0 + 0u < OUT_DIM) { z[(n0 + 3u) * OUT_DIM + i0 + 0u] = s3_0; }
    if (i0 + 1u < OUT_DIM) { z[(n0 + 3u) * OUT_DIM + i0 + 1u] = s3_1; }
    if (i0 + 2u < OUT_DIM) { z[(n0 + 3u) * OUT_DIM + i0 + 2u] = s3_2; }
  }
  if (n0 + 4u < params.rows) {
    if (i0 + 0u < OUT_DIM) { z[(n0 + 4u) * OUT_DIM + i0 + 0u] = s4_0; }
    if (i0 + 1u < OUT_DIM) { z[(n0 + 4u) * OUT_DIM + i0 + 1u] = s4_1; }
    if (i0 + 2u < OUT_DIM) { z[(n0 + 4u) * OUT_DIM + i0 + 2u] = s4_2; }
  }
  if (n0 + 5u < params.rows) {
    if (i0 + 0u < OUT_DIM) { z[(n0 + 5u) * OUT_DIM + i0 + 0u] = s5_0; }
    if (i0 + 1u < OUT_DIM) { z[(n0 + 5u) * OUT_DIM + i0 + 1u] = s5_1; }
    if (i0 + 2u < OUT_DIM) { z[(n0 + 5u) * OUT_DIM + i0 + 2u] = s5_2; }
  }
  if (n0 + 6u < params.rows) {
    if (i0 + 0u < OUT_DIM) { z[(n0 + 6u) * OUT_DIM + i0 + 0u] = s6_0; }
    if (i0 + 1u < OUT_DIM) { z[(n0 + 6u) * OUT_DIM + i0 + 1u] = s6_1; }
    if (i0 + 2u < OUT_DIM) { z[(n0 + 6u) * OUT_DIM + i0 + 2u] = s6_2; }
  }
  if (n0 + 7u < params.rows) {
    if (i0 + 0u < OUT_DIM) { z[(n0 + 7u) * OUT_DIM + i0 + 0u] = s7_0; }
    if (i0 + 1u < OUT_DIM) { z[(n0 + 7u) * OUT_DIM + i0 + 1u] = s7_1; }
    if (i0 + 2u < OUT_DIM) { z[(n0 + 7u) * OUT_DIM + i0 + 2u] = s7_2; }
  }
}

// ---- src/gpu/per-op/linear-forward.wgsl ----
// Linear forward: Z = A·Wᵀ + b for a batch, one row per example.
// z[n][i] = b[i] + Σ_j W[i][j] · aPrev[n][j]   (the lesson's z = W·a + b, once per example)
//
// Register tiling: each thread owns TE examples × TU units of z. Per input column j it loads TE
// activations and TU weights once and uses each of them TU (resp. TE) times, so loads per
// multiply-add fall from 2 to (TE + TU) / (TE·TU). Each z is still summed in the same order
// (b first, then j = 0, 1, …), so the result is the one-thread-per-element kernel's, bit for bit.
// Rows and units past the edges are clamped for the loads (valid reads) and never written.
//
// Generated for the layer (src/gpu/per-op/per-op-codegen.ts): IN_DIM, OUT_DIM, UNIT_TILES, TE, TU
// and `forward_tile`, the tile's loop written out with named accumulators (registers).

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let t = thread_index(gid);
  if (t >= params.count) { return; }
  let n0 = (t / UNIT_TILES) * TE;
  let i0 = (t % UNIT_TILES) * TU;
  forward_tile(n0, i0, params.rows - 1u);
}

// ======== parameter-gradients (layer 2, 3 → 3) ========
// ---- generated from src/gpu/wgsl/layouts.ts (parameter-gradients) ----
override WORKGROUP_SIZE: u32 = 64u;
const IN_DIM: u32 = 3u;
const OUT_DIM: u32 = 3u;
const UNIT_TILES: u32 = 1u;
const COL_TILES: u32 = 1u;
const TI: u32 = 3u;
const TJ: u32 = 4u;
struct Params {
  count: u32,
  gridStride: u32,
  rows: u32,
  blockRows: u32,
  blockOffset: u32,
  partialOffset: u32,
}
@group(0) @binding(0) var<storage, read> dz: array<f32>;
@group(0) @binding(1) var<storage, read> aPrev: array<f32>;
@group(0) @binding(2) var<storage, read_write> partials: array<f32>;
@group(0) @binding(3) var<uniform> params: Params;
fn thread_index(gid: vec3<u32>) -> u32 { return gid.y * params.gridStride + gid.x; }

// ---- generated for this network (src/gpu/per-op/per-op-codegen.ts) ----
fn gradient_tile(first: u32, last: u32, i0: u32, j0: u32, row: u32) {
  let unit0 = min(i0 + 0u, OUT_DIM - 1u);
  let unit1 = min(i0 + 1u, OUT_DIM - 1u);
  let unit2 = min(i0 + 2u, OUT_DIM - 1u);
  let col0 = j0 + 0u;
  let load0 = min(col0, IN_DIM - 1u);
  let bias0 = col0 >= IN_DIM;
  let col1 = j0 + 1u;
  let load1 = min(col1, IN_DIM - 1u);
  let bias1 = col1 >= IN_DIM;
  let col2 = j0 + 2u;
  let load2 = min(col2, IN_DIM - 1u);
  let bias2 = col2 >= IN_DIM;
  let col3 = j0 + 3u;
  let load3 = min(col3, IN_DIM - 1u);
  let bias3 = col3 >= IN_DIM;
  let d0 = dz[first * OUT_DIM + unit0];
  let d1 = dz[first * OUT_DIM + unit1];
  let d2 = dz[first * OUT_DIM + unit2];
  let x0 = select(aPrev[first * IN_DIM + load0], 1.0, bias0);
  let x1 = select(aPrev[first * IN_DIM + load1], 1.0, bias1);
  let x2 = select(aPrev[first * IN_DIM + load2], 1.0, bias2);
  let x3 = select(aPrev[first * IN_DIM + load3], 1.0, bias3);
  var g0_0 = d0 * x0;
  var g0_1 = d0 * x1;
  var g0_2 = d0 * x2;
  var g0_3 = d0 * x3;
  var g1_0 = d1 * x0;
  var g1_1 = d1 * x1;
  var g1_2 = d1 * x2;
  var g1_3 = d1 * x3;
  var g2_0 = d2 * x0;
  var g2_1 = d2 * x1;
  var g2_2 = d2 * x2;
  var g2_3 = d2 * x3;
  for (var n = first + 1u; n < last; n++) {
    let d0 = dz[n * OUT_DIM + unit0];
    let d1 = dz[n * OUT_DIM + unit1];
    let d2 = dz[n * OUT_DIM + unit2];
    let x0 = select(aPrev[n * IN_DIM + load0], 1.0, bias0);
    let x1 = select(aPrev[n * IN_DIM + load1], 1.0, bias1);
    let x2 = select(aPrev[n * IN_DIM + load2], 1.0, bias2);
    let x3 = select(aPrev[n * IN_DIM + load3], 1.0, bias3);
    g0_0 += d0 * x0;
    g0_1 += d0 * x1;
    g0_2 += d0 * x2;
    g0_3 += d0 * x3;
    g1_0 += d1 * x0;
    g1_1 += d1 * x1;
    g1_2 += d1 * x2;
    g1_3 += d1 * x3;
    g2_0 += d2 * x0;
    g2_1 += d2 * x1;
    g2_2 += d2 * x2;
    g2_3 += d2 * x3;
  }
  if (BUG == 6u) {
    if (bias0) { g0_0 = select(0.0, dz[first * OUT_DIM + unit0], row == params.partialOffset); }
    if (bias1) { g0_1 = select(0.0, dz[first * OUT_DIM + unit0], row == params.partialOffset); }
    if (bias2) { g0_2 = select(0.0, dz[first * OUT_DIM + unit0], row == params.partialOffset); }
    if (bias3) { g0_3 = select(0.0, dz[first * OUT_DIM + unit0], row == params.partialOffset); }
    if (bias0) { g1_0 = select(0.0, dz[first * OUT_DIM + unit1], row == params.partialOffset); }
    if (bias1) { g1_1 = select(0.0, dz[first * OUT_DIM + unit1], row == params.partialOffset); }
    if (bias2) { g1_2 = select(0.0, dz[first * OUT_DIM + unit1], row == params.partialOffset); }
    if (bias3) { g1_3 = select(0.0, dz[first * OUT_DIM + unit1], row == params.partialOffset); }
    if (bias0) { g2_0 = select(0.0, dz[first * OUT_DIM + unit2], row == params.partialOffset); }
    if (bias1) { g2_1 = select(0.0, dz[first * OUT_DIM + unit2], row == params.partialOffset); }
    if (bias2) { g2_2 = select(0.0, dz[first * OUT_DIM + unit2], row == params.partialOffset); }
    if (bias3) { g2_3 = select(0.0, dz[first * OUT_DIM + unit2], row == params.partialOffset); }
  }
  if (i0 + 0u < OUT_DIM) {
    if (col0 <= IN_DIM) { partials[row + (i0 + 0u) * (IN_DIM + 1u) + col0] = g0_0; }
    if (col1 <= IN_DIM) { partials[row + (i0 + 0u) * (IN_DIM + 1u) + col1] = g0_1; }
    if (col2 <= IN_DIM) { partials[row + (i0 + 0u) * (IN_DIM + 1u) + col2] = g0_2; }
    if (col3 <= IN_DIM) { partials[row + (i0 + 0u) * (IN_DIM + 1u) + col3] = g0_3; }
  }
  if (i0 + 1u < OUT_DIM) {
    if (col0 <= IN_DIM) { partials[row + (i0 + 1u) * (IN_DIM + 1u) + col0] = g1_0; }
    if (col1 <= IN_DIM) { partials[row + (i0 + 1u) * (IN_DIM + 1u) + col1] = g1_1; }
    if (col2 <= IN_DIM) { partials[row + (i0 + 1u) * (IN_DIM + 1u) + col2] = g1_2; }
    if (col3 <= IN_DIM) { partials[row + (i0 + 1u) * (IN_DIM + 1u) + col3] = g1_3; }
  }
  if (i0 + 2u < OUT_DIM) {
    if (col0 <= IN_DIM) { partials[row + (i0 + 2u) * (IN_DIM + 1u) + col0] = g2_0; }
    if (col1 <= IN_DIM) { partials[row + (i0 + 2u) * (IN_DIM + 1u) + col1] = g2_1; }
    if (col2 <= IN_DIM) { partials[row + (i0 + 2u) * (IN_DIM + 1u) + col2] = g2_2; }
    if (col3 <= IN_DIM) { partials[row + (i0 + 2u) * (IN_DIM + 1u) + col3] = g2_3; }
  }
}

// ---- src/gpu/per-op/parameter-gradients.wgsl ----
// Parameter gradients, pass 1 of a deterministic two-pass reduction (WGSL has no float atomics).
//   dW[i][j] = Σ_n dL/dz[n][i] · a_prev[n][j],   db[i] = Σ_n dL/dz[n][i]
// The batch is cut into blocks of `blockRows` examples (256, see chunk-plan.ts); one thread sums
// a tile of TI units × TJ columns of one block's [dW | db], walking the block's rows once: per
// example it loads TI upstream gradients and TJ activations and does TI·TJ multiply-adds (the old
// kernel loaded both factors once per parameter, re-reading every row once per parameter).
// Each partial row is laid out [W row 0 | b0 | W row 1 | b1 | …] (P = outDim × (inDim + 1)): the
// bias is the weight of a constant input 1 (column IN_DIM). Block numbers are global
// (`blockOffset` = first block of this chunk), so a batch cut into chunks writes the same partials
// as the batch in one piece; sum-rows.wgsl then reduces the partials in a fixed order. Every
// parameter is still summed by one thread in example order: same inputs → same bits, every run.
// A batch of one block writes its row straight into the results, at `partialOffset` (the layer's
// place there), and no reduction runs; otherwise `partialOffset` is 0.
//
// Generated for the layer (src/gpu/per-op/per-op-codegen.ts): IN_DIM, OUT_DIM, UNIT_TILES, COL_TILES,
// TI, TJ and `gradient_tile`, the tile's loop written out with named accumulators.

// BUG (src/break/bugs.ts): 0 runs the lesson's rule; the page's and CLI's "break it" set it to run one classic bug.
override BUG: u32 = 0u;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let t = thread_index(gid);
  if (t >= params.count) { return; }
  let block = t / (UNIT_TILES * COL_TILES);
  let tile = t % (UNIT_TILES * COL_TILES);
  let i0 = (tile / COL_TILES) * TI;
  let j0 = (tile % COL_TILES) * TJ;
  let first = block * params.blockRows;
  let last = min(first + params.blockRows, params.rows);
  gradient_tile(first, last, i0, j0, params.partialOffset + (params.blockOffset + block) * OUT_DIM * (IN_DIM + 1u));
}

// ======== backward-data (layer 2, 3 → 3) ========
// ---- generated from src/gpu/wgsl/layouts.ts (backward-data) ----
override WORKGROUP_SIZE: u32 = 64u;
const IN_DIM: u32 = 3u;
const OUT_DIM: u32 = 3u;
const COL_TILES: u32 = 1u;
const TE: u32 = 8u;
const TJ: u32 = 3u;
struct Params {
  count: u32,
  gridStride: u32,
  rows: u32,
}
@group(0) @binding(0) var<storage, read> dz: array<f32>;
@group(0) @binding(1) var<storage, read> W: array<f32>;
@group(0) @binding(2) var<storage, read> localPrev: array<f32>;
@group(0) @binding(3) var<storage, read_write> daPrev: array<f32>;
@group(0) @binding(4) var<storage, read_write> dzPrev: array<f32>;
@group(0) @binding(5) var<uniform> params: Params;
fn thread_index(gid: vec3<u32>) -> u32 { return gid.y * params.gridStride + gid.x; }

// ---- generated for this network (src/gpu/per-op/per-op-codegen.ts) ----
fn backward_tile(n0: u32, j0: u32, lastRow: u32) {
  let dzRow0 = min(n0 + 0u, lastRow) * OUT_DIM;
  let dzRow1 = min(n0 + 1u, lastRow) * OUT_DIM;
  let dzRow2 = min(n0 + 2u, lastRow) * OUT_DIM;
  let dzRow3 = min(n0 + 3u, lastRow) * OUT_DIM;
  let dzRow4 = min(n0 + 4u, lastRow) * OUT_DIM;
  let dzRow5 = min(n0 + 5u, lastRow) * OUT_DIM;
  let dzRow6 = min(n0 + 6u, lastRow) * OUT_DIM;
  let dzRow7 = min(n0 + 7u, lastRow) * OUT_DIM;
  let col0 = min(j0 + 0u, IN_DIM - 1u);
  let col1 = min(j0 + 1u, IN_DIM - 1u);
  let col2 = min(j0 + 2u, IN_DIM - 1u);
  var s0_0 = 0.0;
  var s0_1 = 0.0;
  var s0_2 = 0.0;
  var s1_0 = 0.0;
  var s1_1 = 0.0;
  var s1_2 = 0.0;
  var s2_0 = 0.0;
  var s2_1 = 0.0;
  var s2_2 = 0.0;
  var s3_0 = 0.0;
  var s3_1 = 0.0;
  var s3_2 = 0.0;
  var s4_0 = 0.0;
  var s4_1 = 0.0;
  var s4_2 = 0.0;
  var s5_0 = 0.0;
  var s5_1 = 0.0;
  var s5_2 = 0.0;
  var s6_0 = 0.0;
  var s6_1 = 0.0;
  var s6_2 = 0.0;
  var s7_0 = 0.0;
  var s7_1 = 0.0;
  var s7_2 = 0.0;
  for (var i = 0u; i < OUT_DIM; i++) {
    let d0 = dz[dzRow0 + i];
    let d1 = dz[dzRow1 + i];
    let d2 = dz[dzRow2 + i];
    let d3 = dz[dzRow3 + i];
    let d4 = dz[dzRow4 + i];
    let d5 = dz[dzRow5 + i];
    let d6 = dz[dzRow6 + i];
    let d7 = dz[dzRow7 + i];
    let w0 = W[select(i * IN_DIM + col0, col0 * OUT_DIM + i, BUG == 2u)];
    let w1 = W[select(i * IN_DIM + col1, col1 * OUT_DIM + i, BUG == 2u)];
    let w2 = W[select(i * IN_DIM + col2, col2 * OUT_DIM + i, BUG == 2u)];
    s0_0 += d0 * w0;
    s0_1 += d0 * w1;
    s0_2 += d0 * w2;
    s1_0 += d1 * w0;
    s1_1 += d1 * w1;
    s1_2 += d1 * w2;
    s2_0 += d2 * w0;
    s2_1 += d2 * w1;
    s2_2 += d2 * w2;
    s3_0 += d3 * w0;
    s3_1 += d3 * w1;
    s3_2 += d3 * w2;
    s4_0 += d4 * w0;
    s4_1 += d4 * w1;
    s4_2 += d4 * w2;
    s5_0 += d5 * w0;
    s5_1 += d5 * w1;
    s5_2 += d5 * w2;
    s6_0 += d6 * w0;
    s6_1 += d6 * w1;
    s6_2 += d6 * w2;
    s7_0 += d7 * w0;
    s7_1 += d7 * w1;
    s7_2 += d7 * w2;
  }
  if (n0 + 0u < params.rows) {
    if (j0 + 0u < IN_DIM) {
      let k = (n0 + 0u) * IN_DIM + j0 + 0u;
      daPrev[k] = s0_0;
      dzPrev[k] = s0_0 * select(localPrev[k], 1.0, BUG == 1u);
    }
    if (j0 + 1u < IN_DIM) {
      let k = (n0 + 0u) * IN_DIM + j0 + 1u;
      daPrev[k] = s0_1;
      dzPrev[k] = s0_1 * select(localPrev[k], 1.0, BUG == 1u);
    }
    if (j0 + 2u < IN_DIM) {
      let k = (n0 + 0u) * IN_DIM + j0 + 2u;
      daPrev[k] = s0_2;
      dzPrev[k] = s0_2 * select(localPrev[k], 1.0, BUG == 1u);
    }
  }
  if (n0 + 1u < params.rows) {
    if (j0 + 0u < IN_DIM) {
      let k = (n0 + 1u) * IN_DIM + j0 + 0u;
      daPrev[k] = s1_0;
      dzPrev[k] = s1_0 * select(localPrev[k], 1.0, BUG == 1u);
    }
    if (j0 + 1u < IN_DIM) {
      let k = (n0 + 1u) * IN_DIM + j0 + 1u;
      daPrev[k] = s1_1;
      dzPrev[k] = s1_1 * select(localPrev[k], 1.0, BUG == 1u);
    }
    if (j0 + 2u < IN_DIM) {
      let k = (n0 + 1u) * IN_DIM + j0 + 2u;
      daPrev[k] = s1_2;
      dzPrev[k] = s1_2 * select(localPrev[k], 1.0, BUG == 1u);
    }
  }
  if (n0 + 2u < params.rows) {
    if (j0 + 0u < IN_DIM) {
      let k = (n0 + 2u) * IN_DIM + j0 + 0u;
      daPrev[k] = s2_0;
      dzPrev[k] = s2_0 * select(localPrev[k], 1.0, BUG == 1u);
    }
    if (j0 + 1u < IN_DIM) {
      let k = (n0 + 2u) * IN_DIM + j0 + 1u;
      daPrev[k] = s2_1;
      dzPrev[k] = s2_1 * select(localPrev[k], 1.0, BUG == 1u);
    }
    if (j0 + 2u < IN_DIM) {
      let k = (n0 + 2u) * IN_DIM + j0 + 2u;
      daPrev[k] = s2_2;
      dzPrev[k] = s2_2 * select(localPrev[k], 1.0, BUG == 1u);
    }
  }
  if (n0 + 3u < params.rows) {
    if (j0 + 0u < IN_DIM) {
      let k = (n0 + 3u) * IN_DIM + j0 + 0u;
      daPrev[k] = s3_0;
      dzPrev[k] = s3_0 * select(localPrev[k], 1.0, BUG == 1u);
    }
    if (j0 + 1u < IN_DIM) {
      let k = (n0 + 3u) * IN_DIM + j0 + 1u;
      daPrev[k] = s3_1;
      dzPrev[k] = s3_1 * select(localPrev[k], 1.0, BUG == 1u);
    }
    if (j0 + 2u < IN_DIM) {
      let k = (n0 + 3u) * IN_DIM + j0 + 2u;
      daPrev[k] = s3_2;
      dzPrev[k] = s3_2 * select(localPrev[k], 1.0, BUG == 1u);
    }
  }
  if (n0 + 4u < params.rows) {
    if (j0 + 0u < IN_DIM) {
      let k = (n0 + 4u) * IN_DIM + j0 + 0u;
      daPrev[k] = s4_0;
      dzPrev[k] = s4_0 * select(localPrev[k], 1.0, BUG == 1u);
    }
    if (j0 + 1u < IN_DIM) {
      let k = (n0 + 4u) * IN_DIM + j0 + 1u;
      daPrev[k] = s4_1;
      dzPrev[k] = s4_1 * select(localPrev[k], 1.0, BUG == 1u);
    }
    if (j0 + 2u < IN_DIM) {
      let k = (n0 + 4u) * IN_DIM + j0 + 2u;
      daPrev[k] = s4_2;
      dzPrev[k] = s4_2 * select(localPrev[k], 1.0, BUG == 1u);
    }
  }
  if (n0 + 5u < params.rows) {
    if (j0 + 0u < IN_DIM) {
      let k = (n0 + 5u) * IN_DIM + j0 + 0u;
      daPrev[k] = s5_0;
      dzPrev[k] = s5_0 * select(localPrev[k], 1.0, BUG == 1u);
    }
    if (j0 + 1u < IN_DIM) {
      let k = (n0 + 5u) * IN_DIM + j0 + 1u;
      daPrev[k] = s5_1;
      dzPrev[k] = s5_1 * select(localPrev[k], 1.0, BUG == 1u);
    }
    if (j0 + 2u < IN_DIM) {
      let k = (n0 + 5u) * IN_DIM + j0 + 2u;
      daPrev[k] = s5_2;
      dzPrev[k] = s5_2 * select(localPrev[k], 1.0, BUG == 1u);
    }
  }
  if (n0 + 6u < params.rows) {
    if (j0 + 0u < IN_DIM) {
      let k = (n0 + 6u) * IN_DIM + j0 + 0u;
      daPrev[k] = s6_0;
      dzPrev[k] = s6_0 * select(localPrev[k], 1.0, BUG == 1u);
    }
    if (j0 + 1u < IN_DIM) {
      let k = (n0 + 6u) * IN_DIM + j0 + 1u;
      daPrev[k] = s6_1;
      dzPrev[k] = s6_1 * select(localPrev[k], 1.0, BUG == 1u);
    }
    if (j0 + 2u < IN_DIM) {
      let k = (n0 + 6u) * IN_DIM + j0 + 2u;
      daPrev[k] = s6_2;
      dzPrev[k] = s6_2 * select(localPrev[k], 1.0, BUG == 1u);
    }
  }
  if (n0 + 7u < params.rows) {
    if (j0 + 0u < IN_DIM) {
      let k = (n0 + 7u) * IN_DIM + j0 + 0u;
      daPrev[k] = s7_0;
      dzPrev[k] = s7_0 * select(localPrev[k], 1.0, BUG == 1u);
    }
    if (j0 + 1u < IN_DIM) {
      let k = (n0 + 7u) * IN_DIM + j0 + 1u;
      daPrev[k] = s7_1;
      dzPrev[k] = s7_1 * select(localPrev[k], 1.0, BUG == 1u);
    }
    if (j0 + 2u < IN_DIM) {
      let k = (n0 + 7u) * IN_DIM + j0 + 2u;
      daPrev[k] = s7_2;
      dzPrev[k] = s7_2 * select(localPrev[k], 1.0, BUG == 1u);
    }
  }
}

// ---- src/gpu/per-op/backward-data.wgsl ----
// Backward through a layer to the one below it, for (example n, input unit j):
//   dL/da_prev[n][j] = Σ_i dL/dz[n][i] · W[i][j]              (the same W, read transposed)
//   dL/dz_prev[n][j] = dL/da_prev[n][j] · f'(z_prev[n][j])     (the local derivative activation.wgsl kept)
// Multiplying by relu's 0 (rather than selecting 0) keeps the reference's sign of zero.
//
// Register tiling: each thread owns TE examples × TJ input units; per output unit i it loads TE
// upstream gradients and TJ weights once. Each sum still runs over i = 0, 1, … from 0.
//
// Generated for the layer (src/gpu/per-op/per-op-codegen.ts): IN_DIM, OUT_DIM, COL_TILES, TE, TJ
// and `backward_tile`, the tile's loop written out with named accumulators.

// BUG (src/break/bugs.ts): 0 runs the lesson's rule; the page's and CLI's "break it" set it to run one classic bug.
override BUG: u32 = 0u;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let t = thread_index(gid);
  if (t >= params.count) { return; }
  let n0 = (t / COL_TILES) * TE;
  let j0 = (t % COL_TILES) * TJ;
  backward_tile(n0, j0, params.rows - 1u);
}

// ======== linear-forward (layer 3, 3 → 3) ========
// ---- generated from src/gpu/wgsl/layouts.ts (linear-forward) ----
override WORKGROUP_SIZE: u32 = 64u;
const IN_DIM: u32 = 3u;
const OUT_DIM: u32 = 3u;
const UNIT_TILES: u32 = 1u;
const TE: u32 = 8u;
const TU: u32 = 3u;
struct Params {
  count: u32,
  gridStride: u32,
  rows: u32,
}
@group(0) @binding(0) var<storage, read> aPrev: array<f32>;
@group(0) @binding(1) var<storage, read> W: array<f32>;
@group(0) @binding(2) var<storage, read> b: array<f32>;
@group(0) @binding(3) var<storage, read_write> z: array<f32>;
@group(0) @binding(4) var<uniform> params: Params;
fn thread_index(gid: vec3<u32>) -> u32 { return gid.y * params.gridStride + gid.x; }

// ---- generated for this network (src/gpu/per-op/per-op-codegen.ts) ----
fn forward_tile(n0: u32, i0: u32, lastRow: u32) {
  let aRow0 = min(n0 + 0u, lastRow) * IN_DIM;
  let aRow1 = min(n0 + 1u, lastRow) * IN_DIM;
  let aRow2 = min(n0 + 2u, lastRow) * IN_DIM;
  let aRow3 = min(n0 + 3u, lastRow) * IN_DIM;
  let aRow4 = min(n0 + 4u, lastRow) * IN_DIM;
  let aRow5 = min(n0 + 5u, lastRow) * IN_DIM;
  let aRow6 = min(n0 + 6u, lastRow) * IN_DIM;
  let aRow7 = min(n0 + 7u, lastRow) * IN_DIM;
  let unit0 = min(i0 + 0u, OUT_DIM - 1u);
  let unit1 = min(i0 + 1u, OUT_DIM - 1u);
  let unit2 = min(i0 + 2u, OUT_DIM - 1u);
  let wRow0 = unit0 * IN_DIM;
  let wRow1 = unit1 * IN_DIM;
  let wRow2 = unit2 * IN_DIM;
  let b0 = b[unit0];
  let b1 = b[unit1];
  let b2 = b[unit2];
  var s0_0 = b0;
  var s0_1 = b1;
  var s0_2 = b2;
  var s1_0 = b0;
  var s1_1 = b1;
  var s1_2 = b2;
  var s2_0 = b0;
  var s2_1 = b1;
  var s2_2 = b2;
  var s3_0 = b0;
  var s3_1 = b1;
  var s3_2 = b2;
  var s4_0 = b0;
  var s4_1 = b1;
  var s4_2 = b2;
  var s5_0 = b0;
  var s5_1 = b1;
  var s5_2 = b2;
  var s6_0 = b0;
  var s6_1 = b1;
  var s6_2 = b2;
  var s7_0 = b0;
  var s7_1 = b1;
  var s7_2 = b2;
  for (var j = 0u; j < IN_DIM; j++) {
    let a0 = aPrev[aRow0 + j];
    let a1 = aPrev[aRow1 + j];
    let a2 = aPrev[aRow2 + j];
    let a3 = aPrev[aRow3 + j];
    let a4 = aPrev[aRow4 + j];
    let a5 = aPrev[aRow5 + j];
    let a6 = aPrev[aRow6 + j];
    let a7 = aPrev[aRow7 + j];
    let w0 = W[wRow0 + j];
    let w1 = W[wRow1 + j];
    let w2 = W[wRow2 + j];
    s0_0 += w0 * a0;
    s0_1 += w1 * a0;
    s0_2 += w2 * a0;
    s1_0 += w0 * a1;
    s1_1 += w1 * a1;
    s1_2 += w2 * a1;
    s2_0 += w0 * a2;
    s2_1 += w1 * a2;
    s2_2 += w2 * a2;
    s3_0 += w0 * a3;
    s3_1 += w1 * a3;
    s3_2 += w2 * a3;
    s4_0 += w0 * a4;
    s4_1 += w1 * a4;
    s4_2 += w2 * a4;
    s5_0 += w0 * a5;
    s5_1 += w1 * a5;
    s5_2 += w2 * a5;
    s6_0 += w0 * a6;
    s6_1 += w1 * a6;
    s6_2 += w2 * a6;
    s7_0 += w0 * a7;
    s7_1 += w1 * a7;
    s7_2 += w2 * a7;
  }
  if (n0 + 0u < params.rows) {
    if (i0 + 0u < OUT_DIM) { z[(n0 + 0u) * OUT_DIM + i0 + 0u] = s0_0; }
    if (i0 + 1u < OUT_DIM) { z[(n0 + 0u) * OUT_DIM + i0 + 1u] = s0_1; }
    if (i0 + 2u < OUT_DIM) { z[(n0 + 0u) * OUT_DIM + i0 + 2u] = s0_2; }
  }
  if (n0 + 1u < params.rows) {
    if (i0 + 0u < OUT_DIM) { z[(n0 + 1u) * OUT_DIM + i0 + 0u] = s1_0; }
    if (i0 + 1u < OUT_DIM) { z[(n0 + 1u) * OUT_DIM + i0 + 1u] = s1_1; }
    if (i0 + 2u < OUT_DIM) { z[(n0 + 1u) * OUT_DIM + i0 + 2u] = s1_2; }
  }
  if (n0 + 2u < params.rows) {
    if (i0 + 0u < OUT_DIM) { z[(n0 + 2u) * OUT_DIM + i0 + 0u] = s2_0; }
    if (i0 + 1u < OUT_DIM) { z[(n0 + 2u) * OUT_DIM + i0 + 1u] = s2_1; }
    if (i0 + 2u < OUT_DIM) { z[(n0 + 2u) * OUT_DIM + i0 + 2u] = s2_2; }
  }
  if (n0 + 3u < params.rows) {
    if (i0 + 0u < OUT_DIM) { z[(n0 + 3u) * OUT_DIM + i0 + 0u] = s3_0; }
    if (i0 + 1u < OUT_DIM) { z[(n0 + 3u) * OUT_DIM + i0 + 1u] = s3_1; }
    if (i0 + 2u < OUT_DIM) { z[(n0 + 3u) * OUT_DIM + i0 + 2u] = s3_2; }
  }
  if (n0 + 4u < params.rows) {
    if (i0 + 0u < OUT_DIM) { z[(n0 + 4u) * OUT_DIM + i0 + 0u] = s4_0; }
    if (i0 + 1u < OUT_DIM) { z[(n0 + 4u) * OUT_DIM + i0 + 1u] = s4_1; }
    if (i0 + 2u < OUT_DIM) { z[(n0 + 4u) * OUT_DIM + i0 + 2u] = s4_2; }
  }
  if (n0 + 5u < params.rows) {
    if (i0 + 0u < OUT_DIM) { z[(n0 + 5u) * OUT_DIM + i0 + 0u] = s5_0; }
    if (i0 + 1u < OUT_DIM) { z[(n0 + 5u) * OUT_DIM + i0 + 1u] = s5_1; }
    if (i0 + 2u < OUT_DIM) { z[(n0 + 5u) * OUT_DIM + i0 + 2u] = s5_2; }
  }
  if (n0 + 6u < params.rows) {
    if (i0 + 0u < OUT_DIM) { z[(n0 + 6u) * OUT_DIM + i0 + 0u] = s6_0; }
    if (i0 + 1u < OUT_DIM) { z[(n0 + 6u) * OUT_DIM + i0 + 1u] = s6_1; }
    if (i0 + 2u < OUT_DIM) { z[(n0 + 6u) * OUT_DIM + i0 + 2u] = s6_2; }
  }
  if (n0 + 7u < params.rows) {
    if (i0 + 0u < OUT_DIM) { z[(n0 + 7u) * OUT_DIM + i0 + 0u] = s7_0; }
    if (i0 + 1u < OUT_DIM) { z[(n0 + 7u) * OUT_DIM + i0 + 1u] = s7_1; }
    if (i0 + 2u < OUT_DIM) { z[(n0 + 7u) * OUT_DIM + i0 + 2u] = s7_2; }
  }
}

// ---- src/gpu/per-op/linear-forward.wgsl ----
// Linear forward: Z = A·Wᵀ + b for a batch, one row per example.
// z[n][i] = b[i] + Σ_j W[i][j] · aPrev[n][j]   (the lesson's z = W·a + b, once per example)
//
// Register tiling: each thread owns TE examples × TU units of z. Per input column j it loads TE
// activations and TU weights once and uses each of them TU (resp. TE) times, so loads per
// multiply-add fall from 2 to (TE + TU) / (TE·TU). Each z is still summed in the same order
// (b first, then j = 0, 1, …), so the result is the one-thread-per-element kernel's, bit for bit.
// Rows and units past the edges are clamped for the loads (valid reads) and never written.
//
// Generated for the layer (src/gpu/per-op/per-op-codegen.ts): IN_DIM, OUT_DIM, UNIT_TILES, TE, TU
// and `forward_tile`, the tile's loop written out with named accumulators (registers).

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let t = thread_index(gid);
  if (t >= params.count) { return; }
  let n0 = (t / UNIT_TILES) * TE;
  let i0 = (t % UNIT_TILES) * TU;
  forward_tile(n0, i0, params.rows - 1u);
}

// ======== parameter-gradients (layer 3, 3 → 3) ========
// ---- generated from src/gpu/wgsl/layouts.ts (parameter-gradients) ----
override WORKGROUP_SIZE: u32 = 64u;
const IN_DIM: u32 = 3u;
const OUT_DIM: u32 = 3u;
const UNIT_TILES: u32 = 1u;
const COL_TILES: u32 = 1u;
const TI: u32 = 3u;
const TJ: u32 = 4u;
struct Params {
  count: u32,
  gridStride: u32,
  rows: u32,
  blockRows: u32,
  blockOffset: u32,
  partialOffset: u32,
}
@group(0) @binding(0) var<storage, read> dz: array<f32>;
@group(0) @binding(1) var<storage, read> aPrev: array<f32>;
@group(0) @binding(2) var<storage, read_write> partials: array<f32>;
@group(0) @binding(3) var<uniform> params: Params;
fn thread_index(gid: vec3<u32>) -> u32 { return gid.y * params.gridStride + gid.x; }

// ---- generated for this network (src/gpu/per-op/per-op-codegen.ts) ----
fn gradient_tile(first: u32, last: u32, i0: u32, j0: u32, row: u32) {
  let unit0 = min(i0 + 0u, OUT_DIM - 1u);
  let unit1 = min(i0 + 1u, OUT_DIM - 1u);
  let unit2 = min(i0 + 2u, OUT_DIM - 1u);
  let col0 = j0 + 0u;
  let load0 = min(col0, IN_DIM - 1u);
  let bias0 = col0 >= IN_DIM;
  let col1 = j0 + 1u;
  let load1 = min(col1, IN_DIM - 1u);
  let bias1 = col1 >= IN_DIM;
  let col2 = j0 + 2u;
  let load2 = min(col2, IN_DIM - 1u);
  let bias2 = col2 >= IN_DIM;
  let col3 = j0 + 3u;
  let load3 = min(col3, IN_DIM - 1u);
  let bias3 = col3 >= IN_DIM;
  let d0 = dz[first * OUT_DIM + unit0];
  let d1 = dz[first * OUT_DIM + unit1];
  let d2 = dz[first * OUT_DIM + unit2];
  let x0 = select(aPrev[first * IN_DIM + load0], 1.0, bias0);
  let x1 = select(aPrev[first * IN_DIM + load1], 1.0, bias1);
  let x2 = select(aPrev[first * IN_DIM + load2], 1.0, bias2);
  let x3 = select(aPrev[first * IN_DIM + load3], 1.0, bias3);
  var g0_0 = d0 * x0;
  var g0_1 = d0 * x1;
  var g0_2 = d0 * x2;
  var g0_3 = d0 * x3;
  var g1_0 = d1 * x0;
  var g1_1 = d1 * x1;
  var g1_2 = d1 * x2;
  var g1_3 = d1 * x3;
  var g2_0 = d2 * x0;
  var g2_1 = d2 * x1;
  var g2_2 = d2 * x2;
  var g2_3 = d2 * x3;
  for (var n = first + 1u; n < last; n++) {
    let d0 = dz[n * OUT_DIM + unit0];
    let d1 = dz[n * OUT_DIM + unit1];
    let d2 = dz[n * OUT_DIM + unit2];
    let x0 = select(aPrev[n * IN_DIM + load0], 1.0, bias0);
    let x1 = select(aPrev[n * IN_DIM + load1], 1.0, bias1);
    let x2 = select(aPrev[n * IN_DIM + load2], 1.0, bias2);
    let x3 = select(aPrev[n * IN_DIM + load3], 1.0, bias3);
    g0_0 += d0 * x0;
    g0_1 += d0 * x1;
    g0_2 += d0 * x2;
    g0_3 += d0 * x3;
    g1_0 += d1 * x0;
    g1_1 += d1 * x1;
    g1_2 += d1 * x2;
    g1_3 += d1 * x3;
    g2_0 += d2 * x0;
    g2_1 += d2 * x1;
    g2_2 += d2 * x2;
    g2_3 += d2 * x3;
  }
  if (BUG == 6u) {
    if (bias0) { g0_0 = select(0.0, dz[first * OUT_DIM + unit0], row == params.partialOffset); }
    if (bias1) { g0_1 = select(0.0, dz[first * OUT_DIM + unit0], row == params.partialOffset); }
    if (bias2) { g0_2 = select(0.0, dz[first * OUT_DIM + unit0], row == params.partialOffset); }
    if (bias3) { g0_3 = select(0.0, dz[first * OUT_DIM + unit0], row == params.partialOffset); }
    if (bias0) { g1_0 = select(0.0, dz[first * OUT_DIM + unit1], row == params.partialOffset); }
    if (bias1) { g1_1 = select(0.0, dz[first * OUT_DIM + unit1], row == params.partialOffset); }
    if (bias2) { g1_2 = select(0.0, dz[first * OUT_DIM + unit1], row == params.partialOffset); }
    if (bias3) { g1_3 = select(0.0, dz[first * OUT_DIM + unit1], row == params.partialOffset); }
    if (bias0) { g2_0 = select(0.0, dz[first * OUT_DIM + unit2], row == params.partialOffset); }
    if (bias1) { g2_1 = select(0.0, dz[first * OUT_DIM + unit2], row == params.partialOffset); }
    if (bias2) { g2_2 = select(0.0, dz[first * OUT_DIM + unit2], row == params.partialOffset); }
    if (bias3) { g2_3 = select(0.0, dz[first * OUT_DIM + unit2], row == params.partialOffset); }
  }
  if (i0 + 0u < OUT_DIM) {
    if (col0 <= IN_DIM) { partials[row + (i0 + 0u) * (IN_DIM + 1u) + col0] = g0_0; }
    if (col1 <= IN_DIM) { partials[row + (i0 + 0u) * (IN_DIM + 1u) + col1] = g0_1; }
    if (col2 <= IN_DIM) { partials[row + (i0 + 0u) * (IN_DIM + 1u) + col2] = g0_2; }
    if (col3 <= IN_DIM) { partials[row + (i0 + 0u) * (IN_DIM + 1u) + col3] = g0_3; }
  }
  if (i0 + 1u < OUT_DIM) {
    if (col0 <= IN_DIM) { partials[row + (i0 + 1u) * (IN_DIM + 1u) + col0] = g1_0; }
    if (col1 <= IN_DIM) { partials[row + (i0 + 1u) * (IN_DIM + 1u) + col1] = g1_1; }
    if (col2 <= IN_DIM) { partials[row + (i0 + 1u) * (IN_DIM + 1u) + col2] = g1_2; }
    if (col3 <= IN_DIM) { partials[row + (i0 + 1u) * (IN_DIM + 1u) + col3] = g1_3; }
  }
  if (i0 + 2u < OUT_DIM) {
    if (col0 <= IN_DIM) { partials[row + (i0 + 2u) * (IN_DIM + 1u) + col0] = g2_0; }
    if (col1 <= IN_DIM) { partials[row + (i0 + 2u) * (IN_DIM + 1u) + col1] = g2_1; }
    if (col2 <= IN_DIM) { partials[row + (i0 + 2u) * (IN_DIM + 1u) + col2] = g2_2; }
    if (col3 <= IN_DIM) { partials[row + (i0 + 2u) * (IN_DIM + 1u) + col3] = g2_3; }
  }
}

// ---- src/gpu/per-op/parameter-gradients.wgsl ----
// Parameter gradients, pass 1 of a deterministic two-pass reduction (WGSL has no float atomics).
//   dW[i][j] = Σ_n dL/dz[n][i] · a_prev[n][j],   db[i] = Σ_n dL/dz[n][i]
// The batch is cut into blocks of `blockRows` examples (256, see chunk-plan.ts); one thread sums
// a tile of TI units × TJ columns of one block's [dW | db], walking the block's rows once: per
// example it loads TI upstream gradients and TJ activations and does TI·TJ multiply-adds (the old
// kernel loaded both factors once per parameter, re-reading every row once per parameter).
// Each partial row is laid out [W row 0 | b0 | W row 1 | b1 | …] (P = outDim × (inDim + 1)): the
// bias is the weight of a constant input 1 (column IN_DIM). Block numbers are global
// (`blockOffset` = first block of this chunk), so a batch cut into chunks writes the same partials
// as the batch in one piece; sum-rows.wgsl then reduces the partials in a fixed order. Every
// parameter is still summed by one thread in example order: same inputs → same bits, every run.
// A batch of one block writes its row straight into the results, at `partialOffset` (the layer's
// place there), and no reduction runs; otherwise `partialOffset` is 0.
//
// Generated for the layer (src/gpu/per-op/per-op-codegen.ts): IN_DIM, OUT_DIM, UNIT_TILES, COL_TILES,
// TI, TJ and `gradient_tile`, the tile's loop written out with named accumulators.

// BUG (src/break/bugs.ts): 0 runs the lesson's rule; the page's and CLI's "break it" set it to run one classic bug.
override BUG: u32 = 0u;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let t = thread_index(gid);
  if (t >= params.count) { return; }
  let block = t / (UNIT_TILES * COL_TILES);
  let tile = t % (UNIT_TILES * COL_TILES);
  let i0 = (tile / COL_TILES) * TI;
  let j0 = (tile % COL_TILES) * TJ;
  let first = block * params.blockRows;
  let last = min(first + params.blockRows, params.rows);
  gradient_tile(first, last, i0, j0, params.partialOffset + (params.blockOffset + block) * OUT_DIM * (IN_DIM + 1u));
}

// ======== backward-data (layer 3, 3 → 3) ========
// ---- generated from src/gpu/wgsl/layouts.ts (backward-data) ----
override WORKGROUP_SIZE: u32 = 64u;
const IN_DIM: u32 = 3u;
const OUT_DIM: u32 = 3u;
const COL_TILES: u32 = 1u;
const TE: u32 = 8u;
const TJ: u32 = 3u;
struct Params {
  count: u32,
  gridStride: u32,
  rows: u32,
}
@group(0) @binding(0) var<storage, read> dz: array<f32>;
@group(0) @binding(1) var<storage, read> W: array<f32>;
@group(0) @binding(2) var<storage, read> localPrev: array<f32>;
@group(0) @binding(3) var<storage, read_write> daPrev: array<f32>;
@group(0) @binding(4) var<storage, read_write> dzPrev: array<f32>;
@group(0) @binding(5) var<uniform> params: Params;
fn thread_index(gid: vec3<u32>) -> u32 { return gid.y * params.gridStride + gid.x; }

// ---- generated for this network (src/gpu/per-op/per-op-codegen.ts) ----
fn backward_tile(n0: u32, j0: u32, lastRow: u32) {
  let dzRow0 = min(n0 + 0u, lastRow) * OUT_DIM;
  let dzRow1 = min(n0 + 1u, lastRow) * OUT_DIM;
  let dzRow2 = min(n0 + 2u, lastRow) * OUT_DIM;
  let dzRow3 = min(n0 + 3u, lastRow) * OUT_DIM;
  let dzRow4 = min(n0 + 4u, lastRow) * OUT_DIM;
  let dzRow5 = min(n0 + 5u, lastRow) * OUT_DIM;
  let dzRow6 = min(n0 + 6u, lastRow) * OUT_DIM;
  let dzRow7 = min(n0 + 7u, lastRow) * OUT_DIM;
  let col0 = min(j0 + 0u, IN_DIM - 1u);
  let col1 = min(j0 + 1u, IN_DIM - 1u);
  let col2 = min(j0 + 2u, IN_DIM - 1u);
  var s0_0 = 0.0;
  var s0_1 = 0.0;
  var s0_2 = 0.0;
  var s1_0 = 0.0;
  var s1_1 = 0.0;
  var s1_2 = 0.0;
  var s2_0 = 0.0;
  var s2_1 = 0.0;
  var s2_2 = 0.0;
  var s3_0 = 0.0;
  var s3_1 = 0.0;
  var s3_2 = 0.0;
  var s4_0 = 0.0;
  var s4_1 = 0.0;
  var s4_2 = 0.0;
  var s5_0 = 0.0;
  var s5_1 = 0.0;
  var s5_2 = 0.0;
  var s6_0 = 0.0;
  var s6_1 = 0.0;
  var s6_2 = 0.0;
  var s7_0 = 0.0;
  var s7_1 = 0.0;
  var s7_2 = 0.0;
  for (var i = 0u; i < OUT_DIM; i++) {
    let d0 = dz[dzRow0 + i];
    let d1 = dz[dzRow1 + i];
    let d2 = dz[dzRow2 + i];
    let d3 = dz[dzRow3 + i];
    let d4 = dz[dzRow4 + i];
    let d5 = dz[dzRow5 + i];
    let d6 = dz[dzRow6 + i];
    let d7 = dz[dzRow7 + i];
    let w0 = W[select(i * IN_DIM + col0, col0 * OUT_DIM + i, BUG == 2u)];
    let w1 = W[select(i * IN_DIM + col1, col1 * OUT_DIM + i, BUG == 2u)];
    let w2 = W[select(i * IN_DIM + col2, col2 * OUT_DIM + i, BUG == 2u)];
    s0_0 += d0 * w0;
    s0_1 += d0 * w1;
    s0_2 += d0 * w2;
    s1_0 += d1 * w0;
    s1_1 += d1 * w1;
    s1_2 += d1 * w2;
    s2_0 += d2 * w0;
    s2_1 += d2 * w1;
    s2_2 += d2 * w2;
    s3_0 += d3 * w0;
    s3_1 += d3 * w1;
    s3_2 += d3 * w2;
    s4_0 += d4 * w0;
    s4_1 += d4 * w1;
    s4_2 += d4 * w2;
    s5_0 += d5 * w0;
    s5_1 += d5 * w1;
    s5_2 += d5 * w2;
    s6_0 += d6 * w0;
    s6_1 += d6 * w1;
    s6_2 += d6 * w2;
    s7_0 += d7 * w0;
    s7_1 += d7 * w1;
    s7_2 += d7 * w2;
  }
  if (n0 + 0u < params.rows) {
    if (j0 + 0u < IN_DIM) {
      let k = (n0 + 0u) * IN_DIM + j0 + 0u;
      daPrev[k] = s0_0;
      dzPrev[k] = s0_0 * select(localPrev[k], 1.0, BUG == 1u);
    }
    if (j0 + 1u < IN_DIM) {
      let k = (n0 + 0u) * IN_DIM + j0 + 1u;
      daPrev[k] = s0_1;
      dzPrev[k] = s0_1 * select(localPrev[k], 1.0, BUG == 1u);
    }
    if (j0 + 2u < IN_DIM) {
      let k = (n0 + 0u) * IN_DIM + j0 + 2u;
      daPrev[k] = s0_2;
      dzPrev[k] = s0_2 * select(localPrev[k], 1.0, BUG == 1u);
    }
  }
  if (n0 + 1u < params.rows) {
    if (j0 + 0u < IN_DIM) {
      let k = (n0 + 1u) * IN_DIM + j0 + 0u;
      daPrev[k] = s1_0;
      dzPrev[k] = s1_0 * select(localPrev[k], 1.0, BUG == 1u);
    }
    if (j0 + 1u < IN_DIM) {
      let k = (n0 + 1u) * IN_DIM + j0 + 1u;
      daPrev[k] = s1_1;
      dzPrev[k] = s1_1 * select(localPrev[k], 1.0, BUG == 1u);
    }
    if (j0 + 2u < IN_DIM) {
      let k = (n0 + 1u) * IN_DIM + j0 + 2u;
      daPrev[k] = s1_2;
      dzPrev[k] = s1_2 * select(localPrev[k], 1.0, BUG == 1u);
    }
  }
  if (n0 + 2u < params.rows) {
    if (j0 + 0u < IN_DIM) {
      let k = (n0 + 2u) * IN_DIM + j0 + 0u;
      daPrev[k] = s2_0;
      dzPrev[k] = s2_0 * select(localPrev[k], 1.0, BUG == 1u);
    }
    if (j0 + 1u < IN_DIM) {
      let k = (n0 + 2u) * IN_DIM + j0 + 1u;
      daPrev[k] = s2_1;
      dzPrev[k] = s2_1 * select(localPrev[k], 1.0, BUG == 1u);
    }
    if (j0 + 2u < IN_DIM) {
      let k = (n0 + 2u) * IN_DIM + j0 + 2u;
      daPrev[k] = s2_2;
      dzPrev[k] = s2_2 * select(localPrev[k], 1.0, BUG == 1u);
    }
  }
  if (n0 + 3u < params.rows) {
    if (j0 + 0u < IN_DIM) {
      let k = (n0 + 3u) * IN_DIM + j0 + 0u;
      daPrev[k] = s3_0;
      dzPrev[k] = s3_0 * select(localPrev[k], 1.0, BUG == 1u);
    }
    if (j0 + 1u < IN_DIM) {
      let k = (n0 + 3u) * IN_DIM + j0 + 1u;
      daPrev[k] = s3_1;
      dzPrev[k] = s3_1 * select(localPrev[k], 1.0, BUG == 1u);
    }
    if (j0 + 2u < IN_DIM) {
      let k = (n0 + 3u) * IN_DIM + j0 + 2u;
      daPrev[k] = s3_2;
      dzPrev[k] = s3_2 * select(localPrev[k], 1.0, BUG == 1u);
    }
  }
  if (n0 + 4u < params.rows) {
    if (j0 + 0u < IN_DIM) {
      let k = (n0 + 4u) * IN_DIM + j0 + 0u;
      daPrev[k] = s4_0;
      dzPrev[k] = s4_0 * select(localPrev[k], 1.0, BUG == 1u);
    }
    if (j0 + 1u < IN_DIM) {
      let k = (n0 + 4u) * IN_DIM + j0 + 1u;
      daPrev[k] = s4_1;
      dzPrev[k] = s4_1 * select(localPrev[k], 1.0, BUG == 1u);
    }
    if (j0 + 2u < IN_DIM) {
      let k = (n0 + 4u) * IN_DIM + j0 + 2u;
      daPrev[k] = s4_2;
      dzPrev[k] = s4_2 * select(localPrev[k], 1.0, BUG == 1u);
    }
  }
  if (n0 + 5u < params.rows) {
    if (j0 + 0u < IN_DIM) {
      let k = (n0 + 5u) * IN_DIM + j0 + 0u;
      daPrev[k] = s5_0;
      dzPrev[k] = s5_0 * select(localPrev[k], 1.0, BUG == 1u);
    }
    if (j0 + 1u < IN_DIM) {
      let k = (n0 + 5u) * IN_DIM + j0 + 1u;
      daPrev[k] = s5_1;
      dzPrev[k] = s5_1 * select(localPrev[k], 1.0, BUG == 1u);
    }
    if (j0 + 2u < IN_DIM) {
      let k = (n0 + 5u) * IN_DIM + j0 + 2u;
      daPrev[k] = s5_2;
      dzPrev[k] = s5_2 * select(localPrev[k], 1.0, BUG == 1u);
    }
  }
  if (n0 + 6u < params.rows) {
    if (j0 + 0u < IN_DIM) {
      let k = (n0 + 6u) * IN_DIM + j0 + 0u;
      daPrev[k] = s6_0;
      dzPrev[k] = s6_0 * select(localPrev[k], 1.0, BUG == 1u);
    }
    if (j0 + 1u < IN_DIM) {
      let k = (n0 + 6u) * IN_DIM + j0 + 1u;
      daPrev[k] = s6_1;
      dzPrev[k] = s6_1 * select(localPrev[k], 1.0, BUG == 1u);
    }
    if (j0 + 2u < IN_DIM) {
      let k = (n0 + 6u) * IN_DIM + j0 + 2u;
      daPrev[k] = s6_2;
      dzPrev[k] = s6_2 * select(localPrev[k], 1.0, BUG == 1u);
    }
  }
  if (n0 + 7u < params.rows) {
    if (j0 + 0u < IN_DIM) {
      let k = (n0 + 7u) * IN_DIM + j0 + 0u;
      daPrev[k] = s7_0;
      dzPrev[k] = s7_0 * select(localPrev[k], 1.0, BUG == 1u);
    }
    if (j0 + 1u < IN_DIM) {
      let k = (n0 + 7u) * IN_DIM + j0 + 1u;
      daPrev[k] = s7_1;
      dzPrev[k] = s7_1 * select(localPrev[k], 1.0, BUG == 1u);
    }
    if (j0 + 2u < IN_DIM) {
      let k = (n0 + 7u) * IN_DIM + j0 + 2u;
      daPrev[k] = s7_2;
      dzPrev[k] = s7_2 * select(localPrev[k], 1.0, BUG == 1u);
    }
  }
}

// ---- src/gpu/per-op/backward-data.wgsl ----
// Backward through a layer to the one below it, for (example n, input unit j):
//   dL/da_prev[n][j] = Σ_i dL/dz[n][i] · W[i][j]              (the same W, read transposed)
//   dL/dz_prev[n][j] = dL/da_prev[n][j] · f'(z_prev[n][j])     (the local derivative activation.wgsl kept)
// Multiplying by relu's 0 (rather than selecting 0) keeps the reference's sign of zero.
//
// Register tiling: each thread owns TE examples × TJ input units; per output unit i it loads TE
// upstream gradients and TJ weights once. Each sum still runs over i = 0, 1, … from 0.
//
// Generated for the layer (src/gpu/per-op/per-op-codegen.ts): IN_DIM, OUT_DIM, COL_TILES, TE, TJ
// and `backward_tile`, the tile's loop written out with named accumulators.

// BUG (src/break/bugs.ts): 0 runs the lesson's rule; the page's and CLI's "break it" set it to run one classic bug.
override BUG: u32 = 0u;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let t = thread_index(gid);
  if (t >= params.count) { return; }
  let n0 = (t / COL_TILES) * TE;
  let j0 = (t % COL_TILES) * TJ;
  backward_tile(n0, j0, params.rows - 1u);
}

// ======== linear-forward (layer 4, 3 → 2) ========
// ---- generated from src/gpu/wgsl/layouts.ts (linear-forward) ----
override WORKGROUP_SIZE: u32 = 64u;
const IN_DIM: u32 = 3u;
const OUT_DIM: u32 = 2u;
const UNIT_TILES: u32 = 1u;
const TE: u32 = 8u;
const TU: u32 = 2u;
struct Params {
  count: u32,
  gridStride: u32,
  rows: u32,
}
@group(0) @binding(0) var<storage, read> aPrev: array<f32>;
@group(0) @binding(1) var<storage, read> W: array<f32>;
@group(0) @binding(2) var<storage, read> b: array<f32>;
@group(0) @binding(3) var<storage, read_write> z: array<f32>;
@group(0) @binding(4) var<uniform> params: Params;
fn thread_index(gid: vec3<u32>) -> u32 { return gid.y * params.gridStride + gid.x; }

// ---- generated for this network (src/gpu/per-op/per-op-codegen.ts) ----
fn forward_tile(n0: u32, i0: u32, lastRow: u32) {
  let aRow0 = min(n0 + 0u, lastRow) * IN_DIM;
  let aRow1 = min(n0 + 1u, lastRow) * IN_DIM;
  let aRow2 = min(n0 + 2u, lastRow) * IN_DIM;
  let aRow3 = min(n0 + 3u, lastRow) * IN_DIM;
  let aRow4 = min(n0 + 4u, lastRow) * IN_DIM;
  let aRow5 = min(n0 + 5u, lastRow) * IN_DIM;
  let aRow6 = min(n0 + 6u, lastRow) * IN_DIM;
  let aRow7 = min(n0 + 7u, lastRow) * IN_DIM;
  let unit0 = min(i0 + 0u, OUT_DIM - 1u);
  let unit1 = min(i0 + 1u, OUT_DIM - 1u);
  let wRow0 = unit0 * IN_DIM;
  let wRow1 = unit1 * IN_DIM;
  let b0 = b[unit0];
  let b1 = b[unit1];
  var s0_0 = b0;
  var s0_1 = b1;
  var s1_0 = b0;
  var s1_1 = b1;
  var s2_0 = b0;
  var s2_1 = b1;
  var s3_0 = b0;
  var s3_1 = b1;
  var s4_0 = b0;
  var s4_1 = b1;
  var s5_0 = b0;
  var s5_1 = b1;
  var s6_0 = b0;
  var s6_1 = b1;
  var s7_0 = b0;
  var s7_1 = b1;
  for (var j = 0u; j < IN_DIM; j++) {
    let a0 = aPrev[aRow0 + j];
    let a1 = aPrev[aRow1 + j];
    let a2 = aPrev[aRow2 + j];
    let a3 = aPrev[aRow3 + j];
    let a4 = aPrev[aRow4 + j];
    let a5 = aPrev[aRow5 + j];
    let a6 = aPrev[aRow6 + j];
    let a7 = aPrev[aRow7 + j];
    let w0 = W[wRow0 + j];
    let w1 = W[wRow1 + j];
    s0_0 += w0 * a0;
    s0_1 += w1 * a0;
    s1_0 += w0 * a1;
    s1_1 += w1 * a1;
    s2_0 += w0 * a2;
    s2_1 += w1 * a2;
    s3_0 += w0 * a3;
    s3_1 += w1 * a3;
    s4_0 += w0 * a4;
    s4_1 += w1 * a4;
    s5_0 += w0 * a5;
    s5_1 += w1 * a5;
    s6_0 += w0 * a6;
    s6_1 += w1 * a6;
    s7_0 += w0 * a7;
    s7_1 += w1 * a7;
  }
  if (n0 + 0u < params.rows) {
    if (i0 + 0u < OUT_DIM) { z[(n0 + 0u) * OUT_DIM + i0 + 0u] = s0_0; }
    if (i0 + 1u < OUT_DIM) { z[(n0 + 0u) * OUT_DIM + i0 + 1u] = s0_1; }
  }
  if (n0 + 1u < params.rows) {
    if (i0 + 0u < OUT_DIM) { z[(n0 + 1u) * OUT_DIM + i0 + 0u] = s1_0; }
    if (i0 + 1u < OUT_DIM) { z[(n0 + 1u) * OUT_DIM + i0 + 1u] = s1_1; }
  }
  if (n0 + 2u < params.rows) {
    if (i0 + 0u < OUT_DIM) { z[(n0 + 2u) * OUT_DIM + i0 + 0u] = s2_0; }
    if (i0 + 1u < OUT_DIM) { z[(n0 + 2u) * OUT_DIM + i0 + 1u] = s2_1; }
  }
  if (n0 + 3u < params.rows) {
    if (i0 + 0u < OUT_DIM) { z[(n0 + 3u) * OUT_DIM + i0 + 0u] = s3_0; }
    if (i0 + 1u < OUT_DIM) { z[(n0 + 3u) * OUT_DIM + i0 + 1u] = s3_1; }
  }
  if (n0 + 4u < params.rows) {
    if (i0 + 0u < OUT_DIM) { z[(n0 + 4u) * OUT_DIM + i0 + 0u] = s4_0; }
    if (i0 + 1u < OUT_DIM) { z[(n0 + 4u) * OUT_DIM + i0 + 1u] = s4_1; }
  }
  if (n0 + 5u < params.rows) {
    if (i0 + 0u < OUT_DIM) { z[(n0 + 5u) * OUT_DIM + i0 + 0u] = s5_0; }
    if (i0 + 1u < OUT_DIM) { z[(n0 + 5u) * OUT_DIM + i0 + 1u] = s5_1; }
  }
  if (n0 + 6u < params.rows) {
    if (i0 + 0u < OUT_DIM) { z[(n0 + 6u) * OUT_DIM + i0 + 0u] = s6_0; }
    if (i0 + 1u < OUT_DIM) { z[(n0 + 6u) * OUT_DIM + i0 + 1u] = s6_1; }
  }
  if (n0 + 7u < params.rows) {
    if (i0 + 0u < OUT_DIM) { z[(n0 + 7u) * OUT_DIM + i0 + 0u] = s7_0; }
    if (i0 + 1u < OUT_DIM) { z[(n0 + 7u) * OUT_DIM + i0 + 1u] = s7_1; }
  }
}

// ---- src/gpu/per-op/linear-forward.wgsl ----
// Linear forward: Z = A·Wᵀ + b for a batch, one row per example.
// z[n][i] = b[i] + Σ_j W[i][j] · aPrev[n][j]   (the lesson's z = W·a + b, once per example)
//
// Register tiling: each thread owns TE examples × TU units of z. Per input column j it loads TE
// activations and TU weights once and uses each of them TU (resp. TE) times, so loads per
// multiply-add fall from 2 to (TE + TU) / (TE·TU). Each z is still summed in the same order
// (b first, then j = 0, 1, …), so the result is the one-thread-per-element kernel's, bit for bit.
// Rows and units past the edges are clamped for the loads (valid reads) and never written.
//
// Generated for the layer (src/gpu/per-op/per-op-codegen.ts): IN_DIM, OUT_DIM, UNIT_TILES, TE, TU
// and `forward_tile`, the tile's loop written out with named accumulators (registers).

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let t = thread_index(gid);
  if (t >= params.count) { return; }
  let n0 = (t / UNIT_TILES) * TE;
  let i0 = (t % UNIT_TILES) * TU;
  forward_tile(n0, i0, params.rows - 1u);
}

// ======== parameter-gradients (layer 4, 3 → 2) ========
// ---- generated from src/gpu/wgsl/layouts.ts (parameter-gradients) ----
override WORKGROUP_SIZE: u32 = 64u;
const IN_DIM: u32 = 3u;
const OUT_DIM: u32 = 2u;
const UNIT_TILES: u32 = 1u;
const COL_TILES: u32 = 1u;
const TI: u32 = 2u;
const TJ: u32 = 4u;
struct Params {
  count: u32,
  gridStride: u32,
  rows: u32,
  blockRows: u32,
  blockOffset: u32,
  partialOffset: u32,
}
@group(0) @binding(0) var<storage, read> dz: array<f32>;
@group(0) @binding(1) var<storage, read> aPrev: array<f32>;
@group(0) @binding(2) var<storage, read_write> partials: array<f32>;
@group(0) @binding(3) var<uniform> params: Params;
fn thread_index(gid: vec3<u32>) -> u32 { return gid.y * params.gridStride + gid.x; }

// ---- generated for this network (src/gpu/per-op/per-op-codegen.ts) ----
fn gradient_tile(first: u32, last: u32, i0: u32, j0: u32, row: u32) {
  let unit0 = min(i0 + 0u, OUT_DIM - 1u);
  let unit1 = min(i0 + 1u, OUT_DIM - 1u);
  let col0 = j0 + 0u;
  let load0 = min(col0, IN_DIM - 1u);
  let bias0 = col0 >= IN_DIM;
  let col1 = j0 + 1u;
  let load1 = min(col1, IN_DIM - 1u);
  let bias1 = col1 >= IN_DIM;
  let col2 = j0 + 2u;
  let load2 = min(col2, IN_DIM - 1u);
  let bias2 = col2 >= IN_DIM;
  let col3 = j0 + 3u;
  let load3 = min(col3, IN_DIM - 1u);
  let bias3 = col3 >= IN_DIM;
  let d0 = dz[first * OUT_DIM + unit0];
  let d1 = dz[first * OUT_DIM + unit1];
  let x0 = select(aPrev[first * IN_DIM + load0], 1.0, bias0);
  let x1 = select(aPrev[first * IN_DIM + load1], 1.0, bias1);
  let x2 = select(aPrev[first * IN_DIM + load2], 1.0, bias2);
  let x3 = select(aPrev[first * IN_DIM + load3], 1.0, bias3);
  var g0_0 = d0 * x0;
  var g0_1 = d0 * x1;
  var g0_2 = d0 * x2;
  var g0_3 = d0 * x3;
  var g1_0 = d1 * x0;
  var g1_1 = d1 * x1;
  var g1_2 = d1 * x2;
  var g1_3 = d1 * x3;
  for (var n = first + 1u; n < last; n++) {
    let d0 = dz[n * OUT_DIM + unit0];
    let d1 = dz[n * OUT_DIM + unit1];
    let x0 = select(aPrev[n * IN_DIM + load0], 1.0, bias0);
    let x1 = select(aPrev[n * IN_DIM + load1], 1.0, bias1);
    let x2 = select(aPrev[n * IN_DIM + load2], 1.0, bias2);
    let x3 = select(aPrev[n * IN_DIM + load3], 1.0, bias3);
    g0_0 += d0 * x0;
    g0_1 += d0 * x1;
    g0_2 += d0 * x2;
    g0_3 += d0 * x3;
    g1_0 += d1 * x0;
    g1_1 += d1 * x1;
    g1_2 += d1 * x2;
    g1_3 += d1 * x3;
  }
  if (BUG == 6u) {
    if (bias0) { g0_0 = select(0.0, dz[first * OUT_DIM + unit0], row == params.partialOffset); }
    if (bias1) { g0_1 = select(0.0, dz[first * OUT_DIM + unit0], row == params.partialOffset); }
    if (bias2) { g0_2 = select(0.0, dz[first * OUT_DIM + unit0], row == params.partialOffset); }
    if (bias3) { g0_3 = select(0.0, dz[first * OUT_DIM + unit0], row == params.partialOffset); }
    if (bias0) { g1_0 = select(0.0, dz[first * OUT_DIM + unit1], row == params.partialOffset); }
    if (bias1) { g1_1 = select(0.0, dz[first * OUT_DIM + unit1], row == params.partialOffset); }
    if (bias2) { g1_2 = select(0.0, dz[first * OUT_DIM + unit1], row == params.partialOffset); }
    if (bias3) { g1_3 = select(0.0, dz[first * OUT_DIM + unit1], row == params.partialOffset); }
  }
  if (i0 + 0u < OUT_DIM) {
    if (col0 <= IN_DIM) { partials[row + (i0 + 0u) * (IN_DIM + 1u) + col0] = g0_0; }
    if (col1 <= IN_DIM) { partials[row + (i0 + 0u) * (IN_DIM + 1u) + col1] = g0_1; }
    if (col2 <= IN_DIM) { partials[row + (i0 + 0u) * (IN_DIM + 1u) + col2] = g0_2; }
    if (col3 <= IN_DIM) { partials[row + (i0 + 0u) * (IN_DIM + 1u) + col3] = g0_3; }
  }
  if (i0 + 1u < OUT_DIM) {
    if (col0 <= IN_DIM) { partials[row + (i0 + 1u) * (IN_DIM + 1u) + col0] = g1_0; }
    if (col1 <= IN_DIM) { partials[row + (i0 + 1u) * (IN_DIM + 1u) + col1] = g1_1; }
    if (col2 <= IN_DIM) { partials[row + (i0 + 1u) * (IN_DIM + 1u) + col2] = g1_2; }
    if (col3 <= IN_DIM) { partials[row + (i0 + 1u) * (IN_DIM + 1u) + col3] = g1_3; }
  }
}

// ---- src/gpu/per-op/parameter-gradients.wgsl ----
// Parameter gradients, pass 1 of a deterministic two-pass reduction (WGSL has no float atomics).
//   dW[i][j] = Σ_n dL/dz[n][i] · a_prev[n][j],   db[i] = Σ_n dL/dz[n][i]
// The batch is cut into blocks of `blockRows` examples (256, see chunk-plan.ts); one thread sums
// a tile of TI units × TJ columns of one block's [dW | db], walking the block's rows once: per
// example it loads TI upstream gradients and TJ activations and does TI·TJ multiply-adds (the old
// kernel loaded both factors once per parameter, re-reading every row once per parameter).
// Each partial row is laid out [W row 0 | b0 | W row 1 | b1 | …] (P = outDim × (inDim + 1)): the
// bias is the weight of a constant input 1 (column IN_DIM). Block numbers are global
// (`blockOffset` = first block of this chunk), so a batch cut into chunks writes the same partials
// as the batch in one piece; sum-rows.wgsl then reduces the partials in a fixed order. Every
// parameter is still summed by one thread in example order: same inputs → same bits, every run.
// A batch of one block writes its row straight into the results, at `partialOffset` (the layer's
// place there), and no reduction runs; otherwise `partialOffset` is 0.
//
// Generated for the layer (src/gpu/per-op/per-op-codegen.ts): IN_DIM, OUT_DIM, UNIT_TILES, COL_TILES,
// TI, TJ and `gradient_tile`, the tile's loop written out with named accumulators.

// BUG (src/break/bugs.ts): 0 runs the lesson's rule; the page's and CLI's "break it" set it to run one classic bug.
override BUG: u32 = 0u;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let t = thread_index(gid);
  if (t >= params.count) { return; }
  let block = t / (UNIT_TILES * COL_TILES);
  let tile = t % (UNIT_TILES * COL_TILES);
  let i0 = (tile / COL_TILES) * TI;
  let j0 = (tile % COL_TILES) * TJ;
  let first = block * params.blockRows;
  let last = min(first + params.blockRows, params.rows);
  gradient_tile(first, last, i0, j0, params.partialOffset + (params.blockOffset + block) * OUT_DIM * (IN_DIM + 1u));
}

// ======== backward-data (layer 4, 3 → 2) ========
// ---- generated from src/gpu/wgsl/layouts.ts (backward-data) ----
override WORKGROUP_SIZE: u32 = 64u;
const IN_DIM: u32 = 3u;
const OUT_DIM: u32 = 2u;
const COL_TILES: u32 = 1u;
const TE: u32 = 8u;
const TJ: u32 = 3u;
struct Params {
  count: u32,
  gridStride: u32,
  rows: u32,
}
@group(0) @binding(0) var<storage, read> dz: array<f32>;
@group(0) @binding(1) var<storage, read> W: array<f32>;
@group(0) @binding(2) var<storage, read> localPrev: array<f32>;
@group(0) @binding(3) var<storage, read_write> daPrev: array<f32>;
@group(0) @binding(4) var<storage, read_write> dzPrev: array<f32>;
@group(0) @binding(5) var<uniform> params: Params;
fn thread_index(gid: vec3<u32>) -> u32 { return gid.y * params.gridStride + gid.x; }

// ---- generated for this network (src/gpu/per-op/per-op-codegen.ts) ----
fn backward_tile(n0: u32, j0: u32, lastRow: u32) {
  let dzRow0 = min(n0 + 0u, lastRow) * OUT_DIM;
  let dzRow1 = min(n0 + 1u, lastRow) * OUT_DIM;
  let dzRow2 = min(n0 + 2u, lastRow) * OUT_DIM;
  let dzRow3 = min(n0 + 3u, lastRow) * OUT_DIM;
  let dzRow4 = min(n0 + 4u, lastRow) * OUT_DIM;
  let dzRow5 = min(n0 + 5u, lastRow) * OUT_DIM;
  let dzRow6 = min(n0 + 6u, lastRow) * OUT_DIM;
  let dzRow7 = min(n0 + 7u, lastRow) * OUT_DIM;
  let col0 = min(j0 + 0u, IN_DIM - 1u);
  let col1 = min(j0 + 1u, IN_DIM - 1u);
  let col2 = min(j0 + 2u, IN_DIM - 1u);
  var s0_0 = 0.0;
  var s0_1 = 0.0;
  var s0_2 = 0.0;
  var s1_0 = 0.0;
  var s1_1 = 0.0;
  var s1_2 = 0.0;
  var s2_0 = 0.0;
  var s2_1 = 0.0;
  var s2_2 = 0.0;
  var s3_0 = 0.0;
  var s3_1 = 0.0;
  var s3_2 = 0.0;
  var s4_0 = 0.0;
  var s4_1 = 0.0;
  var s4_2 = 0.0;
  var s5_0 = 0.0;
  var s5_1 = 0.0;
  var s5_2 = 0.0;
  var s6_0 = 0.0;
  var s6_1 = 0.0;
  var s6_2 = 0.0;
  var s7_0 = 0.0;
  var s7_1 = 0.0;
  var s7_2 = 0.0;
  for (var i = 0u; i < OUT_DIM; i++) {
    let d0 = dz[dzRow0 + i];
    let d1 = dz[dzRow1 + i];
    let d2 = dz[dzRow2 + i];
    let d3 = dz[dzRow3 + i];
    let d4 = dz[dzRow4 + i];
    let d5 = dz[dzRow5 + i];
    let d6 = dz[dzRow6 + i];
    let d7 = dz[dzRow7 + i];
    let w0 = W[select(i * IN_DIM + col0, col0 * OUT_DIM + i, BUG == 2u)];
    let w1 = W[select(i * IN_DIM + col1, col1 * OUT_DIM + i, BUG == 2u)];
    let w2 = W[select(i * IN_DIM + col2, col2 * OUT_DIM + i, BUG == 2u)];
    s0_0 += d0 * w0;
    s0_1 += d0 * w1;
    s0_2 += d0 * w2;
    s1_0 += d1 * w0;
    s1_1 += d1 * w1;
    s1_2 += d1 * w2;
    s2_0 += d2 * w0;
    s2_1 += d2 * w1;
    s2_2 += d2 * w2;
    s3_0 += d3 * w0;
    s3_1 += d3 * w1;
    s3_2 += d3 * w2;
    s4_0 += d4 * w0;
    s4_1 += d4 * w1;
    s4_2 += d4 * w2;
    s5_0 += d5 * w0;
    s5_1 += d5 * w1;
    s5_2 += d5 * w2;
    s6_0 += d6 * w0;
    s6_1 += d6 * w1;
    s6_2 += d6 * w2;
    s7_0 += d7 * w0;
    s7_1 += d7 * w1;
    s7_2 += d7 * w2;
  }
  if (n0 + 0u < params.rows) {
    if (j0 + 0u < IN_DIM) {
      let k = (n0 + 0u) * IN_DIM + j0 + 0u;
      daPrev[k] = s0_0;
      dzPrev[k] = s0_0 * select(localPrev[k], 1.0, BUG == 1u);
    }
    if (j0 + 1u < IN_DIM) {
      let k = (n0 + 0u) * IN_DIM + j0 + 1u;
      daPrev[k] = s0_1;
      dzPrev[k] = s0_1 * select(localPrev[k], 1.0, BUG == 1u);
    }
    if (j0 + 2u < IN_DIM) {
      let k = (n0 + 0u) * IN_DIM + j0 + 2u;
      daPrev[k] = s0_2;
      dzPrev[k] = s0_2 * select(localPrev[k], 1.0, BUG == 1u);
    }
  }
  if (n0 + 1u < params.rows) {
    if (j0 + 0u < IN_DIM) {
      let k = (n0 + 1u) * IN_DIM + j0 + 0u;
      daPrev[k] = s1_0;
      dzPrev[k] = s1_0 * select(localPrev[k], 1.0, BUG == 1u);
    }
    if (j0 + 1u < IN_DIM) {
      let k = (n0 + 1u) * IN_DIM + j0 + 1u;
      daPrev[k] = s1_1;
      dzPrev[k] = s1_1 * select(localPrev[k], 1.0, BUG == 1u);
    }
    if (j0 + 2u < IN_DIM) {
      let k = (n0 + 1u) * IN_DIM + j0 + 2u;
      daPrev[k] = s1_2;
      dzPrev[k] = s1_2 * select(localPrev[k], 1.0, BUG == 1u);
    }
  }
  if (n0 + 2u < params.rows) {
    if (j0 + 0u < IN_DIM) {
      let k = (n0 + 2u) * IN_DIM + j0 + 0u;
      daPrev[k] = s2_0;
      dzPrev[k] = s2_0 * select(localPrev[k], 1.0, BUG == 1u);
    }
    if (j0 + 1u < IN_DIM) {
      let k = (n0 + 2u) * IN_DIM + j0 + 1u;
      daPrev[k] = s2_1;
      dzPrev[k] = s2_1 * select(localPrev[k], 1.0, BUG == 1u);
    }
    if (j0 + 2u < IN_DIM) {
      let k = (n0 + 2u) * IN_DIM + j0 + 2u;
      daPrev[k] = s2_2;
      dzPrev[k] = s2_2 * select(localPrev[k], 1.0, BUG == 1u);
    }
  }
  if (n0 + 3u < params.rows) {
    if (j0 + 0u < IN_DIM) {
      let k = (n0 + 3u) * IN_DIM + j0 + 0u;
      daPrev[k] = s3_0;
      dzPrev[k] = s3_0 * select(localPrev[k], 1.0, BUG == 1u);
    }
    if (j0 + 1u < IN_DIM) {
      let k = (n0 + 3u) * IN_DIM + j0 + 1u;
      daPrev[k] = s3_1;
      dzPrev[k] = s3_1 * select(localPrev[k], 1.0, BUG == 1u);
    }
    if (j0 + 2u < IN_DIM) {
      let k = (n0 + 3u) * IN_DIM + j0 + 2u;
      daPrev[k] = s3_2;
      dzPrev[k] = s3_2 * select(localPrev[k], 1.0, BUG == 1u);
    }
  }
  if (n0 + 4u < params.rows) {
    if (j0 + 0u < IN_DIM) {
      let k = (n0 + 4u) * IN_DIM + j0 + 0u;
      daPrev[k] = s4_0;
      dzPrev[k] = s4_0 * select(localPrev[k], 1.0, BUG == 1u);
    }
    if (j0 + 1u < IN_DIM) {
      let k = (n0 + 4u) * IN_DIM + j0 + 1u;
      daPrev[k] = s4_1;
      dzPrev[k] = s4_1 * select(localPrev[k], 1.0, BUG == 1u);
    }
    if (j0 + 2u < IN_DIM) {
      let k = (n0 + 4u) * IN_DIM + j0 + 2u;
      daPrev[k] = s4_2;
      dzPrev[k] = s4_2 * select(localPrev[k], 1.0, BUG == 1u);
    }
  }
  if (n0 + 5u < params.rows) {
    if (j0 + 0u < IN_DIM) {
      let k = (n0 + 5u) * IN_DIM + j0 + 0u;
      daPrev[k] = s5_0;
      dzPrev[k] = s5_0 * select(localPrev[k], 1.0, BUG == 1u);
    }
    if (j0 + 1u < IN_DIM) {
      let k = (n0 + 5u) * IN_DIM + j0 + 1u;
      daPrev[k] = s5_1;
      dzPrev[k] = s5_1 * select(localPrev[k], 1.0, BUG == 1u);
    }
    if (j0 + 2u < IN_DIM) {
      let k = (n0 + 5u) * IN_DIM + j0 + 2u;
      daPrev[k] = s5_2;
      dzPrev[k] = s5_2 * select(localPrev[k], 1.0, BUG == 1u);
    }
  }
  if (n0 + 6u < params.rows) {
    if (j0 + 0u < IN_DIM) {
      let k = (n0 + 6u) * IN_DIM + j0 + 0u;
      daPrev[k] = s6_0;
      dzPrev[k] = s6_0 * select(localPrev[k], 1.0, BUG == 1u);
    }
    if (j0 + 1u < IN_DIM) {
      let k = (n0 + 6u) * IN_DIM + j0 + 1u;
      daPrev[k] = s6_1;
      dzPrev[k] = s6_1 * select(localPrev[k], 1.0, BUG == 1u);
    }
    if (j0 + 2u < IN_DIM) {
      let k = (n0 + 6u) * IN_DIM + j0 + 2u;
      daPrev[k] = s6_2;
      dzPrev[k] = s6_2 * select(localPrev[k], 1.0, BUG == 1u);
    }
  }
  if (n0 + 7u < params.rows) {
    if (j0 + 0u < IN_DIM) {
      let k = (n0 + 7u) * IN_DIM + j0 + 0u;
      daPrev[k] = s7_0;
      dzPrev[k] = s7_0 * select(localPrev[k], 1.0, BUG == 1u);
    }
    if (j0 + 1u < IN_DIM) {
      let k = (n0 + 7u) * IN_DIM + j0 + 1u;
      daPrev[k] = s7_1;
      dzPrev[k] = s7_1 * select(localPrev[k], 1.0, BUG == 1u);
    }
    if (j0 + 2u < IN_DIM) {
      let k = (n0 + 7u) * IN_DIM + j0 + 2u;
      daPrev[k] = s7_2;
      dzPrev[k] = s7_2 * select(localPrev[k], 1.0, BUG == 1u);
    }
  }
}

// ---- src/gpu/per-op/backward-data.wgsl ----
// Backward through a layer to the one below it, for (example n, input unit j):
//   dL/da_prev[n][j] = Σ_i dL/dz[n][i] · W[i][j]              (the same W, read transposed)
//   dL/dz_prev[n][j] = dL/da_prev[n][j] · f'(z_prev[n][j])     (the local derivative activation.wgsl kept)
// Multiplying by relu's 0 (rather than selecting 0) keeps the reference's sign of zero.
//
// Register tiling: each thread owns TE examples × TJ input units; per output unit i it loads TE
// upstream gradients and TJ weights once. Each sum still runs over i = 0, 1, … from 0.
//
// Generated for the layer (src/gpu/per-op/per-op-codegen.ts): IN_DIM, OUT_DIM, COL_TILES, TE, TJ
// and `backward_tile`, the tile's loop written out with named accumulators.

// BUG (src/break/bugs.ts): 0 runs the lesson's rule; the page's and CLI's "break it" set it to run one classic bug.
override BUG: u32 = 0u;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let t = thread_index(gid);
  if (t >= params.count) { return; }
  let n0 = (t / COL_TILES) * TE;
  let j0 = (t % COL_TILES) * TJ;
  backward_tile(n0, j0, params.rows - 1u);
}

// ======== activation (relu) ========
// ---- generated from src/gpu/wgsl/layouts.ts (activation) ----
override WORKGROUP_SIZE: u32 = 64u;
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
override WORKGROUP_SIZE: u32 = 64u;
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
override WORKGROUP_SIZE: u32 = 64u;
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
