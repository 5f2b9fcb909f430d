/**
 * The plot, written by hand: examples/s against batch size, log-log, one panel per network, one line
 * per implementation, the read roofline dashed.
 */
import { fmtBatch, type Row } from './analysis.js';

export interface Series {
  readonly id: string;
  readonly label: string;
  readonly color: string;
  readonly ours: boolean;
}

const COLORS: Record<string, string> = {
  fused: '#d62728',
  'per-op': '#ff7f0e',
  'f64-loop': '#1f77b4',
  'f32-loop': '#17becf',
  'tfjs-cpu': '#8c564b',
  'tfjs-webgpu': '#e377c2',
  'jax-wasm': '#2ca02c',
  'jax-webgpu': '#9467bd',
  roofline: '#222222',
};

export function colorOf(id: string): string {
  return COLORS[id] ?? '#7f7f7f';
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function fmtTick(v: number): string {
  if (v >= 1e9) return `${v / 1e9}G`;
  if (v >= 1e6) return `${v / 1e6}M`;
  if (v >= 1e3) return `${v / 1e3}K`;
  return String(v);
}

export function renderSvg(rows: readonly Row[], series: readonly Series[], networks: readonly { name: string; batches: readonly number[] }[], title: string, subtitle: string): string {
  const panelW = 520;
  const panelH = 380;
  const margin = { left: 78, right: 24, top: 78, bottom: 58 };
  const legendH = 26 * Math.ceil(series.length / 3) + 24;
  const width = margin.left + networks.length * (panelW + margin.right + margin.left) - margin.left;
  const height = margin.top + panelH + margin.bottom + legendH;
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif">`);
  parts.push(`<rect width="100%" height="100%" fill="#ffffff"/>`);
  parts.push(`<text x="${width / 2}" y="28" text-anchor="middle" font-size="19" font-weight="bold">${esc(title)}</text>`);
  parts.push(`<text x="${width / 2}" y="50" text-anchor="middle" font-size="13" fill="#555">${esc(subtitle)}</text>`);

  networks.forEach((net, p) => {
    const x0 = margin.left + p * (panelW + margin.right + margin.left);
    const y0 = margin.top;
    const pts = rows.filter((r) => r.network === net.name && r.examplesPerS !== null);
    const xs = net.batches;
    const lx = (b: number) => Math.log10(b);
    const xMin = lx(Math.min(...xs)) - 0.15;
    const xMax = lx(Math.max(...xs)) + 0.15;
    const ys = pts.map((r) => r.examplesPerS!).filter(Number.isFinite);
    const yMin = Math.floor(Math.log10(Math.max(1e-3, Math.min(...(ys.length ? ys : [1])))));
    const yMax = Math.ceil(Math.log10(Math.max(...(ys.length ? ys : [10]))) + 0.05);
    const sx = (b: number) => x0 + ((lx(b) - xMin) / (xMax - xMin)) * panelW;
    const sy = (v: number) => y0 + panelH - ((Math.log10(v) - yMin) / Math.max(1, yMax - yMin)) * panelH;
    parts.push(`<g>`);
    parts.push(`<rect x="${x0}" y="${y0}" width="${panelW}" height="${panelH}" fill="#fbfbfb" stroke="#999"/>`);
    for (let e = yMin; e <= yMax; e++) {
      const y = sy(10 ** e);
      parts.push(`<line x1="${x0}" x2="${x0 + panelW}" y1="${y}" y2="${y}" stroke="#e2e2e2"/>`);
      parts.push(`<text x="${x0 - 8}" y="${y + 4}" text-anchor="end" font-size="12" fill="#333">${fmtTick(10 ** e)}</text>`);
    }
    for (const b of xs) {
      const x = sx(b);
      parts.push(`<line x1="${x}" x2="${x}" y1="${y0}" y2="${y0 + panelH}" stroke="#eeeeee"/>`);
      parts.push(`<text x="${x}" y="${y0 + panelH + 18}" text-anchor="middle" font-size="12" fill="#333">${fmtBatch(b)}</text>`);
    }
    parts.push(`<text x="${x0 + panelW / 2}" y="${y0 + panelH + 40}" text-anchor="middle" font-size="13">batch size (examples)</text>`);
    parts.push(`<text transform="translate(${x0 - 58} ${y0 + panelH / 2}) rotate(-90)" text-anchor="middle" font-size="13">examples per second</text>`);
    parts.push(`<text x="${x0 + panelW / 2}" y="${y0 - 10}" text-anchor="middle" font-size="15" font-weight="bold">${esc(net.name)}</text>`);
    // draw peers first, ours last (on top), roofline dashed
    const ordered = [...series].sort((a, b) => Number(a.ours) - Number(b.ours));
    for (const s of ordered) {
      const line = pts.filter((r) => r.impl === s.id).sort((a, b) => a.batch - b.batch);
      if (!line.length) continue;
      const d = line.map((r, i) => `${i ? 'L' : 'M'}${sx(r.batch).toFixed(1)},${sy(r.examplesPerS!).toFixed(1)}`).join(' ');
      const roof = s.id === 'roofline';
      const w = s.ours ? 3 : roof ? 2 : 1.8;
      parts.push(`<path d="${d}" fill="none" stroke="${s.color}" stroke-width="${w}"${roof ? ' stroke-dasharray="7,5"' : ''}/>`);
      if (!roof) for (const r of line) parts.push(`<circle cx="${sx(r.batch).toFixed(1)}" cy="${sy(r.examplesPerS!).toFixed(1)}" r="${s.ours ? 4 : 3}" fill="${s.color}"/>`);
    }
    parts.push(`</g>`);
  });

  parts.push(`<text x="${width - 12}" y="${height - 8}" text-anchor="end" font-size="11" fill="#777">a line ends where the next run would exceed the per-cell time budget (see the JSON)</text>`);
  // legend
  const ly = margin.top + panelH + margin.bottom + 8;
  const colW = Math.floor(width / 3);
  series.forEach((s, i) => {
    const x = 30 + (i % 3) * colW;
    const y = ly + Math.floor(i / 3) * 26;
    const roof = s.id === 'roofline';
    parts.push(`<line x1="${x}" x2="${x + 34}" y1="${y}" y2="${y}" stroke="${s.color}" stroke-width="${s.ours ? 3 : 2}"${roof ? ' stroke-dasharray="7,5"' : ''}/>`);
    parts.push(`<text x="${x + 42}" y="${y + 4}" font-size="13"${s.ours ? ' font-weight="bold"' : ''}>${esc(s.label)}</text>`);
  });
  parts.push(`</svg>`);
  return parts.join('\n') + '\n';
}
