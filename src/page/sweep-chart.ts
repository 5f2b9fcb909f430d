/** The h sweep's log–log chart, drawn with uPlot (loaded only when a sweep is drawn). */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { HSweep } from '../hsweep/h-sweep.js';

function decades(lo: number, hi: number, step: number): number[] {
  const out: number[] = [];
  for (let e = lo; e <= hi; e += step) out.push(10 ** e);
  return out;
}

/** CSS px between the centres of two h-axis labels ("1e-12" is ~32 px wide in uPlot's 12 px font). */
const LABEL_SPACING_PX = 44;
/** CSS px between two y-axis labels at narrow width (uPlot's own spacing for a y axis). */
const Y_LABEL_SPACING_PX = 30;
/**
 * Below this chart width (a phone's: 280–460 px) the minor gridlines and ticks (2·10^k … 9·10^k) are
 * left out: at 360 px they fell under a pixel apart on both axes and greyed the whole plot. The
 * desktop chart (760 px) keeps them, as before.
 */
const NARROW_CHART_PX = 560;
/** CSS px at least between two decade gridlines at narrow width. */
const LINE_SPACING_PX = 8;

/** The length of one decade on `scale` in CSS px. */
function decadePx(u: uPlot, scale: 'x' | 'y'): number {
  return Math.abs(u.valToPos(1, scale) - u.valToPos(0.1, scale));
}

/**
 * Decades marked on an axis: gridlines every `lines` decades (1 unless a decade is narrower than
 * LINE_SPACING_PX), labels every `labels` decades, a multiple of `lines` so each label has its line.
 */
function decadeSteps(decade: number, labelSpacing: number): { lines: number; labels: number } {
  if (!(decade > 0)) return { lines: 1, labels: 1 };
  const lines = Math.max(1, Math.ceil(LINE_SPACING_PX / decade));
  return { lines, labels: lines * Math.max(1, Math.ceil(labelSpacing / (lines * decade))) };
}

/** `v` when it is a decade 10^e with e a multiple of `step` (by exponent, so 1e-12, 1e-9, … stay regular), else null. */
function decadeEvery(v: number | null, step: number): number | null {
  if (v == null || !(v > 0)) return null;
  const e = Math.round(Math.log10(v));
  return Math.abs(Math.log10(v) - e) < 1e-9 && e % step === 0 ? v : null;
}

/** Tick labels: decades only, every `step`-th — twelve decades in ~200 px ran into one another. */
function decadeLabels(ticks: readonly (number | null)[], step: number): string[] {
  return ticks.map((v) => decadeEvery(v, step)?.toExponential(0) ?? '');
}

/**
 * A log axis's options. At desktop width uPlot's own gridlines (every 1–9·10^k) and label choice
 * stay; at narrow width (NARROW_CHART_PX) the gridlines and ticks mark decades only, thinned to
 * LINE_SPACING_PX, and the labels sit on them. The h axis always labels decades only.
 */
function logAxis(base: uPlot.Axis, scale: 'x' | 'y', narrow: boolean, labelSpacing: number): uPlot.Axis {
  const steps = (u: uPlot) => decadeSteps(decadePx(u, scale), labelSpacing);
  const format = (ticks: readonly (number | null)[]) => ticks.map((v) => (v == null ? '' : v.toExponential(0)));
  if (!narrow) return { ...base, values: scale === 'x' ? (u, ticks) => decadeLabels(ticks, steps(u).labels) : (_, ticks) => format(ticks) };
  const decadesOnly: uPlot.Axis.Filter = (u, splits) => splits.map((v) => decadeEvery(v, steps(u).lines));
  return {
    ...base,
    // Every split reaches values(), which picks the labels by exponent (uPlot's own choice counts from the top).
    filter: (_, splits) => splits,
    values: (u, ticks) => decadeLabels(ticks, steps(u).labels),
    grid: { ...base.grid, filter: decadesOnly },
    ticks: { ...base.ticks, filter: decadesOnly },
  };
}

export function drawSweep(target: HTMLElement, sweep: HSweep): uPlot {
  // Values below FLOOR (the fitted truncation line goes far below anything measured) are left out.
  const FLOOR = 1e-18;
  const positive = (values: readonly number[]) => values.map((v) => (v > FLOOR && Number.isFinite(v) ? v : null));
  const best = (k: 0 | 1) => sweep.hs.map((hh, n) => (hh === sweep.curves[k].bestH ? sweep.curves[k].error[n] || null : null));
  // uPlot wants x ascending: h from 1e-12 up to 1e-1.
  const rev = <T>(a: readonly T[]) => [...a].reverse();
  const data: uPlot.AlignedData = [
    rev(sweep.hs),
    rev(positive(sweep.curves[0].error)),
    rev(positive(sweep.curves[1].error)),
    rev(positive(sweep.truncation)),
    rev(positive(sweep.curves[0].roundoff)),
    rev(positive(sweep.curves[1].roundoff)),
    rev(best(0)),
    rev(best(1)),
  ];
  const shown = data.slice(1).flatMap((series) => (series as (number | null)[]).filter((v): v is number => v !== null));
  const yLo = Math.floor(Math.log10(Math.min(...shown)));
  const yHi = Math.ceil(Math.log10(Math.max(...shown)));
  const css = getComputedStyle(document.documentElement);
  const pos = css.getPropertyValue('--pos').trim() || '#1f63d8';
  const neg = css.getPropertyValue('--neg').trim() || '#d33a2c';
  const fg = css.getPropertyValue('--muted').trim() || '#666';
  const axis = { stroke: fg, grid: { stroke: 'rgba(128,128,128,0.2)' }, ticks: { stroke: 'rgba(128,128,128,0.3)' } };
  const width = Math.max(280, Math.min(760, target.clientWidth || 600));
  const narrow = width < NARROW_CHART_PX;
  const opts: uPlot.Options = {
    width,
    height: Math.round(width * 0.55),
    scales: { x: { time: false, distr: 3 }, y: { distr: 3 } },
    axes: [
      logAxis({ ...axis, label: 'h' }, 'x', narrow, LABEL_SPACING_PX),
      logAxis({ ...axis, label: '|fd − analytical|', size: 70 }, 'y', narrow, Y_LABEL_SPACING_PX),
    ],
    legend: { show: true },
    series: [
      { label: 'h', value: (_, v) => (v == null ? '-' : v.toExponential(1)) },
      { label: 'float64', stroke: pos, width: 2, points: { show: true, size: 4 } },
      { label: 'float32', stroke: neg, width: 2, points: { show: true, size: 4 } },
      { label: 'truncation C·h²', stroke: fg, dash: [6, 4], width: 1, points: { show: false } },
      { label: 'round-off ε64|L|/h', stroke: pos, dash: [3, 3], width: 1, points: { show: false } },
      { label: 'round-off ε32|L|/h', stroke: neg, dash: [3, 3], width: 1, points: { show: false } },
      { label: 'best h (f64)', stroke: pos, width: 0, points: { show: true, size: 12, width: 2, fill: 'transparent' } },
      { label: 'best h (f32)', stroke: neg, width: 0, points: { show: true, size: 12, width: 2, fill: 'transparent' } },
    ],
  };
  return new uPlot(opts, data, target);
}
