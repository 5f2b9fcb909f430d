/** The h sweep's log–log chart, drawn with uPlot (loaded only when a sweep is drawn). */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { HSweep } from '../hsweep/h-sweep.js';

/** CSS px between the centres of two h-axis labels ("1e-12" is ~32 px wide in uPlot's 12 px font). */
const LABEL_SPACING_PX = 44;
/** CSS px between two y-axis labels (uPlot's own spacing for a y axis). */
const Y_LABEL_SPACING_PX = 30;
/**
 * CSS px at least between two neighbouring gridlines (and ticks) on either axis, at any width: uPlot
 * draws every 1–9·10^k, which at 360 px fell under a pixel apart on both axes and at 760 px put the
 * y axis's ~200 lines 0–4 px apart, greying the plot.
 */
const LINE_SPACING_PX = 8;

/** The length of one decade on `scale` in CSS px. */
function decadePx(u: uPlot, scale: 'x' | 'y'): number {
  return Math.abs(u.valToPos(1, scale) - u.valToPos(0.1, scale));
}

/**
 * What an axis marks, from the length of one decade in CSS px: gridlines at the decades every
 * `lines` decades (1 unless a decade is narrower than LINE_SPACING_PX); within each decade, minor
 * gridlines at 2·10^k … `minor`·10^k (none when `minor` is 1), as many as keep every two
 * neighbouring lines LINE_SPACING_PX apart — on a log axis they crowd towards the next decade, so
 * the widest-spaced come first; labels every `labels` decades, a multiple of `lines` so each label
 * has its line.
 */
function axisMarks(decade: number, labelSpacing: number): { lines: number; minor: number; labels: number } {
  if (!(decade > 0)) return { lines: 1, minor: 1, labels: 1 };
  const lines = Math.max(1, Math.ceil(LINE_SPACING_PX / decade));
  // Adding (m+1)·10^k narrows two gaps: to m·10^k and to the next decade; the others are wider.
  let minor = 1;
  while (minor < 9 && decade * Math.min(Math.log10((minor + 1) / minor), Math.log10(10 / (minor + 1))) >= LINE_SPACING_PX) minor++;
  return { lines, minor, labels: lines * Math.max(1, Math.ceil(labelSpacing / (lines * decade))) };
}

/** `v` as m·10^e with m a whole number from 1 to 9 (to 1e-9 in log10: uPlot's splits are sums), else null. */
function multipleOfDecade(v: number | null): { m: number; e: number } | null {
  if (v == null || !(v > 0)) return null;
  const e = Math.floor(Math.log10(v) + 1e-9);
  const m = Math.round(v / 10 ** e);
  return m >= 1 && m <= 9 && Math.abs(Math.log10(v / m) - e) < 1e-9 ? { m, e } : null;
}

/** Tick labels: decades only, every `step`-th by exponent (so 1e-12, 1e-9, … stay regular; uPlot's own choice counts from the top). */
function decadeLabels(ticks: readonly (number | null)[], step: number): string[] {
  return ticks.map((v) => {
    const at = multipleOfDecade(v);
    return at && at.m === 1 && at.e % step === 0 ? v!.toExponential(0) : '';
  });
}

/**
 * A log axis's options, the same rule at every width (axisMarks): gridlines and ticks at the decades,
 * thinned to LINE_SPACING_PX, and at the minor multiples that fit; labels on decade ticks.
 */
function logAxis(base: uPlot.Axis, scale: 'x' | 'y', labelSpacing: number): uPlot.Axis {
  const marks = (u: uPlot) => axisMarks(decadePx(u, scale), labelSpacing);
  const marked: uPlot.Axis.Filter = (u, splits) => {
    const { lines, minor } = marks(u);
    return splits.map((v) => {
      const at = multipleOfDecade(v);
      return at && (at.m === 1 ? at.e % lines === 0 : at.m <= minor) ? v : null;
    });
  };
  return {
    ...base,
    // Every split reaches values(), which picks the labels.
    filter: (_, splits) => splits,
    values: (u, ticks) => decadeLabels(ticks, marks(u).labels),
    grid: { ...base.grid, filter: marked },
    ticks: { ...base.ticks, filter: marked },
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
  const opts: uPlot.Options = {
    width,
    height: Math.round(width * 0.55),
    scales: { x: { time: false, distr: 3 }, y: { distr: 3 } },
    axes: [
      logAxis({ ...axis, label: 'h' }, 'x', LABEL_SPACING_PX),
      logAxis({ ...axis, label: '|fd − analytical|', size: 70 }, 'y', Y_LABEL_SPACING_PX),
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
