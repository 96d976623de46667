import { mtlsctlProject } from '../../vitest.shared.js';

export default mtlsctlProject('cli', { globalSetup: ['test/build-once.ts'], testTimeout: 120_000 });
