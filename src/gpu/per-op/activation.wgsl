// A hidden layer's activation, one thread per element: a = f(z), and its local derivative f'(z)
// (stated through a, see src/ops/activations.ts), kept for backward-data.wgsl, which multiplies the
// upstream gradient by it. f is the layer's activation from the op table: the assembler includes
// its shared function and binds `activation` / `activation_grad` to it (src/gpu/wgsl/assemble.ts).

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let t = thread_index(gid);
  if (t >= params.count) { return; }
  let value = activation(z[t]);
  a[t] = value;
  local[t] = activation_grad(value);
}
