// The read roofline: touch every byte of the batch once and do (almost) nothing else.
// Workgroup g reads its own contiguous block of vec4<u32>s; its 64 invocations walk the block side
// by side (neighbouring lanes read neighbouring 16 bytes, as CPU drivers like SwiftShader prefer),
// 4 loads per loop trip (fewer trips: SwiftShader is bound by instruction throughput). The loads
// are folded with xor and written only when a uniform flag the host never sets is on, so they
// cannot be dropped.

struct Params {
  count: u32,     // number of vec4<u32> in `data`
  perGroup: u32,  // vec4s per workgroup block (a multiple of 256)
  flag: u32,      // always 0 from the host
  _pad: u32,
}

@group(0) @binding(0) var<storage, read> data: array<vec4<u32>>;
@group(0) @binding(1) var<storage, read_write> sink: array<vec4<u32>>;
@group(0) @binding(2) var<uniform> params: Params;

const WG: u32 = 64u;

@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let begin = wid.x * params.perGroup;
  let end = min(begin + params.perGroup, params.count);
  var acc = vec4<u32>(0u);
  var i = begin + lid;
  loop {
    if (i + 3u * WG >= end) { break; }
    acc = acc ^ data[i] ^ data[i + WG] ^ data[i + 2u * WG] ^ data[i + 3u * WG];
    i = i + 4u * WG;
  }
  loop {
    if (i >= end) { break; }
    acc = acc ^ data[i];
    i = i + WG;
  }
  if (params.flag != 0u) {
    sink[lid & 15u] = acc;
  }
}
