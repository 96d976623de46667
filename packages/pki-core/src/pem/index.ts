// `@mtlsctl/pki-core/pem`: the PEM codec alone. It loads neither pkijs nor @peculiar/x509, so a package that only
// reads and writes PEM text (vault-store) costs a command's start-up nothing more.
export { PemFormatError } from '../errors/pem-format-error.js';
export type { PemBlock, PemLabel } from './pem-label.js';
export { decodePemBlocks } from './decode-pem-blocks.js';
export { encodePem } from './encode-pem.js';
export { pemBeginLines } from './pem-begin-lines.js';
export { pemBlockTexts, pemText } from './pem-text.js';
