import { mtlsctlProject } from '../../vitest.shared.js';

export default mtlsctlProject('sync-verifier', { globalSetup: ['test/build-once.ts'] });
