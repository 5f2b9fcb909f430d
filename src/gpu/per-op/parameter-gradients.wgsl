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
