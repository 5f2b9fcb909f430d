// The h sweep's float32 finite differences in one dispatch: the forward pass of every example
// for every nudged copy of the network. Copy c is the network with one parameter (params.paramIndex
// in the flat parameter list) set to nudged[c] — θ + h or θ − h for each h of the sweep. One
// thread per (copy, example) runs all layers in registers/private memory and writes its
// cross-entropy; the host averages each copy's losses and forms (L(θ+h) − L(θ−h)) / 2h.
// Assembled (src/gpu/wgsl/assemble.ts) with MAX_WIDTH and LAYERS in the header, the activations'
// shared functions, and fn activate(l, z) generated for the network.

// Bindings (layouts.ts, NUDGED_FORWARD): theta = W1 (row-major), b1, W2, b2, …; x = batch × inDim;
// labels; shape = per layer inDim, outDim, W offset, b offset; nudged = the parameter's value in
// copy c; loss = copies × batch.

fn param(k: u32, c: u32) -> f32 {
  return select(theta[k], nudged[c], k == params.paramIndex);
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let t = thread_index(gid);
  if (t >= params.copies * params.batch) { return; }
  let c = t / params.batch;
  let n = t % params.batch;
  var a: array<f32, MAX_WIDTH>;
  var next: array<f32, MAX_WIDTH>;
  for (var k = 0u; k < params.inDim; k++) { a[k] = x[n * params.inDim + k]; }
  for (var l = 0u; l < LAYERS; l++) {
    let inDim = shape[4u * l];
    let outDim = shape[4u * l + 1u];
    let w = shape[4u * l + 2u];
    let b = shape[4u * l + 3u];
    for (var i = 0u; i < outDim; i++) {
      var z = param(b + i, c);
      for (var j = 0u; j < inDim; j++) { z += param(w + i * inDim + j, c) * a[j]; }
      next[i] = select(z, activate(l, z), l + 1u < LAYERS);
    }
    for (var i = 0u; i < outDim; i++) { a[i] = next[i]; }
  }
  // Cross-entropy from the logits, stably: log Σ exp(z − m) − (z_label − m).
  var m = a[0];
  for (var i = 1u; i < params.classes; i++) { m = max(m, a[i]); }
  var s = 0.0;
  for (var i = 0u; i < params.classes; i++) { s += exp(a[i] - m); }
  loss[t] = log(s) - (a[labels[n]] - m);
}
