// Fused path, 'gemm' plan of a network with one hidden layer (x → hidden → classes), step 2:
// the output layer for one group of examples per workgroup, TE examples per thread, in registers —
//   z = W1·a + b1;  loss += log Σ exp(z − m) − (z_label − m);  dz = (p − t)/N;
//   dz of the hidden layer = (W1ᵀ·dz) ⊙ f'(z0), written to `delta` for layer 0's gradient;
//   dz written to `outDelta` for the output layer's dW (fused-gemm-weight-grad, step 3);
//   db1 and the loss summed per thread, then over the workgroup's threads in a fixed order.
// src/gpu/fused/fused-gemm-codegen.ts writes the body for the network's widths (one name per value, as
// fused-small does); `hidden` holds f(z0) from fused-gemm-forward (step 1), rows H4 floats apart.
//
// Generated before this file (src/gpu/wgsl/assemble.ts): TE, H1 (hidden width), H4, C (classes),
// C4 (outDelta row width), W1_OFFSET (where the output layer's [W | b] starts in `weights` and in a
// partial row), PARTIAL_WIDTH, and head_rows, which runs one thread's examples and leaves its sums
// of db1 and the loss in threadSums.

var<workgroup> threadSums: array<f32, WORKGROUP_SIZE * (C + 1u)>;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let first = wid.x * params.rowsPerGroup;
  let end = min(first + params.rowsPerGroup, params.rows);
  let invN = 1.0 / params.batchSize;
  head_rows(lid, first, end, invN);
  workgroupBarrier();
  // Column p of the thread sums (db1[p], or the loss for p = C), added in thread order.
  if (lid <= C) {
    var s = threadSums[lid];
    for (var t = 1u; t < WORKGROUP_SIZE; t++) { s += threadSums[t * (C + 1u) + lid]; }
    let row = (params.partialRowOffset + wid.x) * PARTIAL_WIDTH;
    if (lid < C) {
      partials[row + W1_OFFSET + lid * (H1 + 1u) + H1] = s;
    } else {
      partials[row + PARTIAL_WIDTH - 1u] = s;
    }
  }
}
