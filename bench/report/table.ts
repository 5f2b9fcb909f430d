/** The terminal table: one row per (implementation, network, batch). */
import { fmtMs } from '../timing.js';
import { fmtBatch, fmtRate, type Crossover, type Row, type TargetCheck } from './analysis.js';
import type { FixedCost, ImplInfo } from '../protocol.js';

const SHORT: Record<string, string> = {
  'f64-loop': 'f64',
  'f32-loop': 'f32',
  'tfjs-cpu': 'tf-cpu',
  'jax-wasm': 'jax-wasm',
  'tfjs-webgpu': 'tf-gpu',
  'jax-webgpu': 'jax-gpu',
};

function pad(s: string, w: number, right = false): string {
  return right ? s.padStart(w) : s.padEnd(w);
}

export function renderTable(rows: readonly Row[], impls: readonly ImplInfo[], order: readonly string[]): string {
  const peers = impls.filter((i) => !i.ours).map((i) => i.id);
  const header = ['implementation', 'network', 'batch', 'median ms', '(min–max)', 'GPU ms', 'examples/s', 'GB/s', 'GFLOP/s', 'roof', ...peers.map((p) => `×${SHORT[p] ?? p}`)];
  const lines: string[][] = [];
  const sorted = [...rows].sort(
    (a, b) => a.network.localeCompare(b.network) || a.batch - b.batch || order.indexOf(a.impl) - order.indexOf(b.impl),
  );
  let lastKey = '';
  for (const r of sorted) {
    const key = `${r.network}|${r.batch}`;
    if (lastKey && key !== lastKey) lines.push([]);
    lastKey = key;
    const c = r.cell;
    if (c.status !== 'ok' || !c.ms) {
      const why = c.status === 'skipped' ? 'skipped' : c.status === 'wrong' ? 'WRONG ANSWER' : 'failed';
      lines.push([r.impl, r.network, fmtBatch(r.batch), why, '', '', '', '', '', '', ...peers.map(() => ''), `${c.reason ?? ''}`]);
      continue;
    }
    lines.push([
      r.impl,
      r.network,
      fmtBatch(r.batch),
      fmtMs(c.ms.median),
      `${fmtMs(c.ms.min)}–${fmtMs(c.ms.max)}`,
      c.gpuMs ? fmtMs(c.gpuMs.median) : '',
      fmtRate(r.examplesPerS!),
      r.gbPerS! >= 0.01 ? r.gbPerS!.toFixed(2) : r.gbPerS!.toExponential(0),
      c.gflops === undefined ? '' : c.gflops.toFixed(c.gflops < 1 ? 3 : 1),
      r.rooflineFraction === null ? '' : `${(r.rooflineFraction * 100).toFixed(r.rooflineFraction < 0.01 ? 2 : 0)}%`,
      ...peers.map((p) => (r.speedup[p] === undefined ? '' : fmtX(r.speedup[p]))),
    ]);
    if (c.kernelMs?.length) {
      const parts = c.kernelMs.map((k) => `${k.kernel} ${fmtMs(k.ms)}${k.gflops === undefined ? '' : ` (${k.gflops.toFixed(1)} GFLOP/s)`}`);
      lines.push(['', '', '', 'GPU time per kernel', '', '', '', '', '', '', ...peers.map(() => ''), parts.join(', ')]);
    }
  }
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l.length > header.length && i === 3 ? 0 : (l[i] ?? '').length))));
  const right = new Set([2, 3, 5, 6, 7, 8, 9, ...peers.map((_, i) => 10 + i)]);
  const fmt = (l: string[]) =>
    l.length > header.length
      ? `${l.slice(0, 3).map((s, i) => pad(s, widths[i], right.has(i))).join('  ')}  ${l[3]}: ${l[l.length - 1]}`
      : l.map((s, i) => pad(s, widths[i], right.has(i))).join('  ').trimEnd();
  const sep = widths.map((w) => '─'.repeat(w)).join('  ');
  return [fmt(header), sep, ...lines.map((l) => (l.length ? fmt(l) : ''))].join('\n');
}

export function fmtX(x: number): string {
  return x >= 100 ? `${x.toFixed(0)}×` : x >= 10 ? `${x.toFixed(1)}×` : `${x.toFixed(2)}×`;
}

export function renderSummary(crossover: readonly Crossover[], targets: readonly TargetCheck[], fixed: FixedCost | null): string {
  const out: string[] = [];
  if (fixed) out.push(`fixed cost of one dispatch + 16-byte readback: ${fmtMs(fixed.ms.median)} (min ${fmtMs(fixed.ms.min)})`);
  for (const c of crossover) out.push(`crossover ${c.network}: ${c.text}`);
  if (targets.length) {
    out.push('targets:');
    for (const t of targets) {
      const mark = t.met === null ? '  ?  ' : t.met ? ' met ' : ' MISS';
      const v = t.value === null ? '' : t.target.includes('%') ? ` ${(t.value * 100).toFixed(0)}%` : ` ${fmtX(t.value)}`;
      out.push(`  [${mark}] ${t.target} — ${t.network} @ ${fmtBatch(t.batch)}:${v} (${t.detail})`);
    }
  }
  return out.join('\n');
}
