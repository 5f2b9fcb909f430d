/**
 * The library build: src/index.ts (Node) and src/browser.ts (browsers) as ES modules in dist/lib,
 * WGSL inlined (`?raw`), dependencies left as imports. Types come from `tsc -p tsconfig.lib.json`.
 */
import { defineConfig } from 'vite';
import pkg from './package.json' with { type: 'json' };

const external = [/^node:/, ...Object.keys(pkg.dependencies ?? {}).map((name) => new RegExp(`^${name}(/|$)`))];

export default defineConfig({
  // No public/ copying, no index.html: this is a library build.
  publicDir: false,
  build: {
    outDir: 'dist/lib',
    emptyOutDir: false,
    target: 'es2022',
    minify: false,
    sourcemap: true,
    lib: {
      entry: { index: 'src/index.ts', browser: 'src/browser.ts' },
      formats: ['es'],
    },
    rollupOptions: { external, output: { chunkFileNames: 'chunks/[name]-[hash].js' } },
  },
});
