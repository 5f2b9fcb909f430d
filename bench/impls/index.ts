import type { Impl } from './types.js';

/** Every implementation the bench knows, in the order they run (CPU first, then GPU). */
export const IMPL_IDS = ['f64-loop', 'f32-loop', 'tfjs-cpu', 'jax-wasm', 'per-op', 'fused', 'tfjs-webgpu', 'jax-webgpu'] as const;
export type ImplId = (typeof IMPL_IDS)[number];

export const GPU_IMPLS: ReadonlySet<string> = new Set(['per-op', 'fused', 'tfjs-webgpu', 'jax-webgpu']);
export const OURS: ReadonlySet<string> = new Set(['per-op', 'fused']);

export const IMPL_LABELS: Record<ImplId, string> = {
  'f64-loop': 'float64 JS loop (CPU)',
  'f32-loop': 'float32 JS loop (CPU)',
  'tfjs-cpu': 'TensorFlow.js CPU',
  'jax-wasm': 'jax-js jit (wasm)',
  'per-op': 'ours: WebGPU per-op',
  fused: 'ours: WebGPU fused',
  'tfjs-webgpu': 'TensorFlow.js WebGPU',
  'jax-webgpu': 'jax-js jit (WebGPU)',
};

export async function createImpl(id: ImplId): Promise<Impl> {
  switch (id) {
    case 'f64-loop':
      return (await import('./cpu-loops.js')).float64LoopImpl();
    case 'f32-loop':
      return (await import('./cpu-loops.js')).float32LoopImpl();
    case 'tfjs-cpu':
      return (await import('./tfjs.js')).tfjsImpl('cpu');
    case 'tfjs-webgpu':
      return (await import('./tfjs.js')).tfjsImpl('webgpu');
    case 'jax-wasm':
      return (await import('./jax.js')).jaxImpl('wasm');
    case 'jax-webgpu':
      return (await import('./jax.js')).jaxImpl('webgpu');
    case 'per-op':
      return (await import('./ours.js')).oursImpl('per-op');
    case 'fused':
      return (await import('./ours.js')).oursImpl('fused');
  }
}
