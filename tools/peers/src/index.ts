export { runProcess, type ProcessResult } from './run-process.js';
export { openssl, opensslRaw, opensslResult, OpensslError } from './openssl.js';
export { makeTempDir, type TempDir } from './temp-dir.js';
