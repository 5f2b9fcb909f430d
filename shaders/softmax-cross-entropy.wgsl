// Softmax + cross-entropy for one example per thread, in the numerically stable form:
//   m = max_i z_i,  s = Σ_i exp(z_i − m),  p_i = exp(z_i − m) / s,
//   loss = −log p_label = log s − (z_label − m)      (never exp of a large number: no Inf/NaN)
// and the lesson's step 1, dL/dz = (p − t) / N for the batch-mean loss (t is one-hot at label).

// BUG (src/break/bugs.ts): 0 runs the lesson's rule; the page's and CLI's "break it" set it to run one classic bug.
override BUG: u32 = 0u;

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
  lossPerExample[n] = log(s) - (z[row + label] - m);
  for (var i = 0u; i < C; i++) {
    let prob = exp(z[row + i] - m) / s;
    p[row + i] = prob;
    // BUG 4: p instead of p − t; BUG 3: the 1/N of the batch mean dropped.
    let hot = select(0.0, 1.0, i == label && BUG != 4u);
    dz[row + i] = (prob - hot) / select(params.batchSize, 1.0, BUG == 3u);
  }
}
