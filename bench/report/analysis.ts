/**
 * Derived figures: examples/s, effective GB/s, fraction of the read roofline, speed-ups over each
 * peer, the CPU/GPU crossover per network, and the targets.
 */
import { batchBytes } from '../plan.js';
import type { Cell, ImplInfo } from '../protocol.js';

export interface Row {
  readonly impl: string;
  readonly network: string;
  readonly dims: readonly number[];
  readonly batch: number;
  readonly cell: Cell;
  /** Null unless the cell was timed. */
  readonly examplesPerS: number | null;
  readonly gbPerS: number | null;
  /** roofline time / this time: 1 means as fast as only reading the batch. */
  readonly rooflineFraction: number | null;
  /** This implementation's examples/s ÷ each peer's, same network and batch. */
  readonly speedup: Record<string, number>;
}

export function rate(c: Cell | undefined): number | null {
  return c && c.status === 'ok' && c.ms ? c.batch / (c.ms.median / 1000) : null;
}

export function buildRows(cells: readonly Cell[], impls: readonly ImplInfo[], dimsOf: (network: string) => readonly number[]): Row[] {
  const peers = impls.filter((i) => !i.ours).map((i) => i.id);
  const at = (impl: string, network: string, batch: number) => cells.find((c) => c.impl === impl && c.network === network && c.batch === batch);
  return cells
    .filter((c) => c.impl !== 'fixed')
    .map((c) => {
      const dims = dimsOf(c.network);
      const eps = rate(c);
      const roof = at('roofline', c.network, c.batch);
      const speedup: Record<string, number> = {};
      if (eps !== null && c.impl !== 'roofline') {
        for (const p of peers) {
          const pr = rate(at(p, c.network, c.batch));
          if (pr !== null && p !== c.impl) speedup[p] = eps / pr;
        }
      }
      return {
        impl: c.impl,
        network: c.network,
        dims,
        batch: c.batch,
        cell: c,
        examplesPerS: eps,
        gbPerS: eps !== null && c.ms ? batchBytes(dims, c.batch) / (c.ms.median / 1000) / 1e9 : null,
        rooflineFraction: eps !== null && c.ms && roof?.ms && roof.status === 'ok' ? roof.ms.median / c.ms.median : null,
        speedup,
      };
    });
}

export interface Crossover {
  readonly network: string;
  readonly gpu: string;
  readonly cpu: string;
  /** Per batch: best GPU ÷ best CPU examples/s (both named). */
  readonly ratios: { batch: number; gpuImpl: string; cpuImpl: string; ratio: number }[];
  /** The batch below which the CPU wins (log-log interpolated between measured batches), or null. */
  readonly estimate: number | null;
  readonly text: string;
}

function best(rows: readonly Row[], ids: readonly string[], network: string, batch: number): { impl: string; eps: number } | null {
  let b: { impl: string; eps: number } | null = null;
  for (const r of rows) {
    if (r.network !== network || r.batch !== batch || !ids.includes(r.impl) || r.examplesPerS === null) continue;
    if (!b || r.examplesPerS > b.eps) b = { impl: r.impl, eps: r.examplesPerS };
  }
  return b;
}

export function crossovers(rows: readonly Row[], impls: readonly ImplInfo[], networks: readonly { name: string; batches: readonly number[] }[]): Crossover[] {
  const oursIds = impls.filter((i) => i.ours).map((i) => i.id);
  const gpuIds = impls.filter((i) => i.device === 'gpu').map((i) => i.id);
  const cpuIds = impls.filter((i) => i.device === 'cpu').map((i) => i.id);
  return networks.map(({ name, batches }) => {
    const oursMeasured = rows.some((r) => r.network === name && oursIds.includes(r.impl) && r.examplesPerS !== null);
    const gIds = oursMeasured ? oursIds : gpuIds;
    const gpuLabel = oursMeasured ? 'ours (best of per-op, fused)' : 'best GPU peer (ours not measured)';
    const ratios: Crossover['ratios'] = [];
    for (const b of batches) {
      const g = best(rows, gIds, name, b);
      const c = best(rows, cpuIds, name, b);
      if (g && c) ratios.push({ batch: b, gpuImpl: g.impl, cpuImpl: c.impl, ratio: g.eps / c.eps });
    }
    let estimate: number | null = null;
    let text: string;
    if (!ratios.length) text = 'not measured (no batch with both a GPU and a CPU figure)';
    else {
      // the first batch from which the GPU wins at every larger measured batch
      let k = ratios.length;
      while (k > 0 && ratios[k - 1].ratio >= 1) k--;
      if (k === ratios.length) text = `the CPU wins at every batch where both were measured (up to ${fmtBatch(ratios[ratios.length - 1].batch)})`;
      else if (k === 0) text = `the GPU wins at every measured batch, from ${fmtBatch(ratios[0].batch)}`;
      else {
        const lo = ratios[k - 1];
        const hi = ratios[k];
        const t = (0 - Math.log(lo.ratio)) / (Math.log(hi.ratio) - Math.log(lo.ratio));
        estimate = Math.round(Math.exp(Math.log(lo.batch) + t * (Math.log(hi.batch) - Math.log(lo.batch))));
        text = `the CPU wins below ~${fmtBatch(estimate)} (CPU ahead at ${fmtBatch(lo.batch)}: ${lo.cpuImpl} ${(1 / lo.ratio).toFixed(2)}×; GPU ahead at ${fmtBatch(hi.batch)}: ${hi.gpuImpl} ${hi.ratio.toFixed(2)}×)`;
      }
    }
    return { network: name, gpu: gpuLabel, cpu: 'best CPU implementation', ratios, estimate, text };
  });
}

export interface TargetCheck {
  readonly target: string;
  readonly network: string;
  readonly batch: number;
  readonly value: number | null;
  readonly need: number;
  readonly met: boolean | null;
  readonly detail: string;
}

/** Measured examples/s, else the one the budget skip extrapolated (flagged). */
function rateOrEstimate(r: Row | undefined): { eps: number; extrapolated: boolean } | null {
  if (!r) return null;
  if (r.examplesPerS !== null) return { eps: r.examplesPerS, extrapolated: false };
  if (r.cell.status === 'skipped' && r.cell.estimatedMs) return { eps: r.batch / (r.cell.estimatedMs / 1000), extrapolated: true };
  return null;
}

/**
 * The targets. A side that was skipped on the budget enters with its extrapolated rate; such
 * a comparison can show a miss (met: false, "extrapolated") but never claims a target met (met: null).
 */
export function targets(rows: readonly Row[], impls: readonly ImplInfo[]): TargetCheck[] {
  const out: TargetCheck[] = [];
  const peers = impls.filter((i) => !i.ours).map((i) => i.id);
  const get = (impl: string, network: string, batch: number) => rows.find((r) => r.impl === impl && r.network === network && r.batch === batch);
  const keys = [...new Set(rows.map((r) => `${r.network}|${r.batch}`))].map((k) => {
    const [network, batch] = k.split('|');
    return { network, batch: Number(batch) };
  });
  const judge = (v: number, need: number, extrapolated: boolean): boolean | null => (v >= need ? (extrapolated ? null : true) : false);
  const ex = (e: boolean) => (e ? ' (extrapolated: over the time budget)' : '');
  for (const { network, batch } of keys) {
    if (batch >= 4096 && (network === '2-3-2' || network === '784-128-10')) {
      const f = rateOrEstimate(get('fused', network, batch));
      const p = best(rows, peers, network, batch);
      const v = f && p ? f.eps / p.eps : null;
      out.push({
        target: 'fused ≥ 2× the best peer (batch ≥ 4096)',
        network,
        batch,
        value: v,
        need: 2,
        met: v === null ? null : judge(v, 2, f!.extrapolated),
        detail: v === null ? (f ? 'no peer measured' : `fused not measured (${get('fused', network, batch)?.cell.reason ?? 'unavailable'})`) : `fused ${fmtRate(f!.eps)}${ex(f!.extrapolated)} vs ${p!.impl} ${fmtRate(p!.eps)}`,
      });
    }
    if (network === '2-3-2' && batch >= 2 ** 18) {
      const fr = get('fused', network, batch);
      const f = rateOrEstimate(fr);
      const roof = rateOrEstimate(get('roofline', network, batch));
      const v = f && roof && !roof.extrapolated ? f.eps / roof.eps : null;
      out.push({
        target: 'fused ≥ 50 % of the read roofline (2-3-2, batch ≥ 2^18)',
        network,
        batch,
        value: v,
        need: 0.5,
        met: v === null ? null : judge(v, 0.5, f!.extrapolated),
        detail: v === null ? 'fused or roofline not measured' : `fused ${fmtRate(f!.eps)}${ex(f!.extrapolated)} = ${(v * 100).toFixed(0)} % of the roofline ${fmtRate(roof!.eps)}`,
      });
    }
    if (batch >= 65536) {
      const po = rateOrEstimate(get('per-op', network, batch));
      const f64 = rateOrEstimate(get('f64-loop', network, batch));
      const v = po && f64 ? po.eps / f64.eps : null;
      // both extrapolated from their own smaller batches: still a like-for-like estimate
      const extrapolated = Boolean(po?.extrapolated || f64?.extrapolated);
      out.push({
        target: 'per-op ≥ the float64 loop (batch ≥ 65536)',
        network,
        batch,
        value: v,
        need: 1,
        met: v === null ? null : judge(v, 1, extrapolated),
        detail:
          v === null
            ? `${po ? 'float64 loop' : 'per-op'} not measured`
            : `per-op ${fmtRate(po!.eps)}${ex(po!.extrapolated)} vs float64 loop ${fmtRate(f64!.eps)}${ex(f64!.extrapolated)}`,
      });
    }
  }
  return out;
}

export function fmtBatch(n: number): string {
  if (n >= 1024 && Number.isInteger(Math.log2(n)) && n % 1024 === 0) {
    const k = Math.log2(n);
    return k >= 17 ? `2^${k}` : String(n);
  }
  return String(n);
}

export function fmtRate(eps: number): string {
  if (eps >= 1e9) return `${(eps / 1e9).toFixed(2)} G/s`;
  if (eps >= 1e6) return `${(eps / 1e6).toFixed(2)} M/s`;
  if (eps >= 1e3) return `${(eps / 1e3).toFixed(1)} K/s`;
  return `${eps.toFixed(0)} /s`;
}
