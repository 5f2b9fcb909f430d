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

/**
 * The h axis's tick labels: decades only, and at phone width only every 2nd, 3rd, … decade (by
 * exponent, so 1e-12, 1e-9, … stay regular) — twelve decades in ~200 px ran into one another.
 * `decadePx` is the width of one decade on the plot in CSS px.
 */
function decadeLabels(ticks: readonly (number | null)[], decadePx: number): string[] {
  const step = decadePx > 0 ? Math.max(1, Math.ceil(LABEL_SPACING_PX / decadePx)) : 1;
  return ticks.map((v) => {
    if (v == null || !(v > 0)) return '';
    const e = Math.round(Math.log10(v));
    return Math.abs(Math.log10(v) - e) < 1e-9 && e % step === 0 ? v.toExponential(0) : '';
  });
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
      { ...axis, label: 'h', values: (u, ticks) => decadeLabels(ticks, u.valToPos(1, 'x') - u.valToPos(0.1, 'x')) },
      { ...axis, label: '|fd − analytical|', size: 70, values: (_, ticks) => ticks.map((v) => (v == null ? '' : v.toExponential(0))) },
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
