import { defineConfig } from 'vitest/config';

/**
 * The root vitest config: every project with a vitest.config.ts is one vitest project (its `name` there), so
 * `npx vitest run` runs them all and `npx vitest run --project <name>` one. Project settings live in
 * vitest.shared.ts.
 */
export default defineConfig({
  test: {
    projects: ['packages/*/vitest.config.ts', 'apps/*/vitest.config.ts', 'tools/*/vitest.config.ts'],
  },
});
