export { MtlsctlError, type MtlsctlErrorParams, type IsInstance } from './mtlsctl-error.js';
export type { ErrorKind } from './error-kind.js';
export { ERROR_CODES, type ErrorCode } from './error-codes.js';
