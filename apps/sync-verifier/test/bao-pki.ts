import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { initCa, issueClient, type AuthorityContext } from '@mtlsctl/authority';
import { startBao, type BaoServer } from '@mtlsctl/peers';
import { bootstrapVault, PkiStore, VaultClient, VaultKvBackend } from '@mtlsctl/vault-store';

/** A real OpenBao dev server prepared as `mtlsctl vault init` does, with a CA, users and a verifier token file. */
export interface BaoPki {
  bao: BaoServer;
  /** Admin context (root token) for the authority workflows. */
  admin: AuthorityContext & { store: PkiStore };
  /** A file holding a token with only the mtlsctl-verifier policy. */
  verifierTokenFile: string;
  verifierToken: string;
  /** The token of the `eso-pki-reader` policy, for the ClusterSecretStore. */
  esoToken: string;
  /** Its accessor (what the verifier looks its expiry up by). */
  esoTokenAccessor: string;
  stop(): Promise<void>;
}

/**
 * Starts bao, writes mtlsctl's policies (vault-store's bootstrap), creates the CA and `users` (username →
 * validity days) with the real authority workflows, and a token holding only `mtlsctl-verifier`.
 */
export async function startBaoPki(users: Record<string, number>, options: { tls?: boolean } = {}): Promise<BaoPki> {
  const bao = await startBao({ tls: options.tls ?? false });
  try {
    const connection = { addr: bao.addr, token: bao.token, ...(bao.caCert ? { caCert: bao.caCert } : {}) };
    const report = await bootstrapVault(new VaultClient(connection), { esoToken: { ttl: '24h' } });
    const admin = { store: new PkiStore(new VaultKvBackend(connection)) };
    await initCa(admin, { subject: 'CN=Verifier test CA,O=Acme' });
    for (const [username, validityDays] of Object.entries(users)) await issueClient(admin, { username, email: `${username}@example.com`, validityDays });
    const verifierToken = (await bao.cli(['token', 'create', '-policy=mtlsctl-verifier', '-no-default-policy', '-field=token'])).trim();
    const verifierTokenFile = join(bao.dir, 'verifier.token');
    await writeFile(verifierTokenFile, `${verifierToken}\n`, { mode: 0o600 });
    return { bao, admin, verifierTokenFile, verifierToken, esoToken: report.esoToken?.clientToken ?? '', esoTokenAccessor: report.esoToken?.accessor ?? '', stop: () => bao.stop() };
  } catch (error) {
    await bao.stop();
    throw error;
  }
}
