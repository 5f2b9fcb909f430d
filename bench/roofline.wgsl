// The read roofline: touch every byte of the batch once and do (almost) nothing else.
// Each invocation reads 4 vec4<u32> per step (unrolled: SwiftShader is bound by instruction
// throughput, so fewer loop trips read faster) in a grid-stride loop, folds them with xor, and
// writes only when a uniform flag that the host never sets is on — the reads cannot be dropped.

struct Params {
  count: u32,   // number of vec4<u32> in `data`
  stride: u32,  // total invocations in the dispatch
  flag: u32,    // always 0 from the host
  _pad: u32,
}

@group(0) @binding(0) var<storage, read> data: array<vec4<u32>>;
@group(0) @binding(1) var<storage, read_write> sink: array<vec4<u32>>;
@group(0) @binding(2) var<uniform> params: Params;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let stride = params.stride;
  var acc = vec4<u32>(0u);
  var i = gid.x;
  let count = params.count;
  // unrolled by 4: i, i+stride, i+2·stride, i+3·stride
  loop {
    if (i + 3u * stride >= count) { break; }
    acc = acc ^ data[i] ^ data[i + stride] ^ data[i + 2u * stride] ^ data[i + 3u * stride];
    i = i + 4u * stride;
  }
  loop {
    if (i >= count) { break; }
    acc = acc ^ data[i];
    i = i + stride;
  }
  if (params.flag != 0u) {
    sink[gid.x & 15u] = acc;
  }
}
