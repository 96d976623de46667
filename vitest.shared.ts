import { defineProject, type UserWorkspaceConfig } from 'vitest/config';

/**
 * The vitest project settings every package shares: tests import sibling packages from
 * their TypeScript sources (the `@mtlsctl/source` export condition), so unit tests need no build.
 */
export function mtlsctlProject(name: string, test: NonNullable<UserWorkspaceConfig['test']> = {}) {
  const conditions = ['@mtlsctl/source', 'node', 'import', 'module', 'default'];
  return defineProject({
    resolve: { conditions },
    ssr: { resolve: { conditions, externalConditions: ['@mtlsctl/source'] } },
    test: {
      name,
      include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
      testTimeout: 30_000,
      hookTimeout: 60_000,
      ...test,
    },
  });
}
