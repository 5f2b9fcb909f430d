/**
 * The loss curve as a standalone SVG (`train --plot`): loss on a log axis against the step, decade
 * grid lines, one polyline. Written by hand — a few lines, no DOM, no dependency: the chart
 * libraries made for this (uPlot, Observable Plot) need a document, which the CLI does not have.
 */

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** The label of decade 10^e: 0.01 … 100 plainly, else 1e-3, 1e+3 (from e, so 1e+309 past float64's range still reads right). */
function tick(e: number): string {
  return e >= -2 && e <= 2 ? String(Number((10 ** e).toPrecision(3))) : `1e${e < 0 ? '-' : '+'}${Math.abs(e)}`;
}

/** Up to this many steps are named where a loss was left off; the rest are counted. */
const NAMED_STEPS = 5;

const listed = (steps: readonly number[], ks: number[]) => {
  const named = ks.slice(0, NAMED_STEPS).map((k) => steps[k]);
  return `step${ks.length === 1 ? '' : 's'} ${named.join(', ')}${ks.length > NAMED_STEPS ? `, … (${ks.length - NAMED_STEPS} more)` : ''}`;
};
const indices = (losses: readonly number[], keep: (l: number) => boolean) => losses.flatMap((l, k) => (keep(l) ? [k] : []));

/**
 * The recorded losses that are not finite, as `2 not finite (Infinity at steps 6, 12)`; null when
 * all are. A run whose weights stay finite can still overflow its loss (logits of 1e308).
 */
export function nonFiniteLosses(steps: readonly number[], losses: readonly number[]): string | null {
  const ks = indices(losses, (l) => !Number.isFinite(l));
  if (ks.length === 0) return null;
  const kinds = [...new Set(ks.map((k) => String(losses[k])))];
  return `${ks.length} not finite (${kinds.join(' or ')} at ${listed(steps, ks)})`;
}

/**
 * The recorded losses a log axis cannot draw, as one line: `2 not finite (Infinity at steps 6, 12);
 * 3 of 0, no place on a log axis (at steps 7, 8, 9)`; null when every one can be drawn. A loss of exactly 0 (a perfect
 * fit, in float64 or float32) has no place on a log axis; NaN and ±Infinity have none anywhere.
 * The plot and `train`'s text report both say it, so a point is never dropped unsaid.
 */
export function lossesNotDrawn(steps: readonly number[], losses: readonly number[]): string | null {
  const parts: string[] = [];
  const nonFinite = nonFiniteLosses(steps, losses);
  if (nonFinite !== null) parts.push(nonFinite);
  const zero = indices(losses, (l) => l === 0);
  if (zero.length > 0) parts.push(`${zero.length} of 0, no place on a log axis (at ${listed(steps, zero)})`);
  const negative = indices(losses, (l) => l < 0);
  if (negative.length > 0) parts.push(`${negative.length} below 0 (at ${listed(steps, negative)})`);
  return parts.length === 0 ? null : parts.join('; ');
}

/** `steps[k]` is the step whose loss is `losses[k]` (finite, > 0 for the log axis; the others are left off the curve and named above it). */
export function lossCurveSvg(steps: readonly number[], losses: readonly number[], title: string): string {
  const W = 720;
  const H = 420;
  const m = { left: 70, right: 24, top: 48, bottom: 52 };
  const pw = W - m.left - m.right;
  const ph = H - m.top - m.bottom;
  const points = steps.map((s, k) => [s, losses[k]] as const).filter(([, l]) => Number.isFinite(l) && l > 0);
  // The x axis spans every recorded step, drawn or not, so a run whose last losses overflowed does not look shorter.
  const xMax = Math.max(1, ...steps);
  const ys = points.map(([, l]) => Math.log10(l));
  const yLo = Math.floor(Math.min(0, ...ys));
  const yHi = Math.ceil(Math.max(yLo + 1, ...ys));
  const sx = (s: number) => m.left + (s / xMax) * pw;
  const syLog = (e: number) => m.top + ph - ((e - yLo) / (yHi - yLo)) * ph;
  const sy = (l: number) => syLog(Math.log10(l));
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="Helvetica, Arial, sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="${W / 2}" y="26" text-anchor="middle" font-size="15" font-weight="bold">${esc(title)}</text>`,
    `<rect x="${m.left}" y="${m.top}" width="${pw}" height="${ph}" fill="#fbfbfb" stroke="#999"/>`,
  ];
  const notDrawn = lossesNotDrawn(steps, losses);
  if (notDrawn !== null) out.push(`<text x="${W / 2}" y="42" text-anchor="middle" fill="#b00">${esc(`not drawn: ${notDrawn}`)}</text>`);
  // Every decade gets a grid line and a label while a label fits (~16 px); past that (a diverging
  // run spans hundreds of decades) every k-th does, so the labels never run into one another.
  const every = Math.max(1, Math.ceil((16 * (yHi - yLo)) / ph));
  for (let e = Math.ceil(yLo / every) * every; e <= yHi; e += every) {
    const y = syLog(e);
    out.push(`<line x1="${m.left}" x2="${m.left + pw}" y1="${y}" y2="${y}" stroke="#e2e2e2"/>`);
    out.push(`<text x="${m.left - 8}" y="${y + 4}" text-anchor="end">${tick(e)}</text>`);
  }
  for (let k = 0; k <= 4; k++) {
    const s = Math.round((xMax * k) / 4);
    out.push(`<text x="${sx(s)}" y="${m.top + ph + 18}" text-anchor="middle">${s}</text>`);
  }
  out.push(`<text x="${m.left + pw / 2}" y="${H - 12}" text-anchor="middle" font-size="13">step</text>`);
  out.push(`<text transform="translate(14 ${m.top + ph / 2}) rotate(-90)" text-anchor="middle" font-size="13">loss (batch-mean cross-entropy, log scale)</text>`);
  if (points.length > 0) {
    const d = points.map(([s, l], k) => `${k ? 'L' : 'M'}${sx(s).toFixed(1)},${sy(l).toFixed(1)}`).join(' ');
    out.push(`<path d="${d}" fill="none" stroke="#d62728" stroke-width="2"/>`);
  }
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
