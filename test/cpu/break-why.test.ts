/**
 * "Break it"'s explanation is worked out from the network and the run (src/break/break-why.ts),
 * not a canned ReLU story: every bug on the lesson (relu, one example), an all-tanh and a sigmoid
 * network, and a batch of four; what it says changes must be what the two float64 passes show.
 */
import { describe, expect, test } from 'vitest';
import { caughtLine, runBroken, type BreakResult } from '../../src/break/break-run.js';
import { explainBreak } from '../../src/break/break-why.js';
import { BUGS, type BugName } from '../../src/break/bugs.js';
import { lessonBatch, lessonNetwork } from '../../src/network/lesson.js';
import { batchOf, type Batch, type Network } from '../../src/network/network.js';
import { gradientAt, parameterRefs } from '../../src/network/parameters.js';
import { ACTIVATIONS, type ActivationName } from '../../src/ops/activations.js';
import { float64Pass } from '../../src/reference/float64-pass.js';

const withActivation = (activation: ActivationName): Network => {
  const [hidden, top] = lessonNetwork().layers;
  return { layers: [{ ...hidden, activation }, top] };
};
/** Four examples, both classes as targets; unit a1[0] is dead in examples 0 and 1 (relu). */
const batch4: Batch = batchOf([[0.5, 0.8], [-1, 2], [0.3, -0.4], [2, 1]], [0, 1, 1, 1], 2);

const cases: Record<string, { network: Network; batch: Batch }> = {
  lesson: { network: lessonNetwork(), batch: lessonBatch() },
  tanh: { network: withActivation('tanh'), batch: lessonBatch() },
  sigmoid: { network: withActivation('sigmoid'), batch: lessonBatch() },
  batch: { network: lessonNetwork(), batch: batch4 },
  'tanh batch': { network: withActivation('tanh'), batch: batch4 },
};

/** The rows whose gradient the bug changes, from the two float64 passes (independently of runBroken). */
function changedRows(network: Network, batch: Batch, bug: BugName): string[] {
  const [broken, correct] = [float64Pass(network, batch, bug), float64Pass(network, batch)];
  return parameterRefs(network)
    .filter((ref) => gradientAt(broken.grads, ref) !== gradientAt(correct.grads, ref))
    .map((ref) => ref.name);
}

/** Parameter names a sentence says "stay(s) right" (W2[0][0], b1[2]; not the W2[0][·] row patterns). */
function saidToStayRight(why: string): string[] {
  return why
    .split(/(?<=\.) /)
    .filter((s) => /\bstays? right\b/.test(s))
    .flatMap((s) => s.split(/\bstays? right\b/)[0].split(/;|\bchanges?\b|, while/).pop()!.match(/\b[Wb]\d+\[\d+\](\[\d+\])?/g) ?? []);
}

const results = new Map<string, BreakResult>();
const run = (which: string, bug: BugName) => {
  const key = `${which}/${bug}`;
  if (!results.has(key)) results.set(key, runBroken(cases[which].network, cases[which].batch, bug));
  return results.get(key)!;
};

describe('the explanation follows the network and the run', () => {
  for (const which of Object.keys(cases)) {
    for (const { name } of BUGS) {
      test(`${which}: ${name}`, () => {
        const result = run(which, name);
        const { why, found } = explainBreak(result);
        const changed = changedRows(cases[which].network, cases[which].batch, name);
        expect(result.changed).toEqual(changed);
        // The run line counts what the two passes show, and finite differences catch all of it here.
        expect(found).toEqual(
          changed.length === 0
            ? `This run: the bug changes none of the 17 gradients, so finite differences have nothing to catch.`
            : expect.stringMatching(new RegExp(`^This run: the bug changes ${changed.length} of 17 gradients \\(.*\\); finite differences catch (it|all ${changed.length})\\.$`)),
        );
        expect(result.caught).toEqual(changed);
        // "nothing changes" exactly when nothing does.
        expect(/nothing changes/.test(why), why).toBe(changed.length === 0);
        // A row said to stay right does stay right.
        for (const row of saidToStayRight(why)) expect(changed, `${row} in: ${why}`).not.toContain(row);
        // No ReLU story on a network without ReLU: only relu'(0) names ReLU, to say there is none.
        const activation = cases[which].network.layers[0].activation ?? 'relu';
        if (activation !== 'relu') {
          if (name === 'relu-prime-one-at-zero') expect(why).toContain(`this network has no ReLU layer (its hidden layer is ${activation}): nothing changes`);
          else expect(why).not.toMatch(/relu|dead/i);
        }
      });
    }
  }
});

describe('what each bug says depends on the facts', () => {
  test("relu-mask-forgotten names the layer's activation and its f'(z) from the op table, and where f'(z) is not 1", () => {
    for (const act of ['relu', 'tanh', 'sigmoid'] as const) {
      const { why } = explainBreak(run(act === 'relu' ? 'lesson' : act, 'relu-mask-forgotten'));
      expect(why).toContain(`In layer 1 (${act}, f'(z) = ${ACTIVATIONS[act].derivativeFormula}) f'(z) is not 1 for ${act === 'relu' ? 1 : 3} of 3 (example, unit) pairs`);
    }
    // relu: only the dead unit; tanh: every unit, so every W1 and b1 row changes.
    expect(explainBreak(run('lesson', 'relu-mask-forgotten')).why).toContain('(it is 0.0000 there), at a1[0]: there the bug passes dL/da on unscaled, so the W1 and b1 rows of that unit change');
    expect(explainBreak(run('tanh', 'relu-mask-forgotten')).why).toContain('at a1[0], a1[1], a1[2]: there the bug passes dL/da on unscaled');
    expect(explainBreak(run('batch', 'relu-mask-forgotten')).why).toContain('at a1[0] (2 of 4 examples), a1[1] (1 of 4 examples), a1[2] (1 of 4 examples)');
  });

  test('mean-dropped and bias-not-summed read the batch size', () => {
    expect(explainBreak(run('lesson', 'mean-dropped')).why).toContain('this batch has one example (N = 1), so 1/N = 1 and nothing changes');
    expect(explainBreak(run('batch', 'mean-dropped')).why).toContain('with N = 4 examples every gradient comes out 4 times too big');
    expect(explainBreak(run('tanh', 'bias-not-summed')).why).toContain('this batch has one example, and a sum of one term is that term: nothing changes');
    expect(explainBreak(run('tanh batch', 'bias-not-summed')).why).toContain('with N = 4 examples each b row loses the terms of examples 1 … 3 and changes');
  });

  test('p-not-p-minus-t reads the target classes and the inputs that are 0', () => {
    const one = explainBreak(run('lesson', 'p-not-p-minus-t')).why;
    expect(one).toContain("The 1 example here has target class 0 (of 2), so the top layer's rows of that class change (W2[0][·], b2[0]), while those of class 1, never a target here, stay right");
    expect(one).toContain('W2[0][0] stays right: its input a1[0] is 0 in the example.');
    expect(saidToStayRight(one)).toEqual(['W2[0][0]']);
    const four = explainBreak(run('batch', 'p-not-p-minus-t')).why;
    expect(four).toContain('The 4 examples here have target classes 0, 1 (of 2)');
    expect(four).not.toContain('never a target');
    expect(explainBreak(run('tanh', 'p-not-p-minus-t')).why).not.toContain('stays right: its input');
  });

  test('w-not-transposed reads the shape of W2 and the units blocked in every example', () => {
    expect(explainBreak(run('lesson', 'w-not-transposed')).why).toContain("W2 is 2 × 3, so the swapped read takes its 6 numbers in the wrong places. a1[0] has f'(z) = 0 in every example");
    expect(explainBreak(run('batch', 'w-not-transposed')).why).not.toContain("f'(z) = 0 in every example");
    const symmetric: Network = { layers: [{ ...lessonNetwork().layers[0], outDim: 2, W: Float64Array.of(0.1, -0.2, 0.3, 0.4), b: Float64Array.of(0.05, -0.1) }, { inDim: 2, outDim: 2, W: Float64Array.of(0.2, -0.3, -0.3, 0.4), b: Float64Array.of(0.1, -0.05) }] };
    const result = runBroken(symmetric, lessonBatch(), 'w-not-transposed');
    expect(explainBreak(result).why).toContain('W2 is square and symmetric here, so the swapped read is the same matrix and changes nothing through it');
    expect(result.changed).toEqual([]);
  });

  test("relu-prime-one-at-zero names the pre-activations that are exactly 0, and says how the check judged them", () => {
    expect(explainBreak(run('lesson', 'relu-prime-one-at-zero')).why).toContain('none of the 3 pre-activations of z1 in this batch is: nothing changes');
    // z1[2] = -0.05 + 0.5·0.5 − 0.25·0.8 = 0 exactly in example 0.
    const network: Network = { layers: [{ ...lessonNetwork().layers[0], W: Float64Array.of(0.1, -0.2, 0.3, 0.4, 0.5, -0.25), b: Float64Array.of(-1, -0.1, -0.05) }, lessonNetwork().layers[1]] };
    const batch = batchOf([[0.5, 0.8], [-1, 2], [1.5, -0.5]], [0, 1, 1], 2);
    const result = runBroken(network, batch, 'relu-prime-one-at-zero');
    const { why, found } = explainBreak(result);
    expect(why).toContain('here z1[example 0][2] is exactly 0. There the bug passes dL/da on (× 1) where relu\'(0) = 0 passes nothing, so the W and b rows of a1[2] can change.');
    expect(why).toContain('so the check judges those 3 rows (kink in the table) by a one-sided or smaller-step difference instead (src/reference/fd-check.ts); 3 of 3 disagree with the broken gradient.');
    expect(found).toBe('This run: the bug changes 3 of 17 gradients (W1[2][0], W1[2][1], b1[2]); finite differences catch all 3.');
  });

  test('deeper networks: a unit below a layer the bug changed is not said to lose nothing, and a symmetric W3 is not said to change layer 2', () => {
    const layer = (inDim: number, outDim: number, W: number[], b: number[]) => ({ inDim, outDim, W: Float64Array.from(W), b: Float64Array.from(b) });
    // a1[0] and a2[0] are dead; the correct dL/da1[0] is 0 (dL/dz2[0] = 0, W2[1][0] = 0), the broken one is not.
    const deep: Network = { layers: [layer(2, 2, [-1, 0, 0.5, 0.5], [0, 0.1]), layer(2, 2, [1, 0.3, 0, 0.8], [-1, 0.1]), layer(2, 2, [0.7, -0.4, -0.2, 0.6], [0, 0])] };
    const mask = runBroken(deep, batchOf([[1, 0.5]], [0], 2), 'relu-mask-forgotten');
    expect(mask.changed).toContain('b1[0]');
    const maskWhy = explainBreak(mask).why;
    expect(maskWhy).not.toMatch(/a1\[0\] has dL\/da1 = 0/);
    expect(maskWhy).toContain('at a1[0]: there the bug passes dL/da on unscaled, so the W1 and b1 rows of that unit change.');
    // W2 is 2 × 3 (wrong), W3 square and symmetric (the swapped read is W3ᵀ): only layer 1 changes.
    const tanh = (l: ReturnType<typeof layer>) => ({ ...l, activation: 'tanh' as const });
    const sym: Network = { layers: [tanh(layer(2, 3, [0.1, -0.2, 0.3, 0.4, -0.2, 0.5], [0.05, -0.1, 0.2])), tanh(layer(3, 2, [0.2, -0.3, 0.1, -0.1, 0.4, 0.2], [0.1, -0.05])), layer(2, 2, [0.5, 0.2, 0.2, -0.3], [0, 0.1])] };
    const batch = batchOf([[0.5, 0.8], [-1, 2]], [0, 1], 2);
    const swapped = runBroken(sym, batch, 'w-not-transposed');
    expect(swapped.changed.every((name) => /^[Wb]1\[/.test(name))).toBe(true);
    expect(explainBreak(swapped).why).toContain('and through it the W and b rows of layer 1; the top layer');
    // Every W above layer 1 square and symmetric: nothing changes, and the head says so.
    const allSym: Network = { layers: [tanh(layer(2, 2, [0.1, -0.2, 0.3, 0.4], [0.05, -0.1])), tanh(layer(2, 2, [0.2, -0.3, -0.3, 0.4], [0, 0])), sym.layers[2]] };
    const none = runBroken(allSym, batch, 'w-not-transposed');
    expect(none.changed).toEqual([]);
    const noneWhy = explainBreak(none).why;
    expect(noneWhy).toContain('Every W above layer 1 is square and symmetric here, so nothing changes.');
    expect(noneWhy).not.toContain('goes wrong');
  });
});

describe('the caught line counts only the rows finite differences could judge', () => {
  // W1[0][0] = 1e20 with inputs ±1e20: the loss is ~1e40 and every step's change rounds away or
  // crosses the kink, so finite differences judge few rows (batch of 2) or none (batch of 1).
  const big = (inputs: number[][], labels: number[]) => {
    const network = lessonNetwork();
    network.layers[0].W[0] = 1e20;
    return { network, batch: batchOf(inputs, labels, 2) };
  };
  test('none judged: neither caught nor cleared; some judged: agreement with those only; all judged: all', () => {
    const one = big([[1e20, 0.8]], [0]);
    const none = runBroken(one.network, one.batch, 'relu-prime-one-at-zero');
    expect(none.rows.every((r) => r.fdRow !== null && r.fdRow.status === 'unresolvable')).toBe(true);
    expect(caughtLine(none)).toBe('not caught, and not cleared: finite differences could judge none of the 17 gradients of the broken backward pass (all n/a)');
    const two = big([[1e20, 0.8], [-1e20, 0.5]], [1, 0]);
    const some = runBroken(two.network, two.batch, 'relu-prime-one-at-zero');
    const unjudged = some.rows.filter((r) => r.fdRow!.status === 'unresolvable').length;
    expect(unjudged).toBeGreaterThan(0);
    expect(caughtLine(some)).toBe(`not caught: finite differences agree with the ${17 - unjudged} of 17 gradients of the broken backward pass they could judge (${unjudged} n/a)`);
    expect(caughtLine(runBroken(lessonNetwork(), lessonBatch(), 'relu-prime-one-at-zero'))).toBe('not caught: finite differences agree with all 17 gradients of the broken backward pass');
  });
});

describe('progress', () => {
  test('runBroken reports finite differences as they go (the CLI draws its bar from it on a terminal)', () => {
    const calls: [number, number][] = [];
    runBroken(lessonNetwork(), lessonBatch(), 'mean-dropped', null, undefined, (done, total) => calls.push([done, total]));
    expect(calls.length).toBeGreaterThan(0);
    expect(calls[calls.length - 1]).toEqual([17, 17]);
  });
});
