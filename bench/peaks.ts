/**
 * What fraction of a GPU's peaks each benchmark cell reaches: memory bandwidth (the batch's bytes
 * read per second, as the read roofline counts them) and FP32 arithmetic (the pass's FLOP per second,
 * bench/flops.ts). Used by bench/device.sh after a run on a real GPU.
 *
 *   node dist/bench-peaks/peaks.js RESULTS.json ["NVIDIA H200"] [--peak-gbps N --peak-tflops N]
 *
 * Peaks are the vendor's figures for the board: FP32 = CUDA cores × 2 FLOP (one FMA) × boost clock,
 * bandwidth from the datasheet. Written out so each can be checked.
 */
import { readFileSync } from 'node:fs';
import { batchBytes } from './plan.js';
import { passFlopsPerExample } from './flops.js';

export interface GpuPeaks {
  readonly name: string;
  /** Memory bandwidth, GB/s (10^9 bytes). */
  readonly gbps: number;
  /** FP32 (non-tensor) peak, TFLOP/s. */
  readonly tflops: number;
  /** Where the figures come from. */
  readonly source: string;
}

const fp32 = (cores: number, boostGHz: number) => Math.round(((cores * 2 * boostGHz) / 1000) * 10) / 10;

/** Known boards; `match` is tried against nvidia-smi's name (e.g. "NVIDIA H200", "NVIDIA A100-SXM4-80GB"). */
export const KNOWN_GPUS: readonly (GpuPeaks & { readonly match: RegExp })[] = [
  { match: /H200/i, name: 'NVIDIA H200 (SXM)', gbps: 4800, tflops: fp32(16896, 1.98), source: 'HBM3e 4.8 TB/s; 16 896 CUDA cores × 2 × 1.98 GHz' },
  { match: /H100.*PCIe/i, name: 'NVIDIA H100 PCIe', gbps: 2000, tflops: fp32(14592, 1.755), source: 'HBM2e 2.0 TB/s; 14 592 cores × 2 × 1.755 GHz' },
  { match: /H100/i, name: 'NVIDIA H100 (SXM)', gbps: 3350, tflops: fp32(16896, 1.98), source: 'HBM3 3.35 TB/s; 16 896 cores × 2 × 1.98 GHz' },
  { match: /A100.*40GB/i, name: 'NVIDIA A100 40GB', gbps: 1555, tflops: fp32(6912, 1.41), source: 'HBM2 1.555 TB/s; 6 912 cores × 2 × 1.41 GHz' },
  { match: /A100/i, name: 'NVIDIA A100 80GB', gbps: 2039, tflops: fp32(6912, 1.41), source: 'HBM2e 2.039 TB/s (SXM); 6 912 cores × 2 × 1.41 GHz' },
  { match: /L40S/i, name: 'NVIDIA L40S', gbps: 864, tflops: fp32(18176, 2.52), source: 'GDDR6 864 GB/s; 18 176 cores × 2 × 2.52 GHz' },
  { match: /\bL4\b/i, name: 'NVIDIA L4', gbps: 300, tflops: fp32(7424, 2.04), source: 'GDDR6 300 GB/s; 7 424 cores × 2 × 2.04 GHz' },
  { match: /\bA10\b/i, name: 'NVIDIA A10', gbps: 600, tflops: fp32(9216, 1.695), source: 'GDDR6 600 GB/s; 9 216 cores × 2 × 1.695 GHz' },
  { match: /\bT4\b/i, name: 'NVIDIA T4', gbps: 320, tflops: fp32(2560, 1.59), source: 'GDDR6 320 GB/s; 2 560 cores × 2 × 1.59 GHz' },
  { match: /4090/i, name: 'NVIDIA GeForce RTX 4090', gbps: 1008, tflops: fp32(16384, 2.52), source: 'GDDR6X 1008 GB/s; 16 384 cores × 2 × 2.52 GHz' },
];

export function findPeaks(gpuName: string): GpuPeaks | null {
  return KNOWN_GPUS.find((g) => g.match.test(gpuName)) ?? null;
}

export interface CellFractions {
  readonly impl: string;
  readonly network: string;
  readonly batch: number;
  readonly examplesPerS: number;
  readonly gbps: number;
  readonly gflops: number;
  /** gbps / peak bandwidth, 0–1. */
  readonly bandwidth: number;
  /** gflops / FP32 peak, 0–1. */
  readonly fp32: number;
}

/** One timed cell's rates and its fractions of the peaks. `medianMs` is one run over `batch` examples. */
export function cellFractions(cell: { impl: string; network: string; batch: number; medianMs: number }, peaks: Pick<GpuPeaks, 'gbps' | 'tflops'>): CellFractions {
  const dims = cell.network.split('-').map(Number);
  const seconds = cell.medianMs / 1000;
  const gbps = batchBytes(dims, cell.batch) / seconds / 1e9;
  const gflops = (passFlopsPerExample(dims) * cell.batch) / seconds / 1e9;
  return {
    impl: cell.impl,
    network: cell.network,
    batch: cell.batch,
    examplesPerS: cell.batch / seconds,
    gbps,
    gflops,
    bandwidth: gbps / peaks.gbps,
    fp32: gflops / (peaks.tflops * 1000),
  };
}

const pct = (x: number) => (x >= 0.001 ? `${(x * 100).toFixed(x < 0.1 ? 2 : 1)} %` : `${(x * 100).toExponential(1)} %`);

/** The table device.sh prints: every ok cell of a results JSON with its fractions. */
export function fractionsTable(results: { rows: { impl: string; network: string; batch: number; status: string; ms?: { median: number } }[] }, peaks: GpuPeaks): string {
  const lines = [
    `peaks: ${peaks.name}: ${peaks.gbps} GB/s, ${peaks.tflops} TFLOP/s FP32 (${peaks.source})`,
    'implementation  network       batch      examples/s     GB/s  of bandwidth   GFLOP/s  of FP32 peak',
  ];
  for (const r of results.rows) {
    if (r.status !== 'ok' || !r.ms || r.impl === 'fixed') continue;
    const f = cellFractions({ impl: r.impl, network: r.network, batch: r.batch, medianMs: r.ms.median }, peaks);
    const flops = r.impl === 'roofline' ? '' : `${f.gflops.toFixed(1).padStart(9)}  ${pct(f.fp32).padStart(12)}`;
    lines.push(
      `${f.impl.padEnd(14)}  ${f.network.padEnd(12)}  ${String(f.batch).padStart(7)}  ${f.examplesPerS.toExponential(2).padStart(14)}  ${f.gbps.toFixed(2).padStart(7)}  ${pct(f.bandwidth).padStart(12)}${flops ? `  ${flops}` : ''}`,
    );
  }
  return lines.join('\n');
}

function main(argv: string[]): number {
  const flag = (name: string) => {
    const k = argv.indexOf(name);
    if (k < 0) return undefined;
    const text = argv[k + 1] ?? '';
    argv.splice(k, 2);
    const v = Number(text);
    if (text === '' || !Number.isFinite(v) || v <= 0) throw new Error(`${name}: '${text}' is not a positive number`);
    return v;
  };
  const gbps = flag('--peak-gbps');
  const tflops = flag('--peak-tflops');
  const [file, gpuName = ''] = argv;
  if (!file) {
    process.stderr.write('usage: peaks.js RESULTS.json [GPU NAME] [--peak-gbps N --peak-tflops N]\n');
    return 2;
  }
  const known = findPeaks(gpuName);
  const peaks: GpuPeaks | null =
    gbps && tflops ? { name: gpuName || 'given', gbps, tflops, source: 'given on the command line' } : known;
  if (!peaks) {
    process.stdout.write(`no known peaks for '${gpuName}': pass --peak-gbps and --peak-tflops (fractions not computed)\n`);
    return 0;
  }
  const results = JSON.parse(readFileSync(file, 'utf8'));
  process.stdout.write(fractionsTable(results, peaks) + '\n');
  return 0;
}

if (process.argv[1] && /peaks\.js$/.test(process.argv[1])) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`peaks: ${(e as Error).message}\n`);
    process.exitCode = 2;
  }
}
