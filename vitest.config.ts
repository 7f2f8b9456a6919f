import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const packages = fileURLToPath(new URL('./packages/', import.meta.url));

// Tests run against each package's TypeScript sources, so no build step is needed before
// `pnpm test`: `@memkit/<name>` resolves to `packages/<name>/src/index.ts`.
export default defineConfig({
  resolve: {
    alias: [{ find: /^@memkit\/([a-z-]+)$/, replacement: `${packages}$1/src/index.ts` }],
  },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'test/**/*.test.ts', 'examples/**/*.test.ts'],
  },
});
