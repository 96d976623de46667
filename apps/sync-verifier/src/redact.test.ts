import { describe, expect, it } from 'vitest';
import { createJsonLogger } from './json-logger.js';
import { redact } from './redact.js';

describe('redact', () => {
  it('replaces secret fields and cuts tokens and private keys out of any string', () => {
    const key = '-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49\n-----END PRIVATE KEY-----';
    expect(
      redact({
        token: 'hvs.x',
        esoToken: 'x',
        p12Password: 'x',
        nested: { privateKeyPem: key, 'tls.key': key, tokenFile: '/run/token' },
        externalSecret: 'haproxy-controller/sync-ca-from-nas',
        msg: `permission denied for hvs.CAESIJ0123456789abcdefghijkl; key ${key}; Authorization: Bearer eyJhbGciOi.x.y`,
        error: Object.assign(new Error('bad token s.0123456789abcdefghijKLMN'), { code: 'E1', request: { headers: { 'X-Vault-Token': 'hvs.z' } } }),
      }),
    ).toEqual({
      token: '[redacted]',
      esoToken: '[redacted]',
      p12Password: '[redacted]',
      nested: { privateKeyPem: '[redacted]', 'tls.key': '[redacted]', tokenFile: '/run/token' },
      externalSecret: 'haproxy-controller/sync-ca-from-nas',
      msg: 'permission denied for [redacted token]; key [redacted private key]; Authorization: Bearer [redacted]',
      error: { name: 'Error', message: 'bad token [redacted token]', code: 'E1' },
    });
  });
});

describe('createJsonLogger', () => {
  it('writes one JSON object per line at or above its level, redacted', () => {
    const lines: string[] = [];
    const log = createJsonLogger({ level: 'info', write: (l) => void lines.push(l), now: () => new Date('2026-06-01T00:00:00Z') });
    log.debug('hidden');
    log.warn('vault down', { error: new Error('sealed'), token: 'hvs.secret' });
    expect(lines).toEqual(['{"time":"2026-06-01T00:00:00.000Z","level":"warn","msg":"vault down","error":{"name":"Error","message":"sealed"},"token":"[redacted]"}\n']);
  });
});
