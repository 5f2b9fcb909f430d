/**
 * Run a network with one classic bug (src/break/bugs.ts): the float64 backward pass with the bug,
 * finite differences of the real loss (which no backward bug can touch), and — when a WebGPU
 * record with the same bug is given — its gradients too. The rows FD catches are the gradients the
 * bug corrupted; the CLI and the page both render this.
 */
import type { Batch, Network } from '../network/network.js';
import { gradientRows, type TableRow } from '../print/gradient-table.js';
import type { Gradients, PassRecord } from '../record/pass-record.js';
import { checkGradients, type FdCheck } from '../reference/fd-check.js';
import { DEFAULT_H } from '../reference/finite-diff.js';
import { float64Pass } from '../reference/float64-pass.js';
import { bugNamed, type Bug, type BugName } from './bugs.js';

export interface BreakResult {
  readonly bug: Bug;
  /** The float64 pass with the bug. */
  readonly broken: PassRecord;
  /** The finite-difference check of the broken gradients (reference/fd-check.ts's rule). */
  readonly fd: FdCheck;
  /** Rows: analytical = the buggy float64 gradient; webgpu = the buggy WebGPU gradient when given. */
  readonly rows: readonly TableRow[];
  /** Names of the rows finite differences catch: the check's verdict on them is not ok. */
  readonly caught: readonly string[];
}

export function runBroken(network: Network, batch: Batch, name: BugName, gpu: Gradients | null = null, h = DEFAULT_H): BreakResult {
  const broken = float64Pass(network, batch, name);
  // The check nudges the forward pass (which the bug leaves alone) and judges the broken gradients.
  const fd = checkGradients(network, batch, broken, { h, mode: 'all' });
  const rows = gradientRows(network, broken.grads, fd, gpu);
  const caught = rows.filter((r) => r.fdRow !== null && !r.fdRow.ok).map((r) => r.name);
  return { bug: bugNamed(name), broken, fd, rows, caught };
}

/** One line: which rows were caught (the first few named), or that none were. */
export function caughtLine(result: BreakResult): string {
  const { caught, rows } = result;
  if (caught.length === 0) return `not caught: finite differences agree with all ${rows.length} gradients of the broken backward pass`;
  const named = caught.slice(0, 8).join(', ') + (caught.length > 8 ? `, … (${caught.length - 8} more)` : '');
  return `caught: ${caught.length} of ${rows.length} gradients differ from finite differences: ${named}`;
}
