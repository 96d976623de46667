export type { BundleEntry } from './bundle-entry.js';
export { parseBundle } from './parse-bundle.js';
export { toBundleEntry } from './to-bundle-entry.js';
export { compareEntries } from './compare-entries.js';
export { diffBundles, isEmptyDiff, type BundleDiff } from './diff-bundles.js';
export { renderBundleDiff } from './render-bundle-diff.js';
export { haproxySerialHex } from './haproxy-serial-hex.js';
export { haproxyDistinguishedName } from './haproxy-distinguished-name.js';
export { haproxyQuote } from './haproxy-quote.js';
export { renderHaproxyDenyRules, type RevokedSerial, type DenyRulesOptions } from './render-haproxy-deny-rules.js';
export {
  BundleParseError,
  BundleContainsPrivateKeyError,
  BundleUnexpectedBlockError,
  BundleInvalidCertificateError,
  type BundlePosition,
} from './errors/bundle-parse-error.js';
export { EmptyBundleError } from './errors/empty-bundle-error.js';
export { InvalidSerialError } from './errors/invalid-serial-error.js';
export { UnknownIssuerError, UnsupportedIssuerNameError } from './errors/issuer-scope-error.js';
