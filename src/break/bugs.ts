/**
 * "Break it": classic backprop bugs, each a one-line change to the backward pass. The float64
 * pass (float64Pass's `bug` option) and the WGSL kernels (an override constant, BUG_ID) run with
 * one of them; finite differences, which only ever run the forward pass, then show which
 * gradients it corrupts — and, as important, which it leaves right. Why, on a given network and
 * batch, is worked out from that network and run (break-why.ts), not stored here.
 */

export type BugName = 'relu-mask-forgotten' | 'w-not-transposed' | 'mean-dropped' | 'p-not-p-minus-t' | 'relu-prime-one-at-zero' | 'bias-not-summed';

export interface Bug {
  readonly name: BugName;
  /** The WGSL override constant's value (0 = no bug). */
  readonly id: number;
  /** What the buggy line computes, as code. */
  readonly code: string;
}

export const BUGS: readonly Bug[] = [
  {
    name: 'relu-mask-forgotten',
    id: 1,
    code: "dL/dz = dL/da   (the × f'(z) of the activation left out)",
  },
  {
    name: 'w-not-transposed',
    id: 2,
    code: 'dL/da[j] = Σ_i dL/dz[i] · W[j][i]   (W read with its strides swapped, not Wᵀ)',
  },
  {
    name: 'mean-dropped',
    id: 3,
    code: 'dL/dz = p − t   (the 1/N of the batch-mean loss dropped)',
  },
  {
    name: 'p-not-p-minus-t',
    id: 4,
    code: 'dL/dz = p / N   (the target t not subtracted)',
  },
  {
    name: 'relu-prime-one-at-zero',
    id: 5,
    code: "relu'(0) = 1   (the convention is 0)",
  },
  {
    name: 'bias-not-summed',
    id: 6,
    code: 'dL/db = dL/dz of example 0   (not summed over the batch)',
  },
];

export function isBugName(name: string): name is BugName {
  return BUGS.some((b) => b.name === name);
}

export function bugNamed(name: BugName): Bug {
  return BUGS.find((b) => b.name === name)!;
}
