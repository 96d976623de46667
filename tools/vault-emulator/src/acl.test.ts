import { describe, expect, it } from 'vitest';
import { Acl, type Operation } from './acl.js';
import { parsePolicy } from './acl-policy.js';

const acl = (...policies: string[]) => new Acl(policies.map(parsePolicy));

describe('Acl', () => {
  it.each<[string, string[], Operation, string, boolean]>([
    ['an exact path grants its own capability', ['path "secret/data/pki/ca" { capabilities = ["read"] }'], 'read', 'secret/data/pki/ca', true],
    ['an exact path grants nothing else', ['path "secret/data/pki/ca" { capabilities = ["read"] }'], 'update', 'secret/data/pki/ca', false],
    ['an exact path does not cover a longer one', ['path "secret/data/pki/ca" { capabilities = ["read"] }'], 'read', 'secret/data/pki/ca-key', false],
    ['a glob covers everything below its prefix', ['path "secret/data/pki/*" { capabilities = ["read"] }'], 'read', 'secret/data/pki/clients/alice', true],
    ['a glob matches by string prefix, not by segment', ['path "secret/data/pki/ca*" { capabilities = ["read"] }'], 'read', 'secret/data/pki/ca-key', true],
    ['a glob does not cover its parent', ['path "secret/data/pki/*" { capabilities = ["read"] }'], 'read', 'secret/data/pki', false],
    ['+ matches exactly one segment', ['path "secret/data/+/ca" { capabilities = ["read"] }'], 'read', 'secret/data/pki/ca', true],
    ['+ does not match two segments', ['path "secret/data/+/ca" { capabilities = ["read"] }'], 'read', 'secret/data/a/b/ca', false],
    ['an exact rule wins over a broader glob', ['path "secret/*" { capabilities = ["read"] }', 'path "secret/data/pki/ca-key" { capabilities = ["deny"] }'], 'read', 'secret/data/pki/ca-key', false],
    ['the most specific glob wins, not the union', ['path "secret/*" { capabilities = ["read", "update"] }', 'path "secret/data/*" { capabilities = ["read"] }'], 'update', 'secret/data/x', false],
    ['the same path in two policies merges capabilities', ['path "a/b" { capabilities = ["read"] }', 'path "a/b" { capabilities = ["update"] }'], 'update', 'a/b', true],
    ['deny on the same path in another policy wins', ['path "a/b" { capabilities = ["read"] }', 'path "a/b" { capabilities = ["deny"] }'], 'read', 'a/b', false],
    ['deny wins whichever policy comes first', ['path "a/b" { capabilities = ["deny"] }', 'path "a/b" { capabilities = ["read"] }'], 'read', 'a/b', false],
    ['a later wildcard position wins (foo/bar/+ over foo/+)', ['path "f/+/x" { capabilities = ["deny"] }', 'path "f/bar/+" { capabilities = ["read"] }'], 'read', 'f/bar/x', true],
    ['an exact segment path beats a prefix at the same position', ['path "f/+/ba*" { capabilities = ["deny"] }', 'path "f/+/bar" { capabilities = ["read"] }'], 'read', 'f/x/bar', true],
    ['list on a folder matches the glob below it', ['path "secret/metadata/pki/clients/*" { capabilities = ["list"] }'], 'list', 'secret/metadata/pki/clients/', true],
    ['list on a folder matches an exact rule without the slash', ['path "secret/metadata/pki/clients" { capabilities = ["list"] }'], 'list', 'secret/metadata/pki/clients/', true],
    ['read is not list', ['path "secret/metadata/pki/clients/*" { capabilities = ["read"] }'], 'list', 'secret/metadata/pki/clients/', false],
    ['create is not update', ['path "a" { capabilities = ["create"] }'], 'update', 'a', false],
    ['no matching rule allows nothing', ['path "a" { capabilities = ["read"] }'], 'read', 'b', false],
  ])('%s', (_case, policies, operation, path, allowed) => {
    expect(acl(...policies).allows(operation, path)).toBe(allowed);
  });

  it('lets the root policy do anything', () => {
    const root = new Acl([], true);
    expect(root.allows('delete', 'sys/anything')).toBe(true);
    expect(root.hasSudo('sys/audit', 'read')).toBe(true);
    expect(root.capabilities('x')).toEqual(['root']);
  });

  it('reports capabilities sorted, and deny when nothing applies', () => {
    const a = acl('path "secret/data/*" { capabilities = ["update", "read", "create"] }', 'path "x" { capabilities = ["deny"] }');
    expect(a.capabilities('secret/data/pki/ca')).toEqual(['create', 'read', 'update']);
    expect(a.capabilities('x')).toEqual(['deny']);
    expect(a.capabilities('elsewhere')).toEqual(['deny']);
  });

  it('grants sudo only where a rule says so', () => {
    const a = acl('path "sys/audit" { capabilities = ["read", "sudo"] }', 'path "sys/mounts" { capabilities = ["read"] }');
    expect(a.hasSudo('sys/audit', 'read')).toBe(true);
    expect(a.hasSudo('sys/mounts', 'read')).toBe(false);
  });
});
