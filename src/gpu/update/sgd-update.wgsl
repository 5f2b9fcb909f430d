// One step of gradient descent (with optional heavy-ball momentum), on parameters that stay on the GPU:
//   v ← μ·v + g          (μ = params.momentum; with μ = 0, v is not touched and the step is g)
//   w ← w − lr·v
// the form PyTorch's SGD uses (src/train/sgd.ts is the same rule in float64 for the reference).
//
// Thread t updates parameter t of a matrix of `cols` columns: its value sits at row·targetRowStride
// + col of `weights` (so a padded copy, like the gemm plan's layer-0 rows, is updated in place), and
// its gradient at gradOffset + row·gradRowStride + col of `grads` — the reduced [dW | db] rows both
// passes leave in their results buffer (src/gpu/gradient-layout.ts). `velocity` is dense, index t.

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let t = thread_index(gid);
  if (t >= params.count) { return; }
  let row = t / params.cols;
  let col = t % params.cols;
  let g = grads[params.gradOffset + row * params.gradRowStride + col];
  var step = g;
  if (params.momentum != 0.0) {
    step = params.momentum * velocity[t] + g;
    velocity[t] = step;
  }
  let at = row * params.targetRowStride + col;
  weights[at] = weights[at] - params.lr * step;
}
