// `@mtlsctl/pki-core/choices`: the names a user chooses from (key types, PKCS#12 profiles, revocation reasons),
// for flags and forms. It loads neither pkijs nor @peculiar/x509, so a command's start-up pays nothing for them.
export { KEY_TYPES, isKeyType, type KeyType } from '../keys/key-type.js';
export { PKCS12_PROFILES, type Pkcs12Profile } from '../pkcs12/pkcs12-profile.js';
export { CRL_REASONS, CLIENT_REVOCATION_REASONS, type CrlReason, type ClientRevocationReason } from '../crl/crl-reason-names.js';
