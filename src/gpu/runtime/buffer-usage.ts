/**
 * WebGPU's buffer usage and map-mode flags. The values are fixed by the spec; spelling them out
 * here keeps the engine independent of the GPUBufferUsage global, which Dawn's Node binding only
 * provides once its `globals` are installed on globalThis.
 */
export const BufferUsage = {
  MAP_READ: 0x0001,
  COPY_SRC: 0x0004,
  COPY_DST: 0x0008,
  UNIFORM: 0x0040,
  STORAGE: 0x0080,
  QUERY_RESOLVE: 0x0200,
} as const;

export const MapMode = { READ: 0x0001 } as const;
