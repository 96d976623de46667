export { startVaultEmulator, type VaultEmulator, type VaultEmulatorOptions, type RecordedRequest } from './start-vault-emulator.js';
export { FaultInjector, type FaultFilter } from './fault-injector.js';
export { parsePolicy, type PolicyRule, type Capability } from './acl-policy.js';
export { Acl, type Operation } from './acl.js';
export { HttpMethodRewriter } from './http-method-rewriter.js';
