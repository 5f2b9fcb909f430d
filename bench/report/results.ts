/** The JSON record, the SVG (+ PNG when rsvg-convert is there) and the README snippet. */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { basename, join } from 'node:path';
import type { AdapterInfoLite } from '../gpu-env.js';
import { fmtBatch, fmtRate, type Crossover, type Row, type TargetCheck } from './analysis.js';
import { fmtX } from './table.js';
import { fmtMs } from '../timing.js';

export function versions(): Record<string, string> {
  const v: Record<string, string> = { node: process.versions.node, v8: process.versions.v8 };
  for (const name of ['webgpu', '@tensorflow/tfjs', '@tensorflow/tfjs-backend-webgpu', '@jax-js/jax', 'vite', 'typescript']) {
    try {
      v[name] = JSON.parse(readFileSync(join(process.cwd(), 'node_modules', name, 'package.json'), 'utf8')).version;
    } catch {
      v[name] = 'unknown';
    }
  }
  try {
    v['gradient-trace'] = JSON.parse(readFileSync(join(process.cwd(), 'package.json'), 'utf8')).version;
  } catch {
    /* not run from the repo root */
  }
  return v;
}

export function machine(): Record<string, unknown> {
  return { platform: process.platform, arch: process.arch, cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', memGiB: Math.round(totalmem() / 2 ** 30), loadavgAtEnd: loadavg() };
}

export function adapterSlug(a: AdapterInfoLite | null): string {
  if (!a) return 'no-adapter';
  const s = [a.vendor, a.architecture].filter(Boolean).join('-') || a.description || 'adapter';
  return s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'adapter';
}

export function writeJson(path: string, data: unknown): void {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, JSON.stringify(data, (_, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v), 2) + '\n');
}

/** SVG → PNG with rsvg-convert when installed; returns the PNG path or why not. */
export function toPng(svgPath: string): { png: string | null; note: string } {
  const png = svgPath.replace(/\.svg$/, '.png');
  for (const bin of ['/usr/bin/rsvg-convert', '/usr/local/bin/rsvg-convert']) {
    if (!existsSync(bin)) continue;
    try {
      execFileSync(bin, ['-o', png, svgPath], { stdio: 'ignore', timeout: 30_000 });
      return { png, note: `rendered with ${bin}` };
    } catch (e) {
      return { png: null, note: `rsvg-convert failed: ${(e as Error).message.split('\n')[0]}` };
    }
  }
  return { png: null, note: 'rsvg-convert not installed (apt-get install librsvg2-bin) — SVG only' };
}

/** A Markdown block for the README: the plot and a short table of median examples/s. */
export function readmeSnippet(opts: {
  svgName: string;
  rows: readonly Row[];
  order: readonly string[];
  labels: Record<string, string>;
  networks: readonly { name: string; batches: readonly number[] }[];
  adapterText: string;
  date: string;
  crossover: readonly Crossover[];
  targets: readonly TargetCheck[];
  fixedMs: number | null;
}): string {
  const out: string[] = [];
  out.push(`### Benchmark: batched gradients (${opts.adapterText}, ${opts.date})`, '');
  out.push(`![examples per second vs batch size](bench/results/${basename(opts.svgName)})`, '');
  out.push('Median examples per second, gradients back on the CPU (`npm run bench`; full figures in the JSON beside the plot):', '');
  for (const net of opts.networks) {
    const batches = net.batches;
    out.push(`**${net.name}**`, '');
    out.push(`| implementation | ${batches.map(fmtBatch).join(' | ')} |`);
    out.push(`|---|${batches.map(() => '---:').join('|')}|`);
    for (const id of opts.order) {
      const cells = batches.map((b) => {
        const r = opts.rows.find((x) => x.impl === id && x.network === net.name && x.batch === b);
        if (!r) return '';
        if (r.examplesPerS !== null) return fmtRate(r.examplesPerS).replace(' ', '\u00a0');
        return r.cell.status === 'skipped' ? 'skip' : r.cell.status === 'wrong' ? 'wrong' : 'fail';
      });
      if (cells.every((c) => c === '')) continue;
      out.push(`| ${id === 'roofline' ? '*read roofline*' : opts.labels[id] ?? id} | ${cells.join(' | ')} |`);
    }
    out.push('');
  }
  if (opts.fixedMs !== null) out.push(`One dispatch + 16-byte readback costs ${fmtMs(opts.fixedMs)} on this adapter. "skip": over the per-cell time budget.`, '');
  for (const c of opts.crossover) out.push(`- Crossover, ${c.network}: ${c.text}.`);
  const missed = opts.targets.filter((t) => t.met === false);
  const met = opts.targets.filter((t) => t.met === true);
  if (opts.targets.length) out.push(`- Targets: ${met.length} met, ${missed.length} missed, ${opts.targets.length - met.length - missed.length} not measured${missed.length ? ` (missed: ${missed.map((t) => `${t.network}@${fmtBatch(t.batch)} ${t.value === null ? '' : t.target.includes('%') ? (t.value * 100).toFixed(0) + '%' : fmtX(t.value)}`).join(', ')})` : ''}.`);
  return out.join('\n') + '\n';
}
