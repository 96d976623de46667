import { describe, expect, it } from 'vitest';
import { parsePolicy } from './acl-policy.js';
import { VaultHttpError } from './vault-http-error.js';

describe('parsePolicy', () => {
  it('reads path stanzas with their capabilities, globs and + segments', () => {
    const rules = parsePolicy(`
      # the CA only
      path "secret/data/pki/ca" {
        capabilities = ["read"]
      }
      // every client
      path "secret/metadata/pki/clients/*" { capabilities = ["read", "list",] }
      /* one segment */
      path "secret/data/+/crl" {
        capabilities = [ "read" ]
      }
    `);
    expect(rules.map((r) => [r.path, r.isPrefix, r.hasSegmentWildcards, [...r.capabilities]])).toEqual([
      ['secret/data/pki/ca', false, false, ['read']],
      ['secret/metadata/pki/clients/', true, false, ['read', 'list']],
      ['secret/data/+/crl', false, true, ['read']],
    ]);
  });

  it('reads the JSON form of a policy', () => {
    const rules = parsePolicy('{"path": {"secret/*": {"capabilities": ["list"]}}}');
    expect(rules).toHaveLength(1);
    expect(rules[0]?.path).toBe('secret/');
    expect([...(rules[0]?.capabilities ?? [])]).toEqual(['list']);
  });

  it.each([
    ['read', ['read', 'list']],
    ['write', ['create', 'read', 'update', 'delete', 'list']],
    ['deny', ['deny']],
  ])('maps the legacy policy = "%s" to its capabilities', (legacy, expected) => {
    const [rule] = parsePolicy(`path "a/b" { policy = "${legacy}" }`);
    expect([...(rule?.capabilities ?? [])]).toEqual(expected);
  });

  it('keeps only deny when a stanza lists deny with other capabilities', () => {
    const [rule] = parsePolicy('path "a" { capabilities = ["read", "deny"] }');
    expect([...(rule?.capabilities ?? [])]).toEqual(['deny']);
  });

  it.each([
    ['an unknown capability', 'path "a" { capabilities = ["reed"] }', 'invalid capability "reed"'],
    ['an unsupported key', 'path "a" { allowed_parameters = "x" }', 'key "allowed_parameters" is not supported'],
    ['a missing brace', 'path "a" { capabilities = ["read"]', 'unexpected end of policy'],
    ['an unterminated string', 'path "a { }', 'unterminated string'],
    ['a stray word', 'paths "a" { }', 'expected "path"'],
  ])('rejects %s with a 400 failed to parse policy', (_case, text, message) => {
    let caught: unknown;
    try {
      parsePolicy(text);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(VaultHttpError);
    expect((caught as VaultHttpError).status).toBe(400);
    expect((caught as VaultHttpError).errors[0]).toMatch(/^failed to parse policy: /);
    expect((caught as VaultHttpError).errors[0]).toContain(message);
  });
});
