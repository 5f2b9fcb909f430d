// ReLU: a = max(z, 0) and its derivative as a 0/1 mask, kept for the backward pass.
// relu'(0) = 0, as in the lesson: a neuron sitting exactly at 0 passes no gradient.

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let t = thread_index(gid);
  if (t >= params.count) { return; }
  let alive = z[t] > 0.0;
  // select, not max(): max(-0.0, 0.0) may return -0.0; the reference writes +0 for a dead unit.
  a[t] = select(0.0, z[t], alive);
  mask[t] = select(0.0, 1.0, alive);
}
