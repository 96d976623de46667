import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CLIENT_REVOCATION_REASONS, CRL_REASONS, KEY_TYPES, PKCS12_PROFILES } from './index.js';
import * as barrel from '../index.js';

/** Every package a module imports, following its relative imports (type-only imports load nothing). */
function packagesImported(entry: string, seen = new Set<string>(), found = new Set<string>()): Set<string> {
  if (seen.has(entry)) return found;
  seen.add(entry);
  const source = readFileSync(entry, 'utf8');
  for (const match of source.matchAll(/^\s*(?:import|export)\s+(?!type\b)(?:[^'"]*?\sfrom\s+)?['"]([^'"]+)['"]/gm)) {
    const specifier = match[1] as string;
    if (specifier.startsWith('.')) packagesImported(resolve(dirname(entry), specifier.replace(/\.js$/, '.ts')), seen, found);
    else found.add(specifier);
  }
  return found;
}

describe('@mtlsctl/pki-core/choices', () => {
  it('loads no ASN.1 or X.509 library: only @mtlsctl/errors (so every CLI command can import it for its flags)', () => {
    const entry = join(dirname(fileURLToPath(import.meta.url)), 'index.ts');
    expect([...packagesImported(entry)]).toEqual(['@mtlsctl/errors']);
  });

  it('holds the same lists as the main entry point', () => {
    expect(KEY_TYPES).toBe(barrel.KEY_TYPES);
    expect(PKCS12_PROFILES).toBe(barrel.PKCS12_PROFILES);
    expect(CRL_REASONS).toBe(barrel.CRL_REASONS);
  });

  it('offers every RFC 5280 reason for a client certificate but a CA compromise and a hold (mtlsctl never un-revokes)', () => {
    expect(CLIENT_REVOCATION_REASONS).toEqual(['unspecified', 'keyCompromise', 'affiliationChanged', 'superseded', 'cessationOfOperation', 'privilegeWithdrawn']);
    expect(CRL_REASONS.filter((r) => !CLIENT_REVOCATION_REASONS.includes(r as never))).toEqual(['cACompromise', 'certificateHold']);
  });
});
