import { describe, expect, it } from 'vitest';
import { renderAdminPolicy, renderEsoReaderPolicy, renderPolicies, renderUserPolicy, renderVerifierPolicy, userPolicyName, usersTemplatePolicy } from './render-policies.js';
import { policyToHcl } from './policy-document.js';
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
      'auth/token/lookup-accessor update',
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

  it('name the policies of another layout after it', () => {
    expect(Object.keys(renderPolicies({ mount: 'kv', prefix: 'team-b' }))).toEqual(['eso-pki-reader@kv@team-b', 'mtlsctl-admin@kv@team-b', 'mtlsctl-verifier@kv@team-b']);
    expect(rules(renderEsoReaderPolicy({ mount: 'kv', prefix: 'team-b' }))).toEqual(['kv/data/team-b/ca read', 'kv/data/team-b/crl read']);
  });

  it.each([
    { prefix: 'x" {capabilities=["read"]} path "secret/data/*" {capabilities=["read"]} path "y' },
    { prefix: 'pki\npath "secret/data/*" {' },
    { prefix: 'pki}' },
    { prefix: '*' },
    { mount: 'secret/data/+' },
    { prefix: '../..' },
  ])('refuse the layout %j before rendering anything', (layout) => {
    for (const render of [renderEsoReaderPolicy, renderAdminPolicy, renderVerifierPolicy, renderPolicies, (l: typeof layout) => renderUserPolicy('alice', l)]) {
      expect(() => render(layout)).toThrow(InvalidPathSegmentError);
    }
  });

  it('give every user of one auth method their own record through one templated policy', () => {
    expect(rules(policyToHcl(usersTemplatePolicy('auth_userpass_0a1b2c3d')))).toEqual(['secret/data/pki/clients/{{identity.entity.aliases.auth_userpass_0a1b2c3d.name}} read']);
    expect(() => usersTemplatePolicy('auth_userpass_0a1b2c3d}} path "secret/*')).toThrow(InvalidPathSegmentError);
  });

  it.each([
    { path: 'secret/data/pki/ca" {', capabilities: ['read'] as const },
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal ${...} is the input under test
    { path: 'secret/data/${x}', capabilities: ['read'] as const },
    { path: 'secret/data/a b', capabilities: ['read'] as const },
    { path: 'secret/data/../sys', capabilities: ['read'] as const },
    { path: 'secret/data/ca', capabilities: ['read", "sudo'] as unknown as ['read'] },
  ])('render no policy from a rule that could change its structure (%j)', (rule) => {
    expect(() => policyToHcl({ name: 't', description: [], rules: [{ ...rule, capabilities: [...rule.capabilities] }] })).toThrow(/unsafe path|unknown capability/);
  });
});
