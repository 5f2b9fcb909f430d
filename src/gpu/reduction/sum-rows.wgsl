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
