// Fused path, wide first layer ('gemm' plan), step 1: hidden = f([x | 1] · [W | b]ᵀ) for layer 0
// over the chunk, written to `hidden` for the layers above (fused-gemm-head.wgsl or fused-tiled.wgsl).
//
// Register tiling for a CPU-emulated GPU (SwiftShader runs each thread as a SIMD lane, and every
// buffer load is a per-lane gather): each thread computes a tile of TE examples × TU units, so one
// pass over K columns loads TE + TU vec4s per 4·TE·TU multiply-adds. The tile's accumulators are
// named variables written out by src/gpu/fused/fused-gemm-codegen.ts (no dynamically indexed arrays,
// which would spill), and the loop bound K4V is a constant of the generated text.
//
// Generated before this file (src/gpu/wgsl/assemble.ts): K4V (vec4s per padded input row), H4V
// (vec4s per hidden row), UNIT_TILES (tiles of TU units per example tile), and forward_tile, which
// computes one tile and applies the layer's activation f (the op table's shared function).

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let t = thread_index(gid);
  if (t >= params.count) { return; }
  // Neighbouring threads share their examples and differ in units (the examples stay in cache).
  let unitTile = t % UNIT_TILES;
  let exampleTile = t / UNIT_TILES;
  forward_tile(exampleTile, unitTile);
}
