/**
 * Generates the tile functions that fused-gemm-forward.wgsl, fused-gemm-weight-grad.wgsl and
 * fused-gemm-head.wgsl call (the 'gemm' plan's kernels), for one network's widths and one register
 * tile; src/gpu/wgsl/assemble.ts puts them before the file.
 * Every accumulator is a named variable and every loop bound a constant of the text, so the
 * SwiftShader JIT keeps the tile in registers (or plain stack slots), never in an indexed array.
 * Names: xv{e} / wv{u} / x{q} / d{p} loaded vec4s, a{e}_{u} forward sums, g{i}_{q} gradient sums (vec4 over
 * four input columns).
 */
import { ACTIVATIONS, type ActivationName } from '../../ops/activations.js';

/** The register tiles: forward TE examples × TU units; weight gradient TI units × TJ columns. */
export interface GemmTiles {
  readonly te: number;
  readonly tu: number;
  readonly ti: number;
  readonly tj: number;
}

/**
 * The register tiles per kind of adapter, and why.
 *
 * `cpu` (software adapters: SwiftShader, lavapipe, WARP) — forward 16 examples × 32 units, weight
 * gradient 16 × 16, measured on SwiftShader (2 shared cores, 784-128-10, N = 8192, robust access
 * off, best GPU ms forward / weight gradient): 4×8 / 8×8 (outer-product form) 450 / 483; 8×8 /
 * 16×8: 450 / 396; 16×16 / 16×16 (dot form): 286 / 321; 32×16: 301 / 326; 16×32: 252 / 398. Whole
 * pass: 16×32 forward 590–660 ms against 690–720 for 16×16; 32×32 no better (640). SwiftShader
 * runs each invocation as one SIMD lane and turns every buffer or workgroup load with a computed
 * index into a per-lane gather, so the ratio of multiply-adds to loads (TE·TU / (TE + TU)) decides,
 * until the spilled accumulators cost more than the loads saved. Also tried there (issue 12, one
 * run each, a standalone kernel): mat4x4 × vec4 and mat4x4 × mat4x4 forms (the same 6–8 GFLOP/s
 * as the dot form; the loads, not the arithmetic, are the limit — a loop of mat4x4 × vec4 with no
 * loads reaches 25–31 GFLOP/s there), and the weights staged in workgroup memory and read with
 * constant indices (0.5–2.4 GFLOP/s: a kernel with barriers runs as coroutines on SwiftShader).
 *
 * `gpu` (hardware adapters) — 4 × 4 in both kernels: 16 accumulators stay in registers on any GPU
 * (512 would spill), and each vec4 load still feeds four multiply-adds per component, the
 * register blocking of the SGEMM kernels tfjs-backend-webgpu and wgpu-mm start from. Not tuned:
 * no GPU was available when it was written (bench/device.sh measures it on one); correctness is
 * tested on SwiftShader with these tiles forced.
 */
export const GEMM_TILE_TABLE = {
  cpu: { te: 16, tu: 32, ti: 16, tj: 16 },
  gpu: { te: 4, tu: 4, ti: 4, tj: 4 },
} as const satisfies Record<string, GemmTiles>;

/** The tiles for an adapter: software (a CPU) or a GPU. */
export function gemmTilesFor(adapter: { readonly software: boolean }): GemmTiles {
  return adapter.software ? GEMM_TILE_TABLE.cpu : GEMM_TILE_TABLE.gpu;
}

/** The tiles when nothing says which adapter (tests, print-wgsl): the software adapter's. */
export const GEMM_TILES: GemmTiles = GEMM_TILE_TABLE.cpu;

const roundUp = (n: number, m: number) => Math.ceil(n / m) * m;
const range = (n: number) => Array.from({ length: n }, (_, k) => k);

/** Padded row widths (floats) of the GEMM kernels' buffers for layer 0 of `dims`. */
export interface GemmShape {
  readonly inDim: number;
  readonly hidden: number;
  /** [x | 1 | 0…]: input row width, a multiple of 4 and of TJ. */
  readonly k4: number;
  /** hidden and delta row width, a multiple of TU and TI. */
  readonly h4: number;
  /** Examples per forward tile (the inputs and hidden buffers hold whole tiles). */
  readonly te: number;
  /** The register tiles the kernels are generated for (k4, h4 and te are padded to them). */
  readonly tiles: GemmTiles;
}

export function gemmShape(dims: readonly number[], tiles: GemmTiles = GEMM_TILES): GemmShape {
  return {
    inDim: dims[0],
    hidden: dims[1],
    k4: roundUp(dims[0] + 1, Math.max(4, tiles.tj)),
    h4: roundUp(dims[1], Math.max(4, tiles.tu, tiles.ti, tiles.tj)),
    te: tiles.te,
    tiles,
  };
}

/** A generated kernel part: its size constants and its module-scope functions. */
export interface GemmCode {
  readonly constants: Record<string, number>;
  readonly generated: string[];
}

const fn = (signature: string, body: string[]) => [`fn ${signature} {`, ...body.map((x) => '  ' + x), '}'].join('\n');

/** `fn forward_tile(exampleTile, unitTile)`: layer 0's z for TE examples × TU units, then its activation. */
export function gemmForwardCode(shape: GemmShape, activation: ActivationName, tiles: GemmTiles = shape.tiles): GemmCode {
  const { te, tu } = tiles;
  const K4V = shape.k4 / 4;
  const H4V = shape.h4 / 4;
  const L: string[] = [];
  for (const e of range(te)) L.push(`let xBase${e} = (exampleTile * ${te}u + ${e}u) * K4V;`);
  for (const u of range(tu)) L.push(`let wBase${u} = (unitTile * ${tu}u + ${u}u) * K4V;`);
  for (const e of range(te)) for (const u of range(tu)) L.push(`var a${e}_${u} = 0.0;`);
  L.push('for (var k = 0u; k < K4V; k++) {');
  for (const e of range(te)) L.push(`  let xv${e} = inputs[xBase${e} + k];`);
  for (const u of range(tu)) L.push(`  let wv${u} = w0[wBase${u} + k];`);
  for (const e of range(te)) for (const u of range(tu)) L.push(`  a${e}_${u} += dot(xv${e}, wv${u});`);
  L.push('}');
  // The layer's activation, the op table's shared function, per lane.
  const f = ACTIVATIONS[activation].wgsl.forward;
  for (const e of range(te)) {
    for (const q of range(tu / 4)) {
      const v = range(4).map((c) => `${f}(a${e}_${4 * q + c})`).join(', ');
      L.push(`hidden[(exampleTile * ${te}u + ${e}u) * H4V + unitTile * ${tu / 4}u + ${q}u] = vec4<f32>(${v});`);
    }
  }
  return { constants: { K4V, H4V, UNIT_TILES: shape.h4 / tu }, generated: [fn('forward_tile(exampleTile: u32, unitTile: u32)', L)] };
}

/**
 * dW (and db, from the constant-1 column, when `biasColumn`) of one layer whose [W | b] rows start
 * at `layerOffset` of the partial row: layer 0 (inputs [x | 1 | 0…]) or, in a head plan, the output
 * layer (inputs = the hidden activations, no constant column: fused-gemm-head sums its db).
 */
export function gemmWeightGradCode(
  shape: GemmShape,
  partialWidth: number,
  tiles: GemmTiles = shape.tiles,
  layer: { offset: number; biasColumn: boolean } = { offset: 0, biasColumn: true },
): GemmCode {
  const { ti, tj } = tiles;
  const L: string[] = [];
  L.push(`let i0 = unitTile * ${ti}u;`);
  L.push(`let j0 = colTile * ${tj}u;`);
  // Sums start at −0 as the float64 reference's do (negative_zero: a −0.0 literal would come out +0).
  L.push('let negZero = negative_zero(f32(end));');
  for (const i of range(ti)) for (const j of range(tj)) L.push(`var g${i}_${j} = negZero;`);
  // Four examples at a time: each sum takes a dot product of two vec4s over the examples, so an
  // accumulator is updated once per four multiply-adds (the tile does not fit in registers, and
  // every update of a spilled accumulator is a load and a store). Each vec4 is gathered from four
  // rows; SwiftShader gathers per element anyway, so this costs no more loads than rows of vec4s.
  L.push('var n = first;');
  L.push('for (; n + 4u <= end; n += 4u) {');
  L.push('  let d0r = n * H4 + i0;');
  L.push('  let x0r = n * K4 + j0;');
  const rows4 = (base: string, stride: string, k: number) => `vec4<f32>(${range(4).map((r) => `${base}[${base === 'delta' ? 'd0r' : 'x0r'} + ${r === 0 ? '' : `${r}u * ${stride} + `}${k}u]`).join(', ')})`;
  for (const i of range(ti)) L.push(`  let d${i} = ${rows4('delta', 'H4', i)};`);
  for (const j of range(tj)) L.push(`  let x${j} = ${rows4('inputs', 'K4', j)};`);
  for (const i of range(ti)) for (const j of range(tj)) L.push(`  g${i}_${j} += dot(d${i}, x${j});`);
  L.push('}');
  // The last one to three examples of the group, one at a time.
  L.push('for (; n < end; n++) {');
  for (const i of range(ti)) L.push(`  let d${i} = delta[n * H4 + i0 + ${i}u];`);
  for (const j of range(tj)) L.push(`  let x${j} = inputs[n * K4 + j0 + ${j}u];`);
  for (const i of range(ti)) for (const j of range(tj)) L.push(`  g${i}_${j} += d${i} * x${j};`);
  L.push('}');
  // Row i of layer 0's [dW | db] is i · (IN_DIM + 1) into the partial row; column IN_DIM is db.
  for (const i of range(ti)) {
    L.push(`if (i0 + ${i}u < HIDDEN) {`);
    L.push(`  let slot${i} = row + LAYER_OFFSET + (i0 + ${i}u) * (IN_DIM + 1u) + j0;`);
    const last = layer.biasColumn ? '<=' : '<';
    for (const j of range(tj)) L.push(`  if (j0 + ${j}u ${last} IN_DIM) { partials[slot${i} + ${j}u] = g${i}_${j}; }`);
    L.push('}');
  }
  return {
    constants: {
      K4: shape.k4,
      H4: shape.h4,
      IN_DIM: shape.inDim,
      HIDDEN: shape.hidden,
      UNIT_TILES: shape.h4 / ti,
      COL_TILES: shape.k4 / tj,
      PARTIAL_WIDTH: partialWidth,
      LAYER_OFFSET: layer.offset,
    },
    generated: [fn('weight_grad_tile(unitTile: u32, colTile: u32, first: u32, end: u32, row: u32)', L)],
  };
}

/** Networks with one hidden layer and at most this many classes get fused-gemm-head (registers). */
export const HEAD_MAX_CLASSES = 32;
/** Examples per thread in fused-gemm-head. */
export const HEAD_TE = 4;

export function fitsGemmHead(dims: readonly number[]): boolean {
  return dims.length === 3 && dims[2] <= HEAD_MAX_CLASSES;
}

/** The output layer's weight-gradient shape in a head plan: inputs are the hidden rows (h4 wide). */
export function headGradShape(dims: readonly number[], shape: GemmShape): GemmShape {
  const { tiles } = shape;
  return { inDim: dims[1], hidden: dims[2], k4: shape.h4, h4: roundUp(dims[2], Math.max(4, tiles.ti)), te: shape.te, tiles };
}

/** `fn head_rows(lid, first, end, invN)`: one thread's examples of the output layer (see fused-gemm-head.wgsl);
 *  `activation` is the hidden layer's, whose local derivative gives that layer's dL/dz. */
export function gemmHeadCode(dims: readonly number[], shape: GemmShape, w1Offset: number, partialWidth: number, activation: ActivationName): GemmCode {
  const H1 = dims[1];
  const C = dims[2];
  const te = HEAD_TE;
  const E = range(te);
  const I = range(C);
  const L: string[] = [];
  // Sums start at −0 as the float64 reference's do, and examples past the group's end add −0 (no
  // change to any sum; negative_zero: a −0.0 literal would come out +0).
  L.push('let negZero = negative_zero(invN);');
  for (const i of I) L.push(`var db${i} = negZero;`);
  L.push('var lossSum = 0.0;');
  L.push(`for (var n0 = first + lid * TE; n0 < end; n0 += WORKGROUP_SIZE * TE) {`);
  // Examples past the group's end repeat its last row (valid reads) and count for nothing.
  for (const e of E) L.push(`  let v${e} = n0 + ${e}u < end;`);
  for (const e of E) L.push(`  let r${e} = min(n0 + ${e}u, end - 1u) * H4;`);
  for (const e of E) for (const i of I) L.push(`  var z${e}_${i} = weights[W1_OFFSET + ${i * (H1 + 1) + H1}u];`);
  L.push('  for (var j = 0u; j < H1; j++) {');
  for (const e of E) L.push(`    let a${e} = hidden[r${e} + j];`);
  for (const i of I) L.push(`    let w${i} = weights[W1_OFFSET + ${i * (H1 + 1)}u + j];`);
  for (const e of E) for (const i of I) L.push(`    z${e}_${i} += a${e} * w${i};`);
  L.push('  }');
  for (const e of E) {
    const z = (i: number) => `z${e}_${i}`;
    L.push(`  let label${e} = labels[min(n0 + ${e}u, end - 1u)];`);
    L.push(`  let m${e} = ${I.reduce((acc, i) => (acc === '' ? z(i) : `max(${acc}, ${z(i)})`), '')};`);
    for (const i of I) L.push(`  let x${e}_${i} = exp(${z(i)} - m${e});`);
    L.push(`  let s${e} = ${I.map((i) => `x${e}_${i}`).join(' + ')};`);
    L.push(`  let zLabel${e} = ${I.slice(1).reduce((acc, i) => `select(${acc}, ${z(i)}, label${e} == ${i}u)`, z(0))};`);
    L.push(`  lossSum += select(0.0, softmax_ce_loss(s${e}, zLabel${e}, m${e}), v${e});`);
    L.push(`  let invS${e} = 1.0 / s${e};`);
    for (const i of I) L.push(`  let dz${e}_${i} = select(negZero, softmax_ce_grad(x${e}_${i} * invS${e}, label${e} == ${i}u, invN), v${e});`);
    for (const i of I) L.push(`  db${i} += dz${e}_${i};`);
    L.push(`  if (v${e}) {`);
    L.push(`    let o${e} = (n0 + ${e}u) * C4;`);
    for (const i of I) L.push(`    outDelta[o${e} + ${i}u] = dz${e}_${i};`);
    L.push('  }');
  }
  // dL/dz of the hidden layer: (W1ᵀ·dz) ⊙ f'(z0), the local derivative from the activation a0.
  L.push('  for (var j = 0u; j < H1; j++) {');
  for (const i of I) L.push(`    let w${i} = weights[W1_OFFSET + ${i * (H1 + 1)}u + j];`);
  for (const e of E) {
    L.push(`    let a${e} = hidden[r${e} + j];`);
    L.push(`    let g${e} = ${I.map((i) => `dz${e}_${i} * w${i}`).join(' + ')};`);
    L.push(`    if (v${e}) { delta[r${e} + j] = g${e} * ${ACTIVATIONS[activation].wgsl.derivative}(a${e}); }`);
  }
  L.push('  }');
  L.push('}');
  for (const i of I) L.push(`threadSums[lid * ${C + 1}u + ${i}u] = db${i};`);
  L.push(`threadSums[lid * ${C + 1}u + ${C}u] = lossSum;`);
  const c4 = headGradShape(dims, shape).h4;
  return {
    constants: { TE: te, H1, H4: shape.h4, C, C4: c4, W1_OFFSET: w1Offset, PARTIAL_WIDTH: partialWidth },
    generated: [fn('head_rows(lid: u32, first: u32, end: u32, invN: f32)', L)],
  };
}

/** Layer 0's [x | 1 | 0…] rows for `rows` examples of a batch's inputs (row-major, inDim wide). */
export function packGemmInputs(inputs: ArrayLike<number>, start: number, rows: number, shape: GemmShape, into: Float32Array): Float32Array {
  const { inDim, k4 } = shape;
  for (let r = 0; r < rows; r++) {
    const src = (start + r) * inDim;
    const dst = r * k4;
    for (let j = 0; j < inDim; j++) into[dst + j] = inputs[src + j];
    into[dst + inDim] = 1;
  }
  return into;
}

/** Layer 0's [W | b | 0…] rows, h4 of them (rows past the layer's width are zero). */
export function packGemmWeights(packedWeights: Float32Array, shape: GemmShape): Float32Array {
  const { inDim, hidden, k4, h4 } = shape;
  const out = new Float32Array(h4 * k4);
  for (let i = 0; i < hidden; i++) out.set(packedWeights.subarray(i * (inDim + 1), (i + 1) * (inDim + 1)), i * k4);
  return out;
}
