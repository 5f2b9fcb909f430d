/** The status line (which WebGPU adapter, or why there is none) and the one-line network summary. */
import { dimsOf, parameterCount } from '../network/network.js';
import { readableFixed as fixed } from './readable.js';
import type { GpuStatus } from './gpu-session.js';
import type { Snapshot } from './state.js';

export function statusText(status: GpuStatus, snapshot: Snapshot): string {
  const result = snapshot.gpu;
  switch (status.state) {
    case 'starting':
      return 'WebGPU: looking for an adapter…';
    case 'unavailable':
      return `WebGPU unavailable: ${status.reason} The WebGPU column stays empty; float64 and finite differences still run.`;
    case 'failed':
      return `WebGPU failed${status.adapter ? ` on ${status.adapter.summary}` : ''}: ${status.reason}. The WebGPU column stays empty; float64 and finite differences still run.`;
    case 'ready': {
      const { adapter } = status;
      // Chromium leaves the description empty; then vendor and architecture name the adapter.
      const name = adapter.description ? adapter.summary : `${[adapter.vendor, adapter.architecture].filter(Boolean).join(' ') || 'unnamed'}${adapter.software ? ' — software adapter' : ''}`;
      const base = `WebGPU adapter: ${name}`;
      if (result === null) return `${base} · running…`;
      if (result.record === null) return `${base} · this pass did not run: ${result.reason}`;
      return `${base} · last pass ${result.ms.toFixed(1)} ms`;
    }
  }
}

export function summaryText(snapshot: Snapshot, origin: string): string {
  const { network, batch, cpu, gpu } = snapshot;
  const parts = [
    `${dimsOf(network).join(' → ')} network (${origin})`,
    `${parameterCount(network)} parameters`,
    batch.size === 1 ? '1 example' : `batch of ${batch.size}`,
    `loss ${fixed(cpu.loss, 6)} (float64)${gpu?.record ? ` / ${fixed(gpu.record.loss, 6)} (WebGPU)` : ''}`,
  ];
  return parts.join(' · ');
}
