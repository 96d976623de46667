export { MtlsctlError, type ErrorKind } from './errors/mtlsctl-error.js';
export * from './pkcs12/index.js';
