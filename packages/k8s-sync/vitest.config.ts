import { mtlsctlProject } from '../../vitest.shared.js';

export default mtlsctlProject('k8s-sync');
