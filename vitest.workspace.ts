// Every project with a vitest.config.ts is one vitest project; `npx vitest run` runs them all.
export default ['packages/*', 'apps/*', 'tools/*'];
