import { describe, expect, it } from 'vitest';
import { InvalidSyncOptionError } from './errors/invalid-sync-option-error.js';
import { mergeDenyRulesBlock, readDenyRulesBlock } from './deny-rules-block.js';

const rules = 'acl mtlsctl_revoked ssl_c_serial,hex -m str 8F12AB\nhttp-request deny deny_status 403 if mtlsctl_revoked\n';
const admin = 'http-request set-header X-Admin 1\nhttp-request allow if { src 10.0.0.0/8 }\n';

describe('mergeDenyRulesBlock', () => {
  it('puts a new block before the admin lines, so an admin allow cannot bypass it', () => {
    const merged = mergeDenyRulesBlock(admin, rules);
    const lines = merged.split('\n');
    expect(lines[0]).toMatch(/^# BEGIN mtlsctl deny rules/);
    expect(lines.indexOf('http-request deny deny_status 403 if mtlsctl_revoked')).toBeLessThan(lines.indexOf('http-request allow if { src 10.0.0.0/8 }'));
    expect(merged.endsWith(admin)).toBe(true);
    expect(readDenyRulesBlock(merged)).toBe(rules);
  });

  it('replaces only its own block, where it is, and keeps admin lines around it byte for byte', () => {
    const before = 'option forwardfor\n';
    const first = `${before}${mergeDenyRulesBlock('', 'http-request deny if old\n')}${admin}`;
    const merged = mergeDenyRulesBlock(first, rules);
    expect(merged.startsWith(before)).toBe(true);
    expect(merged.endsWith(admin)).toBe(true);
    expect(merged).not.toContain('if old');
    expect(readDenyRulesBlock(merged)).toBe(rules);
    expect(mergeDenyRulesBlock(merged, rules)).toBe(merged);
  });

  it('removes the block for empty rules and leaves an absent snippet empty', () => {
    expect(mergeDenyRulesBlock(mergeDenyRulesBlock(admin, rules), '')).toBe(admin);
    expect(mergeDenyRulesBlock(undefined, '')).toBe('');
    expect(readDenyRulesBlock(admin)).toBeUndefined();
  });

  it('refuses a snippet whose block lost a marker line, rather than guess which lines are the admin\'s', () => {
    const broken = mergeDenyRulesBlock(admin, rules).replace(/# END mtlsctl deny rules\n/, '');
    expect(() => mergeDenyRulesBlock(broken, rules)).toThrow(InvalidSyncOptionError);
    expect(() => mergeDenyRulesBlock(broken, rules)).toThrow(/block is broken/);
  });
});
