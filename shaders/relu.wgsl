// ReLU: a = max(z, 0) and its derivative as a 0/1 mask, kept for the backward pass.
// relu'(0) = 0, as in the lesson: a neuron sitting exactly at 0 passes no gradient.

// BUG (src/break/bugs.ts): 0 runs the lesson's rule; the page's and CLI's "break it" set it to run one classic bug.
override BUG: u32 = 0u;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let t = thread_index(gid);
  if (t >= params.count) { return; }
  let alive = z[t] > 0.0;
  // select, not max(): max(-0.0, 0.0) may return -0.0; the reference writes +0 for a dead unit.
  a[t] = select(0.0, z[t], alive);
  // BUG 5: relu'(0) taken as 1.
  mask[t] = select(0.0, 1.0, alive || (BUG == 5u && z[t] == 0.0));
}
