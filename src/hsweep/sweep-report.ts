/** The h sweep as the CLI prints it (a table) and draws it (a log–log SVG, no dependencies). */
import { sci2 } from '../print/format.js';
import type { HSweep } from './h-sweep.js';

export function renderSweepTable(sweep: HSweep): string[] {
  const [f64, f32] = sweep.curves;
  const col = (t: string, w = 12) => t.padStart(w);
  const header = `${col('h', 9)}${col('fd float64', 14)}${col('|err| f64', 11)}${col('fd float32', 14)}${col('|err| f32', 11)}${col('C·h²', 11)}${col('ε64|L|/h', 11)}${col('ε32|L|/h', 11)}`;
  return [
    `h sweep for ${sweep.param}: analytical (float64 backprop) ${sweep.analytical.toPrecision(12)}, L = ${sweep.loss.toPrecision(8)}`,
    `float32 finite differences: ${f32.source}`,
    '',
    header,
    '-'.repeat(header.length),
    ...sweep.hs.map(
      (h, k) =>
        `${col(sci2(h), 9)}${col(f64.fd[k].toPrecision(8), 14)}${col(sci2(f64.error[k]), 11)}${col(f32.fd[k].toPrecision(8), 14)}${col(sci2(f32.error[k]), 11)}${col(sci2(sweep.truncation[k]), 11)}${col(sci2(f64.roundoff[k]), 11)}${col(sci2(f32.roundoff[k]), 11)}`,
    ),
    '',
    `best h: float64 ${sci2(f64.bestH)} (|err| ${sci2(Math.min(...f64.error))}), float32 ${sci2(f32.bestH)} (|err| ${sci2(Math.min(...f32.error))})`,
    'truncation error falls as h² (C fitted at h = 1e-1); round-off grows as ε·|L|/h; the best h is where they cross',
  ];
}

function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A log–log plot of the sweep: both measured curves, both asymptotes dashed, best h marked. */
export function renderSweepSvg(sweep: HSweep): string {
  const W = 720;
  const H = 440;
  const m = { l: 70, r: 20, t: 40, b: 50 };
  const all = [...sweep.curves.flatMap((c) => c.error), ...sweep.truncation].filter((v) => v > 0 && Number.isFinite(v));
  const yMin = Math.floor(Math.log10(Math.min(...all)));
  const yMax = Math.ceil(Math.log10(Math.max(...all)));
  const xMin = -12;
  const xMax = -1;
  const X = (h: number) => m.l + ((Math.log10(h) - xMin) / (xMax - xMin)) * (W - m.l - m.r);
  const Y = (v: number) => m.t + ((yMax - Math.log10(Math.max(v, 10 ** yMin))) / (yMax - yMin)) * (H - m.t - m.b);
  const path = (ys: readonly number[]) =>
    sweep.hs
      .map((h, k) => [h, ys[k]] as const)
      .filter(([, v]) => v > 0 && Number.isFinite(v))
      .map(([h, v], n) => `${n === 0 ? 'M' : 'L'}${X(h).toFixed(1)},${Y(v).toFixed(1)}`)
      .join(' ');
  const colors = { float64: '#1f63d8', float32: '#d33a2c' };
  const parts: string[] = [];
  for (let e = xMin; e <= xMax; e++) parts.push(`<line x1="${X(10 ** e)}" y1="${m.t}" x2="${X(10 ** e)}" y2="${H - m.b}" stroke="#ddd"/><text x="${X(10 ** e)}" y="${H - m.b + 16}" text-anchor="middle">1e${e}</text>`);
  for (let e = yMin; e <= yMax; e += Math.max(1, Math.round((yMax - yMin) / 8))) parts.push(`<line x1="${m.l}" y1="${Y(10 ** e)}" x2="${W - m.r}" y2="${Y(10 ** e)}" stroke="#ddd"/><text x="${m.l - 6}" y="${Y(10 ** e) + 4}" text-anchor="end">1e${e}</text>`);
  parts.push(`<path d="${path(sweep.truncation)}" fill="none" stroke="#555" stroke-dasharray="6 4"/>`);
  for (const c of sweep.curves) {
    parts.push(`<path d="${path(c.roundoff)}" fill="none" stroke="${colors[c.precision]}" stroke-opacity="0.5" stroke-dasharray="3 3"/>`);
    parts.push(`<path d="${path(c.error)}" fill="none" stroke="${colors[c.precision]}" stroke-width="2"/>`);
    const k = sweep.hs.indexOf(c.bestH);
    parts.push(`<circle cx="${X(c.bestH)}" cy="${Y(c.error[k])}" r="5" fill="none" stroke="${colors[c.precision]}" stroke-width="2"/><text x="${X(c.bestH)}" y="${Y(c.error[k]) + 20}" text-anchor="middle" fill="${colors[c.precision]}">best h ${c.bestH.toExponential(1)}</text>`);
  }
  const legend = [
    ['#1f63d8', '', `|fd − analytical|, float64`],
    ['#d33a2c', '', `|fd − analytical|, float32 (${sweep.curves[1].source})`],
    ['#555', '6 4', 'truncation ~ C·h²'],
    ['#888', '3 3', 'round-off ~ ε·|L|/h'],
  ];
  legend.forEach(([color, dash, text], n) => parts.push(`<line x1="${m.l + 10}" y1="${m.t + 12 + n * 16}" x2="${m.l + 40}" y2="${m.t + 12 + n * 16}" stroke="${color}" stroke-width="2" ${dash ? `stroke-dasharray="${dash}"` : ''}/><text x="${m.l + 46}" y="${m.t + 16 + n * 16}">${esc(text)}</text>`));
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="#fff"/>`,
    `<text x="${W / 2}" y="22" text-anchor="middle" font-size="14">h sweep for ${esc(sweep.param)}: |fd − analytical| against h (log–log)</text>`,
    ...parts,
    `<text x="${(m.l + W - m.r) / 2}" y="${H - 10}" text-anchor="middle">h</text>`,
    '</svg>',
    '',
  ].join('\n');
}
