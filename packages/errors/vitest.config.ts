import { mtlsctlProject } from '../../vitest.shared.js';

export default mtlsctlProject('errors');
