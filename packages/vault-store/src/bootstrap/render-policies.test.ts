import { describe, expect, it } from 'vitest';
import { renderAdminPolicy, renderEsoReaderPolicy, renderPolicies, renderUserPolicy, renderVerifierPolicy, userPolicyName } from './render-policies.js';
import { InvalidPathSegmentError } from '../errors/invalid-path-segment-error.js';

/** The `path "…" { capabilities = […] }` stanzas as `path caps` lines (OpenBao parses them for real in policies.test.ts). */
const rules = (hcl: string) => {
  const stanzas = [...hcl.matchAll(/path "([^"]+)" \{\s*capabilities = \[([^\]]*)\]\s*\}/g)];
  expect(hcl.match(/path "/g)?.length ?? 0, 'every path stanza has the expected shape').toBe(stanzas.length);
  return stanzas.map((m) => `${m[1]} ${(m[2] ?? '').replace(/[" ]/g, '')}`);
};

describe('rendered policies', () => {
  it('let ESO read the CA bundle and CRL only', () => {
    expect(rules(renderEsoReaderPolicy())).toEqual(['secret/data/pki/ca read', 'secret/data/pki/crl read']);
  });

  it('give the verifier public records and client metadata, no client data', () => {
    expect(rules(renderVerifierPolicy({ mount: 'kv', prefix: 'mtls/prod' }))).toEqual([
      'kv/data/mtls/prod/ca read',
      'kv/data/mtls/prod/crl read',
      'kv/metadata/mtls/prod/clients/* read,list',
    ]);
  });

  it('give admins every KV v2 area under the prefix', () => {
    expect(rules(renderAdminPolicy())).toEqual([
      'secret/data/pki/* create,read,update,delete,list',
      'secret/metadata/pki/* create,read,update,delete,list',
      'secret/metadata/pki list',
      'secret/delete/pki/* update',
      'secret/undelete/pki/* update',
      'secret/destroy/pki/* update',
    ]);
  });

  it('give a user their own record only', () => {
    expect(rules(renderUserPolicy('alice'))).toEqual(['secret/data/pki/clients/alice read']);
  });

  it('name the three shared policies', () => {
    expect(Object.keys(renderPolicies())).toEqual(['eso-pki-reader', 'mtlsctl-admin', 'mtlsctl-verifier']);
  });

  it.each([
    ['alice', 'mtlsctl-user-alice'],
    ['Alice', 'mtlsctl-user-_alice'],
    ['a_lice', 'mtlsctl-user-a__lice'],
    ['aLice', 'mtlsctl-user-a_lice'],
    ['bob.smith-2', 'mtlsctl-user-bob.smith-2'],
  ])('names the policy of %j %j (distinct after Vault lowercases names)', (username, name) => {
    expect(userPolicyName(username)).toBe(name);
    expect(name).toBe(name.toLowerCase());
  });

  it.each(['a*', '+', 'a"b', 'a\\b', '{{identity.entity.name}}', 'a b', 'a/b', '..', ''])('refuses the username %j in a policy path', (username) => {
    expect(() => renderUserPolicy(username)).toThrow(InvalidPathSegmentError);
    expect(() => userPolicyName(username)).toThrow(InvalidPathSegmentError);
  });
});
