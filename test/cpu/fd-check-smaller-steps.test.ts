/**
 * The finite-difference rule's smaller steps (src/reference/fd-check.ts): a row that would be a
 * mismatch is re-estimated at s/10, s/100, … Where the step h·|θ| is far wider than the loss's turn
 * (QA's cond.json: θ = 1.7e8, a step of 1700 across a softmax that turns within ~1), correct
 * gradients are no longer called wrong; a wrong gradient is still caught, on a large-θ network where
 * the default step is right (the smaller steps confirm it) and where it is not (a 0.4% error against
 * the smaller steps' 0.1% bound); a loss that turns below every step the round-off allows is n/a.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { batchOf, type Batch, type Network } from '../../src/network/network.js';
import { parseNetworkFile } from '../../src/network/network-file.js';
import { parameterRefs } from '../../src/network/parameters.js';
import { ACTIVATION_NAMES } from '../../src/ops/activations.js';
import { allAgree, gradientRows, judgedFdDelta, matchText, renderGradientTable, sampleLine, verdictLine } from '../../src/print/gradient-table.js';
import type { PassRecord } from '../../src/record/pass-record.js';
import { checkGradients, SMALLER_STEP_FRACTION } from '../../src/reference/fd-check.js';
import { float64Pass } from '../../src/reference/float64-pass.js';
import { randomNetwork, rng } from '../support/random-network.js';

const cond = () => parseNetworkFile(readFileSync(new URL('../fixtures/float32/cond.json', import.meta.url), 'utf8'));
const rowOf = (fd: ReturnType<typeof checkGradients>, name: string) => fd.rows.find((r) => r?.ref.name === name)!;
/** The record with one bias gradient moved: the analytical value of a buggy backward pass. */
function withBias(record: PassRecord, layer: number, unit: number, value: (g: number) => number): PassRecord {
  const grads = { dW: record.grads.dW.map((g) => g.slice()), db: record.grads.db.map((g) => g.slice()) };
  grads.db[layer][unit] = value(grads.db[layer][unit]);
  return { ...record, grads };
}

describe("QA's cond.json at the default h (biases 1.7e8, a step of 1700)", () => {
  const { network, batch } = cond();
  const record = float64Pass(network, batch);

  test('the b1 rows match at a smaller step, say which, and the run passes', () => {
    const fd = checkGradients(network, batch, record);
    for (const name of ['b1[0]', 'b1[1]']) {
      const row = rowOf(fd, name);
      // The premise: the default step's estimate is ~0.5 where the gradient is ∓0.537.
      expect(row.step).toBeCloseTo(1700, 6);
      expect(Math.abs(row.estimate! - row.analytical)).toBeGreaterThan(0.03);
      expect(row.status).toBe('match');
      expect(row.smallerStep).toMatchObject({ matches: true });
      expect(row.smallerStep!.step).toBeLessThan(row.step / 100);
      expect(Math.abs(row.smallerStep!.estimate - row.analytical)).toBeLessThanOrEqual(row.smallerStep!.tolerance);
      expect(row.smallerStep!.tolerance).toBeLessThanOrEqual(SMALLER_STEP_FRACTION * Math.abs(row.analytical));
    }
    const rows = gradientRows(network, record.grads, fd);
    expect(rows.filter((r) => !r.match)).toEqual([]);
    // The weights stay n/a (round-off, as before); the biases are checked and match: exit 0.
    expect(rows.map(matchText)).toEqual(['n/a', 'n/a', 'n/a', 'n/a', 'yes', 'yes']);
    const verdict = verdictLine(rows, fd);
    expect(verdict).toMatch(/^verdict: 2 of 2 checked parameters match \(of all 6: 4 could not be judged \(n\/a\)\); worst \|delta\| (\S+) at b1\[\d\]$/);
    // The worst |delta| is the judged estimate's, not the refuted one's (3.7e-2).
    expect(judgedFdDelta(rows[4])).toBeLessThan(1e-3);
    expect(allAgree(rows, fd)).toBe(true);
    expect(renderGradientTable(rows).join('\n')).toMatch(
      /^ {2}yes {2}b1\[0\]: smaller steps refute the estimate at step 1\.70e\+03 \(the loss is not smooth at that scale\); the central difference at step \S+ -0\.537\d{3} matches \(\|delta\| \S+, tolerance \S+\)$/m,
    );
  });

  test("a bias gradient 0.4% off (4 × the smaller steps' 0.1% bound) is still a mismatch, either way", () => {
    expect(SMALLER_STEP_FRACTION).toBe(1e-3);
    for (const sign of [1, -1]) {
      const bad = withBias(record, 0, 0, (g) => g * (1 + sign * 0.004));
      const fd = checkGradients(network, batch, bad);
      const row = rowOf(fd, 'b1[0]');
      expect(row.status, `${sign}`).toBe('mismatch');
      // Judged where the smaller steps settle the derivative: they agree with each other, not with g.
      expect(row.smallerStep).toMatchObject({ matches: false });
      expect(allAgree(gradientRows(network, bad.grads, fd), fd)).toBe(false);
    }
  });

  test("a wrong gradient that the wide step's estimate happens to agree with is not matched there: smaller steps refute the estimate", () => {
    // The step of 1700 estimates -0.500044 where the gradient is -0.537: an analytical -0.5 (7% off,
    // what a softmax of exactly 0.5/0.5 gives) agreed with it within that step's tolerance, so it was
    // a match without a smaller step ever being asked.
    const bad = withBias(record, 0, 0, () => -0.5);
    const fd = checkGradients(network, batch, bad);
    const row = rowOf(fd, 'b1[0]');
    expect(row.ok).toBe(false);
    expect(row.status).toBe('mismatch');
    expect(row.smallerStep).toMatchObject({ matches: false });
    expect(allAgree(gradientRows(network, bad.grads, fd), fd)).toBe(false);
    // The correct gradient of the other bias is untouched by this.
    expect(rowOf(fd, 'b1[1]')).toMatchObject({ status: 'match', ok: true });
  });

  test('biases 1.7e13: every step the round-off allows sees the turn as a kink, so the rows are n/a, not mismatches', () => {
    const far: Network = { layers: [{ ...network.layers[0], b: network.layers[0].b.map((b) => b * 1e5) }] };
    const fd = checkGradients(far, batch, float64Pass(far, batch));
    for (const name of ['b1[0]', 'b1[1]']) {
      const row = rowOf(fd, name);
      expect(row.status).toBe('unresolvable');
      expect(row.reason).toMatch(/^not smooth at the step's scale: the loss turns within the step like a kink/);
    }
  });
});

test("the random direction: a step wider than the softmax's turn is refuted by smaller steps, where a correct gradient matches and one 1% off does not", () => {
  // Inputs of 1e4 into a tie of logits 0.15 apart; W1[·][2] = 1e3 (on an input of 0) makes ‖θ‖ ≈ 1.4e3,
  // so the direction's step is 1.4e-2: it moves the logits by ~100, far across their turn.
  const network: Network = { layers: [{ inDim: 3, outDim: 2, W: Float64Array.from([0, 0, 1e3, 0, 1.5e-5, 1e3]), b: Float64Array.from([0, 0]) }] };
  const batch: Batch = batchOf([[1e4, 1e4, 0]], [0], 2);
  const record = float64Pass(network, batch);
  const direction = (grads: PassRecord['grads']) => checkGradients(network, batch, { ...record, grads }, { budget: 0 }).direction!;
  const right = direction(record.grads);
  expect(right.step).toBeCloseTo(1.41e-2, 4);
  expect(Math.abs(right.estimate - right.analytical)).toBeGreaterThan(100); // the premise: ~3580 vs 3842
  expect(right.status).toBe('match');
  expect(right.smallerStep).toMatchObject({ matches: true });
  expect(right.smallerStep!.step).toBeLessThan(right.step / 100);
  const fd = checkGradients(network, batch, record, { budget: 0 });
  expect(sampleLine(fd)).toMatch(/: smaller steps refute this estimate \(the loss is not smooth at that scale\); at step 1\.41e-05 finite-diff -3841\.\d+, \|delta\| \S+, tolerance \S+: matches$/);
  expect(allAgree(gradientRows(network, record.grads, fd), fd)).toBe(true);
  for (const f of [1.01, 0.99]) {
    const off = direction({ dW: record.grads.dW.map((g) => g.map((x) => x * f)), db: record.grads.db.map((g) => g.map((x) => x * f)) });
    expect(off.ok && off.status !== 'unresolvable', `${f}`).toBe(false);
  }
});

test('a large θ where the default step is right: a gradient a few tolerances off is a mismatch (the smaller steps confirm the estimate)', () => {
  // W1[0][0] = 1e6 on an input of 1e-6: its step is 10, which moves z1[0] by 1e-5 — the loss is smooth
  // there. Its smaller steps (1 … 1e-5) have round-off up to 1e5 times the step's own, so one of them
  // would "match" a wrong gradient if any smaller step's match cleared the row.
  const network: Network = { layers: [{ inDim: 2, outDim: 2, W: Float64Array.from([1e6, 0.3, -0.4, 0.2]), b: Float64Array.from([0.1, -0.2]) }] };
  const batch: Batch = batchOf([[1e-6, 0.5]], [0], 2);
  const record = float64Pass(network, batch);
  const good = rowOf(checkGradients(network, batch, record), 'W1[0][0]');
  expect(good.step).toBe(10);
  expect(good.status).toBe('match');
  const bad = { ...record, grads: { dW: record.grads.dW.map((g) => g.slice()), db: record.grads.db } };
  bad.grads.dW[0][0] += 5 * good.tolerance;
  const row = rowOf(checkGradients(network, batch, bad), 'W1[0][0]');
  expect(row.status).toBe('mismatch');
  expect(row.smallerStep).toBeNull();
});

test('common logit offsets up to 1e13 on 40 random networks: no correct gradient is a mismatch, no bias 1% off is matched at a smaller step', () => {
  // Adding c to every output bias leaves softmax unchanged but makes those biases' steps h·c wide.
  // (The README's counts are these networks'; before the smaller steps, every offset bias row from
  // 1e9 up was a mismatch.)
  const falseAlarms: string[] = [];
  const falseMatches: string[] = [];
  let smaller = 0;
  for (const offset of [1e3, 1e5, 1e7, 1.7e8, 1e9, 1e10, 1e11, 1e12, 1e13]) {
    const next = rng(77);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)];
    for (let t = 0; t < 40; t++) {
      const dims = Array.from({ length: 3 + Math.floor(next() * 2) }, () => 1 + Math.floor(next() * 5));
      const { network, batch } = randomNetwork({ dims, batch: 1 + Math.floor(next() * 6), seed: 900 + t, logitScale: pick([1, 10]), activation: dims.slice(2).map(() => pick(ACTIVATION_NAMES)) });
      const top = network.layers.length - 1;
      network.layers[top].b.forEach((b, i) => (network.layers[top].b[i] = b + offset));
      const record = float64Pass(network, batch);
      const fd = checkGradients(network, batch, record);
      for (const row of fd.rows) {
        if (!row!.ok) falseAlarms.push(`offset ${offset} network ${t}: ${row!.ref.name}`);
        if (row!.smallerStep) smaller++;
      }
      network.layers[top].b.forEach((_, unit) => {
        if (record.grads.db[top][unit] === 0) return;
        const bad = withBias(record, top, unit, (g) => g * 1.01);
        const row = checkGradients(network, batch, bad).rows[parameterRefs(network).findIndex((r) => r.layer === top && r.kind === 'b' && r.index === unit)]!;
        // (At its own step the rule accepts tolerances up to 1%, as before: one such row at 1e5.)
        if (row.ok && row.smallerStep) falseMatches.push(`offset ${offset} network ${t}: b${top + 1}[${unit}] matched at step ${row.smallerStep.step}`);
      });
    }
  }
  expect(smaller).toBeGreaterThan(100); // the premise: smaller steps judged rows (122 here)
  expect(falseAlarms).toEqual([]);
  expect(falseMatches).toEqual([]);
});
