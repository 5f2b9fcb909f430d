/**
 * gradient-trace as a library, browser-safe entry (`gradient-trace/browser`, and what bundlers pick
 * for `gradient-trace` under the "browser" condition). Nothing reachable from here imports node:*
 * or the native `webgpu` module; a test bundles it with vite to prove that.
 *
 * Layout everywhere: row-major. A weight matrix W_l is outDim × inDim (W[i * inDim + j], row i is
 * output unit i — PyTorch's `Linear.weight` layout); a per-example tensor is N × width
 * (value[n * width + i]). Numbers are plain float64 unless a backend says float32.
 */

// The network, the batch and the network file format.
export type { Batch, Layer, Network } from './network/network.js';
export { batchOf, cloneNetwork, dimsOf, layerFromRows, parameterCount, rowsOf } from './network/network.js';
export { lessonBatch, lessonNetwork } from './network/lesson.js';
export { networkFileJson, parseNetworkDocument, parseNetworkFile } from './network/network-file.js';
export { gradientAt, gradientsToJson, parameterRefs, type ParamRef } from './network/parameters.js';
export { InputError } from './errors.js';

// The passes: every one returns the same PassRecord of intermediates (or gradients for finite differences).
export type { FiniteDiffRecord, Gradients, LayerRecord, PassBackend, PassRecord } from './record/pass-record.js';
export { float64Pass, lossAt } from './reference/float64-pass.js';
export { checkShapes, type ShapedBatch } from './network/check-shapes.js';
export { DEFAULT_H, finiteDifferences } from './reference/finite-diff.js';

// The op table (src/ops/): each op's forward rule, local derivative, WGSL and test.
export { ACTIVATIONS, ACTIVATION_NAMES, BLOCKED_BELOW, type ActivationName, type ActivationRule } from './ops/activations.js';
export { OP_TABLE } from './ops/op-table.js';

// WebGPU: the engine runs on any GPUDevice; acquireBrowserGpu gets one from navigator.gpu.
export { WebGpuEngine, DEFAULT_INTERMEDIATES_MAX_BATCH, type RunOptions } from './gpu/engine.js';
export { GEMM_TILE_TABLE, gemmTilesFor, type GemmTiles } from './gpu/fused/fused-gemm-codegen.js';
export { acquireBrowserGpu } from './gpu/device/acquire-browser.js';
export { NoAdapterError, type GpuHandle } from './gpu/device/gpu-handle.js';
export { DeviceLostError, GpuPassError } from './gpu/device/gpu-errors.js';
export { reportAdapter, type AdapterReport } from './gpu/device/adapter-report.js';

// Printers: render a PassRecord, never recompute it.
export { renderTrace, traceSections, type TraceOptions, type TraceSection } from './print/trace.js';
export {
  F32_TOLERANCE,
  gradientRows,
  renderGradientTable,
  toleranceNote,
  verdictLine,
  type TableRow,
} from './print/gradient-table.js';
export { FULL_TRACE_LIMIT, summaryLines } from './print/summary.js';
// Finite differences with verdicts: kinks, unresolvable steps, sampling for large networks.
export { checkGradients, estimatesOf, type FdCheck, type FdRow } from './reference/fd-check.js';

// The JSON report's intermediates (schemas/report.schema.json) and `compare` (schemas/gradients.schema.json).
export { intermediatesToJson, type LayerJson } from './report/intermediates-json.js';
export {
  comparisonVerdict,
  compareWith,
  DEFAULT_TOLERANCE,
  firstFailure,
  renderComparison,
  type ComparisonRow,
} from './compare/compare.js';
export { compareTensor, type TensorComparison, type Tolerance } from './compare/metrics.js';
export { tensorOrder, type TensorSpec } from './compare/tensors.js';
export { tensorsFromJson, tensorsFromNpz, type RawTensor } from './compare/theirs.js';
export { ulpDistanceF32 } from './compare/ulp.js';

// NumPy .npz (zip of .npy) input.
export { readNpy, readNpz, type NpyArray } from './npz/npz.js';
export { parseNetworkNpz } from './npz/network-npz.js';
