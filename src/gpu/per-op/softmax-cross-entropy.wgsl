// Softmax + cross-entropy for one example per thread, in the numerically stable form:
//   m = max_i z_i,  s = Σ_i exp(z_i − m),  p_i = exp(z_i − m) / s,
//   loss = softmax_ce_loss(s, z_label, m),  dL/dz_i = softmax_ce_grad(p_i, i == label, 1/N)
// (the shared functions: −log p_label = log s − (z_label − m), and the lesson's step 1, (p − t)/N).

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let n = thread_index(gid);
  if (n >= params.count) { return; }
  let C = params.classes;
  let row = n * C;
  var m = z[row];
  for (var i = 1u; i < C; i++) { m = max(m, z[row + i]); }
  var s = 0.0;
  for (var i = 0u; i < C; i++) { s += exp(z[row + i] - m); }
  let label = labels[n];
  lossPerExample[n] = softmax_ce_loss(s, z[row + label], m);
  let invN = 1.0 / params.batchSize;
  for (var i = 0u; i < C; i++) {
    let prob = exp(z[row + i] - m) / s;
    p[row + i] = prob;
    dz[row + i] = softmax_ce_grad(prob, i == label, invN);
  }
}
