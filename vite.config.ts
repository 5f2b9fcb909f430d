import { existsSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

// On a Linux machine with no GPU, Dawn finds no usable Vulkan driver unless the
// loader is pointed at SwiftShader (shipped by Debian's chromium). The loader reads
// the native environment once per process, so it must be set before any worker starts.
const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';
if (process.env.GRADIENT_TRACE_TEST_ICD !== 'system' && !process.env.VK_ICD_FILENAMES && existsSync(SWIFTSHADER_ICD)) {
  process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
}
process.env.XDG_RUNTIME_DIR ??= '/tmp';

export default defineConfig({
  root: '.',
  base: './',
  build: {
    outDir: 'dist/page',
    emptyOutDir: true,
    target: 'es2022',
  },
  ssr: {
    // Dawn is a native addon: load it from node_modules at run time, never bundle it.
    external: ['webgpu'],
  },
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
