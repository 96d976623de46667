import type { ClientInventory } from '@mtlsctl/vault-store';

/** One CA of Vault's trust bundle (`pki/ca` → `tls.crt`), as monitoring sees it. */
export interface ObservedCa {
  /** SHA-256 of the DER, lowercase hex. */
  fingerprint: string;
  subject: string;
  notAfter: Date;
  /** `active`, `rotated` or `imported`. */
  role: string;
}

/** One CRL of Vault's CRL set (`pki/crl` → `crl.pem`). */
export interface ObservedCrl {
  /** The issuing CA's DN, e.g. `CN=Acme client CA, O=Acme`. */
  issuer: string;
  /** The issuing CA's fingerprint when the CRL's authority key identifier matches a trusted CA. */
  issuerFingerprint?: string;
  nextUpdate?: Date;
}

/**
 * What the verifier read from Vault with the `mtlsctl-verifier` policy: the public CA and CRL records and the
 * client inventory from KV custom_metadata. Nothing here is secret: no private key, p12 or password.
 */
export interface VaultObservation {
  /** The trust bundle HAProxy must trust (`tls.crt` of `pki/ca`); '' when there is no CA yet. */
  bundlePem: string;
  cas: ObservedCa[];
  crls: ObservedCrl[];
  /** The deny rules the ingress must carry (`haproxy.deny` of `pki/crl`); undefined when no CRL is published. */
  denyRules?: string;
  /** The inventory, without soft-deleted clients. */
  clients: ClientInventory[];
  /** Clients holding a record but no readable inventory (an inventory write failed): an admin listing repairs them. */
  unlistedClients?: string[];
  /** When ESO's Vault token expires, if it was looked up. */
  esoTokenExpiresAt?: Date;
}

/**
 * What the verifier found in the cluster, compared with Vault (by `@mtlsctl/k8s-sync`'s status read-back):
 * the ExternalSecret's Ready condition, the synced Secret's `tls.crt` against Vault's bundle, and the controller
 * ConfigMap's deny-rule block against Vault's CRL.
 */
export interface ClusterObservation {
  externalSecret: { found: boolean; ready: boolean; reason?: string };
  /** `found: false` when the Secret or its `tls.crt` is missing; fingerprints Vault has and the Secret lacks, and the reverse. */
  bundle: { found: boolean; missing: string[]; extra: string[] };
  /** The ConfigMap's mtlsctl block holds exactly Vault's deny rules; undefined when not checked (no CRL yet). */
  denyRulesInSync?: boolean;
  /** One line per disagreement, each with its fix. */
  problems: string[];
}

/** The outcome of the optional TLS probe of the ingress with the probe client certificate. */
export interface ProbeObservation {
  /** True when the handshake (and request) with the probe certificate was accepted. */
  accepted: boolean;
  /** Why it was refused (TLS alert, status code, connection error). */
  reason?: string;
}
