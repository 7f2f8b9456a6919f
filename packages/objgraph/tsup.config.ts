import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
  // renderer.ts finds its .wasm and font with createRequire(import.meta.url), which the CJS build must shim.
  shims: true,
});
