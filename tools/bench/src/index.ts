export { measureRate, type RateMeasurement } from './measure-rate.js';
export { measureInWorkers } from './measure-in-workers.js';
export { issueWithMtlsctl } from './issue-with-mtlsctl.js';
export { issueWithOpenssl, prepareOpensslCa, type OpensslCa } from './issue-with-openssl.js';
export { benchScenarios, type BenchScenario, type ScenarioContext } from './bench-scenarios.js';
export { BENCH_KEY_TYPES, type BenchKeyType } from './client-key-type.js';
export { formatReport, type BenchRow } from './format-report.js';
