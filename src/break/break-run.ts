/**
 * Run a network with one classic bug (src/break/bugs.ts): the float64 backward pass with the bug,
 * the same pass without it, finite differences of the real loss (which no backward bug can touch),
 * and — when a WebGPU record with the same bug is given — its gradients too. The rows FD catches
 * are the gradients the bug corrupted; the CLI and the page both render this.
 */
import type { Batch, Network } from '../network/network.js';
import { gradientAt, parameterRefs } from '../network/parameters.js';
import { gradientRows, type TableRow } from '../print/gradient-table.js';
import type { Gradients, PassRecord } from '../record/pass-record.js';
import { checkGradients, judged, type FdCheck } from '../reference/fd-check.js';
import { DEFAULT_H } from '../reference/finite-diff.js';
import { float64Pass } from '../reference/float64-pass.js';
import { bugNamed, type Bug, type BugName } from './bugs.js';

export interface BreakResult {
  readonly bug: Bug;
  readonly network: Network;
  readonly batch: Batch;
  /** The float64 pass with the bug. */
  readonly broken: PassRecord;
  /** The float64 pass without it: what the gradients should be (and which units f'(z) blocks). */
  readonly correct: PassRecord;
  /** The finite-difference check of the broken gradients (reference/fd-check.ts's rule). */
  readonly fd: FdCheck;
  /** Rows: analytical = the buggy float64 gradient; webgpu = the buggy WebGPU gradient when given. */
  readonly rows: readonly TableRow[];
  /** Names of the rows finite differences catch: the check's verdict on them is not ok. */
  readonly caught: readonly string[];
  /** Names of the rows whose float64 gradient the bug changes at all (broken ≠ correct; ±0 alike). */
  readonly changed: readonly string[];
}

export function runBroken(
  network: Network,
  batch: Batch,
  name: BugName,
  gpu: Gradients | null = null,
  h = DEFAULT_H,
  /** Called as finite differences go (every parameter is checked: a wide network takes seconds). */
  onProgress?: (done: number, total: number) => void,
): BreakResult {
  const broken = float64Pass(network, batch, name);
  const correct = float64Pass(network, batch);
  // The check nudges the forward pass (which the bug leaves alone) and judges the broken gradients.
  const fd = checkGradients(network, batch, broken, { h, mode: 'all', onProgress });
  const rows = gradientRows(network, broken.grads, fd, gpu);
  const caught = rows.filter((r) => r.fdRow !== null && !r.fdRow.ok).map((r) => r.name);
  const changed = parameterRefs(network)
    .filter((ref) => {
      const [b, c] = [gradientAt(broken.grads, ref), gradientAt(correct.grads, ref)];
      return b !== c && !(Number.isNaN(b) && Number.isNaN(c));
    })
    .map((ref) => ref.name);
  return { bug: bugNamed(name), network, batch, broken, correct, fd, rows, caught, changed };
}

/** Up to `max` names, then how many more: "W1[0][0], b1[0], … (3 more)". */
export function listNames(names: readonly string[], max = 8): string {
  return names.slice(0, max).join(', ') + (names.length > max ? `, … (${names.length - max} more)` : '');
}

/** One line: which rows were caught (the first few named), or that none were — and, then, how many
 *  finite differences could judge at all: an n/a row neither catches the bug nor agrees with it. */
export function caughtLine(result: BreakResult): string {
  const { caught, rows } = result;
  if (caught.length === 0) {
    const judgedRows = rows.filter((r) => r.fdRow !== null && judged(r.fdRow)).length;
    if (judgedRows === rows.length) return `not caught: finite differences agree with all ${rows.length} gradients of the broken backward pass`;
    if (judgedRows === 0) return `not caught, and not cleared: finite differences could judge none of the ${rows.length} gradients of the broken backward pass (all n/a)`;
    return `not caught: finite differences agree with the ${judgedRows} of ${rows.length} gradients of the broken backward pass they could judge (${rows.length - judgedRows} n/a)`;
  }
  return `caught: ${caught.length} of ${rows.length} gradients differ from finite differences: ${listNames(caught)}`;
}
