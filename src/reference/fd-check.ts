/**
 * The gradient check: every (or a seeded sample of every) parameter's float64 gradient against a
 * central finite difference, with a verdict per row that never calls a correct gradient wrong.
 *
 * The rule (stated once; README "How to read the output" repeats it):
 *
 *   step     s = h · max(1, |θ|), taken as the distance actually moved in float64
 *            (up = (θ + s) − θ, down = θ − (θ − s)); estimate D = (L(θ+up) − L(θ−down)) / (up + down)
 *   match    |D − g| ≤ T + R, with
 *            T (truncation, the central difference's s²·L'''/6):
 *              s² · max(1, |g|) a priori; when that is not enough, measured by Richardson with
 *              the half step: 8/3 · |D(s) − D(s/2)| (twice the estimate 4/3 · |D(s) − D(s/2)|
 *              of D(s)'s error)
 *            R (round-off, ~ε·|L|/s): ROUNDOFF_FACTOR · ε · Lscale / s, Lscale = |L| + the mean
 *              over examples of max |logit| (log-sum-exp loses ε of the largest logit)
 *   smaller steps  a row that would be a mismatch is first re-estimated at s/10, s/100, … (at most
 *            SMALLER_STEPS) down to h itself — scaling the step by |θ| keeps θ ± s apart in float64,
 *            but at θ = 1.7e8 (test/fixtures/float32/cond.json) a step of 1700 carries a softmax far
 *            across its turn, where the loss is nearly piecewise linear in θ, D(s) ≈ D(s/2), and the
 *            measured T calls a wrong D converged — while the step's R stays within
 *            SMALLER_STEP_FRACTION (0.1%) of max(|g|, |D|, 1e-6). Each has the same T + R at its own
 *            step (T from its own half step). A smaller step refutes D when the two disagree beyond
 *            both tolerances. Not refuted: the mismatch stands, unless the loss turns within ±s like a
 *            kink — J(s) = (L(θ+up) − L(θ))/up − (L(θ) − L(θ−down))/down, the change of slope across
 *            the step, is ≈ s·L'' where the loss is smooth, so J(s/2) ≈ J(s)/2; J(s/2) > ¾·J(s) with
 *            |J(s)| above both |D − g| and 16R says the loss turns within a sliver of the step — then
 *            the row is n/a. Refuted: the row is judged at a smaller step that no smaller one refutes
 *            and whose tolerance is within 0.1% of max(|g|, its estimate, 1e-6): a match when one such
 *            step matches g (the row names the step: FdRow.smallerStep), a mismatch when two or more
 *            such steps do not, else n/a (not smooth at any step tried).
 *            What it still resolves: where the smaller steps confirm D (every ordinary network: a
 *            wrong gradient's smaller steps agree with its estimate), the same T + R as before; where
 *            they refute it, a match at a smaller step means |g − L'| ≤ twice that step's tolerance,
 *            at most 0.2% of the gradient: a gradient further off is a mismatch or n/a, never a
 *            match. The cost falls on would-be mismatches only: a parameter with |θ| < 10 gets no
 *            smaller step (one unnudged loss per layer for the turn test); past that, two losses
 *            per smaller step, two more each once one of them disagrees with D.
 *   kink     a hidden pre-activation changes sign between θ − down and θ + up in some example
 *            (|z| ≤ s·|∂z/∂θ|): the central difference straddles ReLU's kink and need not equal the
 *            one-sided derivative the analytical gradient is. The row says how many examples
 *            straddled, and is judged by a central difference at half the distance to the nearest
 *            kink when that step is resolvable and crosses none (same rule, Richardson with the half
 *            step), else by a one-sided difference on the side that crossed no kink (forward or
 *            backward, error measured as 4 · |D₁(s) − D₁(s/2)|, plus 2R; when it disagrees,
 *            retried at steps 10, 100, 1000 times smaller while the loss resolves them); when
 *            neither exists (or its own error bound is above 1% of the size) the row is
 *            unresolvable (n/a), not judged and never counted as a match.
 *   unresolvable  θ ± s rounds to θ or overflows, the nudged loss is not finite, the analytical
 *            gradient is not finite, R > 1% of max(|g|, |D|, 1e-6) (the loss cannot resolve the
 *            step), or T > 1% of it (the step is too large for the curvature: a large --h would
 *            otherwise accept almost any gradient; when the a-priori T is, the measured one is
 *            used instead for h ≤ RICHARDSON_MAX_H), or the loss is not smooth at the step's scale
 *            (smaller steps, above). Reported with the reason as n/a: not judged, never counted as a
 *            match.
 *
 * Large networks: past FD_ALL_BUDGET multiply-adds a seeded sample of parameters is checked
 * (SAMPLE_PER_TENSOR of each W_l and b_l), plus the whole gradient along one seeded random unit
 * direction v: D_v = (L(θ + s·v) − L(θ − s·v)) / 2s against g·v (what JAX's check_grads and
 * PyTorch's gradcheck fast mode do), its step h · max(1, ‖θ‖); a disagreeing direction gets the
 * same smaller steps as a row. `all` checks every parameter.
 */
import { checkShapes } from '../network/check-shapes.js';
import { InputError } from '../errors.js';
import { activationRule, type Batch, type Network } from '../network/network.js';
import { gradientAt, parameterRefs, type ParamRef } from '../network/parameters.js';
import type { PassRecord } from '../record/pass-record.js';
import { rng } from '../util/seeded-random.js';
import { DEFAULT_H, directionLoss, forwardCache, nudgedLoss, stepFor, type ForwardCache } from './finite-diff.js';

export const ROUNDOFF_FACTOR = 16;
/** R above this fraction of max(|g|, RESOLVE_FLOOR) makes a row unresolvable. */
export const RESOLVE_FRACTION = 0.01;
export const RESOLVE_FLOOR = 1e-6;
/** Checking every parameter costs about this many multiply-adds at most before `auto` samples. */
export const FD_ALL_BUDGET = 3e8;
export const SAMPLE_PER_TENSOR = 32;
/**
 * Largest --h at which a row whose a-priori truncation bound is too loose may be judged by the
 * measured (Richardson) truncation instead: past it the step is a large fraction of the parameter
 * and the half-step measure itself is not trustworthy (a saturated loss gives D(s) ≈ D(s/2) ≈ 0).
 */
export const RICHARDSON_MAX_H = 1e-3;
export const DEFAULT_FD_SEED = 1;
/** Smaller steps a would-be mismatch is re-estimated at, at most: s/10 … s/10⁸ (round-off ends the search sooner in practice). */
export const SMALLER_STEPS = 8;
/**
 * A smaller step judges a row only with a tolerance at most this fraction of max(|g|, |D|, 1e-6),
 * and the search stops where its round-off alone passes it: a match there shows |g − L'| ≤ twice
 * that (when the step's own tolerance is honest), so no smaller step clears a gradient 0.2% off.
 * A tenth of RESOLVE_FRACTION: the perturbation study (README) catches 0.1% errors.
 */
export const SMALLER_STEP_FRACTION = 1e-3;

export type FdStatus = 'match' | 'mismatch' | 'kink' | 'unresolvable';

/** An estimate at one step, its tolerance (T + R at that step) and whether it matches the analytical gradient. */
export interface StepEstimate {
  readonly step: number;
  readonly estimate: number;
  readonly tolerance: number;
  readonly matches: boolean;
}

/** How a kink row was judged: a central difference at a step below the nearest kink, or a one-sided one. */
export interface OneSided extends StepEstimate {
  readonly side: 'smaller-step' | 'forward' | 'backward';
}

export interface FdRow {
  readonly ref: ParamRef;
  readonly analytical: number;
  /** The central estimate D, or null when none could be formed (θ ± s rounds or overflows). */
  readonly estimate: number | null;
  readonly step: number;
  /** T + R of the rule above (Infinity when unresolvable). */
  readonly tolerance: number;
  readonly status: FdStatus;
  /**
   * Whether no disagreement was found: false only for a mismatch or a kink row whose judgement
   * disagrees. An unresolvable row is ok (nothing was found wrong) but was not judged: verdicts
   * count it as n/a, never as a match (see `judged`).
   */
  readonly ok: boolean;
  /** Why the row is unresolvable. */
  readonly reason: string | null;
  /** Examples in which the nudge crossed a ReLU kink (kink rows). */
  readonly kinkExamples: number;
  readonly oneSided: OneSided | null;
  /**
   * A match or mismatch judged at a smaller step because the smaller steps refuted the row's own
   * estimate (the rule's "smaller steps"): the step it was judged at; null when judged at its own step.
   */
  readonly smallerStep: StepEstimate | null;
}

/** Whether a row was judged (match, mismatch, or a kink judged below the kink or one-sided). */
export function judged(row: { readonly status: FdStatus }): boolean {
  return row.status !== 'unresolvable';
}

export interface DirectionCheck {
  readonly seed: number;
  readonly step: number;
  /** g · v (float64 analytical) and the central estimate along v. */
  readonly analytical: number;
  readonly estimate: number;
  readonly tolerance: number;
  readonly status: FdStatus;
  readonly ok: boolean;
  readonly reason: string | null;
  readonly kinkExamples: number;
  /** Judged at a smaller step because smaller steps refuted the estimate at `step` (as for a row); null otherwise. */
  readonly smallerStep: StepEstimate | null;
}

export interface FdCheck {
  readonly h: number;
  /** One entry per parameter in parameterRefs order; null where the parameter was not sampled. */
  readonly rows: readonly (FdRow | null)[];
  readonly checked: number;
  readonly total: number;
  /** How the checked parameters were chosen. */
  readonly sample: { readonly mode: 'all' } | { readonly mode: 'sample'; readonly seed: number; readonly perTensor: number };
  readonly direction: DirectionCheck | null;
}

export interface CheckOptions {
  /** The base step (default DEFAULT_H = 1e-5, the lesson's); each parameter's is h·max(1, |θ|). */
  readonly h?: number;
  /** 'auto' (default): all within FD_ALL_BUDGET, else a sample and a direction; 'all': every parameter. */
  readonly mode?: 'auto' | 'all';
  readonly seed?: number;
  /** Multiply-adds past which 'auto' samples (default FD_ALL_BUDGET; tests make it small). */
  readonly budget?: number;
  /** Called now and then with parameters done and to do (for a progress bar). */
  readonly onProgress?: (done: number, total: number) => void;
}

const EPS = Number.EPSILON;

/** Multiply-adds of checking every parameter: two recomputes from its layer up, per example. */
export function fullCheckCost(network: Network, batchSize: number): number {
  const L = network.layers;
  let cost = 0;
  L.forEach((layer, l) => {
    const above = L.slice(l + 1).reduce((s, k) => s + k.inDim * k.outDim, 0) + layer.outDim;
    cost += 2 * (layer.W.length + layer.b.length) * batchSize * above;
  });
  return cost;
}

/** |L| plus the mean largest |logit|: the scale the loss is rounded at. */
function lossScale(record: PassRecord): number {
  const out = record.layers![record.layers!.length - 1].z;
  const C = record.dims[record.dims.length - 1];
  let sum = 0;
  for (let n = 0; n < record.batchSize; n++) {
    let m = 0;
    for (let i = 0; i < C; i++) m = Math.max(m, Math.abs(out[n * C + i]));
    sum += m;
  }
  return Math.abs(record.loss) + sum / record.batchSize;
}

/** Refuses an h no parameter can use: 2h overflows, or θ ± h·max(1,|θ|) rounds to θ for every θ. */
export function checkStep(network: Network, h: number): void {
  if (!Number.isFinite(h) || h <= 0) throw new InputError(`--h must be a finite number > 0, got ${h}`);
  if (!Number.isFinite(2 * h)) throw new InputError(`--h ${h} is too large: 2h is not finite`);
  // h >= 1 moves every parameter by at least its own size (and at least 1): the central
  // difference's truncation error (~s²·L'''/6) then swamps any gradient, so no row could be judged.
  if (h >= 1) throw new InputError(`--h ${h} is too large: the step h*max(1,|theta|) would move every parameter by at least its own size (use h < 1; the default is 1e-5)`);
  for (const layer of network.layers) {
    for (const values of [layer.W, layer.b]) {
      for (const theta of values) {
        const s = stepFor(h, theta);
        if (theta + s !== theta && theta - s !== theta) return;
      }
    }
  }
  throw new InputError(`--h ${h} is below float64's resolution: theta +- h*max(1,|theta|) rounds to theta for every parameter (use h >= ~1e-15)`);
}

function unresolvable(ref: ParamRef, g: number, estimate: number | null, step: number, reason: string): FdRow {
  return { ref, analytical: g, estimate, step, tolerance: Infinity, status: 'unresolvable', ok: true, reason, kinkExamples: 0, oneSided: null, smallerStep: null };
}

/**
 * The estimate a row was judged by: at a smaller step, one-sided or below the kink, or its own
 * central one; null for a row not judged (n/a).
 */
export function judgedEstimate(row: FdRow): StepEstimate | null {
  if (!judged(row)) return null;
  if (row.status === 'kink' && row.oneSided) return row.oneSided;
  if (row.smallerStep) return row.smallerStep;
  return row.estimate === null ? null : { step: row.step, estimate: row.estimate, tolerance: row.tolerance, matches: row.ok };
}

/**
 * One central estimate at a step below the row's own: the half-width actually moved, D, and (two
 * more losses, so only when asked) 8/3·|D − D(half)|, null when the half step crosses a kink.
 */
interface Probe {
  readonly width: number;
  readonly estimate: number;
  readonly measure: () => number | null;
}

type SmallerStepsVerdict =
  | { readonly verdict: 'confirmed' }
  | { readonly verdict: 'match' | 'mismatch'; readonly at: StepEstimate }
  | { readonly verdict: 'unsettled'; readonly reason: string };

const tightest = (xs: readonly StepEstimate[]) => xs.reduce((a, b) => (b.tolerance < a.tolerance ? b : a));

/** Where the smaller steps are taken: `size` max(|g|, |D|, RESOLVE_FLOOR) at the first step, `scale` the loss's, `relative` the first step over max(1, |θ|), `floor` h. */
interface Ladder {
  readonly size: number;
  readonly scale: number;
  readonly relative: number;
  readonly floor: number;
}

/**
 * The rule's "smaller steps", for an estimate `first` that disagrees with g: re-estimates at
 * first.step/10, /100, … (`probe`, null where a step cannot be formed: that ends the search) down to
 * h itself (`floor`: the step of a parameter of size ≤ 1; scaling it by |θ| keeps θ ± s apart in
 * float64 but can make it far wider than the loss's bends) while the round-off R of the step stays
 * within SMALLER_STEP_FRACTION of `size`, and where the step relative to θ allows a measured T when
 * one is needed (RICHARDSON_MAX_H). Each has the main rule's tolerance at its own step: T from its
 * own half step, at least the a-priori bound when that is within 1% of `size`; plus its R.
 * An estimate is refuted when a smaller step's disagrees with it beyond both tolerances (the smaller
 * step, whose truncation shrinks as s², is trusted). A step can judge the row only with a tolerance
 * within SMALLER_STEP_FRACTION of max(|g|, its estimate, RESOLVE_FLOOR) and no smaller step refuting it.
 * `first` refuted: 'match' when such a step matches g; else 'mismatch' when two or more such steps
 * (which then agree with each other) do not; else 'unsettled'. Not refuted: 'confirmed' (the
 * mismatch stands), unless the loss turns within `first`'s step like a kink (`turn`, see
 * turnsLikeKink: then every step that still sees the turn as a kink agrees with `first`, wrongly):
 * 'unsettled'.
 */
function smallerSteps(first: StepEstimate, g: number, ladder: Ladder, probe: (step: number) => Probe | null, turn: () => number | null): SmallerStepsVerdict {
  const { size, scale, relative, floor } = ladder;
  const roundOff = (width: number) => (ROUNDOFF_FACTOR * EPS * scale) / width;
  const probes: { readonly p: Probe; readonly apriori: number }[] = [];
  for (let k = 1, step = first.step / 10, hk = relative / 10; k <= SMALLER_STEPS && step >= floor; k++, step /= 10, hk /= 10) {
    if (roundOff(step) > SMALLER_STEP_FRACTION * size) break;
    const p = probe(step);
    if (p === null) break;
    const apriori = p.width * p.width * Math.max(1, Math.abs(g));
    // An a-priori T above 1% is replaced by the measured one, which needs h ≤ RICHARDSON_MAX_H.
    if (apriori > RESOLVE_FRACTION * size && hk > RICHARDSON_MAX_H) continue;
    probes.push({ p, apriori: apriori > RESOLVE_FRACTION * size ? 0 : apriori });
  }
  const smallest = probes.length > 0 ? probes[probes.length - 1].p.width : first.step;
  const confirmed = (): SmallerStepsVerdict => {
    const J = turn();
    if (J === null) return { verdict: 'confirmed' };
    return {
      verdict: 'unsettled',
      reason:
        `not smooth at the step's scale: the loss turns within the step like a kink (its slope changes by ${J.toExponential(1)} across it, and by nearly as much across the half step), ` +
        (probes.length > 0 ? `and no smaller step down to ${smallest.toExponential(1)} gets below the turn` : `and no smaller step can be tried (below h, or round-off past ${SMALLER_STEP_FRACTION * 100}% of the gradient)`),
    };
  };
  // Measuring T costs two losses a step: first ask whether any step differs from `first` by more than
  // their least tolerances. A wrong gradient's smaller steps all agree with its estimate: it stops here.
  if (!probes.some(({ p, apriori }) => Math.abs(p.estimate - first.estimate) > first.tolerance + apriori + roundOff(p.width))) return confirmed();
  const steps: StepEstimate[] = [first];
  for (const { p, apriori } of probes) {
    const measured = p.measure();
    if (measured === null) break;
    const tolerance = Math.max(apriori, measured) + roundOff(p.width);
    steps.push({ step: p.width, estimate: p.estimate, tolerance, matches: Math.abs(p.estimate - g) <= tolerance });
  }
  const disagree = (a: StepEstimate, b: StepEstimate) => Math.abs(a.estimate - b.estimate) > a.tolerance + b.tolerance;
  const refuter = steps.slice(1).find((b) => disagree(first, b));
  if (!refuter) return confirmed();
  const judges = (a: StepEstimate) => a.tolerance <= SMALLER_STEP_FRACTION * Math.max(Math.abs(g), Math.abs(a.estimate), RESOLVE_FLOOR);
  const trusted = steps.filter((a, j) => j > 0 && judges(a) && !steps.slice(j + 1).some((b) => disagree(a, b)));
  const matching = trusted.filter((a) => a.matches);
  if (matching.length > 0) return { verdict: 'match', at: tightest(matching) };
  if (trusted.length >= 2) return { verdict: 'mismatch', at: tightest(trusted) };
  const at = (x: StepEstimate) => `${x.estimate.toPrecision(6)} at step ${x.step.toExponential(1)}`;
  return {
    verdict: 'unsettled',
    reason:
      `not smooth at the step's scale: smaller steps refute its estimate (${at(first)}, ${at(refuter)}, beyond both tolerances), ` +
      `and none down to step ${smallest.toExponential(1)} settles the derivative within ${SMALLER_STEP_FRACTION * 100}% of the gradient`,
  };
}

/** The losses at θ + up/2 and θ − down/2 and the central estimate between them. */
interface HalfStep {
  readonly plus: number;
  readonly minus: number;
  readonly D: number;
}

/** The half step of a central difference for one parameter; null when either nudge crosses a kink. */
function halfStep(network: Network, batch: Batch, cache: ForwardCache, ref: ParamRef, up: number, down: number): HalfStep | null {
  const plus = nudgedLoss(network, batch, cache, ref, up / 2);
  const minus = nudgedLoss(network, batch, cache, ref, -down / 2);
  if (plus.flipped !== 0 || minus.flipped !== 0) return null;
  return { plus: plus.loss, minus: minus.loss, D: (plus.loss - minus.loss) / ((up + down) / 2) };
}

/** 8/3 · |D(s) − D(s/2)|: twice Richardson's estimate of D(s)'s truncation error (D(s) − D(s/2) ≈ ¾ of it). */
const richardson = (D: number, half: HalfStep) => (8 / 3) * Math.abs(D - half.D);

/**
 * Whether the loss turns within ±s like a kink, from its values at θ (L0), θ + up, θ − down and the
 * half step: the difference of the one-sided slopes, J(s) = (L(θ+up) − L0)/up − (L0 − L(θ−down))/down,
 * is ≈ s·L'' for a loss smooth at that scale, so J(s/2) ≈ J(s)/2; for one that turns within a sliver
 * of the step (a softmax near a tie, seen from a step far wider than its turn) J(s/2) ≈ J(s). Returns
 * J(s) when J(s/2) is over ¾ of it (same sign) and |J(s)| exceeds both the disagreement to be settled
 * (a smaller turn cannot account for it) and 16R (J's rounding is at most ~R/4, J(s/2)'s ~R/2: a
 * smooth loss's J(s/2) stays below ⅝ of J(s)); else null.
 */
function turnsLikeKink(L0: number, plus: number, minus: number, half: HalfStep, up: number, down: number, disagreement: number, R: number): number | null {
  const J = (plus - L0) / up - (L0 - minus) / down;
  const Jhalf = (half.plus - L0) / (up / 2) - (L0 - half.minus) / (down / 2);
  return Math.abs(J) > Math.max(disagreement, 16 * R) && J * Jhalf > 0 && Math.abs(Jhalf) > 0.75 * Math.abs(J) ? J : null;
}

/** A central difference at `step` for one parameter; null when θ ± step rounds to θ, a nudge crosses a kink or the loss is not finite. */
function centralProbe(network: Network, batch: Batch, cache: ForwardCache, ref: ParamRef, theta: number, step: number): Probe | null {
  const up = theta + step - theta;
  const down = theta - (theta - step);
  if (!(up > 0 && down > 0)) return null;
  const plus = nudgedLoss(network, batch, cache, ref, up);
  const minus = nudgedLoss(network, batch, cache, ref, -down);
  if (plus.flipped !== 0 || minus.flipped !== 0) return null;
  const D = (plus.loss - minus.loss) / (up + down);
  if (!Number.isFinite(D)) return null;
  const measure = () => {
    const half = halfStep(network, batch, cache, ref, up, down);
    return half !== null && Number.isFinite(half.D) ? richardson(D, half) : null;
  };
  return { width: (up + down) / 2, estimate: D, measure };
}

function truncationRow(ref: ParamRef, g: number, D: number, s: number, T: number): FdRow {
  return unresolvable(ref, g, D, s, `truncation: the step ${s.toExponential(1)} is too large for the loss's curvature here (estimate error up to ${T.toExponential(1)}, above 1% of the gradient; try a smaller --h)`);
}

function value(network: Network, ref: ParamRef): number {
  const layer = network.layers[ref.layer];
  return ref.kind === 'W' ? layer.W[ref.index] : layer.b[ref.index];
}

function checkOne(network: Network, batch: Batch, cache: ForwardCache, ref: ParamRef, g: number, h: number, scale: number, marks: Uint8Array, baseLoss: (layer: number) => number): FdRow {
  const theta = value(network, ref);
  const s = stepFor(h, theta);
  if (!Number.isFinite(theta + s) || !Number.isFinite(theta - s)) return unresolvable(ref, g, null, s, `theta +- step overflows (theta = ${theta.toExponential(2)})`);
  const up = theta + s - theta;
  const down = theta - (theta - s);
  if (up === 0 || down === 0) return unresolvable(ref, g, null, s, `theta +- step rounds to theta (step ${s.toExponential(2)} is below theta's resolution)`);
  if (!Number.isFinite(g)) return unresolvable(ref, g, null, s, 'the float64 gradient is not finite');
  marks.fill(0);
  const plus = nudgedLoss(network, batch, cache, ref, up, marks);
  const minus = nudgedLoss(network, batch, cache, ref, -down, marks);
  if (!Number.isFinite(plus.loss) || !Number.isFinite(minus.loss)) return unresolvable(ref, g, null, s, 'the nudged loss is not finite');
  const D = (plus.loss - minus.loss) / (up + down);
  const half = (up + down) / 2;
  const R = (ROUNDOFF_FACTOR * EPS * scale) / half;
  // The scale of what is measured: the larger of the two values, so a wrong g of 0 cannot make a
  // clearly non-zero estimate "unresolvable".
  const size = Math.max(Math.abs(g), Math.abs(D), RESOLVE_FLOOR);
  if (R > RESOLVE_FRACTION * size) {
    return unresolvable(ref, g, D, s, `round-off: the loss (scale ${scale.toExponential(1)}) moves by less than its rounding over the step; estimate error up to ${R.toExponential(1)}`);
  }
  const kinkExamples = plus.flipped || minus.flipped ? marks.reduce((c, m) => c + m, 0) : 0;
  if (kinkExamples > 0) {
    const oneSided =
      smallerStepCheck(network, batch, cache, ref, g, up + down, scale, size) ??
      oneSidedCheck(network, batch, cache, ref, g, plus.flipped === 0 ? up : minus.flipped === 0 ? -down : 0, R, size);
    // A one-sided or smaller-step judgement whose own error bound is above 1% of the size accepts
    // too much to mean anything: not judged either.
    if (oneSided === null || oneSided.tolerance > RESOLVE_FRACTION * size) {
      // Neither a step below the nearest kink nor a one-sided difference could be formed: the row is
      // not judged (n/a), never counted as a match.
      return {
        ...unresolvable(ref, g, D, s, `kink: the step straddles a ReLU kink in ${kinkExamples} example${kinkExamples === 1 ? '' : 's'}, and neither a smaller step below the kink nor a one-sided difference resolves it`),
        kinkExamples,
      };
    }
    return { ref, analytical: g, estimate: D, step: s, tolerance: oneSided.tolerance, status: 'kink', ok: oneSided.matches, reason: null, kinkExamples, oneSided, smallerStep: null };
  }
  const delta = Math.abs(D - g);
  let halfMemo: HalfStep | null | undefined;
  const halved = () => (halfMemo === undefined ? (halfMemo = halfStep(network, batch, cache, ref, up, down)) : halfMemo);
  const turn = () => {
    const h2 = halved();
    return h2 === null ? null : turnsLikeKink(baseLoss(ref.layer), plus.loss, minus.loss, h2, up, down, delta, R);
  };
  // A disagreeing estimate is re-estimated at smaller steps before the row is called a mismatch.
  // `wide`: the step is too wide for the a-priori T (judged by the measured one), where the loss may
  // be piecewise linear at the step's scale and its estimate off (cond.json: -0.500 for -0.537) —
  // an agreeing estimate is re-estimated too, or a wrong gradient equal to that estimate matches.
  const judge = (T: number, wide = false): FdRow => {
    const tolerance = T + R;
    const row: FdRow = { ref, analytical: g, estimate: D, step: s, tolerance, status: 'match', ok: true, reason: null, kinkExamples: 0, oneSided: null, smallerStep: null };
    const agrees = delta <= tolerance;
    if (agrees && !wide) return row;
    const ladder = { size, scale, relative: h, floor: h };
    // An agreeing estimate that no smaller step refutes stands: no turn test (that one is for mismatches).
    const second = smallerSteps({ step: s, estimate: D, tolerance, matches: agrees }, g, ladder, (step) => centralProbe(network, batch, cache, ref, theta, step), agrees ? () => null : turn);
    if (agrees && second.verdict === 'confirmed') return row;
    if (second.verdict === 'unsettled') return unresolvable(ref, g, D, s, second.reason);
    if (second.verdict === 'match') return { ...row, smallerStep: second.at };
    return { ...row, status: 'mismatch', ok: false, smallerStep: second.verdict === 'mismatch' ? second.at : null };
  };
  let T = s * s * Math.max(1, Math.abs(g));
  if (T > RESOLVE_FRACTION * size) {
    // The a-priori bound would accept almost any gradient (at --h 0.5 it accepts a 10% error; at
    // 1e300 it is infinite). Up to RICHARDSON_MAX_H the truncation is measured instead (a saturated
    // unit's tiny gradient has a tiny L'''); past it, or when the measure is too large too, the row is
    // not judged: never a match.
    const h2 = h <= RICHARDSON_MAX_H ? halved() : null;
    const measured = h2 === null ? null : richardson(D, h2);
    if (measured === null || measured > RESOLVE_FRACTION * size) return truncationRow(ref, g, D, s, measured ?? T);
    return judge(measured, true);
  }
  if (delta > T + R) {
    // Richardson with the half step (which stays inside ±s, where no kink was crossed).
    const h2 = halved();
    if (h2 !== null) T = Math.max(T, richardson(D, h2));
    if (T > RESOLVE_FRACTION * size) return truncationRow(ref, g, D, s, T);
  }
  return judge(T);
}

/**
 * A central difference at half the distance to the nearest kink of the nudged unit
 * (min over examples of |z − kinkAt| / |∂z/∂θ|, kinkAt from the op table: 0 for ReLU), when that step is still resolvable and crosses no kink
 * anywhere above either; null otherwise (a z of exactly 0 has no such step).
 */
function smallerStepCheck(network: Network, batch: Batch, cache: ForwardCache, ref: ParamRef, g: number, width: number, scale: number, size: number): OneSided | null {
  const layer = network.layers[ref.layer];
  const { kinkAt } = activationRule(layer);
  if (ref.layer === network.layers.length - 1 || kinkAt === null) return null;
  const unit = ref.kind === 'W' ? Math.floor(ref.index / layer.inDim) : ref.index;
  const column = ref.kind === 'W' ? ref.index % layer.inDim : -1;
  let nearest = Infinity;
  for (let n = 0; n < batch.size; n++) {
    const slope = ref.kind === 'W' ? Math.abs(cache.input[ref.layer][n * layer.inDim + column]) : 1;
    if (slope > 0) nearest = Math.min(nearest, Math.abs(cache.z[ref.layer][n * layer.outDim + unit] - kinkAt) / slope);
  }
  const theta = value(network, ref);
  const s = Math.min(nearest / 2, width / 4);
  const up = theta + s - theta;
  const down = theta - (theta - s);
  if (!(up > 0 && down > 0)) return null;
  const R = (ROUNDOFF_FACTOR * EPS * scale) / ((up + down) / 2);
  // `size` is max(|g|, |D|, floor), as for the main rule: a wrong g of 0 must not make a clearly
  // non-zero slope unjudgeable.
  if (R > RESOLVE_FRACTION * size) return null;
  const plus = nudgedLoss(network, batch, cache, ref, up);
  const minus = nudgedLoss(network, batch, cache, ref, -down);
  if (plus.flipped > 0 || minus.flipped > 0) return null;
  const D = (plus.loss - minus.loss) / (up + down);
  const plus2 = nudgedLoss(network, batch, cache, ref, up / 2);
  const minus2 = nudgedLoss(network, batch, cache, ref, -down / 2);
  // Richardson with the half step (which crosses no kink either: z is linear in θ on each side):
  // D(s) − D(s/2) ≈ ¾ of D(s)'s error; twice the estimate, as for the main rule.
  const T = Math.max(s * s * Math.max(1, Math.abs(g)), (8 / 3) * Math.abs(D - (plus2.loss - minus2.loss) / ((up + down) / 2)));
  const tolerance = T + R;
  return { side: 'smaller-step', step: s, estimate: D, tolerance, matches: Math.abs(D - g) <= tolerance };
}

/**
 * A forward (delta > 0) or backward (delta < 0) difference on a side that crosses no kink; null
 * when there is none. Its error, ~s·L''/2, is measured against the half step (4·|D₁(s) − D₁(s/2)|,
 * twice the estimate). Where the loss bends sharply close to θ (a softmax near a tie at large
 * logits) that measure can miss, so a disagreeing estimate is retried at steps 10, 100 and 1000
 * times smaller while the loss still resolves them: a correct gradient converges, a wrong one does not.
 */
function oneSidedCheck(network: Network, batch: Batch, cache: ForwardCache, ref: ParamRef, g: number, delta: number, R: number, size: number): OneSided | null {
  if (delta === 0) return null;
  const base = nudgedLoss(network, batch, cache, ref, 0).loss;
  const at = (d: number) => (nudgedLoss(network, batch, cache, ref, d).loss - base) / d;
  let result: OneSided | null = null;
  // A smaller step is tried only while its round-off stays a tenth of the disagreement it is to
  // settle, so a match there still means something (a 0.1% error is not rounded away).
  for (let k = 0, d = delta, Rk = 2 * R; k < 4; k++, d /= 10, Rk *= 10) {
    if (result && Rk > Math.min(RESOLVE_FRACTION * size, Math.abs(result.estimate - g) / 10)) break;
    const D1 = at(d);
    const tolerance = 4 * Math.abs(D1 - at(d / 2)) + Rk;
    result = { side: delta > 0 ? 'forward' : 'backward', step: Math.abs(d), estimate: D1, tolerance, matches: Math.abs(D1 - g) <= tolerance };
    if (result.matches) break;
  }
  return result;
}

/** A seeded unit direction over every parameter (Gaussian entries, normalised). */
function randomDirection(network: Network, seed: number): Network {
  const next = rng(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
  const layers = network.layers.map((l) => ({ inDim: l.inDim, outDim: l.outDim, W: l.W.map(gauss), b: l.b.map(gauss) }));
  let norm = 0;
  for (const l of layers) for (const x of [...l.W, ...l.b]) norm += x * x;
  norm = Math.sqrt(norm);
  for (const l of layers) {
    l.W.forEach((x, i) => (l.W[i] = x / norm));
    l.b.forEach((x, i) => (l.b[i] = x / norm));
  }
  return { layers };
}

/**
 * To first order, the smallest t > 0 at which some hidden pre-activation of some example reaches its
 * kink along θ + t·v: |z − kinkAt| / |dz/dt|, dz/dt by forward-mode (tangent) propagation through the
 * unnudged pass (dz_l = vW_l·a_(l−1) + W_l·da_(l−1) + vb_l, da = f'(z)·dz). Infinity without kinks.
 */
function nearestKinkAlong(network: Network, batch: Batch, cache: ForwardCache, v: Network): number {
  let nearest = Infinity;
  let dIn: Float64Array | null = null;
  for (let l = 0; l < network.layers.length - 1; l++) {
    const layer = network.layers[l];
    const vl = v.layers[l];
    const { kinkAt, derivative } = activationRule(layer);
    const { inDim, outDim } = layer;
    const input = cache.input[l];
    const z = cache.z[l];
    const a = cache.input[l + 1];
    const dA = new Float64Array(batch.size * outDim);
    for (let n = 0; n < batch.size; n++) {
      for (let i = 0; i < outDim; i++) {
        let t = vl.b[i];
        for (let k = 0; k < inDim; k++) {
          t += vl.W[i * inDim + k] * input[n * inDim + k];
          if (dIn) t += layer.W[i * inDim + k] * dIn[n * inDim + k];
        }
        if (kinkAt !== null && t !== 0) nearest = Math.min(nearest, Math.abs(z[n * outDim + i] - kinkAt) / Math.abs(t));
        dA[n * outDim + i] = derivative(a[n * outDim + i]) * t;
      }
    }
    dIn = dA;
  }
  return nearest;
}

function directionCheck(network: Network, batch: Batch, cache: ForwardCache, record: PassRecord, h: number, seed: number, scale: number): DirectionCheck {
  const v = randomDirection(network, seed);
  let gv = 0;
  let norm = 0;
  network.layers.forEach((l, k) => {
    l.W.forEach((w, i) => ((gv += record.grads.dW[k][i] * v.layers[k].W[i]), (norm += w * w)));
    l.b.forEach((b, i) => ((gv += record.grads.db[k][i] * v.layers[k].b[i]), (norm += b * b)));
  });
  // Each parameter moves by about s/√P = h·rms(θ): the direction's step scales with ‖θ‖ as one parameter's does with |θ|.
  const s0 = stepFor(h, Math.sqrt(norm));
  const marks = new Uint8Array(batch.size);
  const at = (s: number, m?: Uint8Array) => {
    const plus = directionLoss(network, batch, cache, v, s, m);
    const minus = directionLoss(network, batch, cache, v, -s, m);
    return { D: (plus.loss - minus.loss) / (2 * s), flipped: plus.flipped + minus.flipped, plus: plus.loss, minus: minus.loss };
  };
  const first = at(s0, marks);
  const kinkExamples = marks.reduce((c, m) => c + m, 0);
  const notJudged = (step: number, estimate: number, reason: string): DirectionCheck =>
    ({ seed, step, analytical: gv, estimate, tolerance: Infinity, status: 'unresolvable', ok: true, reason, kinkExamples, smallerStep: null });
  if (!Number.isFinite(first.D) || !Number.isFinite(gv)) return notJudged(s0, first.D, 'the loss or gradient along the direction is not finite');
  let step = s0;
  let judgedAt = first;
  if (kinkExamples > 0) {
    // Every unit moves along v, so in a large batch some example crosses a kink: judge instead at
    // half the (first-order) distance to the nearest kink along v, shrunk until no example crosses
    // one (z bends in deeper layers); a kinked central difference is never counted as agreeing.
    step = Math.min(nearestKinkAlong(network, batch, cache, v) / 2, s0 / 4);
    let found = false;
    for (let tries = 0; tries < 6 && step > 0 && Number.isFinite(step); tries++, step /= 4) {
      const r = at(step);
      if (r.flipped === 0 && Number.isFinite(r.D)) {
        judgedAt = r;
        found = true;
        break;
      }
    }
    if (!found) return notJudged(s0, first.D, `kink: the step crosses a ReLU kink in ${kinkExamples} examples, and no smaller step tried crosses none`);
  }
  const D = judgedAt.D;
  const R = (ROUNDOFF_FACTOR * EPS * scale) / step;
  const size = Math.max(Math.abs(gv), Math.abs(D), RESOLVE_FLOOR);
  const where = kinkExamples > 0 ? ` (at step ${step.toExponential(1)}, below the nearest ReLU kink along the direction)` : '';
  if (R > RESOLVE_FRACTION * size) return notJudged(step, D, `round-off: estimate error up to ${R.toExponential(1)}${where}`);
  let T = step * step * Math.max(1, Math.abs(gv));
  if (T > RESOLVE_FRACTION * size) return notJudged(step, D, `truncation: estimate error up to ${T.toExponential(1)}; try a smaller --h`);
  const delta = Math.abs(D - gv);
  let halfMemo: ReturnType<typeof at> | undefined;
  const halved = () => (halfMemo ??= at(step / 2));
  if (delta > T + R) {
    const half = halved();
    if (half.flipped === 0) T = Math.max(T, richardson(D, half));
    if (T > RESOLVE_FRACTION * size) return notJudged(step, D, `truncation: estimate error up to ${T.toExponential(1)}${where}`);
  }
  const tolerance = T + R;
  // A direction judged below the nearest kink reports how many examples the first step crossed in.
  const agrees: DirectionCheck = { seed, step, analytical: gv, estimate: D, tolerance, status: kinkExamples > 0 ? 'kink' : 'match', ok: true, reason: null, kinkExamples, smallerStep: null };
  if (delta <= tolerance) return agrees;
  // A disagreeing estimate is re-estimated at smaller steps, as a row's is.
  const probe = (st: number) => {
    const a = at(st);
    const measure = () => {
      const b = at(st / 2);
      return b.flipped === 0 && Number.isFinite(b.D) ? richardson(a.D, b) : null;
    };
    return a.flipped === 0 && Number.isFinite(a.D) ? { width: st, estimate: a.D, measure } : null;
  };
  const turn = () => {
    const half = halved();
    return half.flipped === 0 ? turnsLikeKink(directionLoss(network, batch, cache, v, 0).loss, judgedAt.plus, judgedAt.minus, half, step, step, delta, R) : null;
  };
  const ladder = { size, scale, relative: step / Math.max(1, Math.sqrt(norm)), floor: h };
  const second = smallerSteps({ step, estimate: D, tolerance, matches: false }, gv, ladder, probe, turn);
  if (second.verdict === 'unsettled') return notJudged(step, D, second.reason);
  if (second.verdict === 'match') return { ...agrees, smallerStep: second.at };
  return { ...agrees, status: 'mismatch', ok: false, smallerStep: second.verdict === 'mismatch' ? second.at : null };
}

/** Seeded sample of SAMPLE_PER_TENSOR indices (sorted) from each W_l and b_l; indices into parameterRefs. */
function sampleIndices(network: Network, seed: number): number[] {
  const next = rng(seed);
  const picked: number[] = [];
  let offset = 0;
  for (const layer of network.layers) {
    for (const size of [layer.W.length, layer.b.length]) {
      const take = Math.min(size, SAMPLE_PER_TENSOR);
      const chosen = new Set<number>();
      // Floyd's algorithm: `take` distinct indices of `size` without building the whole range.
      for (let j = size - take; j < size; j++) {
        const t = Math.floor(next() * (j + 1));
        chosen.add(chosen.has(t) ? j : t);
      }
      picked.push(...[...chosen].sort((a, b) => a - b).map((i) => offset + i));
      offset += size;
    }
  }
  return picked;
}

/**
 * The check, for the network and batch of `record` (the unnudged float64 pass, with intermediates).
 * Throws InputError for an --h no parameter can use, or a batch that does not fit the network or
 * holds a NaN or ±Infinity (checkShapes: the record is trusted to be of this batch, not assumed to
 * have checked it).
 */
export function checkGradients(network: Network, batch: Batch, record: PassRecord, opts: CheckOptions = {}): FdCheck {
  checkShapes(network, batch, { scanWeights: false });
  const h = opts.h ?? DEFAULT_H;
  checkStep(network, h);
  const refs = parameterRefs(network);
  const cache = forwardCache(batch, record);
  const scale = lossScale(record);
  const seed = opts.seed ?? DEFAULT_FD_SEED;
  const sampled = opts.mode !== 'all' && fullCheckCost(network, batch.size) > (opts.budget ?? FD_ALL_BUDGET);
  const indices = sampled ? sampleIndices(network, seed) : refs.map((_, i) => i);
  const rows: (FdRow | null)[] = new Array(refs.length).fill(null);
  const marks = new Uint8Array(batch.size);
  // The unnudged loss recomputed from each layer up (rounded as the nudged ones are), when asked.
  const base = new Map<number, number>();
  const baseLoss = (layer: number) => {
    if (!base.has(layer)) base.set(layer, nudgedLoss(network, batch, cache, refs.find((r) => r.layer === layer)!, 0).loss);
    return base.get(layer)!;
  };
  indices.forEach((i, done) => {
    if (opts.onProgress && done % 64 === 0) opts.onProgress(done, indices.length);
    rows[i] = checkOne(network, batch, cache, refs[i], gradientAt(record.grads, refs[i]), h, scale, marks, baseLoss);
  });
  opts.onProgress?.(indices.length, indices.length);
  return {
    h,
    rows,
    checked: indices.length,
    total: refs.length,
    sample: sampled ? { mode: 'sample', seed, perTensor: SAMPLE_PER_TENSOR } : { mode: 'all' },
    direction: sampled ? directionCheck(network, batch, cache, record, h, seed, scale) : null,
  };
}

/** The check's estimates as gradients (NaN where a parameter was not checked or had no estimate). */
export function estimatesOf(network: Network, check: FdCheck): { dW: Float64Array[]; db: Float64Array[] } {
  const dW = network.layers.map((l) => new Float64Array(l.W.length).fill(NaN));
  const db = network.layers.map((l) => new Float64Array(l.b.length).fill(NaN));
  for (const row of check.rows) if (row && row.estimate !== null) (row.ref.kind === 'W' ? dW : db)[row.ref.layer][row.ref.index] = row.estimate;
  return { dW, db };
}
