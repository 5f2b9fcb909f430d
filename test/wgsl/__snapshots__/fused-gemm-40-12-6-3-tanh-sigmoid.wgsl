// ======== fused-gemm-forward (layer 0) ========
// ---- generated from src/gpu/wgsl/layouts.ts (fused-gemm-forward) ----
override WORKGROUP_SIZE: u32 = 64u;
const K4V: u32 = 12u;
const H4V: u32 = 8u;
const UNIT_TILES: u32 = 1u;
struct Params {
  count: u32,
  gridStride: u32,
}
@group(0) @binding(0) var<storage, read> inputs: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read> w0: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read_write> hidden: array<vec4<f32>>;
@group(0) @binding(3) var<uniform> params: Params;
fn thread_index(gid: vec3<u32>) -> u32 { return gid.y * params.gridStride + gid.x; }

// ---- shared functions (src/gpu/wgsl/functions.ts, rules from src/ops/) ----
fn tanh_act(z: f32) -> f32 {
  let e = exp(-2.0 * abs(z));
  return sign(z) * (1.0 - e) / (1.0 + e);
}
fn tanh_grad(a: f32) -> f32 { return 1.0 - a * a; }

// ---- generated for this network (src/gpu/fused/fused-gemm-codegen.ts) ----
fn forward_tile(exampleTile: u32, unitTile: u32) {
  let xBase0 = (exampleTile * 16u + 0u) * K4V;
  let xBase1 = (exampleTile * 16u + 1u) * K4V;
  let xBase2 = (exampleTile * 16u + 2u) * K4V;
  let xBase3 = (exampleTile * 16u + 3u) * K4V;
  let xBase4 = (exampleTile * 16u + 4u) * K4V;
  let xBase5 = (exampleTile * 16u + 5u) * K4V;
  let xBase6 = (exampleTile * 16u + 6u) * K4V;
  let xBase7 = (exampleTile * 16u + 7u) * K4V;
  let xBase8 = (exampleTile * 16u + 8u) * K4V;
  let xBase9 = (exampleTile * 16u + 9u) * K4V;
  let xBase10 = (exampleTile * 16u + 10u) * K4V;
  let xBase11 = (exampleTile * 16u + 11u) * K4V;
  let xBase12 = (exampleTile * 16u + 12u) * K4V;
  let xBase13 = (exampleTile * 16u + 13u) * K4V;
  let xBase14 = (exampleTile * 16u + 14u) * K4V;
  let xBase15 = (exampleTile * 16u + 15u) * K4V;
  let wBase0 = (unitTile * 32u + 0u) * K4V;
  let wBase1 = (unitTile * 32u + 1u) * K4V;
  let wBase2 = (unitTile * 32u + 2u) * K4V;
  let wBase3 = (unitTile * 32u + 3u) * K4V;
  let wBase4 = (unitTile * 32u + 4u) * K4V;
  let wBase5 = (unitTile * 32u + 5u) * K4V;
  let wBase6 = (unitTile * 32u + 6u) * K4V;
  let wBase7 = (unitTile * 32u + 7u) * K4V;
  let wBase8 = (unitTile * 32u + 8u) * K4V;
  let wBase9 = (unitTile * 32u + 9u) * K4V;
  let wBase10 = (unitTile * 32u + 10u) * K4V;
  let wBase11 = (unitTile * 32u + 11u) * K4V;
  let wBase12 = (unitTile * 32u + 12u) * K4V;
  let wBase13 = (unitTile * 32u + 13u) * K4V;
  let wBase14 = (unitTile * 32u + 14u) * K4V;
  let wBase15 = (unitTile * 32u + 15u) * K4V;
  let wBase16 = (unitTile * 32u + 16u) * K4V;
  let wBase17 = (unitTile * 32u + 17u) * K4V;
  let wBase18 = (unitTile * 32u + 18u) * K4V;
  let wBase19 = (unitTile * 32u + 19u) * K4V;
  let wBase20 = (unitTile * 32u + 20u) * K4V;
  let wBase21 = (unitTile * 32u + 21u) * K4V;
  let wBase22 = (unitTile * 32u + 22u) * K4V;
  let wBase23 = (unitTile * 32u + 23u) * K4V;
  let wBase24 = (unitTile * 32u + 24u) * K4V;
  let wBase25 = (unitTile * 32u + 25u) * K4V;
  let wBase26 = (unitTile * 32u + 26u) * K4V;
  let wBase27 = (unitTile * 32u + 27u) * K4V;
  let wBase28 = (unitTile * 32u + 28u) * K4V;
  let wBase29 = (unitTile * 32u + 29u) * K4V;
  let wBase30 = (unitTile * 32u + 30u) * K4V;
  let wBase31 = (unitTile * 32u + 31u) * K4V;
  var a0_0 = 0.0;
  var a0_1 = 0.0;
  var a0_2 = 0.0;
  var a0_3 = 0.0;
  var a0_4 = 0.0;
  var a0_5 = 0.0;
  var a0_6 = 0.0;
  var a0_7 = 0.0;
  var a0_8 = 0.0;
  var a0_9 = 0.0;
  var a0_10 = 0.0;
  var a0_11 = 0.0;
  var a0_12 = 0.0;
  var a0_13 = 0.0;
  var a0_14 = 0.0;
  var a0_15 = 0.0;
  var a0_16 = 0.0;
  var a0_17 = 0.0;
  var a0_18 = 0.0;
  var a0_19 = 0.0;
  var a0_20 = 0.0;
  var a0_21 = 0.0;
  var a0_22 = 0.0;
  var a0_23 = 0.0;
  var a0_24 = 0.0;
  var a0_25 = 0.0;
  var a0_26 = 0.0;
  var a0_27 = 0.0;
  var a0_28 = 0.0;
  var a0_29 = 0.0;
  var a0_30 = 0.0;
  var a0_31 = 0.0;
  var a1_0 = 0.0;
  var a1_1 = 0.0;
  var a1_2 = 0.0;
  var a1_3 = 0.0;
  var a1_4 = 0.0;
  var a1_5 = 0.0;
  var a1_6 = 0.0;
  var a1_7 = 0.0;
  var a1_8 = 0.0;
  var a1_9 = 0.0;
  var a1_10 = 0.0;
  var a1_11 = 0.0;
  var a1_12 = 0.0;
  var a1_13 = 0.0;
  var a1_14 = 0.0;
  var a1_15 = 0.0;
  var a1_16 = 0.0;
  var a1_17 = 0.0;
  var a1_18 = 0.0;
  var a1_19 = 0.0;
  var a1_20 = 0.0;
  var a1_21 = 0.0;
  var a1_22 = 0.0;
  var a1_23 = 0.0;
  var a1_24 = 0.0;
  var a1_25 = 0.0;
  var a1_26 = 0.0;
  var a1_27 = 0.0;
  var a1_28 = 0.0;
  var a1_29 = 0.0;
  var a1_30 = 0.0;
  var a1_31 = 0.0;
  var a2_0 = 0.0;
  var a2_1 = 0.0;
  var a2_2 = 0.0;
  var a2_3 = 0.0;
  var a2_4 = 0.0;
  var a2_5 = 0.0;
  var a2_6 = 0.0;
  var a2_7 = 0.0;
  var a2_8 = 0.0;
  var a2_9 = 0.0;
  var a2_10 = 0.0;
  var a2_11 = 0.0;
  var a2_12 = 0.0;
  var a2_13 = 0.0;
  var a2_14 = 0.0;
  var a2_15 = 0.0;
  var a2_16 = 0.0;
  var a2_17 = 0.0;
  var a2_18 = 0.0;
  var a2_19 = 0.0;
  var a2_20 = 0.0;
  var a2_21 = 0.0;
  var a2_22 = 0.0;
  var a2_23 = 0.0;
  var a2_24 = 0.0;
  var a2_25 = 0.0;
  var a2_26 = 0.0;
  var a2_27 = 0.0;
  var a2_28 = 0.0;
  var a2_29 = 0.0;
  var a2_30 = 0.0;
  var a2_31 = 0.0;
  var a3_0 = 0.0;
  var a3_1 = 0.0;
  var a3_2 = 0.0;
  var a3_3 = 0.0;
  var a3_4 = 0.0;
  var a3_5 = 0.0;
  var a3_6 = 0.0;
  var a3_7 = 0.0;
  var a3_8 = 0.0;
  var a3_9 = 0.0;
  var a3_10 = 0.0;
  var a3_11 = 0.0;
  var a3_12 = 0.0;
  var a3_13 = 0.0;
  var a3_14 = 0.0;
  var a3_15 = 0.0;
  var a3_16 = 0.0;
  var a3_17 = 0.0;
  var a3_18 = 0.0;
  var a3_19 = 0.0;
  var a3_20 = 0.0;
  var a3_21 = 0.0;
  var a3_22 = 0.0;
  var a3_23 = 0.0;
  var a3_24 = 0.0;
  var a3_25 = 0.0;
  var a3_26 = 0.0;
  var a3_27 = 0.0;
  var a3_28 = 0.0;
  var a3_29 = 0.0;
  var a3_30 = 0.0;
  var a3_31 = 0.0;
  var a4_0 = 0.0;
  var a4_1 = 0.0;
  var a4_2 = 0.0;
  var a4_3 = 0.0;
  var a4_4 = 0.0;
  var a4_5 = 0.0;
  var a4_6 = 0.0;
  var a4_7 = 0.0;
  var a4_8 = 0.0;
  var a4_9 = 0.0;
  var a4_10 = 0.0;
  var a4_11 = 0.0;
  var a4_12 = 0.0;
  var a4_13 = 0.0;
  var a4_14 = 0.0;
  var a4_15 = 0.0;
  var a4_16 = 0.0;
  var a4_17 = 0.0;
  var a4_18 = 0.0;
  var a4_19 = 0.0;
  var a4_20 = 0.0;
  var a4_21 = 0.0;
  var a4_22 = 0.0;
  var a4_23 = 0.0;
  var a4_24 = 0.0;
  var a4_25 = 0.0;
  var a4_26 = 0.0;
  var a4_27 = 0.0;
  var a4_28 = 0.0;
  var a4_29 = 0.0;
  var a4_30 = 0.0;
  var a4_31 = 0.0;
  var a5_0 = 0.0;
  var a5_1 = 0.0;
  var a5_2 = 0.0;
  var a5_3 = 0.0;
  var a5_4 = 0.0;
  var a5_5 = 0.0;
  var a5_6 = 0.0;
  var a5_7 = 0.0;
  var a5_8 = 0.0;
  var a5_9 = 0.0;
  var a5_10 = 0.0;
  var a5_11 = 0.0;
  var a5_12 = 0.0;
  var a5_13 = 0.0;
  var a5_14 = 0.0;
  var a5_15 = 0.0;
  var a5_16 = 0.0;
  var a5_17 = 0.0;
  var a5_18 = 0.0;
  var a5_19 = 0.0;
  var a5_20 = 0.0;
  var a5_21 = 0.0;
  var a5_22 = 0.0;
  var a5_23 = 0.0;
  var a5_24 = 0.0;
  var a5_25 = 0.0;
  var a5_26 = 0.0;
  var a5_27 = 0.0;
  var a5_28 = 0.0;
  var a5_29 = 0.0;
  var a5_30 = 0.0;
  var a5_31 = 0.0;
  var a6_0 = 0.0;
  var a6_1 = 0.0;
  var a6_2 = 0.0;
  var a6_3 = 0.0;
  var a6_4 = 0.0;
  var a6_5 = 0.0;
  var a6_6 = 0.0;
  var a6_7 = 0.0;
  var a6_8 = 0.0;
  var a6_9 = 0.0;
  var a6_10 = 0.0;
  var a6_11 = 0.0;
  var a6_12 = 0.0;
  var a6_13 = 0.0;
  var a6_14 = 0.0;
  var a6_15 = 0.0;
  var a6_16 = 0.0;
  var a6_17 = 0.0;
  var a6_18 = 0.0;
  var a6_19 = 0.0;
  var a6_20 = 0.0;
  var a6_21 = 0.0;
  var a6_22 = 0.0;
  var a6_23 = 0.0;
  var a6_24 = 0.0;
  var a6_25 = 0.0;
  var a6_26 = 0.0;
  var a6_27 = 0.0;
  var a6_28 = 0.0;
  var a6_29 = 0.0;
  var a6_30 = 0.0;
  var a6_31 = 0.0;
  var a7_0 = 0.0;
  var a7_1 = 0.0;
  var a7_2 = 0.0;
  var a7_3 = 0.0;
  var a7_4 = 0.0;
  var a7_5 = 0.0;
  var a7_6 = 0.0;
  var a7_7 = 0.0;
  var a7_8 = 0.0;
  var a7_9 = 0.0;
  var a7_10 = 0.0;
  var a7_11 = 0.0;
  var a7_12 = 0.0;
  var a7_13 = 0.0;
  var a7_14 = 0.0;
  var a7_15 = 0.0;
  var a7_16 = 0.0;
  var a7_17 = 0.0;
  var a7_18 = 0.0;
  var a7_19 = 0.0;
  var a7_20 = 0.0;
  var a7_21 = 0.0;
  var a7_22 = 0.0;
  var a7_23 = 0.0;
  var a7_24 = 0.0;
  var a7_25 = 0.0;
  var a7_26 = 0.0;
  var a7_27 = 0.0;
  var a7_28 = 0.0;
  var a7_29 = 0.0;
  var a7_30 = 0.0;
  var a7_31 = 0.0;
  var a8_0 = 0.0;
  var a8_1 = 0.0;
  var a8_2 = 0.0;
  var a8_3 = 0.0;
  var a8_4 = 0.0;
  var a8_5 = 0.0;
  var a8_6 = 0.0;
  var a8_7 = 0.0;
  var a8_8 = 0.0;
  var a8_9 = 0.0;
  var a8_10 = 0.0;
  var a8_11 = 0.0;
  var a8_12 = 0.0;
  var a8_13 = 0.0;
  var a8_14 = 0.0;
  var a8_15 = 0.0;
  var a8_16 = 0.0;
  var a8_17 = 0.0;
  var a8_18 = 0.0;
  var a8_19 = 0.0;
  var a8_20 = 0.0;
  var a8_21 = 0.0;
  var a8_22 = 0.0;
  var a8_23 = 0.0;
  var a8_24 = 0.0;
  var a8_25 = 0.0;
  var a8_26 = 0.0;
  var a8_27 = 0.0;
  var a8_28 = 0.0;
  var a8_29 = 0.0;
  var a8_30 = 0.0;
  var a8_31 = 0.0;
  var a9_0 = 0.0;
  var a9_1 = 0.0;
  var a9_2 = 0.0;
  var a9_3 = 0.0;
  var a9_4 = 0.0;
  var a9_5 = 0.0;
  var a9_6 = 0.0;
  var a9_7 = 0.0;
  var a9_8 = 0.0;
  var a9_9 = 0.0;
  var a9_10 = 0.0;
  var a9_11 = 0.0;
  var a9_12 = 0.0;
  var a9_13 = 0.0;
  var a9_14 = 0.0;
  var a9_15 = 0.0;
  var a9_16 = 0.0;
  var a9_17 = 0.0;
  var a9_18 = 0.0;
  var a9_19 = 0.0;
  var a9_20 = 0.0;
  var a9_21 = 0.0;
  var a9_22 = 0.0;
  var a9_23 = 0.0;
  var a9_24 = 0.0;
  var a9_25 = 0.0;
  var a9_26 = 0.0;
  var a9_27 = 0.0;
  var a9_28 = 0.0;
  var a9_29 = 0.0;
  var a9_30 = 0.0;
  var a9_31 = 0.0;
  var a10_0 = 0.0;
  var a10_1 = 0.0;
  var a10_2 = 0.0;
  var a10_3 = 0.0;
  var a10_4 = 0.0;
  var a10_5 = 0.0;
  var a10_6 = 0.0;
  var a10_7 = 0.0;
  var a10_8 = 0.0;
  var a10_9 = 0.0;
  var a10_10 = 0.0;
  var a10_11 = 0.0;
  var a10_12 = 0.0;
  var a10_13 = 0.0;
  var a10_14 = 0.0;
  var a10_15 = 0.0;
  var a10_16 = 0.0;
  var a10_17 = 0.0;
  var a10_18 = 0.0;
  var a10_19 = 0.0;
  var a10_20 = 0.0;
  var a10_21 = 0.0;
  var a10_22 = 0.0;
  var a10_23 = 0.0;
  var a10_24 = 0.0;
  var a10_25 = 0.0;
  var a10_26 = 0.0;
  var a10_27 = 0.0;
  var a10_28 = 0.0;
  var a10_29 = 0.0;
  var a10_30 = 0.0;
  var a10_31 = 0.0;
  var a11_0 = 0.0;
  var a11_1 = 0.0;
  var a11_2 = 0.0;
  var a11_3 = 0.0;
  var a11_4 = 0.0;
  var a11_5 = 0.0;
  var a11_6 = 0.0;
  var a11_7 = 0.0;
  var a11_8 = 0.0;
  var a11_9 = 0.0;
  var a11_10 = 0.0;
  var a11_11 = 0.0;
  var a11_12 = 0.0;
  var a11_13 = 0.0;
  var a11_14 = 0.0;
  var a11_15 = 0.0;
  var a11_16 = 0.0;
  var a11_17 = 0.0;
  var a11_18 = 0.0;
  var a11_19 = 0.0;
  var a11_20 = 0.0;
  var a11_21 = 0.0;
  var a11_22 = 0.0;
  var a11_23 = 0.0;
  var a11_24 = 0.0;
  var a11_25 = 0.0;
  var a11_26 = 0.0;
  var a11_27 = 0.0;
  var a11_28 = 0.0;
  var a11_29 = 0.0;
  var a11_30 = 0.0;
  var a11_31 = 0.0;
  var a12_0 = 0.0;
  var a12_1 = 0.0;
  var a12_2 = 0.0;
  var a12_3 = 0.0;
  var a12_4 = 0.0;
  var a12_5 = 0.0;
  var a12_6 = 0.0;
  var a12_7 = 0.0;
  var a12_8 = 0.0;
  var a12_9 = 0.0;
  var a12_10 = 0.0;
  var a12_11 = 0.0;
  var a12_12 = 0.0;
  var a12_13 = 0.0;
  var a12_14 = 0.0;
  var a12_15 = 0.0;
  var a12_16 = 0.0;
  var a12_17 = 0.0;
  var a12_18 = 0.0;
  var a12_19 = 0.0;
  var a12_20 = 0.0;
  var a12_21 = 0.0;
  var a12_22 = 0.0;
  var a12_23 = 0.0;
  var a12_24 = 0.0;
  var a12_25 = 0.0;
  var a12_26 = 0.0;
  var a12_27 = 0.0;
  var a12_28 = 0.0;
  var a12_29 = 0.0;
  var a12_30 = 0.0;
  var a12_31 = 0.0;
  var a13_0 = 0.0;
  var a13_1 = 0.0;
  var a13_2 = 0.0;
  var a13_3 = 0.0;
  var a13_4 = 0.0;
  var a13_5 = 0.0;
  var a13_6 = 0.0;
  var a13_7 = 0.0;
  var a13_8 = 0.0;
  var a13_9 = 0.0;
  var a13_10 = 0.0;
  var a13_11 = 0.0;
  var a13_12 = 0.0;
  var a13_13 = 0.0;
  var a13_14 = 0.0;
  var a13_15 = 0.0;
  var a13_16 = 0.0;
  var a13_17 = 0.0;
  var a13_18 = 0.0;
  var a13_19 = 0.0;
  var a13_20 = 0.0;
  var a13_21 = 0.0;
  var a13_22 = 0.0;
  var a13_23 = 0.0;
  var a13_24 = 0.0;
  var a13_25 = 0.0;
  var a13_26 = 0.0;
  var a13_27 = 0.0;
  var a13_28 = 0.0;
  var a13_29 = 0.0;
  var a13_30 = 0.0;
  var a13_31 = 0.0;
  var a14_0 = 0.0;
  var a14_1 = 0.0;
  var a14_2 = 0.0;
  var a14_3 = 0.0;
  var a14_4 = 0.0;
  var a14_5 = 0.0;
  var a14_6 = 0.0;
  var a14_7 = 0.0;
  var a14_8 = 0.0;
  var a14_9 = 0.0;
  var a14_10 = 0.0;
  var a14_11 = 0.0;
  var a14_12 = 0.0;
  var a14_13 = 0.0;
  var a14_14 = 0.0;
  var a14_15 = 0.0;
  var a14_16 = 0.0;
  var a14_17 = 0.0;
  var a14_18 = 0.0;
  var a14_19 = 0.0;
  var a14_20 = 0.0;
  var a14_21 = 0.0;
  var a14_22 = 0.0;
  var a14_23 = 0.0;
  var a14_24 = 0.0;
  var a14_25 = 0.0;
  var a14_26 = 0.0;
  var a14_27 = 0.0;
  var a14_28 = 0.0;
  var a14_29 = 0.0;
  var a14_30 = 0.0;
  var a14_31 = 0.0;
  var a15_0 = 0.0;
  var a15_1 = 0.0;
  var a15_2 = 0.0;
  var a15_3 = 0.0;
  var a15_4 = 0.0;
  var a15_5 = 0.0;
  var a15_6 = 0.0;
  var a15_7 = 0.0;
  var a15_8 = 0.0;
  var a15_9 = 0.0;
  var a15_10 = 0.0;
  var a15_11 = 0.0;
  var a15_12 = 0.0;
  var a15_13 = 0.0;
  var a15_14 = 0.0;
  var a15_15 = 0.0;
  var a15_16 = 0.0;
  var a15_17 = 0.0;
  var a15_18 = 0.0;
  var a15_19 = 0.0;
  var a15_20 = 0.0;
  var a15_21 = 0.0;
  var a15_22 = 0.0;
  var a15_23 = 0.0;
  var a15_24 = 0.0;
  var a15_25 = 0.0;
  var a15_26 = 0.0;
  var a15_27 = 0.0;
  var a15_28 = 0.0;
  var a15_29 = 0.0;
  var a15_30 = 0.0;
  var a15_31 = 0.0;
  for (var k = 0u; k < K4V; k++) {
    let xv0 = inputs[xBase0 + k];
    let xv1 = inputs[xBase1 + k];
    let xv2 = inputs[xBase2 + k];
    let xv3 = inputs[xBase3 + k];
    let xv4 = inputs[xBase4 + k];
    let xv5 = inputs[xBase5 + k];
    let xv6 = inputs[xBase6 + k];
    let xv7 = inputs[xBase7 + k];
    let xv8 = inputs[xBase8 + k];
    let xv9 = inputs[xBase9 + k];
    let xv10 = inputs[xBase10 + k];
    let xv11 = inputs[xBase11 + k];
    let xv12 = inputs[xBase12 + k];
    let xv13 = inputs[xBase13 + k];
    let xv14 = inputs[xBase14 + k];
    let xv15 = inputs[xBase15 + k];
    let wv0 = w0[wBase0 + k];
    let wv1 = w0[wBase1 + k];
    let wv2 = w0[wBase2 + k];
    let wv3 = w0[wBase3 + k];
    let wv4 = w0[wBase4 + k];
    let wv5 = w0[wBase5 + k];
    let wv6 = w0[wBase6 + k];
    let wv7 = w0[wBase7 + k];
    let wv8 = w0[wBase8 + k];
    let wv9 = w0[wBase9 + k];
    let wv10 = w0[wBase10 + k];
    let wv11 = w0[wBase11 + k];
    let wv12 = w0[wBase12 + k];
    let wv13 = w0[wBase13 + k];
    let wv14 = w0[wBase14 + k];
    let wv15 = w0[wBase15 + k];
    let wv16 = w0[wBase16 + k];
    let wv17 = w0[wBase17 + k];
    let wv18 = w0[wBase18 + k];
    let wv19 = w0[wBase19 + k];
    let wv20 = w0[wBase20 + k];
    let wv21 = w0[wBase21 + k];
    let wv22 = w0[wBase22 + k];
    let wv23 = w0[wBase23 + k];
    let wv24 = w0[wBase24 + k];
    let wv25 = w0[wBase25 + k];
    let wv26 = w0[wBase26 + k];
    let wv27 = w0[wBase27 + k];
    let wv28 = w0[wBase28 + k];
    let wv29 = w0[wBase29 + k];
    let wv30 = w0[wBase30 + k];
    let wv31 = w0[wBase31 + k];
    a0_0 += dot(xv0, wv0);
    a0_1 += dot(xv0, wv1);
    a0_2 += dot(xv0, wv2);
    a0_3 += dot(xv0, wv3);
    a0_4 += dot(xv0, wv4);
    a0_5 += dot(xv0, wv5);
    a0_6 += dot(xv0, wv6);
    a0_7 += dot(xv0, wv7);
    a0_8 += dot(xv0, wv8);
    a0_9 += dot(xv0, wv9);
    a0_10 += dot(xv0, wv10);
    a0_11 += dot(xv0, wv11);
    a0_12 += dot(xv0, wv12);
    a0_13 += dot(xv0, wv13);
    a0_14 += dot(xv0, wv14);
    a0_15 += dot(xv0, wv15);
    a0_16 += dot(xv0, wv16);
    a0_17 += dot(xv0, wv17);
    a0_18 += dot(xv0, wv18);
    a0_19 += dot(xv0, wv19);
    a0_20 += dot(xv0, wv20);
    a0_21 += dot(xv0, wv21);
    a0_22 += dot(xv0, wv22);
    a0_23 += dot(xv0, wv23);
    a0_24 += dot(xv0, wv24);
    a0_25 += dot(xv0, wv25);
    a0_26 += dot(xv0, wv26);
    a0_27 += dot(xv0, wv27);
    a0_28 += dot(xv0, wv28);
    a0_29 += dot(xv0, wv29);
    a0_30 += dot(xv0, wv30);
    a0_31 += dot(xv0, wv31);
    a1_0 += dot(xv1, wv0);
    a1_1 += dot(xv1, wv1);
    a1_2 += dot(xv1, wv2);
    a1_3 += dot(xv1, wv3);
    a1_4 += dot(xv1, wv4);
    a1_5 += dot(xv1, wv5);
    a1_6 += dot(xv1, wv6);
    a1_7 += dot(xv1, wv7);
    a1_8 += dot(xv1, wv8);
    a1_9 += dot(xv1, wv9);
    a1_10 += dot(xv1, wv10);
    a1_11 += dot(xv1, wv11);
    a1_12 += dot(xv1, wv12);
    a1_13 += dot(xv1, wv13);
    a1_14 += dot(xv1, wv14);
    a1_15 += dot(xv1, wv15);
    a1_16 += dot(xv1, wv16);
    a1_17 += dot(xv1, wv17);
    a1_18 += dot(xv1, wv18);
    a1_19 += dot(xv1, wv19);
    a1_20 += dot(xv1, wv20);
    a1_21 += dot(xv1, wv21);
    a1_22 += dot(xv1, wv22);
    a1_23 += dot(xv1, wv23);
    a1_24 += dot(xv1, wv24);
    a1_25 += dot(xv1, wv25);
    a1_26 += dot(xv1, wv26);
    a1_27 += dot(xv1, wv27);
    a1_28 += dot(xv1, wv28);
    a1_29 += dot(xv1, wv29);
    a1_30 += dot(xv1, wv30);
    a1_31 += dot(xv1, wv31);
    a2_0 += dot(xv2, wv0);
    a2_1 += dot(xv2, wv1);
    a2_2 += dot(xv2, wv2);
    a2_3 += dot(xv2, wv3);
    a2_4 += dot(xv2, wv4);
    a2_5 += dot(xv2, wv5);
    a2_6 += dot(xv2, wv6);
    a2_7 += dot(xv2, wv7);
    a2_8 += dot(xv2, wv8);
    a2_9 += dot(xv2, wv9);
    a2_10 += dot(xv2, wv10);
    a2_11 += dot(xv2, wv11);
    a2_12 += dot(xv2, wv12);
    a2_13 += dot(xv2, wv13);
    a2_14 += dot(xv2, wv14);
    a2_15 += dot(xv2, wv15);
    a2_16 += dot(xv2, wv16);
    a2_17 += dot(xv2, wv17);
    a2_18 += dot(xv2, wv18);
    a2_19 += dot(xv2, wv19);
    a2_20 += dot(xv2, wv20);
    a2_21 += dot(xv2, wv21);
    a2_22 += dot(xv2, wv22);
    a2_23 += dot(xv2, wv23);
    a2_24 += dot(xv2, wv24);
    a2_25 += dot(xv2, wv25);
    a2_26 += dot(xv2, wv26);
    a2_27 += dot(xv2, wv27);
    a2_28 += dot(xv2, wv28);
    a2_29 += dot(xv2, wv29);
    a2_30 += dot(xv2, wv30);
    a2_31 += dot(xv2, wv31);
    a3_0 += dot(xv3, wv0);
    a3_1 += dot(xv3, wv1);
    a3_2 += dot(xv3, wv2);
    a3_3 += dot(xv3, wv3);
    a3_4 += dot(xv3, wv4);
    a3_5 += dot(xv3, wv5);
    a3_6 += dot(xv3, wv6);
    a3_7 += dot(xv3, wv7);
    a3_8 += dot(xv3, wv8);
    a3_9 += dot(xv3, wv9);
    a3_10 += dot(xv3, wv10);
    a3_11 += dot(xv3, wv11);
    a3_12 += dot(xv3, wv12);
    a3_13 += dot(xv3, wv13);
    a3_14 += dot(xv3, wv14);
    a3_15 += dot(xv3, wv15);
    a3_16 += dot(xv3, wv16);
    a3_17 += dot(xv3, wv17);
    a3_18 += dot(xv3, wv18);
    a3_19 += dot(xv3, wv19);
    a3_20 += dot(xv3, wv20);
    a3_21 += dot(xv3, wv21);
    a3_22 += dot(xv3, wv22);
    a3_23 += dot(xv3, wv23);
    a3_24 += dot(xv3, wv24);
    a3_25 += dot(xv3, wv25);
    a3_26 += dot(xv3, wv26);
    a3_27 += dot(xv3, wv27);
    a3_28 += dot(xv3, wv28);
    a3_29 += dot(xv3, wv29);
    a3_30 += dot(xv3, wv30);
    a3_31 += dot(xv3, wv31);
    a4_0 += dot(xv4, wv0);
    a4_1 += dot(xv4, wv1);
    a4_2 += dot(xv4, wv2);
    a4_3 += dot(xv4, wv3);
    a4_4 += dot(xv4, wv4);
    a4_5 += dot(xv4, wv5);
    a4_6 += dot(xv4, wv6);
    a4_7 += dot(xv4, wv7);
    a4_8 += dot(xv4, wv8);
    a4_9 += dot(xv4, wv9);
    a4_10 += dot(xv4, wv10);
    a4_11 += dot(xv4, wv11);
    a4_12 += dot(xv4, wv12);
    a4_13 += dot(xv4, wv13);
    a4_14 += dot(xv4, wv14);
    a4_15 += dot(xv4, wv15);
    a4_16 += dot(xv4, wv16);
    a4_17 += dot(xv4, wv17);
    a4_18 += dot(xv4, wv18);
    a4_19 += dot(xv4, wv19);
    a4_20 += dot(xv4, wv20);
    a4_21 += dot(xv4, wv21);
    a4_22 += dot(xv4, wv22);
    a4_23 += dot(xv4, wv23);
    a4_24 += dot(xv4, wv24);
    a4_25 += dot(xv4, wv25);
    a4_26 += dot(xv4, wv26);
    a4_27 += dot(xv4, wv27);
    a4_28 += dot(xv4, wv28);
    a4_29 += dot(xv4, wv29);
    a4_30 += dot(xv4, wv30);
    a4_31 += dot(xv4, wv31);
    a5_0 += dot(xv5, wv0);
    a5_1 += dot(xv5, wv1);
    a5_2 += dot(xv5, wv2);
    a5_3 += dot(xv5, wv3);
    a5_4 += dot(xv5, wv4);
    a5_5 += dot(xv5, wv5);
    a5_6 += dot(xv5, wv6);
    a5_7 += dot(xv5, wv7);
    a5_8 += dot(xv5, wv8);
    a5_9 += dot(xv5, wv9);
    a5_10 += dot(xv5, wv10);
    a5_11 += dot(xv5, wv11);
    a5_12 += dot(xv5, wv12);
    a5_13 += dot(xv5, wv13);
    a5_14 += dot(xv5, wv14);
    a5_15 += dot(xv5, wv15);
    a5_16 += dot(xv5, wv16);
    a5_17 += dot(xv5, wv17);
    a5_18 += dot(xv5, wv18);
    a5_19 += dot(xv5, wv19);
    a5_20 += dot(xv5, wv20);
    a5_21 += dot(xv5, wv21);
    a5_22 += dot(xv5, wv22);
    a5_23 += dot(xv5, wv23);
    a5_24 += dot(xv5, wv24);
    a5_25 += dot(xv5, wv25);
    a5_26 += dot(xv5, wv26);
    a5_27 += dot(xv5, wv27);
    a5_28 += dot(xv5, wv28);
    a5_29 += dot(xv5, wv29);
    a5_30 += dot(xv5, wv30);
    a5_31 += dot(xv5, wv31);
    a6_0 += dot(xv6, wv0);
    a6_1 += dot(xv6, wv1);
    a6_2 += dot(xv6, wv2);
    a6_3 += dot(xv6, wv3);
    a6_4 += dot(xv6, wv4);
    a6_5 += dot(xv6, wv5);
    a6_6 += dot(xv6, wv6);
    a6_7 += dot(xv6, wv7);
    a6_8 += dot(xv6, wv8);
    a6_9 += dot(xv6, wv9);
    a6_10 += dot(xv6, wv10);
    a6_11 += dot(xv6, wv11);
    a6_12 += dot(xv6, wv12);
    a6_13 += dot(xv6, wv13);
    a6_14 += dot(xv6, wv14);
    a6_15 += dot(xv6, wv15);
    a6_16 += dot(xv6, wv16);
    a6_17 += dot(xv6, wv17);
    a6_18 += dot(xv6, wv18);
    a6_19 += dot(xv6, wv19);
    a6_20 += dot(xv6, wv20);
    a6_21 += dot(xv6, wv21);
    a6_22 += dot(xv6, wv22);
    a6_23 += dot(xv6, wv23);
    a6_24 += dot(xv6, wv24);
    a6_25 += dot(xv6, wv25);
    a6_26 += dot(xv6, wv26);
    a6_27 += dot(xv6, wv27);
    a6_28 += dot(xv6, wv28);
    a6_29 += dot(xv6, wv29);
    a6_30 += dot(xv6, wv30);
    a6_31 += dot(xv6, wv31);
    a7_0 += dot(xv7, wv0);
    a7_1 += dot(xv7, wv1);
    a7_2 += dot(xv7, wv2);
    a7_3 += dot(xv7, wv3);
    a7_4 += dot(xv7, wv4);
    a7_5 += dot(xv7, wv5);
    a7_6 += dot(xv7, wv6);
    a7_7 += dot(xv7, wv7);
    a7_8 += dot(xv7, wv8);
    a7_9 += dot(xv7, wv9);
    a7_10 += dot(xv7, wv10);
    a7_11 += dot(xv7, wv11);
    a7_12 += dot(xv7, wv12);
    a7_13 += dot(xv7, wv13);
    a7_14 += dot(xv7, wv14);
    a7_15 += dot(xv7, wv15);
    a7_16 += dot(xv7, wv16);
    a7_17 += dot(xv7, wv17);
    a7_18 += dot(xv7, wv18);
    a7_19 += dot(xv7, wv19);
    a7_20 += dot(xv7, wv20);
    a7_21 += dot(xv7, wv21);
    a7_22 += dot(xv7, wv22);
    a7_23 += dot(xv7, wv23);
    a7_24 += dot(xv7, wv24);
    a7_25 += dot(xv7, wv25);
    a7_26 += dot(xv7, wv26);
    a7_27 += dot(xv7, wv27);
    a7_28 += dot(xv7, wv28);
    a7_29 += dot(xv7, wv29);
    a7_30 += dot(xv7, wv30);
    a7_31 += dot(xv7, wv31);
    a8_0 += dot(xv8, wv0);
    a8_1 += dot(xv8, wv1);
    a8_2 += dot(xv8, wv2);
    a8_3 += dot(xv8, wv3);
    a8_4 += dot(xv8, wv4);
    a8_5 += dot(xv8, wv5);
    a8_6 += dot(xv8, wv6);
    a8_7 += dot(xv8, wv7);
    a8_8 += dot(xv8, wv8);
    a8_9 += dot(xv8, wv9);
    a8_10 += dot(xv8, wv10);
    a8_11 += dot(xv8, wv11);
    a8_12 += dot(xv8, wv12);
    a8_13 += dot(xv8, wv13);
    a8_14 += dot(xv8, wv14);
    a8_15 += dot(xv8, wv15);
    a8_16 += dot(xv8, wv16);
    a8_17 += dot(xv8, wv17);
    a8_18 += dot(xv8, wv18);
    a8_19 += dot(xv8, wv19);
    a8_20 += dot(xv8, wv20);
    a8_21 += dot(xv8, wv21);
    a8_22 += dot(xv8, wv22);
    a8_23 += dot(xv8, wv23);
    a8_24 += dot(xv8, wv24);
    a8_25 += dot(xv8, wv25);
    a8_26 += dot(xv8, wv26);
    a8_27 += dot(xv8, wv27);
    a8_28 += dot(xv8, wv28);
    a8_29 += dot(xv8, wv29);
    a8_30 += dot(xv8, wv30);
    a8_31 += dot(xv8, wv31);
    a9_0 += dot(xv9, wv0);
    a9_1 += dot(xv9, wv1);
    a9_2 += dot(xv9, wv2);
    a9_3 += dot(xv9, wv3);
    a9_4 += dot(xv9, wv4);
    a9_5 += dot(xv9, wv5);
    a9_6 += dot(xv9, wv6);
    a9_7 += dot(xv9, wv7);
    a9_8 += dot(xv9, wv8);
    a9_9 += dot(xv9, wv9);
    a9_10 += dot(xv9, wv10);
    a9_11 += dot(xv9, wv11);
    a9_12 += dot(xv9, wv12);
    a9_13 += dot(xv9, wv13);
    a9_14 += dot(xv9, wv14);
    a9_15 += dot(xv9, wv15);
    a9_16 += dot(xv9, wv16);
    a9_17 += dot(xv9, wv17);
    a9_18 += dot(xv9, wv18);
    a9_19 += dot(xv9, wv19);
    a9_20 += dot(xv9, wv20);
    a9_21 += dot(xv9, wv21);
    a9_22 += dot(xv9, wv22);
    a9_23 += dot(xv9, wv23);
    a9_24 += dot(xv9, wv24);
    a9_25 += dot(xv9, wv25);
    a9_26 += dot(xv9, wv26);
    a9_27 += dot(xv9, wv27);
    a9_28 += dot(xv9, wv28);
    a9_29 += dot(xv9, wv29);
    a9_30 += dot(xv9, wv30);
    a9_31 += dot(xv9, wv31);
    a10_0 += dot(xv10, wv0);
    a10_1 += dot(xv10, wv1);
    a10_2 += dot(xv10, wv2);
    a10_3 += dot(xv10, wv3);
    a10_4 += dot(xv10, wv4);
    a10_5 += dot(xv10, wv5);
    a10_6 += dot(xv10, wv6);
    a10_7 += dot(xv10, wv7);
    a10_8 += dot(xv10, wv8);
    a10_9 += dot(xv10, wv9);
    a10_10 += dot(xv10, wv10);
    a10_11 += dot(xv10, wv11);
    a10_12 += dot(xv10, wv12);
    a10_13 += dot(xv10, wv13);
    a10_14 += dot(xv10, wv14);
    a10_15 += dot(xv10, wv15);
    a10_16 += dot(xv10, wv16);
    a10_17 += dot(xv10, wv17);
    a10_18 += dot(xv10, wv18);
    a10_19 += dot(xv10, wv19);
    a10_20 += dot(xv10, wv20);
    a10_21 += dot(xv10, wv21);
    a10_22 += dot(xv10, wv22);
    a10_23 += dot(xv10, wv23);
    a10_24 += dot(xv10, wv24);
    a10_25 += dot(xv10, wv25);
    a10_26 += dot(xv10, wv26);
    a10_27 += dot(xv10, wv27);
    a10_28 += dot(xv10, wv28);
    a10_29 += dot(xv10, wv29);
    a10_30 += dot(xv10, wv30);
    a10_31 += dot(xv10, wv31);
    a11_0 += dot(xv11, wv0);
    a11_1 += dot(xv11, wv1);
    a11_2 += dot(xv11, wv2);
    a11_3 += dot(xv11, wv3);
    a11_4 += dot(xv11, wv4);
    a11_5 += dot(xv11, wv5);
    a11_6 += dot(xv11, wv6);
    a11_7 += dot(xv11, wv7);
    a11_8 += dot(xv11, wv8);
    a11_9 += dot(xv11, wv9);
    a11_10 += dot(xv11, wv10);
    a11_11 += dot(xv11, wv11);
    a11_12 += dot(xv11, wv12);
    a11_13 += dot(xv11, wv13);
    a11_14 += dot(xv11, wv14);
    a11_15 += dot(xv11, wv15);
    a11_16 += dot(xv11, wv16);
    a11_17 += dot(xv11, wv17);
    a11_18 += dot(xv11, wv18);
    a11_19 += dot(xv11, wv19);
    a11_20 += dot(xv11, wv20);
    a11_21 += dot(xv11, wv21);
    a11_22 += dot(xv11, wv22);
    a11_23 += dot(xv11, wv23);
    a11_24 += dot(xv11, wv24);
    a11_25 += dot(xv11, wv25);
    a11_26 += dot(xv11, wv26);
    a11_27 += dot(xv11, wv27);
    a11_28 += dot(xv11, wv28);
    a11_29 += dot(xv11, wv29);
    a11_30 += dot(xv11, wv30);
    a11_31 += dot(xv11, wv31);
    a12_0 += dot(xv12, wv0);
    a12_1 += dot(xv12, wv1);
    a12_2 += dot(xv12, wv2);
    a12_3 += dot(xv12, wv3);
    a12_4 += dot(xv12, wv4);
    a12_5 += dot(xv12, wv5);
    a12_6 += dot(xv12, wv6);
    a12_7 += dot(xv12, wv7);
    a12_8 += dot(xv12, wv8);
    a12_9 += dot(xv12, wv9);
    a12_10 += dot(xv12, wv10);
    a12_11 += dot(xv12, wv11);
    a12_12 += dot(xv12, wv12);
    a12_13 += dot(xv12, wv13);
    a12_14 += dot(xv12, wv14);
    a12_15 += dot(xv12, wv15);
    a12_16 += dot(xv12, wv16);
    a12_17 += dot(xv12, wv17);
    a12_18 += dot(xv12, wv18);
    a12_19 += dot(xv12, wv19);
    a12_20 += dot(xv12, wv20);
    a12_21 += dot(xv12, wv21);
    a12_22 += dot(xv12, wv22);
    a12_23 += dot(xv12, wv23);
    a12_24 += dot(xv12, wv24);
    a12_25 += dot(xv12, wv25);
    a12_26 += dot(xv12, wv26);
    a12_27 += dot(xv12, wv27);
    a12_28 += dot(xv12, wv28);
    a12_29 += dot(xv12, wv29);
    a12_30 += dot(xv12, wv30);
    a12_31 += dot(xv12, wv31);
    a13_0 += dot(xv13, wv0);
    a13_1 += dot(xv13, wv1);
    a13_2 += dot(xv13, wv2);
    a13_3 += dot(xv13, wv3);
    a13_4 += dot(xv13, wv4);
    a13_5 += dot(xv13, wv5);
    a13_6 += dot(xv13, wv6);
    a13_7 += dot(xv13, wv7);
    a13_8 += dot(xv13, wv8);
    a13_9 += dot(xv13, wv9);
    a13_10 += dot(xv13, wv10);
    a13_11 += dot(xv13, wv11);
    a13_12 += dot(xv13, wv12);
    a13_13 += dot(xv13, wv13);
    a13_14 += dot(xv13, wv14);
    a13_15 += dot(xv13, wv15);
    a13_16 += dot(xv13, wv16);
    a13_17 += dot(xv13, wv17);
    a13_18 += dot(xv13, wv18);
    a13_19 += dot(xv13, wv19);
    a13_20 += dot(xv13, wv20);
    a13_21 += dot(xv13, wv21);
    a13_22 += dot(xv13, wv22);
    a13_23 += dot(xv13, wv23);
    a13_24 += dot(xv13, wv24);
    a13_25 += dot(xv13, wv25);
    a13_26 += dot(xv13, wv26);
    a13_27 += dot(xv13, wv27);
    a13_28 += dot(xv13, wv28);
    a13_29 += dot(xv13, wv29);
    a13_30 += dot(xv13, wv30);
    a13_31 += dot(xv13, wv31);
    a14_0 += dot(xv14, wv0);
    a14_1 += dot(xv14, wv1);
    a14_2 += dot(xv14, wv2);
    a14_3 += dot(xv14, wv3);
    a14_4 += dot(xv14, wv4);
    a14_5 += dot(xv14, wv5);
    a14_6 += dot(xv14, wv6);
    a14_7 += dot(xv14, wv7);
    a14_8 += dot(xv14, wv8);
    a14_9 += dot(xv14, wv9);
    a14_10 += dot(xv14, wv10);
    a14_11 += dot(xv14, wv11);
    a14_12 += dot(xv14, wv12);
    a14_13 += dot(xv14, wv13);
    a14_14 += dot(xv14, wv14);
    a14_15 += dot(xv14, wv15);
    a14_16 += dot(xv14, wv16);
    a14_17 += dot(xv14, wv17);
    a14_18 += dot(xv14, wv18);
    a14_19 += dot(xv14, wv19);
    a14_20 += dot(xv14, wv20);
    a14_21 += dot(xv14, wv21);
    a14_22 += dot(xv14, wv22);
    a14_23 += dot(xv14, wv23);
    a14_24 += dot(xv14, wv24);
    a14_25 += dot(xv14, wv25);
    a14_26 += dot(xv14, wv26);
    a14_27 += dot(xv14, wv27);
    a14_28 += dot(xv14, wv28);
    a14_29 += dot(xv14, wv29);
    a14_30 += dot(xv14, wv30);
    a14_31 += dot(xv14, wv31);
    a15_0 += dot(xv15, wv0);
    a15_1 += dot(xv15, wv1);
    a15_2 += dot(xv15, wv2);
    a15_3 += dot(xv15, wv3);
    a15_4 += dot(xv15, wv4);
    a15_5 += dot(xv15, wv5);
    a15_6 += dot(xv15, wv6);
    a15_7 += dot(xv15, wv7);
    a15_8 += dot(xv15, wv8);
    a15_9 += dot(xv15, wv9);
    a15_10 += dot(xv15, wv10);
    a15_11 += dot(xv15, wv11);
    a15_12 += dot(xv15, wv12);
    a15_13 += dot(xv15, wv13);
    a15_14 += dot(xv15, wv14);
    a15_15 += dot(xv15, wv15);
    a15_16 += dot(xv15, wv16);
    a15_17 += dot(xv15, wv17);
    a15_18 += dot(xv15, wv18);
    a15_19 += dot(xv15, wv19);
    a15_20 += dot(xv15, wv20);
    a15_21 += dot(xv15, wv21);
    a15_22 += dot(xv15, wv22);
    a15_23 += dot(xv15, wv23);
    a15_24 += dot(xv15, wv24);
    a15_25 += dot(xv15, wv25);
    a15_26 += dot(xv15, wv26);
    a15_27 += dot(xv15, wv27);
    a15_28 += dot(xv15, wv28);
    a15_29 += dot(xv15, wv29);
    a15_30 += dot(xv15, wv30);
    a15_31 += dot(xv15, wv31);
  }
  hidden[(exampleTile * 16u + 0u) * H4V + unitTile * 8u + 0u] = vec4<f32>(tanh_act(a0_0), tanh_act(a0_1), tanh_act(a0_2), tanh_act(a0_3));
  hidden[(exampleTile * 16u + 0u) * H4V + unitTile * 8u + 1u] = vec4<f32>(tanh_act(a0_4), tanh_act(a0_5), tanh_act(a0_6), tanh_act(a0_7));
  hidden[(exampleTile * 16u + 0u) * H4V + unitTile * 8u + 2u] = vec4<f32>(tanh_act(a0_8), tanh_act(a0_9), tanh_act(a0_10), tanh_act(a0_11));
  hidden[(exampleTile * 16u + 0u) * H4V + unitTile * 8u + 3u] = vec4<f32>(tanh_act(a0_12), tanh_act(a0_13), tanh_act(a0_14), tanh_act(a0_15));
  hidden[(exampleTile * 16u + 0u) * H4V + unitTile * 8u + 4u] = vec4<f32>(tanh_act(a0_16), tanh_act(a0_17), tanh_act(a0_18), tanh_act(a0_19));
  hidden[(exampleTile * 16u + 0u) * H4V + unitTile * 8u + 5u] = vec4<f32>(tanh_act(a0_20), tanh_act(a0_21), tanh_act(a0_22), tanh_act(a0_23));
  hidden[(exampleTile * 16u + 0u) * H4V + unitTile * 8u + 6u] = vec4<f32>(tanh_act(a0_24), tanh_act(a0_25), tanh_act(a0_26), tanh_act(a0_27));
  hidden[(exampleTile * 16u + 0u) * H4V + unitTile * 8u + 7u] = vec4<f32>(tanh_act(a0_28), tanh_act(a0_29), tanh_act(a0_30), tanh_act(a0_31));
  hidden[(exampleTile * 16u + 1u) * H4V + unitTile * 8u + 0u] = vec4<f32>(tanh_act(a1_0), tanh_act(a1_1), tanh_act(a1_2), tanh_act(a1_3));
  hidden[(exampleTile * 16u + 1u) * H4V + unitTile * 8u + 1u] = vec4<f32>(tanh_act(a1_4), tanh_act(a1_5), tanh_act(a1_6), tanh_act(a1_7));
  hidden[(exampleTile * 16u + 1u) * H4V + unitTile * 8u + 2u] = vec4<f32>(tanh_act(a1_8), tanh_act(a1_9), tanh_act(a1_10), tanh_act(a1_11));
  hidden[(exampleTile * 16u + 1u) * H4V + unitTile * 8u + 3u] = vec4<f32>(tanh_act(a1_12), tanh_act(a1_13), tanh_act(a1_14), tanh_act(a1_15));
  hidden[(exampleTile * 16u + 1u) * H4V + unitTile * 8u + 4u] = vec4<f32>(tanh_act(a1_16), tanh_act(a1_17), tanh_act(a1_18), tanh_act(a1_19));
  hidden[(exampleTile * 16u + 1u) * H4V + unitTile * 8u + 5u] = vec4<f32>(tanh_act(a1_20), tanh_act(a1_21), tanh_act(a1_22), tanh_act(a1_23));
  hidden[(exampleTile * 16u + 1u) * H4V + unitTile * 8u + 6u] = vec4<f32>(tanh_act(a1_24), tanh_act(a1_25), tanh_act(a1_26), tanh_act(a1_27));
  hidden[(exampleTile * 16u + 1u) * H4V + unitTile * 8u + 7u] = vec4<f32>(tanh_act(a1_28), tanh_act(a1_29), tanh_act(a1_30), tanh_act(a1_31));
  hidden[(exampleTile * 16u + 2u) * H4V + unitTile * 8u + 0u] = vec4<f32>(tanh_act(a2_0), tanh_act(a2_1), tanh_act(a2_2), tanh_act(a2_3));
  hidden[(exampleTile * 16u + 2u) * H4V + unitTile * 8u + 1u] = vec4<f32>(tanh_act(a2_4), tanh_act(a2_5), tanh_act(a2_6), tanh_act(a2_7));
  hidden[(exampleTile * 16u + 2u) * H4V + unitTile * 8u + 2u] = vec4<f32>(tanh_act(a2_8), tanh_act(a2_9), tanh_act(a2_10), tanh_act(a2_11));
  hidden[(exampleTile * 16u + 2u) * H4V + unitTile * 8u + 3u] = vec4<f32>(tanh_act(a2_12), tanh_act(a2_13), tanh_act(a2_14), tanh_act(a2_15));
  hidden[(exampleTile * 16u + 2u) * H4V + unitTile * 8u + 4u] = vec4<f32>(tanh_act(a2_16), tanh_act(a2_17), tanh_act(a2_18), tanh_act(a2_19));
  hidden[(exampleTile * 16u + 2u) * H4V + unitTile * 8u + 5u] = vec4<f32>(tanh_act(a2_20), tanh_act(a2_21), tanh_act(a2_22), tanh_act(a2_23));
  hidden[(exampleTile * 16u + 2u) * H4V + unitTile * 8u + 6u] = vec4<f32>(tanh_act(a2_24), tanh_act(a2_25), tanh_act(a2_26), tanh_act(a2_27));
  hidden[(exampleTile * 16u + 2u) * H4V + unitTile * 8u + 7u] = vec4<f32>(tanh_act(a2_28), tanh_act(a2_29), tanh_act(a2_30), tanh_act(a2_31));
  hidden[(exampleTile * 16u + 3u) * H4V + unitTile * 8u + 0u] = vec4<f32>(tanh_act(a3_0), tanh_act(a3_1), tanh_act(a3_2), tanh_act(a3_3));
  hidden[(exampleTile * 16u + 3u) * H4V + unitTile * 8u + 1u] = vec4<f32>(tanh_act(a3_4), tanh_act(a3_5), tanh_act(a3_6), tanh_act(a3_7));
  hidden[(exampleTile * 16u + 3u) * H4V + unitTile * 8u + 2u] = vec4<f32>(tanh_act(a3_8), tanh_act(a3_9), tanh_act(a3_10), tanh_act(a3_11));
  hidden[(exampleTile * 16u + 3u) * H4V + unitTile * 8u + 3u] = vec4<f32>(tanh_act(a3_12), tanh_act(a3_13), tanh_act(a3_14), tanh_act(a3_15));
  hidden[(exampleTile * 16u + 3u) * H4V + unitTile * 8u + 4u] = vec4<f32>(tanh_act(a3_16), tanh_act(a3_17), tanh_act(a3_18), tanh_act(a3_19));
  hidden[(exampleTile * 16u + 3u) * H4V + unitTile * 8u + 5u] = vec4<f32>(tanh_act(a3_20), tanh_act(a3_21), tanh_act(a3_22), tanh_act(a3_23));
  hidden[(exampleTile * 16u + 3u) * H4V + unitTile * 8u + 6u] = vec4<f32>(tanh_act(a3_24), tanh_act(a3_25), tanh_act(a3_26), tanh_act(a3_27));
  hidden[(exampleTile * 16u + 3u) * H4V + unitTile * 8u + 7u] = vec4<f32>(tanh_act(a3_28), tanh_act(a3_29), tanh_act(a3_30), tanh_act(a3_31));
  hidden[(exampleTile * 16u + 4u) * H4V + unitTile * 8u + 0u] = vec4<f32>(tanh_act(a4_0), tanh_act(a4_1), tanh_act(a4_2), tanh_act(a4_3));
  hidden[(exampleTile * 16u + 4u) * H4V + unitTile * 8u + 1u] = vec4<f32>(tanh_act(a4_4), tanh_act(a4_5), tanh_act(a4_6), tanh_act(a4_7));
  hidden[(exampleTile * 16u + 4u) * H4V + unitTile * 8u + 2u] = vec4<f32>(tanh_act(a4_8), tanh_act(a4_9), tanh_act(a4_10), tanh_act(a4_11));
  hidden[(exampleTile * 16u + 4u) * H4V + unitTile * 8u + 3u] = vec4<f32>(tanh_act(a4_12), tanh_act(a4_13), tanh_act(a4_14), tanh_act(a4_15));
  hidden[(exampleTile * 16u + 4u) * H4V + unitTile * 8u + 4u] = vec4<f32>(tanh_act(a4_16), tanh_act(a4_17), tanh_act(a4_18), tanh_act(a4_19));
  hidden[(exampleTile * 16u + 4u) * H4V + unitTile * 8u + 5u] = vec4<f32>(tanh_act(a4_20), tanh_act(a4_21), tanh_act(a4_22), tanh_act(a4_23));
  hidden[(exampleTile * 16u + 4u) * H4V + unitTile * 8u + 6u] = vec4<f32>(tanh_act(a4_24), tanh_act(a4_25), tanh_act(a4_26), tanh_act(a4_27));
  hidden[(exampleTile * 16u + 4u) * H4V + unitTile * 8u + 7u] = vec4<f32>(tanh_act(a4_28), tanh_act(a4_29), tanh_act(a4_30), tanh_act(a4_31));
  hidden[(exampleTile * 16u + 5u) * H4V + unitTile * 8u + 0u] = vec4<f32>(tanh_act(a5_0), tanh_act(a5_1), tanh_act(a5_2), tanh_act(a5_3));
  hidden[(exampleTile * 16u + 5u) * H4V + unitTile * 8u + 1u] = vec4<f32>(tanh_act(a5_4), tanh_act(a5_5), tanh_act(a5_6), tanh_act(a5_7));
  hidden[(exampleTile * 16u + 5u) * H4V + unitTile * 8u + 2u] = vec4<f32>(tanh_act(a5_8), tanh_act(a5_9), tanh_act(a5_10), tanh_act(a5_11));
  hidden[(exampleTile * 16u + 5u) * H4V + unitTile * 8u + 3u] = vec4<f32>(tanh_act(a5_12), tanh_act(a5_13), tanh_act(a5_14), tanh_act(a5_15));
  hidden[(exampleTile * 16u + 5u) * H4V + unitTile * 8u + 4u] = vec4<f32>(tanh_act(a5_16), tanh_act(a5_17), tanh_act(a5_18), tanh_act(a5_19));
  hidden[(exampleTile * 16u + 5u) * H4V + unitTile * 8u + 5u] = vec4<f32>(tanh_act(a5_20), tanh_act(a5_21), tanh_act(a5_22), tanh_act(a5_23));
  hidden[(exampleTile * 16u + 5u) * H4V + unitTile * 8u + 6u] = vec4<f32>(tanh_act(a5_24), tanh_act(a5_25), tanh_act(a5_26), tanh_act(a5_27));
  hidden[(exampleTile * 16u + 5u) * H4V + unitTile * 8u + 7u] = vec4<f32>(tanh_act(a5_28), tanh_act(a5_29), tanh_act(a5_30), tanh_act(a5_31));
  hidden[(exampleTile * 16u + 6u) * H4V + unitTile * 8u + 0u] = vec4<f32>(tanh_act(a6_0), tanh_act(a6_1), tanh_act(a6_2), tanh_act(a6_3));
  hidden[(exampleTile * 16u + 6u) * H4V + unitTile * 8u + 1u] = vec4<f32>(tanh_act(a6_4), tanh_act(a6_5), tanh_act(a6_6), tanh_act(a6_7));
  hidden[(exampleTile * 16u + 6u) * H4V + unitTile * 8u + 2u] = vec4<f32>(tanh_act(a6_8), tanh_act(a6_9), tanh_act(a6_10), tanh_act(a6_11));
  hidden[(exampleTile * 16u + 6u) * H4V + unitTile * 8u + 3u] = vec4<f32>(tanh_act(a6_12), tanh_act(a6_13), tanh_act(a6_14), tanh_act(a6_15));
  hidden[(exampleTile * 16u + 6u) * H4V + unitTile * 8u + 4u] = vec4<f32>(tanh_act(a6_16), tanh_act(a6_17), tanh_act(a6_18), tanh_act(a6_19));
  hidden[(exampleTile * 16u + 6u) * H4V + unitTile * 8u + 5u] = vec4<f32>(tanh_act(a6_20), tanh_act(a6_21), tanh_act(a6_22), tanh_act(a6_23));
  hidden[(exampleTile * 16u + 6u) * H4V + unitTile * 8u + 6u] = vec4<f32>(tanh_act(a6_24), tanh_act(a6_25), tanh_act(a6_26), tanh_act(a6_27));
  hidden[(exampleTile * 16u + 6u) * H4V + unitTile * 8u + 7u] = vec4<f32>(tanh_act(a6_28), tanh_act(a6_29), tanh_act(a6_30), tanh_act(a6_31));
  hidden[(exampleTile * 16u + 7u) * H4V + unitTile * 8u + 0u] = vec4<f32>(tanh_act(a7_0), tanh_act(a7_1), tanh_act(a7_2), tanh_act(a7_3));
  hidden[(exampleTile * 16u + 7u) * H4V + unitTile * 8u + 1u] = vec4<f32>(tanh_act(a7_4), tanh_act(a7_5), tanh_act(a7_6), tanh_act(a7_7));
  hidden[(exampleTile * 16u + 7u) * H4V + unitTile * 8u + 2u] = vec4<f32>(tanh_act(a7_8), tanh_act(a7_9), tanh_act(a7_10), tanh_act(a7_11));
  hidden[(exampleTile * 16u + 7u) * H4V + unitTile * 8u + 3u] = vec4<f32>(tanh_act(a7_12), tanh_act(a7_13), tanh_act(a7_14), tanh_act(a7_15));
  hidden[(exampleTile * 16u + 7u) * H4V + unitTile * 8u + 4u] = vec4<f32>(tanh_act(a7_16), tanh_act(a7_17), tanh_act(a7_18), tanh_act(a7_19));
  hidden[(exampleTile * 16u + 7u) * H4V + unitTile * 8u + 5u] = vec4<f32>(tanh_act(a7_20), tanh_act(a7_21), tanh_act(a7_22), tanh_act(a7_23));
  hidden[(exampleTile * 16u + 7u) * H4V + unitTile * 8u + 6u] = vec4<f32>(tanh_act(a7_24), tanh_act(a7_25), tanh_act(a7_26), tanh_act(a7_27));
  hidden[(exampleTile * 16u + 7u) * H4V + unitTile * 8u + 7u] = vec4<f32>(tanh_act(a7_28), tanh_act(a7_29), tanh_act(a7_30), tanh_act(a7_31));
  hidden[(exampleTile * 16u + 8u) * H4V + unitTile * 8u + 0u] = vec4<f32>(tanh_act(a8_0), tanh_act(a8_1), tanh_act(a8_2), tanh_act(a8_3));
  hidden[(exampleTile * 16u + 8u) * H4V + unitTile * 8u + 1u] = vec4<f32>(tanh_act(a8_4), tanh_act(a8_5), tanh_act(a8_6), tanh_act(a8_7));
  hidden[(exampleTile * 16u + 8u) * H4V + unitTile * 8u + 2u] = vec4<f32>(tanh_act(a8_8), tanh_act(a8_9), tanh_act(a8_10), tanh_act(a8_11));
  hidden[(exampleTile * 16u + 8u) * H4V + unitTile * 8u + 3u] = vec4<f32>(tanh_act(a8_12), tanh_act(a8_13), tanh_act(a8_14), tanh_act(a8_15));
  hidden[(exampleTile * 16u + 8u) * H4V + unitTile * 8u + 4u] = vec4<f32>(tanh_act(a8_16), tanh_act(a8_17), tanh_act(a8_18), tanh_act(a8_19));
  hidden[(exampleTile * 16u + 8u) * H4V + unitTile * 8u + 5u] = vec4<f32>(tanh_act(a8_20), tanh_act(a8_21), tanh_act(a8_22), tanh_act(a8_23));
  hidden[(exampleTile * 16u + 8u) * H4V + unitTile * 8u + 6u] = vec4<f32>(tanh_act(a8_24), tanh_act(a8_25), tanh_act(a8_26), tanh_act(a8_27));
  hidden[(exampleTile * 16u + 8u) * H4V + unitTile * 8u + 7u] = vec4<f32>(tanh_act(a8_28), tanh_act(a8_29), tanh_act(a8_30), tanh_act(a8_31));
  hidden[(exampleTile * 16u + 9u) * H4V + unitTile * 8u + 0u] = vec4<f32>(tanh_act(a9_0), tanh_act(a9_1), tanh_act(a9_2), tanh_act(a9_3));
  hidden[(exampleTile * 16u + 9u) * H4V + unitTile * 8u + 1u] = vec4<f32>(tanh_act(a9_4), tanh_act(a9_5), tanh_act(a9_6), tanh_act(a9_7));
  hidden[(exampleTile * 16u + 9u) * H4V + unitTile * 8u + 2u] = vec4<f32>(tanh_act(a9_8), tanh_act(a9_9), tanh_act(a9_10), tanh_act(a9_11));
  hidden[(exampleTile * 16u + 9u) * H4V + unitTile * 8u + 3u] = vec4<f32>(tanh_act(a9_12), tanh_act(a9_13), tanh_act(a9_14), tanh_act(a9_15));
  hidden[(exampleTile * 16u + 9u) * H4V + unitTile * 8u + 4u] = vec4<f32>(tanh_act(a9_16), tanh_act(a9_17), tanh_act(a9_18), tanh_act(a9_19));
  hidden[(exampleTile * 16u + 9u) * H4V + unitTile * 8u + 5u] = vec4<f32>(tanh_act(a9_20), tanh_act(a9_21), tanh_act(a9_22), tanh_act(a9_23));
  hidden[(exampleTile * 16u + 9u) * H4V + unitTile * 8u + 6u] = vec4<f32>(tanh_act(a9_24), tanh_act(a9_25), tanh_act(a9_26), tanh_act(a9_27));
  hidden[(exampleTile * 16u + 9u) * H4V + unitTile * 8u + 7u] = vec4<f32>(tanh_act(a9_28), tanh_act(a9_29), tanh_act(a9_30), tanh_act(a9_31));
  hidden[(exampleTile * 16u + 10u) * H4V + unitTile * 8u + 0u] = vec4<f32>(tanh_act(a10_0), tanh_act(a10_1), tanh_act(a10_2), tanh_act(a10_3));
  hidden[(exampleTile * 16u + 10u) * H4V + unitTile * 8u + 1u] = vec4<f32>(tanh_act(a10_4), tanh_act(a10_5), tanh_act(a10_6), tanh_act(a10_7));
  hidden[(exampleTile * 16u + 10u) * H4V + unitTile * 8u + 2u] = vec4<f32>(tanh_act(a10_8), tanh_act(a10_9), tanh_act(a10_10), tanh_act(a10_11));
  hidden[(exampleTile * 16u + 10u) * H4V + unitTile * 8u + 3u] = vec4<f32>(tanh_act(a10_12), tanh_act(a10_13), tanh_act(a10_14), tanh_act(a10_15));
  hidden[(exampleTile * 16u + 10u) * H4V + unitTile * 8u + 4u] = vec4<f32>(tanh_act(a10_16), tanh_act(a10_17), tanh_act(a10_18), tanh_act(a10_19));
  hidden[(exampleTile * 16u + 10u) * H4V + unitTile * 8u + 5u] = vec4<f32>(tanh_act(a10_20), tanh_act(a10_21), tanh_act(a10_22), tanh_act(a10_23));
  hidden[(exampleTile * 16u + 10u) * H4V + unitTile * 8u + 6u] = vec4<f32>(tanh_act(a10_24), tanh_act(a10_25), tanh_act(a10_26), tanh_act(a10_27));
  hidden[(exampleTile * 16u + 10u) * H4V + unitTile * 8u + 7u] = vec4<f32>(tanh_act(a10_28), tanh_act(a10_29), tanh_act(a10_30), tanh_act(a10_31));
  hidden[(exampleTile * 16u + 11u) * H4V + unitTile * 8u + 0u] = vec4<f32>(tanh_act(a11_0), tanh_act(a11_1), tanh_act(a11_2), tanh_act(a11_3));
  hidden[(exampleTile * 16u + 11u) * H4V + unitTile * 8u + 1u] = vec4<f32>(tanh_act(a11_4), tanh_act(a11_5), tanh_act(a11_6), tanh_act(a11_7));
  hidden[(exampleTile * 16u + 11u) * H4V + unitTile * 8u + 2u] = vec4<f32>(tanh_act(a11_8), tanh_act(a11_9), tanh_act(a11_10), tanh_act(a11_11));
  hidden[(exampleTile * 16u + 11u) * H4V + unitTile * 8u + 3u] = vec4<f32>(tanh_act(a11_12), tanh_act(a11_13), tanh_act(a11_14), tanh_act(a11_15));
  hidden[(exampleTile * 16u + 11u) * H4V + unitTile * 8u + 4u] = vec4<f32>(tanh_act(a11_16), tanh_act(a11_17), tanh_act(a11_18), tanh_act(a11_19));
  hidden[(exampleTile * 16u + 11u) * H4V + unitTile * 8u + 5u] = vec4<f32>(tanh_act(a11_20), tanh_act(a11_21), tanh_act(a11_22), tanh_act(a11_23));
  hidden[(exampleTile * 16u + 11u) * H4V + unitTile * 8u + 6u] = vec4<f32>(tanh_act(a11_24), tanh_act(a11_25), tanh_act(a11_26), tanh_act(a11_27));
  hidden[(exampleTile * 16u + 11u) * H4V + unitTile * 8u + 7u] = vec4<f32>(tanh_act(a11_28), tanh_act(a11_29), tanh_act(a11_30), tanh_act(a11_31));
  hidden[(exampleTile * 16u + 12u) * H4V + unitTile * 8u + 0u] = vec4<f32>(tanh_act(a12_0), tanh_act(a12_1), tanh_act(a12_2), tanh_act(a12_3));
  hidden[(exampleTile * 16u + 12u) * H4V + unitTile * 8u + 1u] = vec4<f32>(tanh_act(a12_4), tanh_act(a12_5), tanh_act(a12_6), tanh_act(a12_7));
  hidden[(exampleTile * 16u + 12u) * H4V + unitTile * 8u + 2u] = vec4<f32>(tanh_act(a12_8), tanh_act(a12_9), tanh_act(a12_10), tanh_act(a12_11));
  hidden[(exampleTile * 16u + 12u) * H4V + unitTile * 8u + 3u] = vec4<f32>(tanh_act(a12_12), tanh_act(a12_13), tanh_act(a12_14), tanh_act(a12_15));
  hidden[(exampleTile * 16u + 12u) * H4V + unitTile * 8u + 4u] = vec4<f32>(tanh_act(a12_16), tanh_act(a12_17), tanh_act(a12_18), tanh_act(a12_19));
  hidden[(exampleTile * 16u + 12u) * H4V + unitTile * 8u + 5u] = vec4<f32>(tanh_act(a12_20), tanh_act(a12_21), tanh_act(a12_22), tanh_act(a12_23));
  hidden[(exampleTile * 16u + 12u) * H4V + unitTile * 8u + 6u] = vec4<f32>(tanh_act(a12_24), tanh_act(a12_25), tanh_act(a12_26), tanh_act(a12_27));
  hidden[(exampleTile * 16u + 12u) * H4V + unitTile * 8u + 7u] = vec4<f32>(tanh_act(a12_28), tanh_act(a12_29), tanh_act(a12_30), tanh_act(a12_31));
  hidden[(exampleTile * 16u + 13u) * H4V + unitTile * 8u + 0u] = vec4<f32>(tanh_act(a13_0), tanh_act(a13_1), tanh_act(a13_2), tanh_act(a13_3));
  hidden[(exampleTile * 16u + 13u) * H4V + unitTile * 8u + 1u] = vec4<f32>(tanh_act(a13_4), tanh_act(a13_5), tanh_act(a13_6), tanh_act(a13_7));
  hidden[(exampleTile * 16u + 13u) * H4V + unitTile * 8u + 2u] = vec4<f32>(tanh_act(a13_8), tanh_act(a13_9), tanh_act(a13_10), tanh_act(a13_11));
  hidden[(exampleTile * 16u + 13u) * H4V + unitTile * 8u + 3u] = vec4<f32>(tanh_act(a13_12), tanh_act(a13_13), tanh_act(a13_14), tanh_act(a13_15));
  hidden[(exampleTile * 16u + 13u) * H4V + unitTile * 8u + 4u] = vec4<f32>(tanh_act(a13_16), tanh_act(a13_17), tanh_act(a13_18), tanh_act(a13_19));
  hidden[(exampleTile * 16u + 13u) * H4V + unitTile * 8u + 5u] = vec4<f32>(tanh_act(a13_20), tanh_act(a13_21), tanh_act(a13_22), tanh_act(a13_23));
  hidden[(exampleTile * 16u + 13u) * H4V + unitTile * 8u + 6u] = vec4<f32>(tanh_act(a13_24), tanh_act(a13_25), tanh_act(a13_26), tanh_act(a13_27));
  hidden[(exampleTile * 16u + 13u) * H4V + unitTile * 8u + 7u] = vec4<f32>(tanh_act(a13_28), tanh_act(a13_29), tanh_act(a13_30), tanh_act(a13_31));
  hidden[(exampleTile * 16u + 14u) * H4V + unitTile * 8u + 0u] = vec4<f32>(tanh_act(a14_0), tanh_act(a14_1), tanh_act(a14_2), tanh_act(a14_3));
  hidden[(exampleTile * 16u + 14u) * H4V + unitTile * 8u + 1u] = vec4<f32>(tanh_act(a14_4), tanh_act(a14_5), tanh_act(a14_6), tanh_act(a14_7));
  hidden[(exampleTile * 16u + 14u) * H4V + unitTile * 8u + 2u] = vec4<f32>(tanh_act(a14_8), tanh_act(a14_9), tanh_act(a14_10), tanh_act(a14_11));
  hidden[(exampleTile * 16u + 14u) * H4V + unitTile * 8u + 3u] = vec4<f32>(tanh_act(a14_12), tanh_act(a14_13), tanh_act(a14_14), tanh_act(a14_15));
  hidden[(exampleTile * 16u + 14u) * H4V + unitTile * 8u + 4u] = vec4<f32>(tanh_act(a14_16), tanh_act(a14_17), tanh_act(a14_18), tanh_act(a14_19));
  hidden[(exampleTile * 16u + 14u) * H4V + unitTile * 8u + 5u] = vec4<f32>(tanh_act(a14_20), tanh_act(a14_21), tanh_act(a14_22), tanh_act(a14_23));
  hidden[(exampleTile * 16u + 14u) * H4V + unitTile * 8u + 6u] = vec4<f32>(tanh_act(a14_24), tanh_act(a14_25), tanh_act(a14_26), tanh_act(a14_27));
  hidden[(exampleTile * 16u + 14u) * H4V + unitTile * 8u + 7u] = vec4<f32>(tanh_act(a14_28), tanh_act(a14_29), tanh_act(a14_30), tanh_act(a14_31));
  hidden[(exampleTile * 16u + 15u) * H4V + unitTile * 8u + 0u] = vec4<f32>(tanh_act(a15_0), tanh_act(a15_1), tanh_act(a15_2), tanh_act(a15_3));
  hidden[(exampleTile * 16u + 15u) * H4V + unitTile * 8u + 1u] = vec4<f32>(tanh_act(a15_4), tanh_act(a15_5), tanh_act(a15_6), tanh_act(a15_7));
  hidden[(exampleTile * 16u + 15u) * H4V + unitTile * 8u + 2u] = vec4<f32>(tanh_act(a15_8), tanh_act(a15_9), tanh_act(a15_10), tanh_act(a15_11));
  hidden[(exampleTile * 16u + 15u) * H4V + unitTile * 8u + 3u] = vec4<f32>(tanh_act(a15_12), tanh_act(a15_13), tanh_act(a15_14), tanh_act(a15_15));
  hidden[(exampleTile * 16u + 15u) * H4V + unitTile * 8u + 4u] = vec4<f32>(tanh_act(a15_16), tanh_act(a15_17), tanh_act(a15_18), tanh_act(a15_19));
  hidden[(exampleTile * 16u + 15u) * H4V + unitTile * 8u + 5u] = vec4<f32>(tanh_act(a15_20), tanh_act(a15_21), tanh_act(a15_22), tanh_act(a15_23));
  hidden[(exampleTile * 16u + 15u) * H4V + unitTile * 8u + 6u] = vec4<f32>(tanh_act(a15_24), tanh_act(a15_25), tanh_act(a15_26), tanh_act(a15_27));
  hidden[(exampleTile * 16u + 15u) * H4V + unitTile * 8u + 7u] = vec4<f32>(tanh_act(a15_28), tanh_act(a15_29), tanh_act(a15_30), tanh_act(a15_31));
}

// ---- src/gpu/fused/fused-gemm-forward.wgsl ----
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

// ======== fused-tiled (layers above layer 0) ========
// ---- generated from src/gpu/wgsl/layouts.ts (fused-tiled) ----
const WORKGROUP_SIZE: u32 = 64u;
const TILE: u32 = 16u;
const KC: u32 = 64u;
const LAYERS: u32 = 2u;
const ACT_TOTAL: u32 = 9u;
const MAX_WIDTH: u32 = 6u;
const PARTIAL_WIDTH: u32 = 592u;
const INPUT_STRIDE: u32 = 32u;
const GRAD_BASE: u32 = 492u;
const WRITE_INPUT_DELTA: u32 = 1u;
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
const DIMS = array<u32, 3>(12u, 6u, 3u);
const ACT_OFFSET = array<u32, 2>(0u, 6u);
const PARAM_OFFSET = array<u32, 2>(492u, 570u);
fn hidden_activation(layer: u32, x: f32) -> f32 { return sigmoid(x); }
fn hidden_activation_grad(layer: u32, x: f32) -> f32 { return sigmoid_grad(x); }
fn input_activation_grad(a: f32) -> f32 { return tanh_grad(a); }
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

// ======== fused-gemm-weight-grad (layer 0) ========
// ---- generated from src/gpu/wgsl/layouts.ts (fused-gemm-weight-grad) ----
override WORKGROUP_SIZE: u32 = 64u;
const K4: u32 = 48u;
const H4: u32 = 32u;
const IN_DIM: u32 = 40u;
const HIDDEN: u32 = 12u;
const UNIT_TILES: u32 = 2u;
const COL_TILES: u32 = 3u;
const PARTIAL_WIDTH: u32 = 592u;
const LAYER_OFFSET: u32 = 0u;
struct Params {
  count: u32,
  gridStride: u32,
  rows: u32,
  rowsPerGroup: u32,
  partialRowOffset: u32,
}
@group(0) @binding(0) var<storage, read> inputs: array<f32>;
@group(0) @binding(1) var<storage, read> delta: array<f32>;
@group(0) @binding(2) var<storage, read_write> partials: array<f32>;
@group(0) @binding(3) var<uniform> params: Params;
fn thread_index(gid: vec3<u32>) -> u32 { return gid.y * params.gridStride + gid.x; }

// ---- shared functions (src/gpu/wgsl/functions.ts, rules from src/ops/) ----
// −0 made at run time from any finite value: a −0.0 literal arrives as +0 on SwiftShader (src/gpu/wgsl/functions.ts).
fn negative_zero(finite: f32) -> f32 { return -(0.0 * finite); }

// ---- generated for this network (src/gpu/fused/fused-gemm-codegen.ts) ----
fn weight_grad_tile(unitTile: u32, colTile: u32, first: u32, end: u32, row: u32) {
  let i0 = unitTile * 16u;
  let j0 = colTile * 16u;
  let negZero = negative_zero(f32(end));
  var g0_0 = negZero;
  var g0_1 = negZero;
  var g0_2 = negZero;
  var g0_3 = negZero;
  var g0_4 = negZero;
  var g0_5 = negZero;
  var g0_6 = negZero;
  var g0_7 = negZero;
  var g0_8 = negZero;
  var g0_9 = negZero;
  var g0_10 = negZero;
  var g0_11 = negZero;
  var g0_12 = negZero;
  var g0_13 = negZero;
  var g0_14 = negZero;
  var g0_15 = negZero;
  var g1_0 = negZero;
  var g1_1 = negZero;
  var g1_2 = negZero;
  var g1_3 = negZero;
  var g1_4 = negZero;
  var g1_5 = negZero;
  var g1_6 = negZero;
  var g1_7 = negZero;
  var g1_8 = negZero;
  var g1_9 = negZero;
  var g1_10 = negZero;
  var g1_11 = negZero;
  var g1_12 = negZero;
  var g1_13 = negZero;
  var g1_14 = negZero;
  var g1_15 = negZero;
  var g2_0 = negZero;
  var g2_1 = negZero;
  var g2_2 = negZero;
  var g2_3 = negZero;
  var g2_4 = negZero;
  var g2_5 = negZero;
  var g2_6 = negZero;
  var g2_7 = negZero;
  var g2_8 = negZero;
  var g2_9 = negZero;
  var g2_10 = negZero;
  var g2_11 = negZero;
  var g2_12 = negZero;
  var g2_13 = negZero;
  var g2_14 = negZero;
  var g2_15 = negZero;
  var g3_0 = negZero;
  var g3_1 = negZero;
  var g3_2 = negZero;
  var g3_3 = negZero;
  var g3_4 = negZero;
  var g3_5 = negZero;
  var g3_6 = negZero;
  var g3_7 = negZero;
  var g3_8 = negZero;
  var g3_9 = negZero;
  var g3_10 = negZero;
  var g3_11 = negZero;
  var g3_12 = negZero;
  var g3_13 = negZero;
  var g3_14 = negZero;
  var g3_15 = negZero;
  var g4_0 = negZero;
  var g4_1 = negZero;
  var g4_2 = negZero;
  var g4_3 = negZero;
  var g4_4 = negZero;
  var g4_5 = negZero;
  var g4_6 = negZero;
  var g4_7 = negZero;
  var g4_8 = negZero;
  var g4_9 = negZero;
  var g4_10 = negZero;
  var g4_11 = negZero;
  var g4_12 = negZero;
  var g4_13 = negZero;
  var g4_14 = negZero;
  var g4_15 = negZero;
  var g5_0 = negZero;
  var g5_1 = negZero;
  var g5_2 = negZero;
  var g5_3 = negZero;
  var g5_4 = negZero;
  var g5_5 = negZero;
  var g5_6 = negZero;
  var g5_7 = negZero;
  var g5_8 = negZero;
  var g5_9 = negZero;
  var g5_10 = negZero;
  var g5_11 = negZero;
  var g5_12 = negZero;
  var g5_13 = negZero;
  var g5_14 = negZero;
  var g5_15 = negZero;
  var g6_0 = negZero;
  var g6_1 = negZero;
  var g6_2 = negZero;
  var g6_3 = negZero;
  var g6_4 = negZero;
  var g6_5 = negZero;
  var g6_6 = negZero;
  var g6_7 = negZero;
  var g6_8 = negZero;
  var g6_9 = negZero;
  var g6_10 = negZero;
  var g6_11 = negZero;
  var g6_12 = negZero;
  var g6_13 = negZero;
  var g6_14 = negZero;
  var g6_15 = negZero;
  var g7_0 = negZero;
  var g7_1 = negZero;
  var g7_2 = negZero;
  var g7_3 = negZero;
  var g7_4 = negZero;
  var g7_5 = negZero;
  var g7_6 = negZero;
  var g7_7 = negZero;
  var g7_8 = negZero;
  var g7_9 = negZero;
  var g7_10 = negZero;
  var g7_11 = negZero;
  var g7_12 = negZero;
  var g7_13 = negZero;
  var g7_14 = negZero;
  var g7_15 = negZero;
  var g8_0 = negZero;
  var g8_1 = negZero;
  var g8_2 = negZero;
  var g8_3 = negZero;
  var g8_4 = negZero;
  var g8_5 = negZero;
  var g8_6 = negZero;
  var g8_7 = negZero;
  var g8_8 = negZero;
  var g8_9 = negZero;
  var g8_10 = negZero;
  var g8_11 = negZero;
  var g8_12 = negZero;
  var g8_13 = negZero;
  var g8_14 = negZero;
  var g8_15 = negZero;
  var g9_0 = negZero;
  var g9_1 = negZero;
  var g9_2 = negZero;
  var g9_3 = negZero;
  var g9_4 = negZero;
  var g9_5 = negZero;
  var g9_6 = negZero;
  var g9_7 = negZero;
  var g9_8 = negZero;
  var g9_9 = negZero;
  var g9_10 = negZero;
  var g9_11 = negZero;
  var g9_12 = negZero;
  var g9_13 = negZero;
  var g9_14 = negZero;
  var g9_15 = negZero;
  var g10_0 = negZero;
  var g10_1 = negZero;
  var g10_2 = negZero;
  var g10_3 = negZero;
  var g10_4 = negZero;
  var g10_5 = negZero;
  var g10_6 = negZero;
  var g10_7 = negZero;
  var g10_8 = negZero;
  var g10_9 = negZero;
  var g10_10 = negZero;
  var g10_11 = negZero;
  var g10_12 = negZero;
  var g10_13 = negZero;
  var g10_14 = negZero;
  var g10_15 = negZero;
  var g11_0 = negZero;
  var g11_1 = negZero;
  var g11_2 = negZero;
  var g11_3 = negZero;
  var g11_4 = negZero;
  var g11_5 = negZero;
  var g11_6 = negZero;
  var g11_7 = negZero;
  var g11_8 = negZero;
  var g11_9 = negZero;
  var g11_10 = negZero;
  var g11_11 = negZero;
  var g11_12 = negZero;
  var g11_13 = negZero;
  var g11_14 = negZero;
  var g11_15 = negZero;
  var g12_0 = negZero;
  var g12_1 = negZero;
  var g12_2 = negZero;
  var g12_3 = negZero;
  var g12_4 = negZero;
  var g12_5 = negZero;
  var g12_6 = negZero;
  var g12_7 = negZero;
  var g12_8 = negZero;
  var g12_9 = negZero;
  var g12_10 = negZero;
  var g12_11 = negZero;
  var g12_12 = negZero;
  var g12_13 = negZero;
  var g12_14 = negZero;
  var g12_15 = negZero;
  var g13_0 = negZero;
  var g13_1 = negZero;
  var g13_2 = negZero;
  var g13_3 = negZero;
  var g13_4 = negZero;
  var g13_5 = negZero;
  var g13_6 = negZero;
  var g13_7 = negZero;
  var g13_8 = negZero;
  var g13_9 = negZero;
  var g13_10 = negZero;
  var g13_11 = negZero;
  var g13_12 = negZero;
  var g13_13 = negZero;
  var g13_14 = negZero;
  var g13_15 = negZero;
  var g14_0 = negZero;
  var g14_1 = negZero;
  var g14_2 = negZero;
  var g14_3 = negZero;
  var g14_4 = negZero;
  var g14_5 = negZero;
  var g14_6 = negZero;
  var g14_7 = negZero;
  var g14_8 = negZero;
  var g14_9 = negZero;
  var g14_10 = negZero;
  var g14_11 = negZero;
  var g14_12 = negZero;
  var g14_13 = negZero;
  var g14_14 = negZero;
  var g14_15 = negZero;
  var g15_0 = negZero;
  var g15_1 = negZero;
  var g15_2 = negZero;
  var g15_3 = negZero;
  var g15_4 = negZero;
  var g15_5 = negZero;
  var g15_6 = negZero;
  var g15_7 = negZero;
  var g15_8 = negZero;
  var g15_9 = negZero;
  var g15_10 = negZero;
  var g15_11 = negZero;
  var g15_12 = negZero;
  var g15_13 = negZero;
  var g15_14 = negZero;
  var g15_15 = negZero;
  var n = first;
  for (; n + 4u <= end; n += 4u) {
    let d0r = n * H4 + i0;
    let x0r = n * K4 + j0;
    let d0 = vec4<f32>(delta[d0r + 0u], delta[d0r + 1u * H4 + 0u], delta[d0r + 2u * H4 + 0u], delta[d0r + 3u * H4 + 0u]);
    let d1 = vec4<f32>(delta[d0r + 1u], delta[d0r + 1u * H4 + 1u], delta[d0r + 2u * H4 + 1u], delta[d0r + 3u * H4 + 1u]);
    let d2 = vec4<f32>(delta[d0r + 2u], delta[d0r + 1u * H4 + 2u], delta[d0r + 2u * H4 + 2u], delta[d0r + 3u * H4 + 2u]);
    let d3 = vec4<f32>(delta[d0r + 3u], delta[d0r + 1u * H4 + 3u], delta[d0r + 2u * H4 + 3u], delta[d0r + 3u * H4 + 3u]);
    let d4 = vec4<f32>(delta[d0r + 4u], delta[d0r + 1u * H4 + 4u], delta[d0r + 2u * H4 + 4u], delta[d0r + 3u * H4 + 4u]);
    let d5 = vec4<f32>(delta[d0r + 5u], delta[d0r + 1u * H4 + 5u], delta[d0r + 2u * H4 + 5u], delta[d0r + 3u * H4 + 5u]);
    let d6 = vec4<f32>(delta[d0r + 6u], delta[d0r + 1u * H4 + 6u], delta[d0r + 2u * H4 + 6u], delta[d0r + 3u * H4 + 6u]);
    let d7 = vec4<f32>(delta[d0r + 7u], delta[d0r + 1u * H4 + 7u], delta[d0r + 2u * H4 + 7u], delta[d0r + 3u * H4 + 7u]);
    let d8 = vec4<f32>(delta[d0r + 8u], delta[d0r + 1u * H4 + 8u], delta[d0r + 2u * H4 + 8u], delta[d0r + 3u * H4 + 8u]);
    let d9 = vec4<f32>(delta[d0r + 9u], delta[d0r + 1u * H4 + 9u], delta[d0r + 2u * H4 + 9u], delta[d0r + 3u * H4 + 9u]);
    let d10 = vec4<f32>(delta[d0r + 10u], delta[d0r + 1u * H4 + 10u], delta[d0r + 2u * H4 + 10u], delta[d0r + 3u * H4 + 10u]);
    let d11 = vec4<f32>(delta[d0r + 11u], delta[d0r + 1u * H4 + 11u], delta[d0r + 2u * H4 + 11u], delta[d0r + 3u * H4 + 11u]);
    let d12 = vec4<f32>(delta[d0r + 12u], delta[d0r + 1u * H4 + 12u], delta[d0r + 2u * H4 + 12u], delta[d0r + 3u * H4 + 12u]);
    let d13 = vec4<f32>(delta[d0r + 13u], delta[d0r + 1u * H4 + 13u], delta[d0r + 2u * H4 + 13u], delta[d0r + 3u * H4 + 13u]);
    let d14 = vec4<f32>(delta[d0r + 14u], delta[d0r + 1u * H4 + 14u], delta[d0r + 2u * H4 + 14u], delta[d0r + 3u * H4 + 14u]);
    let d15 = vec4<f32>(delta[d0r + 15u], delta[d0r + 1u * H4 + 15u], delta[d0r + 2u * H4 + 15u], delta[d0r + 3u * H4 + 15u]);
    let x0 = vec4<f32>(inputs[x0r + 0u], inputs[x0r + 1u * K4 + 0u], inputs[x0r + 2u * K4 + 0u], inputs[x0r + 3u * K4 + 0u]);
    let x1 = vec4<f32>(inputs[x0r + 1u], inputs[x0r + 1u * K4 + 1u], inputs[x0r + 2u * K4 + 1u], inputs[x0r + 3u * K4 + 1u]);
    let x2 = vec4<f32>(inputs[x0r + 2u], inputs[x0r + 1u * K4 + 2u], inputs[x0r + 2u * K4 + 2u], inputs[x0r + 3u * K4 + 2u]);
    let x3 = vec4<f32>(inputs[x0r + 3u], inputs[x0r + 1u * K4 + 3u], inputs[x0r + 2u * K4 + 3u], inputs[x0r + 3u * K4 + 3u]);
    let x4 = vec4<f32>(inputs[x0r + 4u], inputs[x0r + 1u * K4 + 4u], inputs[x0r + 2u * K4 + 4u], inputs[x0r + 3u * K4 + 4u]);
    let x5 = vec4<f32>(inputs[x0r + 5u], inputs[x0r + 1u * K4 + 5u], inputs[x0r + 2u * K4 + 5u], inputs[x0r + 3u * K4 + 5u]);
    let x6 = vec4<f32>(inputs[x0r + 6u], inputs[x0r + 1u * K4 + 6u], inputs[x0r + 2u * K4 + 6u], inputs[x0r + 3u * K4 + 6u]);
    let x7 = vec4<f32>(inputs[x0r + 7u], inputs[x0r + 1u * K4 + 7u], inputs[x0r + 2u * K4 + 7u], inputs[x0r + 3u * K4 + 7u]);
    let x8 = vec4<f32>(inputs[x0r + 8u], inputs[x0r + 1u * K4 + 8u], inputs[x0r + 2u * K4 + 8u], inputs[x0r + 3u * K4 + 8u]);
    let x9 = vec4<f32>(inputs[x0r + 9u], inputs[x0r + 1u * K4 + 9u], inputs[x0r + 2u * K4 + 9u], inputs[x0r + 3u * K4 + 9u]);
    let x10 = vec4<f32>(inputs[x0r + 10u], inputs[x0r + 1u * K4 + 10u], inputs[x0r + 2u * K4 + 10u], inputs[x0r + 3u * K4 + 10u]);
    let x11 = vec4<f32>(inputs[x0r + 11u], inputs[x0r + 1u * K4 + 11u], inputs[x0r + 2u * K4 + 11u], inputs[x0r + 3u * K4 + 11u]);
    let x12 = vec4<f32>(inputs[x0r + 12u], inputs[x0r + 1u * K4 + 12u], inputs[x0r + 2u * K4 + 12u], inputs[x0r + 3u * K4 + 12u]);
    let x13 = vec4<f32>(inputs[x0r + 13u], inputs[x0r + 1u * K4 + 13u], inputs[x0r + 2u * K4 + 13u], inputs[x0r + 3u * K4 + 13u]);
    let x14 = vec4<f32>(inputs[x0r + 14u], inputs[x0r + 1u * K4 + 14u], inputs[x0r + 2u * K4 + 14u], inputs[x0r + 3u * K4 + 14u]);
    let x15 = vec4<f32>(inputs[x0r + 15u], inputs[x0r + 1u * K4 + 15u], inputs[x0r + 2u * K4 + 15u], inputs[x0r + 3u * K4 + 15u]);
    g0_0 += dot(d0, x0);
    g0_1 += dot(d0, x1);
    g0_2 += dot(d0, x2);
    g0_3 += dot(d0, x3);
    g0_4 += dot(d0, x4);
    g0_5 += dot(d0, x5);
    g0_6 += dot(d0, x6);
    g0_7 += dot(d0, x7);
    g0_8 += dot(d0, x8);
    g0_9 += dot(d0, x9);
    g0_10 += dot(d0, x10);
    g0_11 += dot(d0, x11);
    g0_12 += dot(d0, x12);
    g0_13 += dot(d0, x13);
    g0_14 += dot(d0, x14);
    g0_15 += dot(d0, x15);
    g1_0 += dot(d1, x0);
    g1_1 += dot(d1, x1);
    g1_2 += dot(d1, x2);
    g1_3 += dot(d1, x3);
    g1_4 += dot(d1, x4);
    g1_5 += dot(d1, x5);
    g1_6 += dot(d1, x6);
    g1_7 += dot(d1, x7);
    g1_8 += dot(d1, x8);
    g1_9 += dot(d1, x9);
    g1_10 += dot(d1, x10);
    g1_11 += dot(d1, x11);
    g1_12 += dot(d1, x12);
    g1_13 += dot(d1, x13);
    g1_14 += dot(d1, x14);
    g1_15 += dot(d1, x15);
    g2_0 += dot(d2, x0);
    g2_1 += dot(d2, x1);
    g2_2 += dot(d2, x2);
    g2_3 += dot(d2, x3);
    g2_4 += dot(d2, x4);
    g2_5 += dot(d2, x5);
    g2_6 += dot(d2, x6);
    g2_7 += dot(d2, x7);
    g2_8 += dot(d2, x8);
    g2_9 += dot(d2, x9);
    g2_10 += dot(d2, x10);
    g2_11 += dot(d2, x11);
    g2_12 += dot(d2, x12);
    g2_13 += dot(d2, x13);
    g2_14 += dot(d2, x14);
    g2_15 += dot(d2, x15);
    g3_0 += dot(d3, x0);
    g3_1 += dot(d3, x1);
    g3_2 += dot(d3, x2);
    g3_3 += dot(d3, x3);
    g3_4 += dot(d3, x4);
    g3_5 += dot(d3, x5);
    g3_6 += dot(d3, x6);
    g3_7 += dot(d3, x7);
    g3_8 += dot(d3, x8);
    g3_9 += dot(d3, x9);
    g3_10 += dot(d3, x10);
    g3_11 += dot(d3, x11);
    g3_12 += dot(d3, x12);
    g3_13 += dot(d3, x13);
    g3_14 += dot(d3, x14);
    g3_15 += dot(d3, x15);
    g4_0 += dot(d4, x0);
    g4_1 += dot(d4, x1);
    g4_2 += dot(d4, x2);
    g4_3 += dot(d4, x3);
    g4_4 += dot(d4, x4);
    g4_5 += dot(d4, x5);
    g4_6 += dot(d4, x6);
    g4_7 += dot(d4, x7);
    g4_8 += dot(d4, x8);
    g4_9 += dot(d4, x9);
    g4_10 += dot(d4, x10);
    g4_11 += dot(d4, x11);
    g4_12 += dot(d4, x12);
    g4_13 += dot(d4, x13);
    g4_14 += dot(d4, x14);
    g4_15 += dot(d4, x15);
    g5_0 += dot(d5, x0);
    g5_1 += dot(d5, x1);
    g5_2 += dot(d5, x2);
    g5_3 += dot(d5, x3);
    g5_4 += dot(d5, x4);
    g5_5 += dot(d5, x5);
    g5_6 += dot(d5, x6);
    g5_7 += dot(d5, x7);
    g5_8 += dot(d5, x8);
    g5_9 += dot(d5, x9);
    g5_10 += dot(d5, x10);
    g5_11 += dot(d5, x11);
    g5_12 += dot(d5, x12);
    g5_13 += dot(d5, x13);
    g5_14 += dot(d5, x14);
    g5_15 += dot(d5, x15);
    g6_0 += dot(d6, x0);
    g6_1 += dot(d6, x1);
    g6_2 += dot(d6, x2);
    g6_3 += dot(d6, x3);
    g6_4 += dot(d6, x4);
    g6_5 += dot(d6, x5);
    g6_6 += dot(d6, x6);
    g6_7 += dot(d6, x7);
    g6_8 += dot(d6, x8);
    g6_9 += dot(d6, x9);
    g6_10 += dot(d6, x10);
    g6_11 += dot(d6, x11);
    g6_12 += dot(d6, x12);
    g6_13 += dot(d6, x13);
    g6_14 += dot(d6, x14);
    g6_15 += dot(d6, x15);
    g7_0 += dot(d7, x0);
    g7_1 += dot(d7, x1);
    g7_2 += dot(d7, x2);
    g7_3 += dot(d7, x3);
    g7_4 += dot(d7, x4);
    g7_5 += dot(d7, x5);
    g7_6 += dot(d7, x6);
    g7_7 += dot(d7, x7);
    g7_8 += dot(d7, x8);
    g7_9 += dot(d7, x9);
    g7_10 += dot(d7, x10);
    g7_11 += dot(d7, x11);
    g7_12 += dot(d7, x12);
    g7_13 += dot(d7, x13);
    g7_14 += dot(d7, x14);
    g7_15 += dot(d7, x15);
    g8_0 += dot(d8, x0);
    g8_1 += dot(d8, x1);
    g8_2 += dot(d8, x2);
    g8_3 += dot(d8, x3);
    g8_4 += dot(d8, x4);
    g8_5 += dot(d8, x5);
    g8_6 += dot(d8, x6);
    g8_7 += dot(d8, x7);
    g8_8 += dot(d8, x8);
    g8_9 += dot(d8, x9);
    g8_10 += dot(d8, x10);
    g8_11 += dot(d8, x11);
    g8_12 += dot(d8, x12);
    g8_13 += dot(d8, x13);
    g8_14 += dot(d8, x14);
    g8_15 += dot(d8, x15);
    g9_0 += dot(d9, x0);
    g9_1 += dot(d9, x1);
    g9_2 += dot(d9, x2);
    g9_3 += dot(d9, x3);
    g9_4 += dot(d9, x4);
    g9_5 += dot(d9, x5);
    g9_6 += dot(d9, x6);
    g9_7 += dot(d9, x7);
    g9_8 += dot(d9, x8);
    g9_9 += dot(d9, x9);
    g9_10 += dot(d9, x10);
    g9_11 += dot(d9, x11);
    g9_12 += dot(d9, x12);
    g9_13 += dot(d9, x13);
    g9_14 += dot(d9, x14);
    g9_15 += dot(d9, x15);
    g10_0 += dot(d10, x0);
    g10_1 += dot(d10, x1);
    g10_2 += dot(d10, x2);
    g10_3 += dot(d10, x3);
    g10_4 += dot(d10, x4);
    g10_5 += dot(d10, x5);
    g10_6 += dot(d10, x6);
    g10_7 += dot(d10, x7);
    g10_8 += dot(d10, x8);
    g10_9 += dot(d10, x9);
    g10_10 += dot(d10, x10);
    g10_11 += dot(d10, x11);
    g10_12 += dot(d10, x12);
    g10_13 += dot(d10, x13);
    g10_14 += dot(d10, x14);
    g10_15 += dot(d10, x15);
    g11_0 += dot(d11, x0);
    g11_1 += dot(d11, x1);
    g11_2 += dot(d11, x2);
    g11_3 += dot(d11, x3);
    g11_4 += dot(d11, x4);
    g11_5 += dot(d11, x5);
    g11_6 += dot(d11, x6);
    g11_7 += dot(d11, x7);
    g11_8 += dot(d11, x8);
    g11_9 += dot(d11, x9);
    g11_10 += dot(d11, x10);
    g11_11 += dot(d11, x11);
    g11_12 += dot(d11, x12);
    g11_13 += dot(d11, x13);
    g11_14 += dot(d11, x14);
    g11_15 += dot(d11, x15);
    g12_0 += dot(d12, x0);
    g12_1 += dot(d12, x1);
    g12_2 += dot(d12, x2);
    g12_3 += dot(d12, x3);
    g12_4 += dot(d12, x4);
    g12_5 += dot(d12, x5);
    g12_6 += dot(d12, x6);
    g12_7 += dot(d12, x7);
    g12_8 += dot(d12, x8);
    g12_9 += dot(d12, x9);
    g12_10 += dot(d12, x10);
    g12_11 += dot(d12, x11);
    g12_12 += dot(d12, x12);
    g12_13 += dot(d12, x13);
    g12_14 += dot(d12, x14);
    g12_15 += dot(d12, x15);
    g13_0 += dot(d13, x0);
    g13_1 += dot(d13, x1);
    g13_2 += dot(d13, x2);
    g13_3 += dot(d13, x3);
    g13_4 += dot(d13, x4);
    g13_5 += dot(d13, x5);
    g13_6 += dot(d13, x6);
    g13_7 += dot(d13, x7);
    g13_8 += dot(d13, x8);
    g13_9 += dot(d13, x9);
    g13_10 += dot(d13, x10);
    g13_11 += dot(d13, x11);
    g13_12 += dot(d13, x12);
    g13_13 += dot(d13, x13);
    g13_14 += dot(d13, x14);
    g13_15 += dot(d13, x15);
    g14_0 += dot(d14, x0);
    g14_1 += dot(d14, x1);
    g14_2 += dot(d14, x2);
    g14_3 += dot(d14, x3);
    g14_4 += dot(d14, x4);
    g14_5 += dot(d14, x5);
    g14_6 += dot(d14, x6);
    g14_7 += dot(d14, x7);
    g14_8 += dot(d14, x8);
    g14_9 += dot(d14, x9);
    g14_10 += dot(d14, x10);
    g14_11 += dot(d14, x11);
    g14_12 += dot(d14, x12);
    g14_13 += dot(d14, x13);
    g14_14 += dot(d14, x14);
    g14_15 += dot(d14, x15);
    g15_0 += dot(d15, x0);
    g15_1 += dot(d15, x1);
    g15_2 += dot(d15, x2);
    g15_3 += dot(d15, x3);
    g15_4 += dot(d15, x4);
    g15_5 += dot(d15, x5);
    g15_6 += dot(d15, x6);
    g15_7 += dot(d15, x7);
    g15_8 += dot(d15, x8);
    g15_9 += dot(d15, x9);
    g15_10 += dot(d15, x10);
    g15_11 += dot(d15, x11);
    g15_12 += dot(d15, x12);
    g15_13 += dot(d15, x13);
    g15_14 += dot(d15, x14);
    g15_15 += dot(d15, x15);
  }
  for (; n < end; n++) {
    let d0 = delta[n * H4 + i0 + 0u];
    let d1 = delta[n * H4 + i0 + 1u];
    let d2 = delta[n * H4 + i0 + 2u];
    let d3 = delta[n * H4 + i0 + 3u];
    let d4 = delta[n * H4 + i0 + 4u];
    let d5 = delta[n * H4 + i0 + 5u];
    let d6 = delta[n * H4 + i0 + 6u];
    let d7 = delta[n * H4 + i0 + 7u];
    let d8 = delta[n * H4 + i0 + 8u];
    let d9 = delta[n * H4 + i0 + 9u];
    let d10 = delta[n * H4 + i0 + 10u];
    let d11 = delta[n * H4 + i0 + 11u];
    let d12 = delta[n * H4 + i0 + 12u];
    let d13 = delta[n * H4 + i0 + 13u];
    let d14 = delta[n * H4 + i0 + 14u];
    let d15 = delta[n * H4 + i0 + 15u];
    let x0 = inputs[n * K4 + j0 + 0u];
    let x1 = inputs[n * K4 + j0 + 1u];
    let x2 = inputs[n * K4 + j0 + 2u];
    let x3 = inputs[n * K4 + j0 + 3u];
    let x4 = inputs[n * K4 + j0 + 4u];
    let x5 = inputs[n * K4 + j0 + 5u];
    let x6 = inputs[n * K4 + j0 + 6u];
    let x7 = inputs[n * K4 + j0 + 7u];
    let x8 = inputs[n * K4 + j0 + 8u];
    let x9 = inputs[n * K4 + j0 + 9u];
    let x10 = inputs[n * K4 + j0 + 10u];
    let x11 = inputs[n * K4 + j0 + 11u];
    let x12 = inputs[n * K4 + j0 + 12u];
    let x13 = inputs[n * K4 + j0 + 13u];
    let x14 = inputs[n * K4 + j0 + 14u];
    let x15 = inputs[n * K4 + j0 + 15u];
    g0_0 += d0 * x0;
    g0_1 += d0 * x1;
    g0_2 += d0 * x2;
    g0_3 += d0 * x3;
    g0_4 += d0 * x4;
    g0_5 += d0 * x5;
    g0_6 += d0 * x6;
    g0_7 += d0 * x7;
    g0_8 += d0 * x8;
    g0_9 += d0 * x9;
    g0_10 += d0 * x10;
    g0_11 += d0 * x11;
    g0_12 += d0 * x12;
    g0_13 += d0 * x13;
    g0_14 += d0 * x14;
    g0_15 += d0 * x15;
    g1_0 += d1 * x0;
    g1_1 += d1 * x1;
    g1_2 += d1 * x2;
    g1_3 += d1 * x3;
    g1_4 += d1 * x4;
    g1_5 += d1 * x5;
    g1_6 += d1 * x6;
    g1_7 += d1 * x7;
    g1_8 += d1 * x8;
    g1_9 += d1 * x9;
    g1_10 += d1 * x10;
    g1_11 += d1 * x11;
    g1_12 += d1 * x12;
    g1_13 += d1 * x13;
    g1_14 += d1 * x14;
    g1_15 += d1 * x15;
    g2_0 += d2 * x0;
    g2_1 += d2 * x1;
    g2_2 += d2 * x2;
    g2_3 += d2 * x3;
    g2_4 += d2 * x4;
    g2_5 += d2 * x5;
    g2_6 += d2 * x6;
    g2_7 += d2 * x7;
    g2_8 += d2 * x8;
    g2_9 += d2 * x9;
    g2_10 += d2 * x10;
    g2_11 += d2 * x11;
    g2_12 += d2 * x12;
    g2_13 += d2 * x13;
    g2_14 += d2 * x14;
    g2_15 += d2 * x15;
    g3_0 += d3 * x0;
    g3_1 += d3 * x1;
    g3_2 += d3 * x2;
    g3_3 += d3 * x3;
    g3_4 += d3 * x4;
    g3_5 += d3 * x5;
    g3_6 += d3 * x6;
    g3_7 += d3 * x7;
    g3_8 += d3 * x8;
    g3_9 += d3 * x9;
    g3_10 += d3 * x10;
    g3_11 += d3 * x11;
    g3_12 += d3 * x12;
    g3_13 += d3 * x13;
    g3_14 += d3 * x14;
    g3_15 += d3 * x15;
    g4_0 += d4 * x0;
    g4_1 += d4 * x1;
    g4_2 += d4 * x2;
    g4_3 += d4 * x3;
    g4_4 += d4 * x4;
    g4_5 += d4 * x5;
    g4_6 += d4 * x6;
    g4_7 += d4 * x7;
    g4_8 += d4 * x8;
    g4_9 += d4 * x9;
    g4_10 += d4 * x10;
    g4_11 += d4 * x11;
    g4_12 += d4 * x12;
    g4_13 += d4 * x13;
    g4_14 += d4 * x14;
    g4_15 += d4 * x15;
    g5_0 += d5 * x0;
    g5_1 += d5 * x1;
    g5_2 += d5 * x2;
    g5_3 += d5 * x3;
    g5_4 += d5 * x4;
    g5_5 += d5 * x5;
    g5_6 += d5 * x6;
    g5_7 += d5 * x7;
    g5_8 += d5 * x8;
    g5_9 += d5 * x9;
    g5_10 += d5 * x10;
    g5_11 += d5 * x11;
    g5_12 += d5 * x12;
    g5_13 += d5 * x13;
    g5_14 += d5 * x14;
    g5_15 += d5 * x15;
    g6_0 += d6 * x0;
    g6_1 += d6 * x1;
    g6_2 += d6 * x2;
    g6_3 += d6 * x3;
    g6_4 += d6 * x4;
    g6_5 += d6 * x5;
    g6_6 += d6 * x6;
    g6_7 += d6 * x7;
    g6_8 += d6 * x8;
    g6_9 += d6 * x9;
    g6_10 += d6 * x10;
    g6_11 += d6 * x11;
    g6_12 += d6 * x12;
    g6_13 += d6 * x13;
    g6_14 += d6 * x14;
    g6_15 += d6 * x15;
    g7_0 += d7 * x0;
    g7_1 += d7 * x1;
    g7_2 += d7 * x2;
    g7_3 += d7 * x3;
    g7_4 += d7 * x4;
    g7_5 += d7 * x5;
    g7_6 += d7 * x6;
    g7_7 += d7 * x7;
    g7_8 += d7 * x8;
    g7_9 += d7 * x9;
    g7_10 += d7 * x10;
    g7_11 += d7 * x11;
    g7_12 += d7 * x12;
    g7_13 += d7 * x13;
    g7_14 += d7 * x14;
    g7_15 += d7 * x15;
    g8_0 += d8 * x0;
    g8_1 += d8 * x1;
    g8_2 += d8 * x2;
    g8_3 += d8 * x3;
    g8_4 += d8 * x4;
    g8_5 += d8 * x5;
    g8_6 += d8 * x6;
    g8_7 += d8 * x7;
    g8_8 += d8 * x8;
    g8_9 += d8 * x9;
    g8_10 += d8 * x10;
    g8_11 += d8 * x11;
    g8_12 += d8 * x12;
    g8_13 += d8 * x13;
    g8_14 += d8 * x14;
    g8_15 += d8 * x15;
    g9_0 += d9 * x0;
    g9_1 += d9 * x1;
    g9_2 += d9 * x2;
    g9_3 += d9 * x3;
    g9_4 += d9 * x4;
    g9_5 += d9 * x5;
    g9_6 += d9 * x6;
    g9_7 += d9 * x7;
    g9_8 += d9 * x8;
    g9_9 += d9 * x9;
    g9_10 += d9 * x10;
    g9_11 += d9 * x11;
    g9_12 += d9 * x12;
    g9_13 += d9 * x13;
    g9_14 += d9 * x14;
    g9_15 += d9 * x15;
    g10_0 += d10 * x0;
    g10_1 += d10 * x1;
    g10_2 += d10 * x2;
    g10_3 += d10 * x3;
    g10_4 += d10 * x4;
    g10_5 += d10 * x5;
    g10_6 += d10 * x6;
    g10_7 += d10 * x7;
    g10_8 += d10 * x8;
    g10_9 += d10 * x9;
    g10_10 += d10 * x10;
    g10_11 += d10 * x11;
    g10_12 += d10 * x12;
    g10_13 += d10 * x13;
    g10_14 += d10 * x14;
    g10_15 += d10 * x15;
    g11_0 += d11 * x0;
    g11_1 += d11 * x1;
    g11_2 += d11 * x2;
    g11_3 += d11 * x3;
    g11_4 += d11 * x4;
    g11_5 += d11 * x5;
    g11_6 += d11 * x6;
    g11_7 += d11 * x7;
    g11_8 += d11 * x8;
    g11_9 += d11 * x9;
    g11_10 += d11 * x10;
    g11_11 += d11 * x11;
    g11_12 += d11 * x12;
    g11_13 += d11 * x13;
    g11_14 += d11 * x14;
    g11_15 += d11 * x15;
    g12_0 += d12 * x0;
    g12_1 += d12 * x1;
    g12_2 += d12 * x2;
    g12_3 += d12 * x3;
    g12_4 += d12 * x4;
    g12_5 += d12 * x5;
    g12_6 += d12 * x6;
    g12_7 += d12 * x7;
    g12_8 += d12 * x8;
    g12_9 += d12 * x9;
    g12_10 += d12 * x10;
    g12_11 += d12 * x11;
    g12_12 += d12 * x12;
    g12_13 += d12 * x13;
    g12_14 += d12 * x14;
    g12_15 += d12 * x15;
    g13_0 += d13 * x0;
    g13_1 += d13 * x1;
    g13_2 += d13 * x2;
    g13_3 += d13 * x3;
    g13_4 += d13 * x4;
    g13_5 += d13 * x5;
    g13_6 += d13 * x6;
    g13_7 += d13 * x7;
    g13_8 += d13 * x8;
    g13_9 += d13 * x9;
    g13_10 += d13 * x10;
    g13_11 += d13 * x11;
    g13_12 += d13 * x12;
    g13_13 += d13 * x13;
    g13_14 += d13 * x14;
    g13_15 += d13 * x15;
    g14_0 += d14 * x0;
    g14_1 += d14 * x1;
    g14_2 += d14 * x2;
    g14_3 += d14 * x3;
    g14_4 += d14 * x4;
    g14_5 += d14 * x5;
    g14_6 += d14 * x6;
    g14_7 += d14 * x7;
    g14_8 += d14 * x8;
    g14_9 += d14 * x9;
    g14_10 += d14 * x10;
    g14_11 += d14 * x11;
    g14_12 += d14 * x12;
    g14_13 += d14 * x13;
    g14_14 += d14 * x14;
    g14_15 += d14 * x15;
    g15_0 += d15 * x0;
    g15_1 += d15 * x1;
    g15_2 += d15 * x2;
    g15_3 += d15 * x3;
    g15_4 += d15 * x4;
    g15_5 += d15 * x5;
    g15_6 += d15 * x6;
    g15_7 += d15 * x7;
    g15_8 += d15 * x8;
    g15_9 += d15 * x9;
    g15_10 += d15 * x10;
    g15_11 += d15 * x11;
    g15_12 += d15 * x12;
    g15_13 += d15 * x13;
    g15_14 += d15 * x14;
    g15_15 += d15 * x15;
  }
  if (i0 + 0u < HIDDEN) {
    let slot0 = row + LAYER_OFFSET + (i0 + 0u) * (IN_DIM + 1u) + j0;
    if (j0 + 0u <= IN_DIM) { partials[slot0 + 0u] = g0_0; }
    if (j0 + 1u <= IN_DIM) { partials[slot0 + 1u] = g0_1; }
    if (j0 + 2u <= IN_DIM) { partials[slot0 + 2u] = g0_2; }
    if (j0 + 3u <= IN_DIM) { partials[slot0 + 3u] = g0_3; }
    if (j0 + 4u <= IN_DIM) { partials[slot0 + 4u] = g0_4; }
    if (j0 + 5u <= IN_DIM) { partials[slot0 + 5u] = g0_5; }
    if (j0 + 6u <= IN_DIM) { partials[slot0 + 6u] = g0_6; }
    if (j0 + 7u <= IN_DIM) { partials[slot0 + 7u] = g0_7; }
    if (j0 + 8u <= IN_DIM) { partials[slot0 + 8u] = g0_8; }
    if (j0 + 9u <= IN_DIM) { partials[slot0 + 9u] = g0_9; }
    if (j0 + 10u <= IN_DIM) { partials[slot0 + 10u] = g0_10; }
    if (j0 + 11u <= IN_DIM) { partials[slot0 + 11u] = g0_11; }
    if (j0 + 12u <= IN_DIM) { partials[slot0 + 12u] = g0_12; }
    if (j0 + 13u <= IN_DIM) { partials[slot0 + 13u] = g0_13; }
    if (j0 + 14u <= IN_DIM) { partials[slot0 + 14u] = g0_14; }
    if (j0 + 15u <= IN_DIM) { partials[slot0 + 15u] = g0_15; }
  }
  if (i0 + 1u < HIDDEN) {
    let slot1 = row + LAYER_OFFSET + (i0 + 1u) * (IN_DIM + 1u) + j0;
    if (j0 + 0u <= IN_DIM) { partials[slot1 + 0u] = g1_0; }
    if (j0 + 1u <= IN_DIM) { partials[slot1 + 1u] = g1_1; }
    if (j0 + 2u <= IN_DIM) { partials[slot1 + 2u] = g1_2; }
    if (j0 + 3u <= IN_DIM) { partials[slot1 + 3u] = g1_3; }
    if (j0 + 4u <= IN_DIM) { partials[slot1 + 4u] = g1_4; }
    if (j0 + 5u <= IN_DIM) { partials[slot1 + 5u] = g1_5; }
    if (j0 + 6u <= IN_DIM) { partials[slot1 + 6u] = g1_6; }
    if (j0 + 7u <= IN_DIM) { partials[slot1 + 7u] = g1_7; }
    if (j0 + 8u <= IN_DIM) { partials[slot1 + 8u] = g1_8; }
    if (j0 + 9u <= IN_DIM) { partials[slot1 + 9u] = g1_9; }
    if (j0 + 10u <= IN_DIM) { partials[slot1 + 10u] = g1_10; }
    if (j0 + 11u <= IN_DIM) { partials[slot1 + 11u] = g1_11; }
    if (j0 + 12u <= IN_DIM) { partials[slot1 + 12u] = g1_12; }
    if (j0 + 13u <= IN_DIM) { partials[slot1 + 13u] = g1_13; }
    if (j0 + 14u <= IN_DIM) { partials[slot1 + 14u] = g1_14; }
    if (j0 + 15u <= IN_DIM) { partials[slot1 + 15u] = g1_15; }
  }
  if (i0 + 2u < HIDDEN) {
    let slot2 = row + LAYER_OFFSET + (i0 + 2u) * (IN_DIM + 1u) + j0;
    if (j0 + 0u <= IN_DIM) { partials[slot2 + 0u] = g2_0; }
    if (j0 + 1u <= IN_DIM) { partials[slot2 + 1u] = g2_1; }
    if (j0 + 2u <= IN_DIM) { partials[slot2 + 2u] = g2_2; }
    if (j0 + 3u <= IN_DIM) { partials[slot2 + 3u] = g2_3; }
    if (j0 + 4u <= IN_DIM) { partials[slot2 + 4u] = g2_4; }
    if (j0 + 5u <= IN_DIM) { partials[slot2 + 5u] = g2_5; }
    if (j0 + 6u <= IN_DIM) { partials[slot2 + 6u] = g2_6; }
    if (j0 + 7u <= IN_DIM) { partials[slot2 + 7u] = g2_7; }
    if (j0 + 8u <= IN_DIM) { partials[slot2 + 8u] = g2_8; }
    if (j0 + 9u <= IN_DIM) { partials[slot2 + 9u] = g2_9; }
    if (j0 + 10u <= IN_DIM) { partials[slot2 + 10u] = g2_10; }
    if (j0 + 11u <= IN_DIM) { partials[slot2 + 11u] = g2_11; }
    if (j0 + 12u <= IN_DIM) { partials[slot2 + 12u] = g2_12; }
    if (j0 + 13u <= IN_DIM) { partials[slot2 + 13u] = g2_13; }
    if (j0 + 14u <= IN_DIM) { partials[slot2 + 14u] = g2_14; }
    if (j0 + 15u <= IN_DIM) { partials[slot2 + 15u] = g2_15; }
  }
  if (i0 + 3u < HIDDEN) {
    let slot3 = row + LAYER_OFFSET + (i0 + 3u) * (IN_DIM + 1u) + j0;
    if (j0 + 0u <= IN_DIM) { partials[slot3 + 0u] = g3_0; }
    if (j0 + 1u <= IN_DIM) { partials[slot3 + 1u] = g3_1; }
    if (j0 + 2u <= IN_DIM) { partials[slot3 + 2u] = g3_2; }
    if (j0 + 3u <= IN_DIM) { partials[slot3 + 3u] = g3_3; }
    if (j0 + 4u <= IN_DIM) { partials[slot3 + 4u] = g3_4; }
    if (j0 + 5u <= IN_DIM) { partials[slot3 + 5u] = g3_5; }
    if (j0 + 6u <= IN_DIM) { partials[slot3 + 6u] = g3_6; }
    if (j0 + 7u <= IN_DIM) { partials[slot3 + 7u] = g3_7; }
    if (j0 + 8u <= IN_DIM) { partials[slot3 + 8u] = g3_8; }
    if (j0 + 9u <= IN_DIM) { partials[slot3 + 9u] = g3_9; }
    if (j0 + 10u <= IN_DIM) { partials[slot3 + 10u] = g3_10; }
    if (j0 + 11u <= IN_DIM) { partials[slot3 + 11u] = g3_11; }
    if (j0 + 12u <= IN_DIM) { partials[slot3 + 12u] = g3_12; }
    if (j0 + 13u <= IN_DIM) { partials[slot3 + 13u] = g3_13; }
    if (j0 + 14u <= IN_DIM) { partials[slot3 + 14u] = g3_14; }
    if (j0 + 15u <= IN_DIM) { partials[slot3 + 15u] = g3_15; }
  }
  if (i0 + 4u < HIDDEN) {
    let slot4 = row + LAYER_OFFSET + (i0 + 4u) * (IN_DIM + 1u) + j0;
    if (j0 + 0u <= IN_DIM) { partials[slot4 + 0u] = g4_0; }
    if (j0 + 1u <= IN_DIM) { partials[slot4 + 1u] = g4_1; }
    if (j0 + 2u <= IN_DIM) { partials[slot4 + 2u] = g4_2; }
    if (j0 + 3u <= IN_DIM) { partials[slot4 + 3u] = g4_3; }
    if (j0 + 4u <= IN_DIM) { partials[slot4 + 4u] = g4_4; }
    if (j0 + 5u <= IN_DIM) { partials[slot4 + 5u] = g4_5; }
    if (j0 + 6u <= IN_DIM) { partials[slot4 + 6u] = g4_6; }
    if (j0 + 7u <= IN_DIM) { partials[slot4 + 7u] = g4_7; }
    if (j0 + 8u <= IN_DIM) { partials[slot4 + 8u] = g4_8; }
    if (j0 + 9u <= IN_DIM) { partials[slot4 + 9u] = g4_9; }
    if (j0 + 10u <= IN_DIM) { partials[slot4 + 10u] = g4_10; }
    if (j0 + 11u <= IN_DIM) { partials[slot4 + 11u] = g4_11; }
    if (j0 + 12u <= IN_DIM) { partials[slot4 + 12u] = g4_12; }
    if (j0 + 13u <= IN_DIM) { partials[slot4 + 13u] = g4_13; }
    if (j0 + 14u <= IN_DIM) { partials[slot4 + 14u] = g4_14; }
    if (j0 + 15u <= IN_DIM) { partials[slot4 + 15u] = g4_15; }
  }
  if (i0 + 5u < HIDDEN) {
    let slot5 = row + LAYER_OFFSET + (i0 + 5u) * (IN_DIM + 1u) + j0;
    if (j0 + 0u <= IN_DIM) { partials[slot5 + 0u] = g5_0; }
    if (j0 + 1u <= IN_DIM) { partials[slot5 + 1u] = g5_1; }
    if (j0 + 2u <= IN_DIM) { partials[slot5 + 2u] = g5_2; }
    if (j0 + 3u <= IN_DIM) { partials[slot5 + 3u] = g5_3; }
    if (j0 + 4u <= IN_DIM) { partials[slot5 + 4u] = g5_4; }
    if (j0 + 5u <= IN_DIM) { partials[slot5 + 5u] = g5_5; }
    if (j0 + 6u <= IN_DIM) { partials[slot5 + 6u] = g5_6; }
    if (j0 + 7u <= IN_DIM) { partials[slot5 + 7u] = g5_7; }
    if (j0 + 8u <= IN_DIM) { partials[slot5 + 8u] = g5_8; }
    if (j0 + 9u <= IN_DIM) { partials[slot5 + 9u] = g5_9; }
    if (j0 + 10u <= IN_DIM) { partials[slot5 + 10u] = g5_10; }
    if (j0 + 11u <= IN_DIM) { partials[slot5 + 11u] = g5_11; }
    if (j0 + 12u <= IN_DIM) { partials[slot5 + 12u] = g5_12; }
    if (j0 + 13u <= IN_DIM) { partials[slot5 + 13u] = g5_13; }
    if (j0 + 14u <= IN_DIM) { partials[slot5 + 14u] = g5_14; }
    if (j0 + 15u <= IN_DIM) { partials[slot5 + 15u] = g5_15; }
  }
  if (i0 + 6u < HIDDEN) {
    let slot6 = row + LAYER_OFFSET + (i0 + 6u) * (IN_DIM + 1u) + j0;
    if (j0 + 0u <= IN_DIM) { partials[slot6 + 0u] = g6_0; }
    if (j0 + 1u <= IN_DIM) { partials[slot6 + 1u] = g6_1; }
    if (j0 + 2u <= IN_DIM) { partials[slot6 + 2u] = g6_2; }
    if (j0 + 3u <= IN_DIM) { partials[slot6 + 3u] = g6_3; }
    if (j0 + 4u <= IN_DIM) { partials[slot6 + 4u] = g6_4; }
    if (j0 + 5u <= IN_DIM) { partials[slot6 + 5u] = g6_5; }
    if (j0 + 6u <= IN_DIM) { partials[slot6 + 6u] = g6_6; }
    if (j0 + 7u <= IN_DIM) { partials[slot6 + 7u] = g6_7; }
    if (j0 + 8u <= IN_DIM) { partials[slot6 + 8u] = g6_8; }
    if (j0 + 9u <= IN_DIM) { partials[slot6 + 9u] = g6_9; }
    if (j0 + 10u <= IN_DIM) { partials[slot6 + 10u] = g6_10; }
    if (j0 + 11u <= IN_DIM) { partials[slot6 + 11u] = g6_11; }
    if (j0 + 12u <= IN_DIM) { partials[slot6 + 12u] = g6_12; }
    if (j0 + 13u <= IN_DIM) { partials[slot6 + 13u] = g6_13; }
    if (j0 + 14u <= IN_DIM) { partials[slot6 + 14u] = g6_14; }
    if (j0 + 15u <= IN_DIM) { partials[slot6 + 15u] = g6_15; }
  }
  if (i0 + 7u < HIDDEN) {
    let slot7 = row + LAYER_OFFSET + (i0 + 7u) * (IN_DIM + 1u) + j0;
    if (j0 + 0u <= IN_DIM) { partials[slot7 + 0u] = g7_0; }
    if (j0 + 1u <= IN_DIM) { partials[slot7 + 1u] = g7_1; }
    if (j0 + 2u <= IN_DIM) { partials[slot7 + 2u] = g7_2; }
    if (j0 + 3u <= IN_DIM) { partials[slot7 + 3u] = g7_3; }
    if (j0 + 4u <= IN_DIM) { partials[slot7 + 4u] = g7_4; }
    if (j0 + 5u <= IN_DIM) { partials[slot7 + 5u] = g7_5; }
    if (j0 + 6u <= IN_DIM) { partials[slot7 + 6u] = g7_6; }
    if (j0 + 7u <= IN_DIM) { partials[slot7 + 7u] = g7_7; }
    if (j0 + 8u <= IN_DIM) { partials[slot7 + 8u] = g7_8; }
    if (j0 + 9u <= IN_DIM) { partials[slot7 + 9u] = g7_9; }
    if (j0 + 10u <= IN_DIM) { partials[slot7 + 10u] = g7_10; }
    if (j0 + 11u <= IN_DIM) { partials[slot7 + 11u] = g7_11; }
    if (j0 + 12u <= IN_DIM) { partials[slot7 + 12u] = g7_12; }
    if (j0 + 13u <= IN_DIM) { partials[slot7 + 13u] = g7_13; }
    if (j0 + 14u <= IN_DIM) { partials[slot7 + 14u] = g7_14; }
    if (j0 + 15u <= IN_DIM) { partials[slot7 + 15u] = g7_15; }
  }
  if (i0 + 8u < HIDDEN) {
    let slot8 = row + LAYER_OFFSET + (i0 + 8u) * (IN_DIM + 1u) + j0;
    if (j0 + 0u <= IN_DIM) { partials[slot8 + 0u] = g8_0; }
    if (j0 + 1u <= IN_DIM) { partials[slot8 + 1u] = g8_1; }
    if (j0 + 2u <= IN_DIM) { partials[slot8 + 2u] = g8_2; }
    if (j0 + 3u <= IN_DIM) { partials[slot8 + 3u] = g8_3; }
    if (j0 + 4u <= IN_DIM) { partials[slot8 + 4u] = g8_4; }
    if (j0 + 5u <= IN_DIM) { partials[slot8 + 5u] = g8_5; }
    if (j0 + 6u <= IN_DIM) { partials[slot8 + 6u] = g8_6; }
    if (j0 + 7u <= IN_DIM) { partials[slot8 + 7u] = g8_7; }
    if (j0 + 8u <= IN_DIM) { partials[slot8 + 8u] = g8_8; }
    if (j0 + 9u <= IN_DIM) { partials[slot8 + 9u] = g8_9; }
    if (j0 + 10u <= IN_DIM) { partials[slot8 + 10u] = g8_10; }
    if (j0 + 11u <= IN_DIM) { partials[slot8 + 11u] = g8_11; }
    if (j0 + 12u <= IN_DIM) { partials[slot8 + 12u] = g8_12; }
    if (j0 + 13u <= IN_DIM) { partials[slot8 + 13u] = g8_13; }
    if (j0 + 14u <= IN_DIM) { partials[slot8 + 14u] = g8_14; }
    if (j0 + 15u <= IN_DIM) { partials[slot8 + 15u] = g8_15; }
  }
  if (i0 + 9u < HIDDEN) {
    let slot9 = row + LAYER_OFFSET + (i0 + 9u) * (IN_DIM + 1u) + j0;
    if (j0 + 0u <= IN_DIM) { partials[slot9 + 0u] = g9_0; }
    if (j0 + 1u <= IN_DIM) { partials[slot9 + 1u] = g9_1; }
    if (j0 + 2u <= IN_DIM) { partials[slot9 + 2u] = g9_2; }
    if (j0 + 3u <= IN_DIM) { partials[slot9 + 3u] = g9_3; }
    if (j0 + 4u <= IN_DIM) { partials[slot9 + 4u] = g9_4; }
    if (j0 + 5u <= IN_DIM) { partials[slot9 + 5u] = g9_5; }
    if (j0 + 6u <= IN_DIM) { partials[slot9 + 6u] = g9_6; }
    if (j0 + 7u <= IN_DIM) { partials[slot9 + 7u] = g9_7; }
    if (j0 + 8u <= IN_DIM) { partials[slot9 + 8u] = g9_8; }
    if (j0 + 9u <= IN_DIM) { partials[slot9 + 9u] = g9_9; }
    if (j0 + 10u <= IN_DIM) { partials[slot9 + 10u] = g9_10; }
    if (j0 + 11u <= IN_DIM) { partials[slot9 + 11u] = g9_11; }
    if (j0 + 12u <= IN_DIM) { partials[slot9 + 12u] = g9_12; }
    if (j0 + 13u <= IN_DIM) { partials[slot9 + 13u] = g9_13; }
    if (j0 + 14u <= IN_DIM) { partials[slot9 + 14u] = g9_14; }
    if (j0 + 15u <= IN_DIM) { partials[slot9 + 15u] = g9_15; }
  }
  if (i0 + 10u < HIDDEN) {
    let slot10 = row + LAYER_OFFSET + (i0 + 10u) * (IN_DIM + 1u) + j0;
    if (j0 + 0u <= IN_DIM) { partials[slot10 + 0u] = g10_0; }
    if (j0 + 1u <= IN_DIM) { partials[slot10 + 1u] = g10_1; }
    if (j0 + 2u <= IN_DIM) { partials[slot10 + 2u] = g10_2; }
    if (j0 + 3u <= IN_DIM) { partials[slot10 + 3u] = g10_3; }
    if (j0 + 4u <= IN_DIM) { partials[slot10 + 4u] = g10_4; }
    if (j0 + 5u <= IN_DIM) { partials[slot10 + 5u] = g10_5; }
    if (j0 + 6u <= IN_DIM) { partials[slot10 + 6u] = g10_6; }
    if (j0 + 7u <= IN_DIM) { partials[slot10 + 7u] = g10_7; }
    if (j0 + 8u <= IN_DIM) { partials[slot10 + 8u] = g10_8; }
    if (j0 + 9u <= IN_DIM) { partials[slot10 + 9u] = g10_9; }
    if (j0 + 10u <= IN_DIM) { partials[slot10 + 10u] = g10_10; }
    if (j0 + 11u <= IN_DIM) { partials[slot10 + 11u] = g10_11; }
    if (j0 + 12u <= IN_DIM) { partials[slot10 + 12u] = g10_12; }
    if (j0 + 13u <= IN_DIM) { partials[slot10 + 13u] = g10_13; }
    if (j0 + 14u <= IN_DIM) { partials[slot10 + 14u] = g10_14; }
    if (j0 + 15u <= IN_DIM) { partials[slot10 + 15u] = g10_15; }
  }
  if (i0 + 11u < HIDDEN) {
    let slot11 = row + LAYER_OFFSET + (i0 + 11u) * (IN_DIM + 1u) + j0;
    if (j0 + 0u <= IN_DIM) { partials[slot11 + 0u] = g11_0; }
    if (j0 + 1u <= IN_DIM) { partials[slot11 + 1u] = g11_1; }
    if (j0 + 2u <= IN_DIM) { partials[slot11 + 2u] = g11_2; }
    if (j0 + 3u <= IN_DIM) { partials[slot11 + 3u] = g11_3; }
    if (j0 + 4u <= IN_DIM) { partials[slot11 + 4u] = g11_4; }
    if (j0 + 5u <= IN_DIM) { partials[slot11 + 5u] = g11_5; }
    if (j0 + 6u <= IN_DIM) { partials[slot11 + 6u] = g11_6; }
    if (j0 + 7u <= IN_DIM) { partials[slot11 + 7u] = g11_7; }
    if (j0 + 8u <= IN_DIM) { partials[slot11 + 8u] = g11_8; }
    if (j0 + 9u <= IN_DIM) { partials[slot11 + 9u] = g11_9; }
    if (j0 + 10u <= IN_DIM) { partials[slot11 + 10u] = g11_10; }
    if (j0 + 11u <= IN_DIM) { partials[slot11 + 11u] = g11_11; }
    if (j0 + 12u <= IN_DIM) { partials[slot11 + 12u] = g11_12; }
    if (j0 + 13u <= IN_DIM) { partials[slot11 + 13u] = g11_13; }
    if (j0 + 14u <= IN_DIM) { partials[slot11 + 14u] = g11_14; }
    if (j0 + 15u <= IN_DIM) { partials[slot11 + 15u] = g11_15; }
  }
  if (i0 + 12u < HIDDEN) {
    let slot12 = row + LAYER_OFFSET + (i0 + 12u) * (IN_DIM + 1u) + j0;
    if (j0 + 0u <= IN_DIM) { partials[slot12 + 0u] = g12_0; }
    if (j0 + 1u <= IN_DIM) { partials[slot12 + 1u] = g12_1; }
    if (j0 + 2u <= IN_DIM) { partials[slot12 + 2u] = g12_2; }
    if (j0 + 3u <= IN_DIM) { partials[slot12 + 3u] = g12_3; }
    if (j0 + 4u <= IN_DIM) { partials[slot12 + 4u] = g12_4; }
    if (j0 + 5u <= IN_DIM) { partials[slot12 + 5u] = g12_5; }
    if (j0 + 6u <= IN_DIM) { partials[slot12 + 6u] = g12_6; }
    if (j0 + 7u <= IN_DIM) { partials[slot12 + 7u] = g12_7; }
    if (j0 + 8u <= IN_DIM) { partials[slot12 + 8u] = g12_8; }
    if (j0 + 9u <= IN_DIM) { partials[slot12 + 9u] = g12_9; }
    if (j0 + 10u <= IN_DIM) { partials[slot12 + 10u] = g12_10; }
    if (j0 + 11u <= IN_DIM) { partials[slot12 + 11u] = g12_11; }
    if (j0 + 12u <= IN_DIM) { partials[slot12 + 12u] = g12_12; }
    if (j0 + 13u <= IN_DIM) { partials[slot12 + 13u] = g12_13; }
    if (j0 + 14u <= IN_DIM) { partials[slot12 + 14u] = g12_14; }
    if (j0 + 15u <= IN_DIM) { partials[slot12 + 15u] = g12_15; }
  }
  if (i0 + 13u < HIDDEN) {
    let slot13 = row + LAYER_OFFSET + (i0 + 13u) * (IN_DIM + 1u) + j0;
    if (j0 + 0u <= IN_DIM) { partials[slot13 + 0u] = g13_0; }
    if (j0 + 1u <= IN_DIM) { partials[slot13 + 1u] = g13_1; }
    if (j0 + 2u <= IN_DIM) { partials[slot13 + 2u] = g13_2; }
    if (j0 + 3u <= IN_DIM) { partials[slot13 + 3u] = g13_3; }
    if (j0 + 4u <= IN_DIM) { partials[slot13 + 4u] = g13_4; }
    if (j0 + 5u <= IN_DIM) { partials[slot13 + 5u] = g13_5; }
    if (j0 + 6u <= IN_DIM) { partials[slot13 + 6u] = g13_6; }
    if (j0 + 7u <= IN_DIM) { partials[slot13 + 7u] = g13_7; }
    if (j0 + 8u <= IN_DIM) { partials[slot13 + 8u] = g13_8; }
    if (j0 + 9u <= IN_DIM) { partials[slot13 + 9u] = g13_9; }
    if (j0 + 10u <= IN_DIM) { partials[slot13 + 10u] = g13_10; }
    if (j0 + 11u <= IN_DIM) { partials[slot13 + 11u] = g13_11; }
    if (j0 + 12u <= IN_DIM) { partials[slot13 + 12u] = g13_12; }
    if (j0 + 13u <= IN_DIM) { partials[slot13 + 13u] = g13_13; }
    if (j0 + 14u <= IN_DIM) { partials[slot13 + 14u] = g13_14; }
    if (j0 + 15u <= IN_DIM) { partials[slot13 + 15u] = g13_15; }
  }
  if (i0 + 14u < HIDDEN) {
    let slot14 = row + LAYER_OFFSET + (i0 + 14u) * (IN_DIM + 1u) + j0;
    if (j0 + 0u <= IN_DIM) { partials[slot14 + 0u] = g14_0; }
    if (j0 + 1u <= IN_DIM) { partials[slot14 + 1u] = g14_1; }
    if (j0 + 2u <= IN_DIM) { partials[slot14 + 2u] = g14_2; }
    if (j0 + 3u <= IN_DIM) { partials[slot14 + 3u] = g14_3; }
    if (j0 + 4u <= IN_DIM) { partials[slot14 + 4u] = g14_4; }
    if (j0 + 5u <= IN_DIM) { partials[slot14 + 5u] = g14_5; }
    if (j0 + 6u <= IN_DIM) { partials[slot14 + 6u] = g14_6; }
    if (j0 + 7u <= IN_DIM) { partials[slot14 + 7u] = g14_7; }
    if (j0 + 8u <= IN_DIM) { partials[slot14 + 8u] = g14_8; }
    if (j0 + 9u <= IN_DIM) { partials[slot14 + 9u] = g14_9; }
    if (j0 + 10u <= IN_DIM) { partials[slot14 + 10u] = g14_10; }
    if (j0 + 11u <= IN_DIM) { partials[slot14 + 11u] = g14_11; }
    if (j0 + 12u <= IN_DIM) { partials[slot14 + 12u] = g14_12; }
    if (j0 + 13u <= IN_DIM) { partials[slot14 + 13u] = g14_13; }
    if (j0 + 14u <= IN_DIM) { partials[slot14 + 14u] = g14_14; }
    if (j0 + 15u <= IN_DIM) { partials[slot14 + 15u] = g14_15; }
  }
  if (i0 + 15u < HIDDEN) {
    let slot15 = row + LAYER_OFFSET + (i0 + 15u) * (IN_DIM + 1u) + j0;
    if (j0 + 0u <= IN_DIM) { partials[slot15 + 0u] = g15_0; }
    if (j0 + 1u <= IN_DIM) { partials[slot15 + 1u] = g15_1; }
    if (j0 + 2u <= IN_DIM) { partials[slot15 + 2u] = g15_2; }
    if (j0 + 3u <= IN_DIM) { partials[slot15 + 3u] = g15_3; }
    if (j0 + 4u <= IN_DIM) { partials[slot15 + 4u] = g15_4; }
    if (j0 + 5u <= IN_DIM) { partials[slot15 + 5u] = g15_5; }
    if (j0 + 6u <= IN_DIM) { partials[slot15 + 6u] = g15_6; }
    if (j0 + 7u <= IN_DIM) { partials[slot15 + 7u] = g15_7; }
    if (j0 + 8u <= IN_DIM) { partials[slot15 + 8u] = g15_8; }
    if (j0 + 9u <= IN_DIM) { partials[slot15 + 9u] = g15_9; }
    if (j0 + 10u <= IN_DIM) { partials[slot15 + 10u] = g15_10; }
    if (j0 + 11u <= IN_DIM) { partials[slot15 + 11u] = g15_11; }
    if (j0 + 12u <= IN_DIM) { partials[slot15 + 12u] = g15_12; }
    if (j0 + 13u <= IN_DIM) { partials[slot15 + 13u] = g15_13; }
    if (j0 + 14u <= IN_DIM) { partials[slot15 + 14u] = g15_14; }
    if (j0 + 15u <= IN_DIM) { partials[slot15 + 15u] = g15_15; }
  }
}

// ---- src/gpu/fused/fused-gemm-weight-grad.wgsl ----
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
