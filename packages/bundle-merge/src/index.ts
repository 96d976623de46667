export type { BundleEntry } from './bundle-entry.js';
export { parseBundle } from './parse-bundle.js';
export { toBundleEntry } from './to-bundle-entry.js';
export { compareEntries } from './compare-entries.js';
export { mergeBundles } from './merge-bundles.js';
export { filterBundle, type BundleFilter, type DropReason, type DroppedEntry, type FilterResult } from './filter-bundle.js';
export { diffBundles, isEmptyDiff, type BundleDiff } from './diff-bundles.js';
export { renderBundleDiff } from './render-bundle-diff.js';
export { renderTlsCrt } from './render-tls-crt.js';
export { haproxySerialHex } from './haproxy-serial-hex.js';
export { haproxyDistinguishedName } from './haproxy-distinguished-name.js';
export { haproxyQuote } from './haproxy-quote.js';
export { renderHaproxyDenyRules, type RevokedSerial, type DenyRulesOptions } from './render-haproxy-deny-rules.js';
export { renderHaproxyCrlFile, type CrlFileOptions } from './render-haproxy-crl-file.js';
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
export { CrlFileError, CrlCoverageError } from './errors/crl-file-error.js';
