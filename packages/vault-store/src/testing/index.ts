// @mtlsctl/vault-store/testing: the KvBackend contract suite and the test PKI, for the tests of any KvBackend
// (ours, or another tool's). Imports vitest: use it from test files only.
export { describeKvBackendContract, type KvContractFixture, type KvContractOptions } from './kv-backend-contract.js';
export { makeSampleCa, caRecordOf, caKeyRecordOf, clientRecordOf, crlRecordOf, type SampleCa } from './sample-records.js';
export { makeVaultTlsMaterial, type VaultTlsMaterial } from './vault-tls-material.js';
export { realVaultFromEnv, uniquePrefix, type RealVault } from './real-vault.js';
export { purgeTree } from './purge-tree.js';
