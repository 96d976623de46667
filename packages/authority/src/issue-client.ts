import {
  inspectCertificate,
  issueClientCredentials,
  signCsr,
  type CertificateInfo,
  type ClientCredentials,
  type ClientCredentialsRequest,
  type KeyType,
  type Pkcs12Profile,
} from '@mtlsctl/pki-core';
import type { ClientRecord, Versioned } from '@mtlsctl/vault-store';
import { nowOf, type AuthorityContext } from './context.js';
import { validateEmail } from './email.js';
import { ClientExistsError } from './errors/index.js';
import { loadActiveCa, type ActiveCa } from './load-issuer.js';
import { carriedForward, reserveAndSign } from './reserve-and-sign.js';
import { validateUsername } from './username.js';
import { assertIdentityFree, loadIdentityIndex, type IdentityIndex } from './identity-index.js';
import { claimIdentity } from './identity-claims.js';

/** Options of {@link issueClient}. */
export interface IssueClientOptions {
  username: string;
  email: string;
  /** Key generated here. Default `p256`. Ignored with `csrPem`. */
  keyType?: KeyType;
  /** Default 365. Capped by nothing: a notAfter beyond the CA's is refused. */
  validityDays?: number;
  /** PKCS#12 profile. Default `modern`; `legacy` for macOS/iOS Keychain and older Windows. */
  p12Profile?: Pkcs12Profile;
  /** Sign the user's CSR instead of generating a key: the user keeps the key, so there is no p12. */
  csrPem?: string;
  /** p12 password. Default: a fresh CSPRNG password. */
  password?: string;
  /** Issue even if the user has an active certificate (the old one stays valid, listed as earlier, until it expires or is revoked). */
  replace?: boolean;
  /** Issue even if another user already holds this email. Default false: EmailTakenError. */
  allowSharedEmail?: boolean;
  /** Who holds which username/email, read once by a bulk run; default: read from the store's inventory now. */
  identities?: IdentityIndex;
}

/** A certificate just issued and stored. */
export interface IssuedClient {
  record: ClientRecord;
  certificate: CertificateInfo;
  /** The KV version written. */
  version: number;
  /** Set when the certificate is stored but its inventory write failed (Vault): what happened and how it is repaired. */
  warning?: string;
}

/**
 * Issues a client certificate for a user and stores it at `pki/clients/<username>`: key, certificate,
 * the CA certificate, and a password-protected PKCS#12 (the field the seed guide's users download).
 *
 * The serial is reserved in the record before signing (see {@link reserveAndSign}), so a certificate the
 * store does not list cannot exist; a replaced certificate stays listed (`earlier`) so it can be revoked.
 *
 * @throws InvalidUsernameError, InvalidEmailError, NoCaError, UsernameTakenError (another user's name equals this
 *   one but for case), EmailTakenError (another user holds the email, without `allowSharedEmail`), ClientExistsError (active certificate and no
 *   `replace`), ConcurrentIssuanceError (another run for the same user won: this one issued nothing)
 * @example
 * const { record } = await issueClient({ store }, { username: 'alice', email: 'alice@example.com' });
 */
export async function issueClient(ctx: AuthorityContext, options: IssueClientOptions): Promise<IssuedClient> {
  const username = validateUsername(options.username);
  const email = validateEmail(options.email);
  const active = await loadActiveCa(ctx);
  assertIdentityFree(options.identities ?? (await loadIdentityIndex(ctx)), username, email, { allowSharedEmail: options.allowSharedEmail ?? false });
  const { record, version, warning } = await issueForUpdate(ctx, active, await ctx.store.getClientForUpdate(username), { ...options, username, email });
  return { record, certificate: inspectCertificate(record.certificatePem), version, ...(warning !== undefined ? { warning } : {}) };
}

/** Signs a user's credentials for an issuer already loaded: in this thread, or in a worker (see {@link issueBulk}). */
export type CredentialsSigner = (request: ClientCredentialsRequest) => Promise<ClientCredentials>;

/**
 * {@link issueClient}'s reservation, signing and write, for a validated username and email whose identity was
 * checked, with the active CA already loaded and the record already read for update (a bulk run does both once).
 * Returns no {@link CertificateInfo}: nothing is parsed again after signing.
 * @internal
 */
export async function issueForUpdate(
  ctx: AuthorityContext,
  active: ActiveCa,
  forUpdate: { current?: Versioned<ClientRecord>; cas: number },
  options: IssueClientOptions & { signer?: CredentialsSigner },
): Promise<{ record: ClientRecord; version: number; warning?: string }> {
  const { username, email } = options;
  const { current, cas } = forUpdate;
  if (current && current.value.status === 'active' && !options.replace) throw new ClientExistsError(username);
  await claimIdentity(ctx, { username, email, own: { record: current?.value, version: cas }, allowSharedEmail: options.allowSharedEmail ?? false });
  const validityDays = options.validityDays ?? 365;
  return reserveAndSign(
    ctx,
    active,
    { username, email, cas, validityDays, earlier: carriedForward(current?.value, nowOf(ctx), true), ...(current ? { previous: current.value } : {}) },
    (serialNumber) => createClientRecord(ctx, active, { ...options, validityDays, serialNumber }),
  );
}

/**
 * Makes a new client record signed by the active CA, without storing it. Shared by issue and renew.
 * @internal
 */
export async function createClientRecord(
  ctx: AuthorityContext,
  active: ActiveCa,
  options: IssueClientOptions & { serialNumber: string; signer?: CredentialsSigner },
): Promise<ClientRecord> {
  const now = nowOf(ctx);
  const validityDays = options.validityDays ?? 365;
  const common = { username: options.username, email: options.email, now, validityDays, serialNumber: options.serialNumber };
  let signed: { certificatePem: string; serialNumber: string; notAfter: Date };
  let privateKeyPem = '';
  let p12Base64 = '';
  let p12Password = '';
  let p12Profile: ClientRecord['p12Profile'] = '';
  if (options.csrPem !== undefined) {
    const certificatePem = await signCsr({ ...common, issuer: active.issuer, csrPem: options.csrPem, ...(ctx.crypto ? { crypto: ctx.crypto } : {}) });
    const info = inspectCertificate(certificatePem);
    signed = { certificatePem, serialNumber: info.serialNumber, notAfter: info.notAfter };
  } else {
    p12Profile = options.p12Profile ?? 'modern';
    const request: ClientCredentialsRequest = {
      ...common,
      keyType: options.keyType ?? 'p256',
      p12Profile,
      friendlyName: options.username,
      ...(options.password !== undefined ? { password: options.password } : {}),
    };
    const credentials = options.signer
      ? await options.signer(request)
      : await issueClientCredentials({ ...request, issuer: active.issuer, ...(ctx.crypto ? { crypto: ctx.crypto } : {}) });
    signed = credentials;
    privateKeyPem = credentials.privateKeyPem;
    p12Password = credentials.p12Password;
    p12Base64 = Buffer.from(credentials.p12.buffer, credentials.p12.byteOffset, credentials.p12.byteLength).toString('base64');
  }
  return {
    username: options.username,
    email: options.email,
    serial: signed.serialNumber,
    certificatePem: signed.certificatePem,
    privateKeyPem,
    caCertificatePem: active.issuer.certificatePem,
    p12Base64,
    p12Password,
    p12Profile,
    created: now.toISOString(),
    notAfter: signed.notAfter.toISOString(),
    issuerFingerprint: active.ca.value.activeFingerprint,
    status: 'active',
    revokedAt: '',
    revocationReason: '',
    earlier: [],
    reserved: null,
  };
}
