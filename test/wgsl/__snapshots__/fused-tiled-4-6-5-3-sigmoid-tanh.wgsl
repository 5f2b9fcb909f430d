// ======== fused-tiled ========
// ---- generated from src/gpu/wgsl/layouts.ts (fused-tiled) ----
const WORKGROUP_SIZE: u32 = 64u;
const TILE: u32 = 16u;
const KC: u32 = 64u;
const LAYERS: u32 = 3u;
const ACT_TOTAL: u32 = 14u;
const MAX_WIDTH: u32 = 6u;
const PARTIAL_WIDTH: u32 = 84u;
const INPUT_STRIDE: u32 = 4u;
const GRAD_BASE: u32 = 0u;
const WRITE_INPUT_DELTA: u32 = 0u;
struct Params {
  rows: u32,
  rowsPerGroup: u32,
  partialRowOffset: u32,
  batchSize: f32,
}
@group(0) @binding(0) var<storage, read> inputs: array<f32>;
@group(0) @binding(1) var<storage, read> labels: array<u32>;
@group(0) @binding(2) var<storage, read> weights: array<f32>;
@group(0) @binding(3) var<storage, read_write> partials: array<f32>;
@group(0) @binding(4) var<storage, read_write> inputDelta: array<f32>;
@group(0) @binding(5) var<uniform> params: Params;

// ---- shared functions (src/gpu/wgsl/functions.ts, rules from src/ops/) ----
fn sigmoid(z: f32) -> f32 {
  let e = exp(-abs(z));
  return select(e / (1.0 + e), 1.0 / (1.0 + e), z >= 0.0);
}
fn sigmoid_grad(a: f32) -> f32 { return a * (1.0 - a); }
fn tanh_act(z: f32) -> f32 {
  let e = exp(-2.0 * abs(z));
  return sign(z) * (1.0 - e) / (1.0 + e);
}
fn tanh_grad(a: f32) -> f32 { return 1.0 - a * a; }
// −0 made at run time from any finite value: a −0.0 literal arrives as +0 on SwiftShader (src/gpu/wgsl/functions.ts).
fn negative_zero(finite: f32) -> f32 { return -(0.0 * finite); }

// ---- generated for this network (src/gpu/fused/fused-source.ts) ----
const DIMS = array<u32, 4>(4u, 6u, 5u, 3u);
const ACT_OFFSET = array<u32, 3>(0u, 6u, 11u);
const PARAM_OFFSET = array<u32, 3>(0u, 30u, 65u);
fn hidden_activation(layer: u32, x: f32) -> f32 {
  switch layer {
    case 0u: { return sigmoid(x); }
    case 1u: { return tanh_act(x); }
    default: { return x; }
  }
}
fn hidden_activation_grad(layer: u32, x: f32) -> f32 {
  switch layer {
    case 0u: { return sigmoid_grad(x); }
    case 1u: { return tanh_grad(x); }
    default: { return x; }
  }
}
fn input_activation_grad(a: f32) -> f32 { return 0.0; } // unused: WRITE_INPUT_DELTA = 0
fn tile_fill(acc: ptr<function, array<f32, TILE>>, value: f32) {
  (*acc)[0u] = value;
  (*acc)[1u] = value;
  (*acc)[2u] = value;
  (*acc)[3u] = value;
  (*acc)[4u] = value;
  (*acc)[5u] = value;
  (*acc)[6u] = value;
  (*acc)[7u] = value;
  (*acc)[8u] = value;
  (*acc)[9u] = value;
  (*acc)[10u] = value;
  (*acc)[11u] = value;
  (*acc)[12u] = value;
  (*acc)[13u] = value;
  (*acc)[14u] = value;
  (*acc)[15u] = value;
}
fn tile_fma_xs(acc: ptr<function, array<f32, TILE>>, w: f32, base: u32, stride: u32) {
  (*acc)[0u] += w * xs[base + 0u * stride];
  (*acc)[1u] += w * xs[base + 1u * stride];
  (*acc)[2u] += w * xs[base + 2u * stride];
  (*acc)[3u] += w * xs[base + 3u * stride];
  (*acc)[4u] += w * xs[base + 4u * stride];
  (*acc)[5u] += w * xs[base + 5u * stride];
  (*acc)[6u] += w * xs[base + 6u * stride];
  (*acc)[7u] += w * xs[base + 7u * stride];
  (*acc)[8u] += w * xs[base + 8u * stride];
  (*acc)[9u] += w * xs[base + 9u * stride];
  (*acc)[10u] += w * xs[base + 10u * stride];
  (*acc)[11u] += w * xs[base + 11u * stride];
  (*acc)[12u] += w * xs[base + 12u * stride];
  (*acc)[13u] += w * xs[base + 13u * stride];
  (*acc)[14u] += w * xs[base + 14u * stride];
  (*acc)[15u] += w * xs[base + 15u * stride];
}
fn tile_fma_act(acc: ptr<function, array<f32, TILE>>, w: f32, base: u32, stride: u32) {
  (*acc)[0u] += w * act[base + 0u * stride];
  (*acc)[1u] += w * act[base + 1u * stride];
  (*acc)[2u] += w * act[base + 2u * stride];
  (*acc)[3u] += w * act[base + 3u * stride];
  (*acc)[4u] += w * act[base + 4u * stride];
  (*acc)[5u] += w * act[base + 5u * stride];
  (*acc)[6u] += w * act[base + 6u * stride];
  (*acc)[7u] += w * act[base + 7u * stride];
  (*acc)[8u] += w * act[base + 8u * stride];
  (*acc)[9u] += w * act[base + 9u * stride];
  (*acc)[10u] += w * act[base + 10u * stride];
  (*acc)[11u] += w * act[base + 11u * stride];
  (*acc)[12u] += w * act[base + 12u * stride];
  (*acc)[13u] += w * act[base + 13u * stride];
  (*acc)[14u] += w * act[base + 14u * stride];
  (*acc)[15u] += w * act[base + 15u * stride];
}
fn tile_fma_delta(acc: ptr<function, array<f32, TILE>>, w: f32, base: u32, stride: u32) {
  (*acc)[0u] += w * delta[base + 0u * stride];
  (*acc)[1u] += w * delta[base + 1u * stride];
  (*acc)[2u] += w * delta[base + 2u * stride];
  (*acc)[3u] += w * delta[base + 3u * stride];
  (*acc)[4u] += w * delta[base + 4u * stride];
  (*acc)[5u] += w * delta[base + 5u * stride];
  (*acc)[6u] += w * delta[base + 6u * stride];
  (*acc)[7u] += w * delta[base + 7u * stride];
  (*acc)[8u] += w * delta[base + 8u * stride];
  (*acc)[9u] += w * delta[base + 9u * stride];
  (*acc)[10u] += w * delta[base + 10u * stride];
  (*acc)[11u] += w * delta[base + 11u * stride];
  (*acc)[12u] += w * delta[base + 12u * stride];
  (*acc)[13u] += w * delta[base + 13u * stride];
  (*acc)[14u] += w * delta[base + 14u * stride];
  (*acc)[15u] += w * delta[base + 15u * stride];
}

// ---- src/gpu/fused/fused-tiled.wgsl ----
// Fused forward + backward for networks too wide for registers. Each workgroup owns a contiguous
// range of examples and walks it a tile of TILE examples at a time: the tile's activations and
// dL/dz live in workgroup memory only (never written to global memory), and the workgroup's
// running gradient sums live in its own partial row [all layers' dW | db … | loss] of `partials`.
// Every slot of that row is owned by one thread and updated in example order, so the result is
// deterministic; sum-rows.wgsl then reduces the rows.
//
// Register tiling: a thread works on one unit (or one weight) for all TILE examples at once, so
// each weight read from memory serves TILE multiply-adds (`acc` holds one value per example).
// The tile helpers tile_fill and tile_fma_<array> are generated unrolled (src/gpu/fused/fused-source.ts):
// with constant indices `acc` stays in registers on SwiftShader, about 20% faster than a loop.
// The batch's inputs are staged into workgroup memory KC columns at a time (`xs`).
//
// In a 'gemm' plan (wide first layer, see src/gpu/fused/fused-plan.ts) this kernel runs the layers above
// layer 0: its `inputs` are layer 0's activations (rows INPUT_STRIDE floats apart), its gradients
// start at GRAD_BASE of the partial row (fused-gemm-weight-grad.wgsl fills the columns before it),
// and with WRITE_INPUT_DELTA = 1 it also writes layer 0's dL/dz to `inputDelta` for that kernel.
//
// Generated before this file (src/gpu/wgsl/assemble.ts): the sizes TILE, KC, LAYERS, ACT_TOTAL,
// MAX_WIDTH, PARTIAL_WIDTH, INPUT_STRIDE, GRAD_BASE, WRITE_INPUT_DELTA; the tables DIMS (widths,
// input first), ACT_OFFSET (where layer l's activations start per example in `act`) and
// PARAM_OFFSET (where layer l's [W | b] starts in `weights` and in a partial row); the tile helpers;
// hidden_activation(l, z) and hidden_activation_grad(l, a), layer l's activation and its local
// derivative from the op table; input_activation_grad(a), that of the layer below the kernel's
// first (a 'gemm' plan's layer 0).

var<workgroup> xs: array<f32, TILE * KC>;
var<workgroup> act: array<f32, TILE * ACT_TOTAL>;
/** dL/dz of the layer being processed and of the one below it (two halves, swapped per layer). */
var<workgroup> delta: array<f32, 2u * TILE * MAX_WIDTH>;
var<workgroup> tileLoss: array<f32, TILE>;

/** Copies inputs[row0 + e][c0 .. c0 + KC) into xs (zeros past the tile or the row). */
fn stageInputs(lid: u32, row0: u32, count: u32, c0: u32) {
  let inDim = DIMS[0];
  for (var k = lid; k < TILE * KC; k += WORKGROUP_SIZE) {
    let e = k / KC;
    let c = c0 + k % KC;
    var x = 0.0;
    if (e < count && c < inDim) { x = inputs[(row0 + e) * INPUT_STRIDE + c]; }
    xs[k] = x;
  }
}

/**
 * dL/da_prev[e][j] = Σ_i dz[e][i] · W_k[i][j] for the tile's examples (W read transposed), the
 * upstream gradients at delta[dz + e·outDim + i]. One function for the layers below the top and
 * for a 'gemm' plan's tail (its input delta).
 */
fn input_delta_tile(k: u32, j: u32, cols: u32, dz: u32, outDim: u32) -> array<f32, TILE> {
  // Zeroed explicitly: relying on the declaration's implicit zero inside a loop body
  // left the previous layer's sums here on SwiftShader.
  var acc: array<f32, TILE>;
  tile_fill(&acc, 0.0);
  for (var i = 0u; i < outDim; i++) {
    tile_fma_delta(&acc, weights[PARAM_OFFSET[k] + i * cols + j], dz + i, outDim);
  }
  return acc;
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let partialRow = (params.partialRowOffset + wid.x) * PARTIAL_WIDTH;
  let first = wid.x * params.rowsPerGroup;
  let end = min(first + params.rowsPerGroup, params.rows);
  let invN = 1.0 / params.batchSize;
  // Sums start at −0 as the float64 reference's do (negative_zero: a −0.0 literal would come out +0).
  let negZero = negative_zero(invN);
  for (var p = GRAD_BASE + lid; p + 1u < PARTIAL_WIDTH; p += WORKGROUP_SIZE) { partials[partialRow + p] = negZero; }
  var lossSum = 0.0;

  for (var row0 = first; row0 < end; row0 += TILE) {
    let count = min(TILE, end - row0);

    // Forward: z = W·a + b for the whole tile, one output unit per thread; f(z) for hidden layers.
    for (var l = 0u; l < LAYERS; l++) {
      let inDim = DIMS[l];
      let outDim = DIMS[l + 1u];
      let hidden = l + 1u < LAYERS;
      for (var i0 = 0u; i0 < outDim; i0 += WORKGROUP_SIZE) {
        let i = i0 + lid;
        let inRange = i < outDim;
        let wRow = PARAM_OFFSET[l] + i * (inDim + 1u);
        var acc: array<f32, TILE>;
        let bias = select(0.0, weights[wRow + inDim], inRange);
        tile_fill(&acc, bias);
        if (l == 0u) {
          for (var c0 = 0u; c0 < inDim; c0 += KC) {
            stageInputs(lid, row0, count, c0);
            workgroupBarrier();
            if (inRange) {
              for (var c = 0u; c < min(KC, inDim - c0); c++) {
                let w = weights[wRow + c0 + c];
                tile_fma_xs(&acc, w, c, KC);
              }
            }
            workgroupBarrier();
          }
        } else if (inRange) {
          let prev = TILE * ACT_OFFSET[l - 1u];
          for (var j = 0u; j < inDim; j++) {
            let w = weights[wRow + j];
            tile_fma_act(&acc, w, prev + j, inDim);
          }
        }
        if (inRange) {
          let base = TILE * ACT_OFFSET[l] + i;
          for (var e = 0u; e < count; e++) {
            let z = acc[e];
            act[base + e * outDim] = select(z, hidden_activation(l, z), hidden);
          }
        }
      }
      workgroupBarrier();
    }

    // Softmax + cross-entropy, one thread per example, stable form; dL/dz = (p − t)/N.
    let C = DIMS[LAYERS];
    if (lid < count) {
      let logits = TILE * ACT_OFFSET[LAYERS - 1u] + lid * C;
      let label = labels[row0 + lid];
      var m = act[logits];
      for (var i = 1u; i < C; i++) { m = max(m, act[logits + i]); }
      var s = 0.0;
      for (var i = 0u; i < C; i++) { s += exp(act[logits + i] - m); }
      tileLoss[lid] = log(s) - (act[logits + label] - m);
      for (var i = 0u; i < C; i++) {
        let p = exp(act[logits + i] - m) / s;
        delta[lid * C + i] = (p - select(0.0, 1.0, i == label)) * invN;
      }
    }
    workgroupBarrier();
    if (lid == 0u) {
      for (var e = 0u; e < count; e++) { lossSum += tileLoss[e]; }
    }

    // Backward, top layer first: gradient sums of layer k, then dL/dz of the layer below.
    var half = 0u;
    for (var l = LAYERS; l > 0u; l--) {
      let k = l - 1u;
      let inDim = DIMS[k];
      let outDim = DIMS[l];
      let dz = half * TILE * MAX_WIDTH;
      let cols = inDim + 1u;
      let gradRow = partialRow + PARAM_OFFSET[k];

      // db[i] += Σ_e dz[e][i]
      for (var i = lid; i < outDim; i += WORKGROUP_SIZE) {
        var s = negZero;
        for (var e = 0u; e < count; e++) { s += delta[dz + e * outDim + i]; }
        let slot = gradRow + i * cols + inDim;
        partials[slot] = partials[slot] + s;
      }
      // dW[i][j] += Σ_e dz[e][i] · a_prev[e][j], a_prev from staged inputs (k = 0) or `act`.
      if (k == 0u) {
        for (var c0 = 0u; c0 < inDim; c0 += KC) {
          stageInputs(lid, row0, count, c0);
          workgroupBarrier();
          let width = min(KC, inDim - c0);
          for (var p = lid; p < outDim * width; p += WORKGROUP_SIZE) {
            let i = p / width;
            let c = p % width;
            var s = negZero;
            for (var e = 0u; e < count; e++) { s += delta[dz + e * outDim + i] * xs[e * KC + c]; }
            let slot = gradRow + i * cols + c0 + c;
            partials[slot] = partials[slot] + s;
          }
          workgroupBarrier();
        }
        // The tail of a 'gemm' plan: dL/dz of layer 0 = (Σ_i dz[e][i] · W[i][j]) ⊙ f'(z0), the local
        // derivative stated through the input a0 = f(z0).
        if (WRITE_INPUT_DELTA != 0u) {
          for (var j = lid; j < inDim; j += WORKGROUP_SIZE) {
            let acc = input_delta_tile(k, j, cols, dz, outDim);
            for (var e = 0u; e < count; e++) {
              let at = (row0 + e) * INPUT_STRIDE + j;
              inputDelta[at] = acc[e] * input_activation_grad(inputs[at]);
            }
          }
        }
      } else {
        let prev = TILE * ACT_OFFSET[k - 1u];
        for (var p = lid; p < outDim * inDim; p += WORKGROUP_SIZE) {
          let i = p / inDim;
          let j = p % inDim;
          var s = negZero;
          for (var e = 0u; e < count; e++) { s += delta[dz + e * outDim + i] * act[prev + e * inDim + j]; }
          let slot = gradRow + i * cols + j;
          partials[slot] = partials[slot] + s;
        }
        // dL/da_prev[e][j] = Σ_i dz[e][i] · W[i][j], then ⊙ f'(z_prev): one unit j per thread.
        let below = (1u - half) * TILE * MAX_WIDTH;
        for (var j = lid; j < inDim; j += WORKGROUP_SIZE) {
          let acc = input_delta_tile(k, j, cols, dz, outDim);
          for (var e = 0u; e < count; e++) {
            delta[below + e * inDim + j] = acc[e] * hidden_activation_grad(k - 1u, act[prev + e * inDim + j]);
          }
        }
      }
      workgroupBarrier();
      half = 1u - half;
    }
  }
  if (lid == 0u) { partials[partialRow + PARTIAL_WIDTH - 1u] = lossSum; }
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
