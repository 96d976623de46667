import { describe, expect, it } from 'vitest';
import { evaluateDenyDrift } from './evaluate-deny-drift.js';

const rules = '# mtlsctl: deny revoked client certificates (1 serial) with 403\nacl mtlsctl_revoked ssl_c_serial,hex -m str 8F12AB\nhttp-request deny deny_status 403 if mtlsctl_revoked\n';

describe('evaluateDenyDrift', () => {
  it.each([
    ['exactly the rules', rules, true],
    ['the rules between admin lines, indented, comments changed', `http-request set-header X-Admin 1\n  # managed\n  acl mtlsctl_revoked ssl_c_serial,hex -m str 8F12AB\n  http-request deny deny_status 403 if mtlsctl_revoked\nhttp-request return status 200\n`, true],
    ['an edited serial', rules.replace('8F12AB', '8F12AC'), false],
    ['a missing deny line', rules.split('\n').slice(0, 2).join('\n'), false],
    ['an empty snippet', '', false],
    ['the rules plus a stale rule of ours', `${rules}acl mtlsctl_revoked ssl_c_serial,hex -m str 01\n`, false],
  ])('%s → in sync: %s', (_what, snippet, inSync) => {
    expect(evaluateDenyDrift(rules, snippet).inSync).toBe(inSync);
  });

  it('treats a missing ConfigMap as drift when there are rules to carry, and no published CRL as nothing to carry', () => {
    expect(evaluateDenyDrift(rules, undefined)).toEqual({ inSync: false, problem: 'the controller ConfigMap is missing' });
    expect(evaluateDenyDrift(undefined, undefined)).toEqual({ inSync: true });
  });

  it('with no revoked certificates, any rule of ours left in the snippet is drift', () => {
    const none = '# mtlsctl: no revoked client certificates; these rules deny nothing\n';
    expect(evaluateDenyDrift(none, 'http-request return status 200\n').inSync).toBe(true);
    expect(evaluateDenyDrift(none, rules).inSync).toBe(false);
  });
});
