// Fused forward + backward for networks too wide for registers. Each workgroup owns a contiguous
// range of examples and walks it a tile of TILE examples at a time: the tile's activations and
// dL/dz live in workgroup memory only (never written to global memory), and the workgroup's
// running gradient sums live in its own partial row [all layers' dW | db … | loss] of `partials`.
// Every slot of that row is owned by one thread (slot ≡ thread index mod WORKGROUP_SIZE) and
// updated in example order, so the result is deterministic; sum-rows.wgsl then reduces the rows.
//
// Generated above this file: the sizes TILE, LAYERS, ACT_TOTAL, MAX_WIDTH, PARTIAL_WIDTH and the
// tables DIMS (widths, input first), ACT_OFFSET (where layer l's activations start per example
// in `act`) and PARAM_OFFSET (where layer l's [W | b] starts in `weights` and in a partial row).
//{{TABLES}}

var<workgroup> act: array<f32, TILE * ACT_TOTAL>;
/** dL/dz of the layer being processed and of the one below it (two halves, swapped per layer). */
var<workgroup> delta: array<f32, 2u * TILE * MAX_WIDTH>;
var<workgroup> tileLoss: array<f32, TILE>;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let partialRow = (params.partialRowOffset + wid.x) * PARTIAL_WIDTH;
  let first = wid.x * params.rowsPerGroup;
  let end = min(first + params.rowsPerGroup, params.rows);
  let invN = 1.0 / params.batchSize;
  for (var p = lid; p + 1u < PARTIAL_WIDTH; p += WORKGROUP_SIZE) { partials[partialRow + p] = -0.0; }
  var lossSum = 0.0;

  for (var row0 = first; row0 < end; row0 += TILE) {
    let count = min(TILE, end - row0);

    // Forward: z = W·a + b, then relu for hidden layers (the output keeps its logits).
    for (var l = 0u; l < LAYERS; l++) {
      let inDim = DIMS[l];
      let outDim = DIMS[l + 1u];
      for (var w = lid; w < count * outDim; w += WORKGROUP_SIZE) {
        let e = w / outDim;
        let i = w % outDim;
        let wRow = PARAM_OFFSET[l] + i * (inDim + 1u);
        var z = weights[wRow + inDim];
        // Two copies of the loop so the "which input" test is not repeated per multiply.
        if (l == 0u) {
          let x = (row0 + e) * inDim;
          for (var j = 0u; j < inDim; j++) { z += weights[wRow + j] * inputs[x + j]; }
        } else {
          let x = TILE * ACT_OFFSET[l - 1u] + e * inDim;
          for (var j = 0u; j < inDim; j++) { z += weights[wRow + j] * act[x + j]; }
        }
        let hidden = l + 1u < LAYERS;
        act[TILE * ACT_OFFSET[l] + e * outDim + i] = select(z, select(0.0, z, z > 0.0), hidden);
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
      let dzBase = half * TILE * MAX_WIDTH;
      let cols = inDim + 1u;
      for (var p = lid; p < outDim * cols; p += WORKGROUP_SIZE) {
        let i = p / cols;
        let j = p % cols;
        var s = -0.0;
        if (j == inDim) {
          for (var e = 0u; e < count; e++) { s += delta[dzBase + e * outDim + i]; }
        } else if (k == 0u) {
          for (var e = 0u; e < count; e++) { s += delta[dzBase + e * outDim + i] * inputs[(row0 + e) * inDim + j]; }
        } else {
          let x = TILE * ACT_OFFSET[k - 1u] + j;
          for (var e = 0u; e < count; e++) { s += delta[dzBase + e * outDim + i] * act[x + e * inDim]; }
        }
        let slot = partialRow + PARAM_OFFSET[k] + p;
        partials[slot] = partials[slot] + s;
      }
      if (k > 0u) {
        let belowBase = (1u - half) * TILE * MAX_WIDTH;
        for (var w = lid; w < count * inDim; w += WORKGROUP_SIZE) {
          let e = w / inDim;
          let j = w % inDim;
          var s = 0.0;
          for (var i = 0u; i < outDim; i++) { s += delta[dzBase + e * outDim + i] * weights[PARAM_OFFSET[k] + i * cols + j]; }
          let alive = act[TILE * ACT_OFFSET[k - 1u] + e * inDim + j] > 0.0;
          delta[belowBase + e * inDim + j] = s * select(0.0, 1.0, alive);
        }
      }
      workgroupBarrier();
      half = 1u - half;
    }
  }
  if (lid == 0u) { partials[partialRow + PARTIAL_WIDTH - 1u] = lossSum; }
}
