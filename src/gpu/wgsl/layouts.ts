/**
 * The one place buffer bindings and uniform structs are defined. Each kernel's WGSL header (its
 * `Params` struct, its storage bindings, the thread-index helper) is generated from these specs
 * and prepended to the shader file, and the TypeScript side packs uniforms and binds buffers from
 * the same specs — so a field or binding added on one side exists on the other by construction.
 */

export type ScalarType = 'u32' | 'f32';
/** Element type of a storage binding: a scalar, or vec4<f32> for the fused GEMM kernels' loads. */
export type ElementType = ScalarType | 'vec4<f32>';

export interface BindingSpec {
  readonly name: string;
  /** `read` storage is bound read-only, `read_write` is written by the kernel. */
  readonly access: 'read' | 'read_write';
  readonly element: ElementType;
}

export interface KernelSpec<F extends string = string, B extends string = string> {
  /** The kernel's name: its .wgsl file's name (src/gpu/wgsl/assemble.ts maps it) and the pipeline's label. */
  readonly name: string;
  /** Uniform fields in order; every field is one 4-byte scalar, so field k sits at byte 4k. */
  readonly params: readonly (readonly [F, ScalarType])[];
  /** Storage bindings in binding order; the uniform is bound after them. */
  readonly bindings: readonly (readonly [B, BindingSpec['access'], ElementType])[];
}

/** Threads per workgroup of every per-op kernel (1-D; the grid is folded into 2-D, see below). */
export const WORKGROUP_SIZE = 64;
/**
 * Threads per workgroup when every dispatch of a per-op pass has at most WORKGROUP_SIZE threads
 * (the lesson's network at batch 1–16): one SIMD group on a CPU driver, which otherwise runs all 64
 * invocations of a workgroup to find the few with work. Kernels with a grid declare WORKGROUP_SIZE
 * as an override, so the pass picks the size when it builds the pipeline. Measured on SwiftShader,
 * lesson per-op batch 1, 3000 runs each, alternated: 0.22–0.26 ms median at 64, 0.18 at 4.
 */
export const SMALL_WORKGROUP_SIZE = 4;

/** Uniform struct byte size, rounded up to 16 as WGSL's uniform layout requires. */
export function paramsByteSize(spec: KernelSpec): number {
  return Math.ceil((spec.params.length * 4) / 16) * 16;
}

/** Writes one kernel's uniform values at `byteOffset` of `view`, in the spec's field order. */
export function packParams<F extends string>(
  spec: KernelSpec<F>,
  values: Record<F, number>,
  view: DataView,
  byteOffset: number,
): void {
  spec.params.forEach(([field, type], k) => {
    const value = values[field];
    if (value === undefined || Number.isNaN(value)) throw new Error(`${spec.name}: uniform ${field} not set`);
    if (type === 'u32') view.setUint32(byteOffset + 4 * k, value, true);
    else view.setFloat32(byteOffset + 4 * k, value, true);
  });
}

/**
 * The WGSL text every kernel starts with. Per-op kernels run one thread per output element; a
 * dispatch may need more than maxComputeWorkgroupsPerDimension (65535) workgroups, so the grid is
 * folded into x × y and `thread_index` unfolds it (`count` and `gridStride` are uniform fields).
 */
export function wgslHeader(spec: KernelSpec, constants: Record<string, number> = {}): string {
  const fields = spec.params.map(([f, t]) => `  ${f}: ${t},`).join('\n');
  const bindings = spec.bindings
    .map(([name, access, element], k) => {
      const space = access === 'read' ? 'storage, read' : 'storage, read_write';
      return `@group(0) @binding(${k}) var<${space}> ${name}: array<${element}>;`;
    })
    .join('\n');
  const consts = Object.entries(constants)
    .map(([name, value]) => `const ${name}: u32 = ${value}u;`)
    .join('\n');
  const hasGrid = spec.params.some(([f]) => f === 'gridStride');
  return [
    `// ---- generated from src/gpu/wgsl/layouts.ts (${spec.name}) ----`,
    // Grid kernels (per-op, sum-rows) take the size as an override: see SMALL_WORKGROUP_SIZE.
    `${hasGrid ? 'override' : 'const'} WORKGROUP_SIZE: u32 = ${WORKGROUP_SIZE}u;`,
    consts,
    `struct Params {\n${fields}\n}`,
    bindings,
    `@group(0) @binding(${spec.bindings.length}) var<uniform> params: Params;`,
    hasGrid ? `fn thread_index(gid: vec3<u32>) -> u32 { return gid.y * params.gridStride + gid.x; }` : '',
  ]
    .filter((line) => line !== '')
    .join('\n')
    .concat('\n');
}

function kernel<const F extends string, const B extends string>(spec: KernelSpec<F, B>): KernelSpec<F, B> {
  return spec;
}

// Per-op kernels. Matrices are row-major over the batch: value[n * width + i]; W is outDim × inDim.

// The three products (linear-forward, backward-data, parameter-gradients) are specialised to a
// layer's widths (constants IN_DIM, OUT_DIM and tile sizes, see per-op-codegen.ts); `rows` is the
// chunk's example count.
export const LINEAR_FORWARD = kernel({
  name: 'linear-forward',
  params: [['count', 'u32'], ['gridStride', 'u32'], ['rows', 'u32']],
  bindings: [['aPrev', 'read', 'f32'], ['W', 'read', 'f32'], ['b', 'read', 'f32'], ['z', 'read_write', 'f32']],
});

/** A hidden layer's activation a = f(z) and its local derivative f'(z); f is bound when assembled. */
export const ACTIVATION = kernel({
  name: 'activation',
  params: [['count', 'u32'], ['gridStride', 'u32']],
  bindings: [['z', 'read', 'f32'], ['a', 'read_write', 'f32'], ['local', 'read_write', 'f32']],
});

export const SOFTMAX_CROSS_ENTROPY = kernel({
  name: 'softmax-cross-entropy',
  params: [['count', 'u32'], ['gridStride', 'u32'], ['classes', 'u32'], ['batchSize', 'f32']],
  bindings: [
    ['z', 'read', 'f32'],
    ['labels', 'read', 'u32'],
    ['p', 'read_write', 'f32'],
    ['lossPerExample', 'read_write', 'f32'],
    ['dz', 'read_write', 'f32'],
  ],
});

export const BACKWARD_DATA = kernel({
  name: 'backward-data',
  params: [['count', 'u32'], ['gridStride', 'u32'], ['rows', 'u32']],
  bindings: [
    ['dz', 'read', 'f32'],
    ['W', 'read', 'f32'],
    ['localPrev', 'read', 'f32'],
    ['daPrev', 'read_write', 'f32'],
    ['dzPrev', 'read_write', 'f32'],
  ],
});

/** Pass 1 of the parameter gradients: one partial [dW | db] row per block of `blockRows` examples. */
export const PARAMETER_GRADIENTS = kernel({
  name: 'parameter-gradients',
  params: [['count', 'u32'], ['gridStride', 'u32'], ['rows', 'u32'], ['blockRows', 'u32'], ['blockOffset', 'u32'], ['partialOffset', 'u32']],
  bindings: [['dz', 'read', 'f32'], ['aPrev', 'read', 'f32'], ['partials', 'read_write', 'f32']],
});

/** Sums groups of `groupRows` consecutive rows, column by column, in a fixed order. */
export const SUM_ROWS = kernel({
  name: 'sum-rows',
  params: [
    ['count', 'u32'],
    ['gridStride', 'u32'],
    ['rows', 'u32'],
    ['cols', 'u32'],
    ['groupRows', 'u32'],
    ['dstOffset', 'u32'],
  ],
  bindings: [['src', 'read', 'f32'], ['dst', 'read_write', 'f32']],
});

/**
 * The fused kernels: forward + backward for a range of examples per thread (small) or per
 * workgroup (tiled), each writing one partial row [grads of every layer | loss].
 * `weights` holds every layer's [W | b] packed by `packWeights` (see gradient-layout.ts).
 */
export const FUSED_SMALL = kernel({
  name: 'fused-small',
  params: [['rows', 'u32'], ['threads', 'u32'], ['partialRowOffset', 'u32'], ['batchSize', 'f32']],
  bindings: [['inputs', 'read', 'f32'], ['labels', 'read', 'u32'], ['weights', 'read', 'f32'], ['partials', 'read_write', 'f32']],
});

export const FUSED_TILED = kernel({
  name: 'fused-tiled',
  params: [['rows', 'u32'], ['rowsPerGroup', 'u32'], ['partialRowOffset', 'u32'], ['batchSize', 'f32']],
  bindings: [
    ['inputs', 'read', 'f32'],
    ['labels', 'read', 'u32'],
    ['weights', 'read', 'f32'],
    ['partials', 'read_write', 'f32'],
    // dL/dz of the layer below the kernel's first layer, when it runs the tail of a 'gemm' plan
    // (WRITE_INPUT_DELTA = 1); a 16-byte placeholder otherwise.
    ['inputDelta', 'read_write', 'f32'],
  ],
});

/**
 * The fused path for wide first layers ('gemm' plan, see fused-plan.ts): register-tiled GEMMs for
 * layer 0, fused-tiled for the layers above it. Matrices are rows of vec4s, zero-padded:
 * `inputs` is [x | 1 | 0…] per example (the 1 carries the bias), `w0` is [W | b | 0…] per unit.
 */
export const FUSED_GEMM_FORWARD = kernel({
  name: 'fused-gemm-forward',
  params: [['count', 'u32'], ['gridStride', 'u32']],
  bindings: [['inputs', 'read', 'vec4<f32>'], ['w0', 'read', 'vec4<f32>'], ['hidden', 'read_write', 'vec4<f32>']],
});

export const FUSED_GEMM_HEAD = kernel({
  name: 'fused-gemm-head',
  params: [['rows', 'u32'], ['rowsPerGroup', 'u32'], ['partialRowOffset', 'u32'], ['batchSize', 'f32']],
  bindings: [
    ['hidden', 'read', 'f32'],
    ['labels', 'read', 'u32'],
    ['weights', 'read', 'f32'],
    ['partials', 'read_write', 'f32'],
    ['delta', 'read_write', 'f32'],
    ['outDelta', 'read_write', 'f32'],
  ],
});

export const FUSED_GEMM_WEIGHT_GRAD = kernel({
  name: 'fused-gemm-weight-grad',
  params: [['count', 'u32'], ['gridStride', 'u32'], ['rows', 'u32'], ['rowsPerGroup', 'u32'], ['partialRowOffset', 'u32']],
  bindings: [['inputs', 'read', 'f32'], ['delta', 'read', 'f32'], ['partials', 'read_write', 'f32']],
});

/** The h sweep's float32 finite differences: one thread per (nudged copy, example) runs the whole
 *  forward pass (src/gpu/sweep/nudged-forward.wgsl, src/gpu/sweep/nudged-losses.ts). */
export const NUDGED_FORWARD = kernel({
  name: 'nudged-forward',
  params: [['copies', 'u32'], ['batch', 'u32'], ['inDim', 'u32'], ['classes', 'u32'], ['paramIndex', 'u32'], ['gridStride', 'u32']],
  bindings: [
    ['theta', 'read', 'f32'],
    ['x', 'read', 'f32'],
    ['labels', 'read', 'u32'],
    ['shape', 'read', 'u32'],
    ['nudged', 'read', 'f32'],
    ['loss', 'read_write', 'f32'],
  ],
});

/**
 * One SGD step on parameters kept on the GPU (src/train/gpu-trainer.ts): thread t updates
 * weights[(t / cols)·targetRowStride + t % cols] from grads[gradOffset + (t / cols)·gradRowStride + t % cols].
 * `velocity` (count floats) holds the momentum buffer; a 16-byte placeholder when momentum is 0.
 */
export const SGD_UPDATE = kernel({
  name: 'sgd-update',
  params: [
    ['count', 'u32'],
    ['gridStride', 'u32'],
    ['cols', 'u32'],
    ['gradRowStride', 'u32'],
    ['gradOffset', 'u32'],
    ['targetRowStride', 'u32'],
    ['lr', 'f32'],
    ['momentum', 'f32'],
  ],
  bindings: [['grads', 'read', 'f32'], ['weights', 'read_write', 'f32'], ['velocity', 'read_write', 'f32']],
});
