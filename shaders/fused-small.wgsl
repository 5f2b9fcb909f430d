// Fused forward + backward for small networks: each thread runs a stream of examples
// (n = t, t + threads, t + 2·threads, …) entirely in registers and keeps its own running sums of
// every gradient and of the loss. Nothing per example is written to memory: at the end each
// thread writes one partial row [all layers' dW | db … | loss] and sum-rows.wgsl reduces the
// rows in a fixed order (deterministic, like the per-op path).
// Small batches (SINGLE_GROUP): one workgroup runs the whole batch and its threads add their rows
// up in workgroup memory, in thread order, and write the final sums themselves — one dispatch per
// run, no reduction pass (see fused-plan.ts).
//
// The network's widths are compile-time constants here: src/gpu/fused-small-codegen.ts writes
// the straight-line code for them (one `let` per weight and activation, unrolled loops), which
// is what lets a CPU-emulated GPU keep everything in registers. The generated code is the
// lesson's steps, spelled out per unit:
//   z = W·a + b;  a = relu(z)  …  p = softmax(z);  loss += log Σ exp(z − m) − (z_label − m)
//   dz = (p − t)/N;  dW += dz·aᵀ;  db += dz;  da = Wᵀ·dz;  dz_below = da ⊙ relu'(z_below) …

//{{WORKGROUP_MEMORY}}
@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let t = gid.x;
//{{GUARD}}
  let invN = 1.0 / params.batchSize;
//{{LOAD_WEIGHTS}}
//{{DECLARE_SUMS}}
  // The loss needs Σ log s (s = Σ exp(z − m) per example); a log costs as much as the rest of an
  // example's arithmetic here, so it is taken once per group of LOG_GROUP examples, as
  // log Π s. Each s lies in [1, classes], so the product stays far inside f32's range, and its
  // rounding (LOG_GROUP · 2^-24 relative) adds as little error as the individual logs would.
  // A group is a loop of its own, not a branch: a CPU-emulated GPU runs both sides of a branch.
  for (var groupStart = t; groupStart < params.rows; groupStart += LOG_GROUP * params.threads) {
    var sProduct = 1.0;
    let groupEnd = min(groupStart + LOG_GROUP * params.threads, params.rows);
    for (var n = groupStart; n < groupEnd; n += params.threads) {
//{{EXAMPLE}}
    }
    lossSum += log(sProduct);
  }
//{{STORE_SUMS}}
}
