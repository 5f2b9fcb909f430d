/**
 * cmp for a whole pass: every intermediate of a WebGPU PassRecord (z, a, p, da, dz of each layer,
 * dW and db, the loss) against the float64 PassRecord of the same network and batch, plus the
 * text table the CLI prints (`--cmp`) and the page shows.
 */
import { sci2 } from '../print/format.js';
import type { PassRecord } from '../record/pass-record.js';
import { compareTensor, type TensorComparison } from './tensor-compare.js';

/** One row per tensor, in the order the pass computes them (forward, then backward from the loss). */
export function compareRecords(reference: PassRecord, other: PassRecord): TensorComparison[] {
  const rows: TensorComparison[] = [];
  const L = reference.grads.dW.length;
  if (reference.layers && other.layers) {
    for (let l = 0; l < L; l++) {
      const n = l + 1;
      rows.push(compareTensor(`z${n}`, reference.layers[l].z, other.layers[l].z));
      rows.push(compareTensor(l < L - 1 ? `a${n}` : 'p', reference.layers[l].a, other.layers[l].a));
    }
  }
  rows.push(compareTensor('L', Float64Array.of(reference.loss), [other.loss]));
  for (let l = L - 1; l >= 0; l--) {
    const n = l + 1;
    if (reference.layers && other.layers) {
      const [ref, oth] = [reference.layers[l], other.layers[l]];
      if (ref.da && oth.da) rows.push(compareTensor(`da${n}`, ref.da, oth.da));
      rows.push(compareTensor(`dz${n}`, ref.dz, oth.dz));
    }
    rows.push(compareTensor(`dW${n}`, reference.grads.dW[l], other.grads.dW[l]));
    rows.push(compareTensor(`db${n}`, reference.grads.db[l], other.grads.db[l]));
  }
  return rows;
}

/** "12", or "inf" for a NaN on one side. */
function ulpText(ulp: number): string {
  return Number.isFinite(ulp) ? String(ulp) : 'inf';
}

/** The CLI's cmp table: tensor, size, exact, approx, max |diff|, max ULP (at index). */
export function renderCompareTable(rows: readonly TensorComparison[]): string[] {
  const header = `${'tensor'.padEnd(8)}${'size'.padStart(8)}${'exact'.padStart(8)}${'approx'.padStart(8)}${'max |diff|'.padStart(12)}${'max ULP'.padStart(10)}  at`;
  return [
    header,
    '-'.repeat(header.length),
    ...rows.map((r) => `${r.name.padEnd(8)}${String(r.size).padStart(8)}${(r.exact ? 'yes' : 'no').padStart(8)}${(r.approx ? 'yes' : 'no').padStart(8)}${sci2(r.maxAbsDiff).padStart(12)}${ulpText(r.maxUlp).padStart(10)}  [${r.worstIndex}]`),
  ];
}

/** One line: how many tensors are approximately equal, and the worst by ULPs. */
export function compareVerdict(rows: readonly TensorComparison[]): string {
  const approx = rows.filter((r) => r.approx).length;
  const exact = rows.filter((r) => r.exact).length;
  const worst = rows.reduce((a, b) => (b.maxUlp > a.maxUlp ? b : a));
  return `cmp: ${approx} of ${rows.length} tensors approximately equal (${exact} exact); worst ${ulpText(worst.maxUlp)} ULP in ${worst.name}[${worst.worstIndex}]`;
}
