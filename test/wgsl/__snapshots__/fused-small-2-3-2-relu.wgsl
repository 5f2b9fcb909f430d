// ======== fused-small ========
// ---- generated from src/gpu/wgsl/layouts.ts (fused-small) ----
const WORKGROUP_SIZE: u32 = 64u;
const PARTIAL_WIDTH: u32 = 18u;
const LOG_GROUP: u32 = 64u;
struct Params {
  rows: u32,
  threads: u32,
  partialRowOffset: u32,
  batchSize: f32,
}
@group(0) @binding(0) var<storage, read> inputs: array<f32>;
@group(0) @binding(1) var<storage, read> labels: array<u32>;
@group(0) @binding(2) var<storage, read> weights: array<f32>;
@group(0) @binding(3) var<storage, read_write> partials: array<f32>;
@group(0) @binding(4) var<uniform> params: Params;

// ---- shared functions (src/gpu/wgsl/functions.ts, rules from src/ops/) ----
fn relu(z: f32) -> f32 { return select(0.0, z, z > 0.0); }
fn relu_grad(a: f32) -> f32 { return select(0.0, 1.0, a > 0.0); }
// −log p_label = log s − (z_label − m), never exp of a large number (src/ops/softmax-cross-entropy.ts).
fn softmax_ce_loss(s: f32, zLabel: f32, m: f32) -> f32 { return log(s) - (zLabel - m); }
// dL/dz_i of the batch-mean loss = (p_i − t_i) / N, with t one-hot at the label.
fn softmax_ce_grad(p: f32, isLabel: bool, invN: f32) -> f32 { return (p - select(0.0, 1.0, isLabel)) * invN; }
// −0 made at run time from any finite value: a −0.0 literal arrives as +0 on SwiftShader (src/gpu/wgsl/functions.ts).
fn negative_zero(finite: f32) -> f32 { return -(0.0 * finite); }

// ---- fused-small, generated (src/gpu/fused/fused-small-codegen.ts) ----
@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let t = gid.x;
  if (t >= params.threads) { return; }
  let invN = 1.0 / params.batchSize;
  let negZero = negative_zero(invN);
  let w0_0_0 = weights[0u];
  let w0_0_1 = weights[1u];
  let b0_0 = weights[2u];
  let w0_1_0 = weights[3u];
  let w0_1_1 = weights[4u];
  let b0_1 = weights[5u];
  let w0_2_0 = weights[6u];
  let w0_2_1 = weights[7u];
  let b0_2 = weights[8u];
  let w1_0_0 = weights[9u];
  let w1_0_1 = weights[10u];
  let w1_0_2 = weights[11u];
  let b1_0 = weights[12u];
  let w1_1_0 = weights[13u];
  let w1_1_1 = weights[14u];
  let w1_1_2 = weights[15u];
  let b1_1 = weights[16u];
  var g0 = negZero;
  var g1 = negZero;
  var g2 = negZero;
  var g3 = negZero;
  var g4 = negZero;
  var g5 = negZero;
  var g6 = negZero;
  var g7 = negZero;
  var g8 = negZero;
  var g9 = negZero;
  var g10 = negZero;
  var g11 = negZero;
  var g12 = negZero;
  var g13 = negZero;
  var g14 = negZero;
  var g15 = negZero;
  var g16 = negZero;
  var lossSum = 0.0;
  // The loss needs Σ log s (s = Σ exp(z − m) per example); a log costs as much as the rest of an
  // example's arithmetic here, so it is taken once per group of LOG_GROUP examples, as
  // log Π s. Each s lies in [1, classes], so the product stays far inside f32's range, and its
  // rounding (LOG_GROUP · 2^-24 relative) adds as little error as the individual logs would.
  // A group is a loop of its own, not a branch: a CPU-emulated GPU runs both sides of a branch.
  for (var groupStart = t; groupStart < params.rows; groupStart += LOG_GROUP * params.threads) {
    var sProduct = 1.0;
    let groupEnd = min(groupStart + LOG_GROUP * params.threads, params.rows);
    for (var n = groupStart; n < groupEnd; n += params.threads) {
      let x0 = inputs[n * 2u + 0u];
      let x1 = inputs[n * 2u + 1u];
      let label = labels[n];
      let z0_0 = b0_0 + w0_0_0 * x0 + w0_0_1 * x1;
      let a0_0 = relu(z0_0);
      let z0_1 = b0_1 + w0_1_0 * x0 + w0_1_1 * x1;
      let a0_1 = relu(z0_1);
      let z0_2 = b0_2 + w0_2_0 * x0 + w0_2_1 * x1;
      let a0_2 = relu(z0_2);
      let z1_0 = b1_0 + w1_0_0 * a0_0 + w1_0_1 * a0_1 + w1_0_2 * a0_2;
      let z1_1 = b1_1 + w1_1_0 * a0_0 + w1_1_1 * a0_1 + w1_1_2 * a0_2;
      let m = max(z1_0, z1_1);
      let e0 = exp(z1_0 - m);
      let e1 = exp(z1_1 - m);
      let s = e0 + e1;
      let zLabel = select(z1_0, z1_1, label == 1u);
      sProduct *= s;
      lossSum -= zLabel - m;
      let invS = 1.0 / s;
      let d1_0 = softmax_ce_grad(e0 * invS, label == 0u, invN);
      let d1_1 = softmax_ce_grad(e1 * invS, label == 1u, invN);
      g9 += d1_0 * a0_0;
      g10 += d1_0 * a0_1;
      g11 += d1_0 * a0_2;
      g12 += d1_0;
      g13 += d1_1 * a0_0;
      g14 += d1_1 * a0_1;
      g15 += d1_1 * a0_2;
      g16 += d1_1;
      let da0_0 = d1_0 * w1_0_0 + d1_1 * w1_1_0;
      let d0_0 = select(da0_0, 0.0, da0_0 == 0.0) * relu_grad(a0_0);
      let da0_1 = d1_0 * w1_0_1 + d1_1 * w1_1_1;
      let d0_1 = select(da0_1, 0.0, da0_1 == 0.0) * relu_grad(a0_1);
      let da0_2 = d1_0 * w1_0_2 + d1_1 * w1_1_2;
      let d0_2 = select(da0_2, 0.0, da0_2 == 0.0) * relu_grad(a0_2);
      g0 += d0_0 * x0;
      g1 += d0_0 * x1;
      g2 += d0_0;
      g3 += d0_1 * x0;
      g4 += d0_1 * x1;
      g5 += d0_1;
      g6 += d0_2 * x0;
      g7 += d0_2 * x1;
      g8 += d0_2;
    }
    lossSum += log(sProduct);
  }
  let row = (params.partialRowOffset + t) * PARTIAL_WIDTH;
  partials[row + 0u] = g0;
  partials[row + 1u] = g1;
  partials[row + 2u] = g2;
  partials[row + 3u] = g3;
  partials[row + 4u] = g4;
  partials[row + 5u] = g5;
  partials[row + 6u] = g6;
  partials[row + 7u] = g7;
  partials[row + 8u] = g8;
  partials[row + 9u] = g9;
  partials[row + 10u] = g10;
  partials[row + 11u] = g11;
  partials[row + 12u] = g12;
  partials[row + 13u] = g13;
  partials[row + 14u] = g14;
  partials[row + 15u] = g15;
  partials[row + 16u] = g16;
  partials[row + 17u] = lossSum;
}

// ======== sum-rows (the reduction both paths share) ========
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
