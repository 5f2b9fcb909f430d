/**
 * The per-op path's three products, register-tiled and specialised to one layer's widths:
 * linear-forward (Z = A·Wᵀ + b), backward-data (dA = dZ·W, dZ_prev = dA ⊙ mask) and
 * parameter-gradients (per block: [dW | db] = dZᵀ·[A | 1]). The WGSL files beside this one hold the
 * frame and the rule; the loops with named accumulators (one register each) are written out here,
 * as for the fused GEMM kernels (fused-gemm-codegen.ts). Same sums in the same order as one thread
 * per element: the tiles change how often a value is loaded, not how any output is added up.
 * Each kernel is assembled by src/gpu/wgsl/assemble.ts: its file's `main` calls the tile helper
 * generated here.
 */
import { assembleKernel } from '../wgsl/assemble.js';
import { BACKWARD_DATA, LINEAR_FORWARD, PARAMETER_GRADIENTS } from '../wgsl/layouts.js';

const GENERATOR = 'src/gpu/per-op/per-op-codegen.ts';

/**
 * Tile sizes. On SwiftShader every load with a computed index is a per-lane gather, so loads per
 * multiply-add decide; 4 × 4 takes them from 2 to 0.5 and keeps 16 accumulators in registers; a
 * wide product (both sides ≥ 8, summed over ≥ 64) gets 8 × 8 (0.25). A layer narrower than a tile
 * gets a tile as wide as the layer (no wasted lanes of work), and a narrow one gets more examples
 * per thread instead, so tiny layers (the lesson's 2-3-2) do not pay one thread's start-up cost
 * per output element. Measured on SwiftShader, 784-128-10 per-op @ 1024 (load ~19, so only the
 * ratio means anything): one thread per element 6.6–7.5 s, these tiles 1.05–1.4 s.
 */
export const PER_OP_TILE = 4;
const NARROW_ROWS = 8;

/**
 * A kernel's text depends on the widths alone and the pass asks for it every run; building it (and
 * hashing it in the pipeline cache) is CPU time a small batch pays per run, so each layer shape's
 * kernels are generated once per process.
 */
function memoByWidths(generate: (inDim: number, outDim: number) => PerOpKernel): (inDim: number, outDim: number) => PerOpKernel {
  const made = new Map<string, PerOpKernel>();
  return (inDim, outDim) => {
    const key = `${inDim}x${outDim}`;
    let kernel = made.get(key);
    if (!kernel) made.set(key, (kernel = generate(inDim, outDim)));
    return kernel;
  };
}

const range = (n: number) => Array.from({ length: n }, (_, k) => k);
const indent = (lines: string[]) => lines.map((s) => '  ' + s).join('\n');
/** A tile helper: module-scope function `name(args)` with the written-out body. */
const tileFn = (name: string, args: string, body: string[]) => `fn ${name}(${args}) {\n${indent(body)}\n}`;

export interface PerOpKernel {
  readonly code: string;
  /** Threads for `rows` examples (parameter-gradients: for `blocks` blocks). */
  readonly threads: (rowsOrBlocks: number) => number;
}

/** Rows (examples) per thread and tile width across a layer `width` wide. */
function tiles(width: number, depth = 0): { rows: number; cols: number } {
  if (width >= 2 * PER_OP_TILE && depth >= 64) return { rows: 2 * PER_OP_TILE, cols: 2 * PER_OP_TILE };
  const cols = Math.min(PER_OP_TILE, width);
  return { rows: width <= PER_OP_TILE ? NARROW_ROWS : PER_OP_TILE, cols };
}

export const linearForwardKernel = memoByWidths(function linearForward(inDim: number, outDim: number): PerOpKernel {
  const { rows: te, cols: tu } = tiles(outDim, inDim);
  const unitTiles = Math.ceil(outDim / tu);
  const E = range(te);
  const U = range(tu);
  const L: string[] = [];
  for (const e of E) L.push(`let aRow${e} = min(n0 + ${e}u, lastRow) * IN_DIM;`);
  for (const u of U) L.push(`let unit${u} = min(i0 + ${u}u, OUT_DIM - 1u);`);
  for (const u of U) L.push(`let wRow${u} = unit${u} * IN_DIM;`);
  for (const u of U) L.push(`let b${u} = b[unit${u}];`);
  for (const e of E) for (const u of U) L.push(`var s${e}_${u} = b${u};`);
  L.push('for (var j = 0u; j < IN_DIM; j++) {');
  for (const e of E) L.push(`  let a${e} = aPrev[aRow${e} + j];`);
  for (const u of U) L.push(`  let w${u} = W[wRow${u} + j];`);
  for (const e of E) for (const u of U) L.push(`  s${e}_${u} += w${u} * a${e};`);
  L.push('}');
  for (const e of E) {
    L.push(`if (n0 + ${e}u < params.rows) {`);
    for (const u of U) L.push(`  if (i0 + ${u}u < OUT_DIM) { z[(n0 + ${e}u) * OUT_DIM + i0 + ${u}u] = s${e}_${u}; }`);
    L.push('}');
  }
  const code = assembleKernel({
    spec: LINEAR_FORWARD,
    constants: { IN_DIM: inDim, OUT_DIM: outDim, UNIT_TILES: unitTiles, TE: te, TU: tu },
    generated: [tileFn('forward_tile', 'n0: u32, i0: u32, lastRow: u32', L)],
    generator: GENERATOR,
  });
  return { code, threads: (rows) => Math.ceil(rows / te) * unitTiles };
});

export const backwardDataKernel = memoByWidths(function backwardData(inDim: number, outDim: number): PerOpKernel {
  const { rows: te, cols: tj } = tiles(inDim);
  const colTiles = Math.ceil(inDim / tj);
  const E = range(te);
  const J = range(tj);
  const L: string[] = [];
  for (const e of E) L.push(`let dzRow${e} = min(n0 + ${e}u, lastRow) * OUT_DIM;`);
  for (const j of J) L.push(`let col${j} = min(j0 + ${j}u, IN_DIM - 1u);`);
  for (const e of E) for (const j of J) L.push(`var s${e}_${j} = 0.0;`);
  L.push('for (var i = 0u; i < OUT_DIM; i++) {');
  for (const e of E) L.push(`  let d${e} = dz[dzRow${e} + i];`);
  // BUG 2 ("break it", src/break/bugs.ts): W read with its strides swapped instead of transposed.
  for (const j of J) L.push(`  let w${j} = W[select(i * IN_DIM + col${j}, col${j} * OUT_DIM + i, BUG == 2u)];`);
  for (const e of E) for (const j of J) L.push(`  s${e}_${j} += d${e} * w${j};`);
  L.push('}');
  for (const e of E) {
    L.push(`if (n0 + ${e}u < params.rows) {`);
    for (const j of J) {
      L.push(`  if (j0 + ${j}u < IN_DIM) {`);
      L.push(`    let k = (n0 + ${e}u) * IN_DIM + j0 + ${j}u;`);
      L.push(`    daPrev[k] = s${e}_${j};`);
      // BUG 1: the activation's local derivative forgotten.
      L.push(`    dzPrev[k] = s${e}_${j} * select(localPrev[k], 1.0, BUG == 1u);`);
      L.push('  }');
    }
    L.push('}');
  }
  const code = assembleKernel({
    spec: BACKWARD_DATA,
    constants: { IN_DIM: inDim, OUT_DIM: outDim, COL_TILES: colTiles, TE: te, TJ: tj },
    generated: [tileFn('backward_tile', 'n0: u32, j0: u32, lastRow: u32', L)],
    generator: GENERATOR,
  });
  return { code, threads: (rows) => Math.ceil(rows / te) * colTiles };
});

/**
 * Column IN_DIM of [A | 1] is the constant 1 (db). A tile's columns past it are clamped to a valid
 * load and never written.
 */
export const parameterGradientsKernel = memoByWidths(function parameterGradients(inDim: number, outDim: number): PerOpKernel {
  const ti = Math.min(outDim >= 2 * PER_OP_TILE && inDim >= 64 ? 2 * PER_OP_TILE : PER_OP_TILE, outDim);
  const tj = Math.min(2 * PER_OP_TILE, inDim + 1);
  const unitTiles = Math.ceil(outDim / ti);
  const colTiles = Math.ceil((inDim + 1) / tj);
  const I = range(ti);
  const J = range(tj);
  const L: string[] = [];
  for (const i of I) L.push(`let unit${i} = min(i0 + ${i}u, OUT_DIM - 1u);`);
  for (const j of J) {
    L.push(`let col${j} = j0 + ${j}u;`);
    L.push(`let load${j} = min(col${j}, IN_DIM - 1u);`);
    L.push(`let bias${j} = col${j} >= IN_DIM;`);
  }
  // The first example's products start each sum (as starting from −0 would: −0 + t = t), so a
  // dead unit's gradient keeps its sign; a literal −0.0 start does not survive SwiftShader.
  const loads = (n: string, pad: string) => {
    for (const i of I) L.push(`${pad}let d${i} = dz[${n} * OUT_DIM + unit${i}];`);
    for (const j of J) L.push(`${pad}let x${j} = select(aPrev[${n} * IN_DIM + load${j}], 1.0, bias${j});`);
  };
  loads('first', '');
  for (const i of I) for (const j of J) L.push(`var g${i}_${j} = d${i} * x${j};`);
  L.push('for (var n = first + 1u; n < last; n++) {');
  loads('n', '  ');
  for (const i of I) for (const j of J) L.push(`  g${i}_${j} += d${i} * x${j};`);
  L.push('}');
  // BUG 6: the bias gradient not summed over the batch: example 0's dL/dz only (global block 0's row
  // is the first, at params.partialOffset).
  L.push('if (BUG == 6u) {');
  for (const i of I) for (const j of J) L.push(`  if (bias${j}) { g${i}_${j} = select(0.0, dz[first * OUT_DIM + unit${i}], row == params.partialOffset); }`);
  L.push('}');
  for (const i of I) {
    L.push(`if (i0 + ${i}u < OUT_DIM) {`);
    for (const j of J) L.push(`  if (col${j} <= IN_DIM) { partials[row + (i0 + ${i}u) * (IN_DIM + 1u) + col${j}] = g${i}_${j}; }`);
    L.push('}');
  }
  const code = assembleKernel({
    spec: PARAMETER_GRADIENTS,
    constants: { IN_DIM: inDim, OUT_DIM: outDim, UNIT_TILES: unitTiles, COL_TILES: colTiles, TI: ti, TJ: tj },
    generated: [tileFn('gradient_tile', 'first: u32, last: u32, i0: u32, j0: u32, row: u32', L)],
    generator: GENERATOR,
  });
  return { code, threads: (blocks) => blocks * unitTiles * colTiles };
});
