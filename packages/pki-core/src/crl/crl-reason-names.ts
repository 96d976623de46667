// The names alone, without @peculiar/x509: the CLI's flags read them through `@mtlsctl/pki-core/choices`.

/** Why a certificate was revoked (RFC 5280 CRLReason, the values that apply to a full CRL). */
export type CrlReason =
  | 'unspecified'
  | 'keyCompromise'
  | 'cACompromise'
  | 'affiliationChanged'
  | 'superseded'
  | 'cessationOfOperation'
  | 'certificateHold'
  | 'privilegeWithdrawn';

/** Every {@link CrlReason}, in RFC 5280 code order. */
export const CRL_REASONS: readonly CrlReason[] = Object.freeze([
  'unspecified',
  'keyCompromise',
  'cACompromise',
  'affiliationChanged',
  'superseded',
  'cessationOfOperation',
  'certificateHold',
  'privilegeWithdrawn',
] as const);

/** A client certificate's revocation reason, as `mtlsctl user revoke` takes it. */
export type ClientRevocationReason = Exclude<CrlReason, 'cACompromise' | 'certificateHold'>;

/**
 * The reasons that apply to revoking a client certificate: all of {@link CRL_REASONS} but `cACompromise` (a CA's,
 * not a client's) and `certificateHold` (a revocation mtlsctl would have to undo: it never un-revokes).
 */
export const CLIENT_REVOCATION_REASONS: readonly ClientRevocationReason[] = Object.freeze(
  CRL_REASONS.filter((r): r is ClientRevocationReason => r !== 'cACompromise' && r !== 'certificateHold'),
);
