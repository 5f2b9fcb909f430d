/**
 * Generates the straight-line body of shaders/fused-small.wgsl for one network's widths.
 * Names: w{l}_{i}_{j} / b{l}_{i} weights, x{j} inputs, z{l}_{i} / a{l}_{i} forward values,
 * d{l}_{i} = dL/dz, g{k} the thread's running gradient sums in the packed [W | b] layout.
 */
import { layerOffsets } from './gradient-layout.js';

/** Networks up to these sizes get the register kernel; bigger ones use the tiled kernel. */
export const FUSED_SMALL_MAX_WIDTH = 16;
export const FUSED_SMALL_MAX_PARAMS = 320;

export function fitsFusedSmall(dims: readonly number[]): boolean {
  return Math.max(...dims) <= FUSED_SMALL_MAX_WIDTH && layerOffsets(dims).total <= FUSED_SMALL_MAX_PARAMS;
}

export interface FusedSmallCode {
  readonly fill: Record<string, string>;
  readonly constants: Record<string, number>;
}

/**
 * `singleGroup`: the kernel runs as one workgroup of WORKGROUP_SIZE threads and writes the final
 * sums (row 0 of `partials`, bound to the results) after a fixed-order sum over its threads' rows.
 */
export function fusedSmallCode(dims: readonly number[], opts: { singleGroup?: boolean } = {}): FusedSmallCode {
  const L = dims.length - 1;
  const { offsets, total } = layerOffsets(dims);
  const gIndex = (l: number, i: number, j: number) => offsets[l] + i * (dims[l] + 1) + j;
  const range = (n: number) => Array.from({ length: n }, (_, k) => k);
  const ind = '      ';
  const lines = (xs: string[], indent = '  ') => xs.map((s) => indent + s).join('\n');
  /** Activation j of layer l's input: the example's input for l = 0. */
  const input = (l: number, j: number) => (l === 0 ? `x${j}` : `a${l - 1}_${j}`);

  const load: string[] = [];
  for (let l = 0; l < L; l++) {
    for (const i of range(dims[l + 1])) {
      for (const j of range(dims[l])) load.push(`let w${l}_${i}_${j} = weights[${gIndex(l, i, j)}u];`);
      load.push(`let b${l}_${i} = weights[${gIndex(l, i, dims[l])}u];`);
    }
  }
  // Σ_i dL/dz_i = Σ_i (p_i − t_i)/N = 0 for every example, so the last class's dz is minus the
  // others': its gradient row is written as minus the other rows' sums instead of being
  // accumulated, and the backward step uses weight differences (w_i − w_last) — a third less
  // work for two classes. (The per-op path computes every class; they agree to f32 rounding.)
  const C = dims[L];
  const out = L - 1;
  const last = C - 1;
  const kept = range(last);
  if (L > 1) {
    for (const i of kept) {
      for (const j of range(dims[out])) load.push(`let wd${i}_${j} = w${out}_${i}_${j} - w${out}_${last}_${j};`);
    }
  }
  const lastRow = range(dims[out] + 1).map((j) => gIndex(out, last, j));
  const sums = [...range(total).filter((k) => !lastRow.includes(k)).map((k) => `var g${k} = -0.0;`), 'var lossSum = 0.0;'];

  const ex: string[] = [];
  ex.push(...range(dims[0]).map((j) => `let x${j} = inputs[n * ${dims[0]}u + ${j}u];`));
  ex.push('let label = labels[n];');
  for (let l = 0; l < L; l++) {
    for (const i of range(dims[l + 1])) {
      const terms = range(dims[l]).map((j) => ` + w${l}_${i}_${j} * ${input(l, j)}`).join('');
      ex.push(`let z${l}_${i} = b${l}_${i}${terms};`);
      if (l < L - 1) ex.push(`let a${l}_${i} = select(0.0, z${l}_${i}, z${l}_${i} > 0.0);`);
    }
  }
  // Softmax + cross-entropy, stable form; the label picks its logit with selects (no indexing).
  // (Tried and dropped, measured on SwiftShader: one exp serving both of two classes — no gain.)
  ex.push(`let m = ${range(C).reduce((acc, i) => (acc === '' ? `z${out}_${i}` : `max(${acc}, z${out}_${i})`), '')};`);
  ex.push(...range(C).map((i) => `let e${i} = exp(z${out}_${i} - m);`));
  ex.push(`let s = ${range(C).map((i) => `e${i}`).join(' + ')};`);
  ex.push(`let zLabel = ${range(C).slice(1).reduce((acc, i) => `select(${acc}, z${out}_${i}, label == ${i}u)`, `z${out}_0`)};`);
  ex.push('sProduct *= s;'); // its log is taken once per group, see fused-small.wgsl
  ex.push('lossSum -= zLabel - m;');
  ex.push('let invS = 1.0 / s;');
  ex.push(...kept.map((i) => `let d${out}_${i} = (e${i} * invS - select(0.0, 1.0, label == ${i}u)) * invN;`));
  for (let l = L - 1; l >= 0; l--) {
    for (const i of l === out ? kept : range(dims[l + 1])) {
      for (const j of range(dims[l])) ex.push(`g${gIndex(l, i, j)} += d${l}_${i} * ${input(l, j)};`);
      ex.push(`g${gIndex(l, i, dims[l])} += d${l}_${i};`);
    }
    if (l > 0) {
      for (const j of range(dims[l])) {
        const da =
          (l === out ? kept.map((i) => `d${l}_${i} * wd${i}_${j}`) : range(dims[l + 1]).map((i) => `d${l}_${i} * w${l}_${i}_${j}`)).join(' + ') ||
          '0.0';
        // relu'(z) as a 0/1 factor, as backward-data.wgsl applies it.
        ex.push(`let d${l - 1}_${j} = (${da}) * select(0.0, 1.0, z${l - 1}_${j} > 0.0);`);
      }
    }
  }
  // One workgroup: each thread's row goes to workgroup memory, then thread c adds column c over the
  // threads in order, starting from thread 0's value (as sum-rows.wgsl starts from its first row).
  const single = opts.singleGroup === true;
  const dst = single ? 'rowsW' : 'partials';
  const store = range(total).map((k) => {
    const j = lastRow.indexOf(k);
    if (j < 0) return `${dst}[row + ${k}u] = g${k};`;
    const others = kept.map((i) => `g${gIndex(out, i, j)}`).join(' + ') || '0.0';
    return `${dst}[row + ${k}u] = -(${others});`;
  });
  store.push(`${dst}[row + ${total}u] = lossSum;`);
  if (single) {
    store.push(
      'workgroupBarrier();',
      'for (var c = t; c < PARTIAL_WIDTH; c += WORKGROUP_SIZE) {',
      '  var sum = rowsW[c];',
      '  for (var r = 1u; r < WORKGROUP_SIZE; r++) { sum += rowsW[r * PARTIAL_WIDTH + c]; }',
      '  partials[c] = sum;',
      '}',
    );
  }
  // Every thread of a single group takes part in the barrier: none may return early (threads
  // without examples add −0 rows, which change no sum).
  const guard = single ? '' : '  if (t >= params.threads) { return; }';
  const rowsDecl = single ? 'var<workgroup> rowsW: array<f32, PARTIAL_WIDTH * WORKGROUP_SIZE>;' : '';
  return {
    fill: {
      GUARD: guard,
      LOAD_WEIGHTS: lines(load),
      DECLARE_SUMS: lines(sums),
      EXAMPLE: lines(ex, ind),
      STORE_SUMS: lines([single ? 'let row = t * PARTIAL_WIDTH;' : 'let row = (params.partialRowOffset + t) * PARTIAL_WIDTH;', ...store]),
      WORKGROUP_MEMORY: rowsDecl,
    },
    // Π s ≤ C^LOG_GROUP must stay below f32's 2^128: LOG_GROUP · log2(C) ≤ 126.
    constants: { PARTIAL_WIDTH: total + 1, LOG_GROUP: Math.min(64, Math.floor(126 / Math.log2(Math.max(2, C)))) },
  };
}
