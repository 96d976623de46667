export { runProcess, type ProcessResult } from './run-process.js';
export { openssl, opensslRaw, opensslResult, OpensslError } from './openssl.js';
export { makeTempDir, type TempDir } from './temp-dir.js';
export { startHaproxy, haproxyVersion, HaproxyStartError, type StartHaproxyOptions, type HaproxyInstance } from './haproxy-server.js';
export { requestThroughHaproxy, type HaproxyRequestOptions, type HaproxyResponse } from './haproxy-request.js';
export { renderHaproxyTestConfig, type HaproxyTestConfigParams, type HaproxyVerify } from './haproxy-config.js';
export { tlsHandshake, type TlsHandshakeOptions, type TlsHandshakeResult } from './tls-handshake.js';
