import {
  buildPkcs12,
  exportPrivateKeyPem,
  generateKeyPair,
  generatePassword,
  inspectCertificate,
  issueClientCertificate,
  signCsr,
  type CertificateInfo,
  type KeyType,
  type Pkcs12Profile,
} from '@mtlsctl/pki-core';
import type { ClientRecord } from '@mtlsctl/vault-store';
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
  const { current, cas } = await ctx.store.getClientForUpdate(username);
  if (current && current.value.status === 'active' && !options.replace) throw new ClientExistsError(username);
  await claimIdentity(ctx, { username, email, own: { record: current?.value, version: cas }, allowSharedEmail: options.allowSharedEmail ?? false });
  const validityDays = options.validityDays ?? 365;
  const { record, version } = await reserveAndSign(
    ctx,
    active,
    { username, email, cas, validityDays, earlier: carriedForward(current?.value, nowOf(ctx), true), ...(current ? { previous: current.value } : {}) },
    (serialNumber) => createClientRecord(ctx, active, { ...options, username, email, validityDays, serialNumber }),
  );
  return { record, certificate: inspectCertificate(record.certificatePem), version };
}

/**
 * Makes a new client record signed by the active CA, without storing it. Shared by issue and renew.
 * @internal
 */
export async function createClientRecord(
  ctx: AuthorityContext,
  active: ActiveCa,
  options: IssueClientOptions & { serialNumber: string },
): Promise<ClientRecord> {
  const now = nowOf(ctx);
  const common = {
    username: options.username,
    email: options.email,
    issuer: active.issuer,
    now,
    validityDays: options.validityDays ?? 365,
    serialNumber: options.serialNumber,
    ...(ctx.crypto ? { crypto: ctx.crypto } : {}),
  };
  let certificatePem: string;
  let privateKeyPem = '';
  let p12Base64 = '';
  let p12Password = '';
  let p12Profile: ClientRecord['p12Profile'] = '';
  if (options.csrPem !== undefined) {
    certificatePem = await signCsr({ ...common, csrPem: options.csrPem });
  } else {
    const keys = await generateKeyPair(options.keyType ?? 'p256', ctx.crypto);
    certificatePem = await issueClientCertificate({ ...common, publicKey: keys.publicKey });
    privateKeyPem = await exportPrivateKeyPem(keys.privateKey, ctx.crypto);
    p12Password = options.password ?? generatePassword(ctx.crypto);
    p12Profile = options.p12Profile ?? 'modern';
    const p12 = await buildPkcs12({
      privateKey: keys.privateKey,
      certificatePem,
      chainPems: [active.issuer.certificatePem],
      password: p12Password,
      friendlyName: options.username,
      profile: p12Profile,
      ...(ctx.crypto ? { crypto: ctx.crypto } : {}),
    });
    p12Base64 = Buffer.from(p12).toString('base64');
  }
  const info = inspectCertificate(certificatePem);
  return {
    username: options.username,
    email: options.email,
    serial: info.serialNumber,
    certificatePem,
    privateKeyPem,
    caCertificatePem: active.issuer.certificatePem,
    p12Base64,
    p12Password,
    p12Profile,
    created: now.toISOString(),
    notAfter: info.notAfter.toISOString(),
    issuerFingerprint: active.ca.value.activeFingerprint,
    status: 'active',
    revokedAt: '',
    revocationReason: '',
    earlier: [],
    reserved: null,
  };
}
