import type { ClientRecord } from '@mtlsctl/vault-store';
import type { AuthorityContext } from './context.js';
import { ClientNotFoundError, ClientPendingError, NoPrivateKeyError } from './errors/index.js';
import { validateUsername } from './username.js';

/** What a user takes home. `p12` is DER; the PEM fields are text. */
export type ClientDownload =
  | { format: 'p12'; username: string; p12: Uint8Array; password: string; status: ClientRecord['status']; notAfter: string }
  | {
      format: 'pem';
      username: string;
      certificatePem: string;
      privateKeyPem: string;
      caCertificatePem: string;
      status: ClientRecord['status'];
      notAfter: string;
    };

/**
 * The user side of issuance (docs/deployment-guide.md, step 4): reads `pki/clients/<username>` (a user token may read only its
 * own record) and returns the PKCS#12 with its password, or the PEM parts.
 *
 * @throws ClientNotFoundError, ClientPendingError, NoPrivateKeyError, PermissionDeniedError (someone else's record)
 */
export async function downloadClient(
  ctx: AuthorityContext,
  options: { username: string; format?: 'p12' | 'pem' },
): Promise<ClientDownload> {
  const username = validateUsername(options.username);
  const found = await ctx.store.getClient(username);
  if (!found) throw new ClientNotFoundError(username);
  const r = found.value;
  if (r.status === 'pending') throw new ClientPendingError(username);
  if ((options.format ?? 'p12') === 'pem') {
    return {
      format: 'pem',
      username,
      certificatePem: r.certificatePem,
      privateKeyPem: r.privateKeyPem,
      caCertificatePem: r.caCertificatePem,
      status: r.status,
      notAfter: r.notAfter,
    };
  }
  if (!r.p12Base64) throw new NoPrivateKeyError(username);
  return { format: 'p12', username, p12: Buffer.from(r.p12Base64, 'base64'), password: r.p12Password, status: r.status, notAfter: r.notAfter };
}
