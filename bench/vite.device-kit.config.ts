// The benchmark bundled for bench/device-kit.sh: every dependency inlined (jax-js, tfjs and their
// backends) except Dawn, a native addon that must be loaded from node_modules/webgpu beside the
// bundle — so a machine with no package registry needs only Node, this bundle and dawn.node.
import { defineConfig } from 'vite';

export default defineConfig({
  build: { target: 'es2022', minify: false },
  ssr: { noExternal: true, external: ['webgpu'], target: 'node' },
});
