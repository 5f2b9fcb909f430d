/**
 * Why a bug is caught or missed on THIS network and batch — the text `--break` and the page's
 * "Break it" panel print. It is built from facts, never a canned story:
 *
 * - the network: its depth, its hidden layers' activations and their local derivatives (the op
 *   table's rules, src/ops/activations.ts), the shape of each W;
 * - the batch: its size N and the target classes it holds;
 * - the float64 pass without the bug: where f'(z) is not 1 or is 0, which pre-activations are
 *   exactly 0, which inputs are 0 in every example, which gradients are 0;
 * - the run: which gradients the bug changed (broken vs correct float64 pass) and which rows
 *   finite differences flagged, and why any change went unflagged.
 *
 * Each clause states a fact it has just checked; a clause whose fact does not hold is left out.
 */
import { elementName } from '../compare/tensors.js';
import { activationRule } from '../network/network.js';
import { gradientAt, parameterRefs } from '../network/parameters.js';
import type { ActivationName, ActivationRule } from '../ops/activations.js';
import { fixed, sci2 } from '../print/format.js';
import { judgedEstimate } from '../reference/fd-check.js';
import type { BugName } from './bugs.js';
import { listNames, type BreakResult } from './break-run.js';

export interface BreakExplanation {
  /** How the bug acts on this network and batch, with the facts it depends on. */
  readonly why: string;
  /** What this run found: the gradients the bug changed, and which of them finite differences flagged. */
  readonly found: string;
}

interface Hidden {
  /** 0-based layer index; the layer's number in names is index + 1. */
  readonly index: number;
  readonly name: ActivationName;
  readonly rule: ActivationRule;
  readonly width: number;
  /** From the pass without the bug, N × width. */
  readonly z: Float64Array;
  readonly local: Float64Array;
}

interface Facts {
  readonly result: BreakResult;
  readonly N: number;
  readonly L: number;
  readonly hidden: readonly Hidden[];
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const unit = (l: number, i: number) => `a${l + 1}[${i}]`;
/** "0.7234" or "between 0.2000 and 0.2500": the values a set of local derivatives takes. */
function valuesText(values: readonly number[]): string {
  const [lo, hi] = [Math.min(...values), Math.max(...values)];
  return lo === hi ? fixed(lo, 4) : `between ${fixed(lo, 4)} and ${fixed(hi, 4)}`;
}

function factsOf(result: BreakResult): Facts {
  const { network, batch, correct } = result;
  const L = network.layers.length;
  const hidden = network.layers.slice(0, -1).map((layer, index): Hidden => {
    const rule = activationRule(layer);
    return { index, name: rule.name, rule, width: layer.outDim, z: correct.layers![index].z, local: correct.layers![index].local! };
  });
  return { result, N: batch.size, L, hidden };
}

/** Units of a hidden layer whose f'(z) is exactly 0 in every example: their dL/dz is 0 whatever dL/da is. */
function blockedEverywhere(f: Facts, h: Hidden): number[] {
  const units: number[] = [];
  for (let i = 0; i < h.width; i++) {
    let all = true;
    for (let n = 0; n < f.N && all; n++) all = h.local[n * h.width + i] === 0;
    if (all) units.push(i);
  }
  return units;
}

/** One sentence per hidden layer with units that pass no gradient in any example (none: no sentence). */
function blockedSentences(f: Facts): string[] {
  return f.hidden.flatMap((h) => {
    const units = blockedEverywhere(f, h);
    if (units.length === 0) return [];
    const names = units.map((i) => unit(h.index, i)).join(', ');
    const one = units.length === 1;
    return [`${names} ${one ? 'has' : 'have'} f'(z) = 0 in every example (${h.name}, f'(z) = ${h.rule.derivativeFormula}), so ${one ? 'its' : 'their'} dL/dz${h.index + 1} is 0 whatever dL/da is, and ${one ? 'its' : 'their'} W${h.index + 1} and b${h.index + 1} rows stay right.`];
  });
}

/**
 * Inputs j of layer l (0-based) that are 0 in every example `among` picks: W_l[·][j] gets nothing
 * from those examples (dL/dW[i][j] sums dL/dz[i] · input[j] over examples).
 */
function silentInputs(f: Facts, l: number, among: (n: number) => boolean): number[] {
  const { network, batch, correct } = f.result;
  const inDim = network.layers[l].inDim;
  const prev = l === 0 ? batch.inputs : correct.layers![l - 1].a;
  const out: number[] = [];
  for (let j = 0; j < inDim; j++) {
    let all = true;
    for (let n = 0; n < f.N && all; n++) all = !among(n) || prev[n * inDim + j] === 0;
    if (all) out.push(j);
  }
  return out;
}

const below = (f: Facts, l: number) => (l > 0 ? `, and through dL/da${l} every layer below` : '');
/** "layer 1", "layers 1 and 2", "layers 1 … 4": the numbers 1 … last. */
const upTo = (noun: string, first: number, last: number) => (first === last ? `${noun} ${first}` : last === first + 1 ? `${noun}s ${first} and ${last}` : `${noun}s ${first} … ${last}`);
const layersBelowTop = (L: number) => upTo('layer', 1, L - 1);

const WHY: Readonly<Record<BugName, (f: Facts) => string[]>> = {
  'relu-mask-forgotten': (f) => {
    const head = "dL/dz = dL/da · f'(z) loses its f'(z), which is right only where f'(z) = 1";
    if (f.hidden.length === 0) return [`${head}; this network has no hidden layer, so there is no f'(z) to lose and nothing changes.`];
    const s = [`${head}.`];
    for (const h of f.hidden) {
      const where = `In layer ${h.index + 1} (${h.name}, f'(z) = ${h.rule.derivativeFormula})`;
      const da = f.result.correct.layers![h.index].da!;
      // Below a layer the bug changed, the broken pass's dL/da differs from the correct one's.
      const brokenDa = f.result.broken.layers![h.index].da!;
      const off: number[] = [];
      const perUnit = new Array<number>(h.width).fill(0);
      // A unit whose dL/da is 0 (in both passes) wherever f'(z) ≠ 1 loses nothing: 0 · f'(z) = 0 · 1.
      const moved = new Array<boolean>(h.width).fill(false);
      h.local.forEach((d, k) => {
        if (d === 1) return;
        off.push(d);
        perUnit[k % h.width]++;
        if (da[k] !== 0 || brokenDa[k] !== 0) moved[k % h.width] = true;
      });
      if (off.length === 0) {
        s.push(`${where} f'(z) is 1 for all ${h.local.length} (example, unit) pairs here, so the bug changes nothing there.`);
        continue;
      }
      const named = (i: number) => (f.N === 1 ? unit(h.index, i) : `${unit(h.index, i)} (${perUnit[i]} of ${f.N} examples)`);
      const units = perUnit.flatMap((c, i) => (c === 0 ? [] : [i]));
      const still = units.filter((i) => !moved[i]);
      const changing = units.filter((i) => moved[i]);
      s.push(
        `${where} f'(z) is not 1 for ${off.length} of ${h.local.length} (example, unit) pairs here (it is ${valuesText(off)} there), at ${listNames(units.map(named))}` +
          (changing.length === 0 ? '.' : `: there the bug passes dL/da on unscaled, so the W${h.index + 1} and b${h.index + 1} rows of ${changing.length === 1 ? 'that unit' : 'those units'}${still.length > 0 ? ` (${listNames(changing.map((i) => unit(h.index, i)))})` : ''} change${below(f, h.index)}.`),
      );
      if (still.length > 0) {
        const one = still.length === 1;
        s.push(`${listNames(still.map((i) => unit(h.index, i)))} ${one ? 'has' : 'have'} dL/da${h.index + 1} = 0 wherever f'(z) ≠ 1${h.index < f.hidden.length - 1 ? ' (in the broken pass too)' : ''}, so losing f'(z) changes nothing there.`);
      }
    }
    s.push(`The top layer has no f'(z) (softmax + cross-entropy give dL/dz${f.L} = (p − t)/N directly), so dW${f.L} and db${f.L} never change.`);
    return s;
  },

  'w-not-transposed': (f) => {
    const { layers } = f.result.network;
    if (f.L === 1) return ["dL/da = Wᵀ · dL/dz is computed from W read with its strides swapped, but this network has one layer: no dL/da is computed below it, so nothing changes."];
    const notes: string[] = [];
    // The highest layer (1-based) whose swapped read is not Wᵀ: the W and b rows of every layer below it change.
    let wrongBelow = 0;
    for (let l = 1; l < f.L; l++) {
      const { W, outDim, inDim } = layers[l];
      const name = `W${l + 1}`;
      if (outDim !== inDim) {
        notes.push(`${name} is ${outDim} × ${inDim}, so the swapped read takes its ${outDim * inDim} numbers in the wrong places.`);
        wrongBelow = l;
        continue;
      }
      let symmetric = true;
      for (let i = 0; i < outDim && symmetric; i++) for (let j = 0; j < i && symmetric; j++) symmetric = W[i * inDim + j] === W[j * inDim + i];
      notes.push(symmetric ? `${name} is square and symmetric here, so the swapped read is the same matrix and changes nothing through it.` : `${name} is square, so the swapped read uses ${name} itself where ${name}ᵀ belongs.`);
      if (!symmetric) wrongBelow = l;
    }
    const stay = `the top layer's dW${f.L} and db${f.L} come from dL/dz${f.L} directly and stay right`;
    const head =
      wrongBelow === 0
        ? `dL/da = Wᵀ · dL/dz is computed from W read with its strides swapped, which is Wᵀ itself for a square, symmetric W; ${stay}.`
        : `dL/da = Wᵀ · dL/dz is computed from W read with its strides swapped, so dL/da goes wrong below each W that is not square and symmetric, and through it the W and b rows of ${layersBelowTop(wrongBelow + 1)}; ${stay}.`;
    const none = wrongBelow === 0 ? ['Every W above layer 1 is square and symmetric here, so nothing changes.'] : [];
    return [head, ...notes, ...none, ...blockedSentences(f)];
  },

  'mean-dropped': (f) => {
    const head = `dL/dz${f.L} = p − t, with the 1/N of the batch-mean loss dropped`;
    if (f.N === 1) return [`${head}: this batch has one example (N = 1), so 1/N = 1 and nothing changes; with a batch of N examples every gradient would come out N times too big.`];
    const { network, correct } = f.result;
    const zeros = parameterRefs(network).filter((ref) => gradientAt(correct.grads, ref) === 0).map((ref) => ref.name);
    return [`${head}: with N = ${f.N} examples every gradient comes out ${f.N} times too big${zeros.length > 0 ? `, except the ${zeros.length} that ${zeros.length === 1 ? 'is' : 'are'} 0 (${f.N} × 0 = 0): ${listNames(zeros, 5)}` : ''}.`];
  },

  'p-not-p-minus-t': (f) => {
    const { batch } = f.result;
    const targets = [...new Set(batch.labels)].sort((a, b) => a - b);
    const others = Array.from({ length: batch.classes }, (_, c) => c).filter((c) => !targets.includes(c));
    const top = f.L;
    const classes = (cs: readonly number[]) => (cs.length === 1 ? `class ${cs[0]}` : `classes ${cs.join(', ')}`);
    const s = [
      `dL/dz${top} = p/N, not (p − t)/N: the two differ by 1/N at each example's target class only (t is 0 at the others).`,
      `The ${plural(f.N, 'example')} here ${f.N === 1 ? 'has' : 'have'} target ${classes(targets)} (of ${batch.classes}), so the top layer's rows of ${targets.length === 1 ? 'that class' : 'those classes'} change ` +
        `(${targets.map((c) => `W${top}[${c}][·], b${top}[${c}]`).join('; ')})${others.length > 0 ? `, while those of ${classes(others)}, never a target here, stay right` : ''}` +
        `${top > 1 ? `; through dL/da${top - 1} the layers below change too` : ''}.`,
    ];
    // The change to W_L[c][j] is Σ over the examples of target c of input[j] / N: 0 where that input is 0 in all of them.
    const input = (j: number) => (top > 1 ? unit(top - 2, j) : `x[${j}]`);
    for (const c of targets) {
      const silent = silentInputs(f, top - 1, (n) => batch.labels[n] === c);
      if (silent.length === 0) continue;
      const one = silent.length === 1;
      const whose = f.N === 1 ? 'in the example' : targets.length === 1 ? 'in every example' : `in every example whose target is class ${c}`;
      s.push(`${silent.map((j) => `W${top}[${c}][${j}]`).join(', ')} stay${one ? 's' : ''} right: ${one ? 'its input' : 'their inputs'} ${silent.map(input).join(', ')} ${one ? 'is' : 'are'} 0 ${whose}.`);
    }
    return [...s, ...blockedSentences(f)];
  },

  'relu-prime-one-at-zero': (f) => {
    const head = "relu'(0) = 1 instead of 0 changes dL/dz only where a ReLU unit's pre-activation is exactly 0";
    const relu = f.hidden.filter((h) => h.name === 'relu');
    if (relu.length === 0) {
      const what = f.hidden.length === 0 ? 'it has no hidden layer' : `its hidden layer${f.hidden.length === 1 ? ' is' : 's are'} ${f.hidden.map((h) => h.name).join(', ')}`;
      return [`${head}, and this network has no ReLU layer (${what}): nothing changes.`];
    }
    const zeros: string[] = [];
    const units = new Set<string>();
    let total = 0;
    for (const h of relu) {
      const spec = { name: `z${h.index + 1}`, shape: [f.N, h.width] as const, rank: 2 as const, kind: 'z' as const };
      total += h.z.length;
      h.z.forEach((z, k) => {
        if (z !== 0) return;
        zeros.push(elementName(spec, k));
        units.add(unit(h.index, k % h.width));
      });
    }
    const where = relu.map((h) => `z${h.index + 1}`).join(', ');
    if (zeros.length === 0) return [`${head}, and none of the ${total} pre-activations of ${where} in this batch is: nothing changes (real data almost never hits 0 exactly).`];
    const s = [
      `${head}: here ${listNames(zeros, 5)} ${zeros.length === 1 ? 'is' : 'are'} exactly 0. There the bug passes dL/da on (× 1) where relu'(0) = 0 passes nothing, ` +
        `so the W and b rows of ${[...units].join(', ')} can change${relu.some((h) => h.index > 0) ? ', and through dL/da the layers below' : ''}.`,
    ];
    const kinks = f.result.rows.filter((r) => r.fdRow?.status === 'kink');
    if (kinks.length > 0) {
      const rejected = kinks.filter((r) => r.fdRow!.oneSided && !r.fdRow!.oneSided.matches).length;
      s.push(
        `The central difference straddles the kink there (it averages the slopes on either side), so the check judges ${kinks.length === 1 ? 'that row' : `those ${kinks.length} rows`} ` +
          `(kink in the table) by a one-sided or smaller-step difference instead (src/reference/fd-check.ts); ${rejected} of ${kinks.length} disagree${rejected === 1 ? 's' : ''} with the broken gradient.`,
      );
    }
    return s;
  },

  'bias-not-summed': (f) => {
    const head = 'dL/db = dL/dz of example 0, not the sum over the batch';
    if (f.N === 1) return [`${head}: this batch has one example, and a sum of one term is that term: nothing changes; with a batch of N > 1 the b rows would change.`];
    const { network, correct } = f.result;
    const later = upTo('example', 1, f.N - 1);
    const quiet: string[] = [];
    network.layers.forEach((layer, l) => {
      const dz = correct.layers![l].dz;
      for (let i = 0; i < layer.outDim; i++) {
        let none = true;
        for (let n = 1; n < f.N && none; n++) none = dz[n * layer.outDim + i] === 0;
        if (none) quiet.push(`b${l + 1}[${i}]`);
      }
    });
    const s = [`${head}: with N = ${f.N} examples each b row loses the terms of ${later} and changes; dL/dz itself is right, so every W row and every layer below stays right.`];
    if (quiet.length > 0) s.push(`${listNames(quiet)} stay${quiet.length === 1 ? 's' : ''} right: ${later} add${f.N === 2 ? 's' : ''} nothing to ${quiet.length === 1 ? 'it' : 'them'} (dL/dz is 0 there).`);
    return s;
  },
};

/** What the run found: the gradients the bug changed, which finite differences flagged, and why any were not. */
function foundText(result: BreakResult): string {
  const { rows, changed, network, correct, broken } = result;
  const caught = new Set(result.caught);
  const changedSet = new Set(changed);
  const falseAlarm = result.caught.filter((name) => !changedSet.has(name));
  const alarm = falseAlarm.length > 0 ? ` Finite differences also flag ${listNames(falseAlarm)}, which the bug does not change: a false alarm of the check.` : '';
  if (changed.length === 0) return `This run: the bug changes none of the ${rows.length} gradients, so finite differences have nothing to catch.${alarm}`;
  const refs = new Map(parameterRefs(network).map((ref) => [ref.name, ref]));
  const missed = changed.filter((name) => !caught.has(name)).map((name) => {
    const row = rows.find((r) => r.name === name)!.fdRow;
    const ref = refs.get(name)!;
    const moved = Math.abs(gradientAt(broken.grads, ref) - gradientAt(correct.grads, ref));
    if (row === null) return `${name} (not checked)`;
    if (row.status === 'unresolvable') return `${name} (n/a: finite differences cannot resolve it)`;
    const tolerance = judgedEstimate(row)?.tolerance ?? row.tolerance;
    return `${name} (moved by ${sci2(moved)}, within the check's tolerance ${sci2(tolerance)})`;
  });
  const head = `This run: the bug changes ${changed.length} of ${rows.length} gradients (${listNames(changed)})`;
  if (missed.length === 0) return `${head}; finite differences catch ${changed.length === 1 ? 'it' : `all ${changed.length}`}.${alarm}`;
  return `${head}; finite differences catch ${changed.length - missed.length} of them and miss ${listNames(missed, 3)}.${alarm}`;
}

/** The explanation of a "break it" run: `why` from the network, batch and clean pass; `found` from the run. */
export function explainBreak(result: BreakResult): BreakExplanation {
  return { why: WHY[result.bug.name](factsOf(result)).join(' '), found: foundText(result) };
}

