import type { AuditStatus, CapabilityReport, LayoutPolicyNames, TokenInfo, VaultServerInfo } from '@mtlsctl/vault-store';

/** A probe's result: the value, or the error's one-line message (never a token). */
export type Probed<T> = { ok: true; value: T } | { ok: false; error: string; tls?: boolean };

/** What doctor learned from Vault. Later probes are absent when an earlier one made them pointless (unreachable, sealed, bad token). */
export interface VaultFacts {
  addr: string;
  /** VAULT_SKIP_VERIFY was set. */
  skipVerify: boolean;
  /** VAULT_CACERT was given (else the system CAs verify Vault). */
  caCertGiven: boolean;
  /** The policy names of the layout checked (they differ per mount and prefix): the fixes name them. */
  policies: LayoutPolicyNames;
  health: Probed<VaultServerInfo>;
  token?: Probed<TokenInfo>;
  /** The role the token was checked for (default admin). */
  role?: string;
  /** The policy that role's token should hold in this layout (a user's own, `mtlsctl-user-<name>…`, for a user role). */
  rolePolicy?: string;
  capabilities?: Probed<CapabilityReport>;
  audit?: Probed<AuditStatus>;
  /** The ESO token's lookup and capabilities, when its file was given. */
  eso?: { token: Probed<TokenInfo>; capabilities?: Probed<CapabilityReport> };
}
