/**
 * The loss curve as a standalone SVG (`train --plot`): loss on a log axis against the step, decade
 * grid lines, one polyline. Written by hand — a few lines, no DOM, no dependency: the chart
 * libraries made for this (uPlot, Observable Plot) need a document, which the CLI does not have.
 */

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function tick(v: number): string {
  return v >= 0.01 && v < 1000 ? String(Number(v.toPrecision(3))) : v.toExponential(0);
}

/** `steps[k]` is the step whose loss is `losses[k]` (finite, > 0 for the log axis; others are left out). */
export function lossCurveSvg(steps: readonly number[], losses: readonly number[], title: string): string {
  const W = 720;
  const H = 420;
  const m = { left: 70, right: 24, top: 48, bottom: 52 };
  const pw = W - m.left - m.right;
  const ph = H - m.top - m.bottom;
  const points = steps.map((s, k) => [s, losses[k]] as const).filter(([, l]) => Number.isFinite(l) && l > 0);
  const xMax = Math.max(1, ...points.map(([s]) => s));
  const ys = points.map(([, l]) => Math.log10(l));
  const yLo = Math.floor(Math.min(0, ...ys));
  const yHi = Math.ceil(Math.max(yLo + 1, ...ys));
  const sx = (s: number) => m.left + (s / xMax) * pw;
  const sy = (l: number) => m.top + ph - ((Math.log10(l) - yLo) / (yHi - yLo)) * ph;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="Helvetica, Arial, sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="${W / 2}" y="26" text-anchor="middle" font-size="15" font-weight="bold">${esc(title)}</text>`,
    `<rect x="${m.left}" y="${m.top}" width="${pw}" height="${ph}" fill="#fbfbfb" stroke="#999"/>`,
  ];
  for (let e = yLo; e <= yHi; e++) {
    const y = sy(10 ** e);
    out.push(`<line x1="${m.left}" x2="${m.left + pw}" y1="${y}" y2="${y}" stroke="#e2e2e2"/>`);
    out.push(`<text x="${m.left - 8}" y="${y + 4}" text-anchor="end">${tick(10 ** e)}</text>`);
  }
  for (let k = 0; k <= 4; k++) {
    const s = Math.round((xMax * k) / 4);
    out.push(`<text x="${sx(s)}" y="${m.top + ph + 18}" text-anchor="middle">${s}</text>`);
  }
  out.push(`<text x="${m.left + pw / 2}" y="${H - 12}" text-anchor="middle" font-size="13">step</text>`);
  out.push(`<text transform="translate(20 ${m.top + ph / 2}) rotate(-90)" text-anchor="middle" font-size="13">loss (batch-mean cross-entropy, log scale)</text>`);
  if (points.length > 0) {
    const d = points.map(([s, l], k) => `${k ? 'L' : 'M'}${sx(s).toFixed(1)},${sy(l).toFixed(1)}`).join(' ');
    out.push(`<path d="${d}" fill="none" stroke="#d62728" stroke-width="2"/>`);
  }
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
