export { MtlsctlError, type ErrorKind } from './errors/mtlsctl-error.js';
