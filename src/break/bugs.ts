/**
 * "Break it": classic backprop bugs, each a one-line change to the backward pass. The float64
 * pass (float64Pass's `bug` option) and the WGSL kernels (an override constant, BUG_ID) run with
 * one of them; finite differences, which only ever run the forward pass, then show which
 * gradients it corrupts — and, as important, which it leaves right.
 */

export type BugName = 'relu-mask-forgotten' | 'w-not-transposed' | 'mean-dropped' | 'p-not-p-minus-t' | 'relu-prime-one-at-zero' | 'bias-not-summed';

export interface Bug {
  readonly name: BugName;
  /** The WGSL override constant's value (0 = no bug). */
  readonly id: number;
  /** What the buggy line computes, as code. */
  readonly code: string;
  /** What goes wrong, and so which rows finite differences catch and why. */
  readonly why: string;
}

export const BUGS: readonly Bug[] = [
  {
    name: 'relu-mask-forgotten',
    id: 1,
    code: "dL/dz = dL/da   (the × f'(z) of the activation left out)",
    why: "Every hidden unit passes gradient as if alive: the rows below a dead (or saturated) unit — its W and b rows, and everything under it — get gradient that finite differences, nudging a unit the forward pass clips to 0, see as 0. Layers whose units are all alive are not caught.",
  },
  {
    name: 'w-not-transposed',
    id: 2,
    code: 'dL/da[j] = Σ_i dL/dz[i] · W[j][i]   (W read with its strides swapped, not Wᵀ)',
    why: 'Only the layers below the top one go wrong (dL/da feeds them); the top layer\'s dW and db use dL/dz directly and still match. A square, symmetric W would hide it.',
  },
  {
    name: 'mean-dropped',
    id: 3,
    code: 'dL/dz = p − t   (the 1/N of the batch-mean loss dropped)',
    why: 'Every gradient comes out N times too big, so with a batch every row is caught; with one example N = 1 and the bug is invisible — load a batch to see it.',
  },
  {
    name: 'p-not-p-minus-t',
    id: 4,
    code: 'dL/dz = p / N   (the target t not subtracted)',
    why: "p − t and p differ only at the target class (t = 0 elsewhere), by 1/N: the target's row of the top layer's W and b is caught, and every layer below through it; the other classes' rows stay right, and rows fed by a dead unit stay 0 either way.",
  },
  {
    name: 'relu-prime-one-at-zero',
    id: 5,
    code: "relu'(0) = 1   (the convention is 0)",
    why: "It only matters where a pre-activation is exactly 0, which real data almost never hits: usually nothing is caught. Where z = 0 exactly, the central difference straddles the kink (it sees ½, neither 0 nor 1), so the check judges those rows one-sidedly (kink rows, src/reference/fd-check.ts) on the side where ReLU is flat — which agrees with relu'(0) = 0 and catches the 1 in that unit's W and b rows.",
  },
  {
    name: 'bias-not-summed',
    id: 6,
    code: 'dL/db = dL/dz of example 0   (not summed over the batch)',
    why: 'Only the b rows go wrong, and only with a batch of more than one example (for one example the sum is that example).',
  },
];

export function isBugName(name: string): name is BugName {
  return BUGS.some((b) => b.name === name);
}

export function bugNamed(name: BugName): Bug {
  return BUGS.find((b) => b.name === name)!;
}
