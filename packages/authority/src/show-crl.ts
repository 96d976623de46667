import type { CrlRecord } from '@mtlsctl/vault-store';
import type { AuthorityContext } from './context.js';
import { NoCrlError } from './errors/index.js';

/** Reads the published CRL record (CRLs, revoked list, HAProxy deny rules). @throws NoCrlError */
export async function showCrl(ctx: AuthorityContext): Promise<CrlRecord & { version: number }> {
  const crl = await ctx.store.getCrl();
  if (!crl) throw new NoCrlError();
  return { ...crl.value, version: crl.version };
}
