// Fused path, wide first layer ('gemm' plan), last step: layer 0's [dW | db] = Σ_n dz[n]ᵀ · [x[n] | 1]
// over one group of examples per partial row (split-K over the batch), the same groups and rows
// as the kernel for the layers above uses. (With one hidden layer it also gives the output layer's
// dW from the hidden rows: LAYER_OFFSET says where those gradients sit, and the head sums db.) Each gradient element is summed by one thread
// in example order, then sum-rows.wgsl adds the rows in a fixed order: deterministic.
// The bias gradient is the column of the constant input 1, so it comes out of the same product.
//
// Register tiling: each thread owns TI units × TJ input columns and, per example, loads TI + TJ
// floats for TI·TJ multiply-adds; accumulators are named variables written out by
// src/gpu/fused/fused-gemm-codegen.ts.
//
// Generated before this file (src/gpu/wgsl/assemble.ts): K4, H4 (floats per input / delta row),
// IN_DIM, HIDDEN, UNIT_TILES, COL_TILES, PARTIAL_WIDTH, LAYER_OFFSET, and weight_grad_tile, which
// sums one tile over the group's examples and writes it to the partial row.

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let t = thread_index(gid);
  if (t >= params.count) { return; }
  // Neighbouring threads share their units and examples and differ in input columns.
  let colTile = t % COL_TILES;
  let unitTile = (t / COL_TILES) % UNIT_TILES;
  let group = t / (COL_TILES * UNIT_TILES);
  let first = group * params.rowsPerGroup;
  let end = min(first + params.rowsPerGroup, params.rows);
  let row = (params.partialRowOffset + group) * PARTIAL_WIDTH;
  weight_grad_tile(unitTile, colTile, first, end, row);
}
