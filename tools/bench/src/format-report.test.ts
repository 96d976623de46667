import { describe, expect, it } from 'vitest';
import { formatReport } from './format-report.js';

describe('formatReport', () => {
  it('prints one aligned row per scenario with its rate and its ratio to the openssl baseline', () => {
    const text = formatReport({ cpus: 2, model: 'Test CPU', node: 'v20.20.2', openssl: 'OpenSSL 3.0.19' }, [
      { keyType: 'p256', id: 'openssl-1', label: 'openssl CLI pipeline, 1 at a time', operations: 40, seconds: 2, perSecond: 20, ratio: 1 },
      { keyType: 'p256', id: 'mtlsctl-1', label: 'mtlsctl, 1 at a time', operations: 400, seconds: 2, perSecond: 200, ratio: 10 },
    ]);
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toContain('2 CPUs (Test CPU), Node v20.20.2, OpenSSL 3.0.19');
    expect(lines[3]).toMatch(/^p256 +openssl CLI pipeline, 1 at a time +40 +2\.0 +20\.0 +1\.00$/);
    expect(lines[4]).toMatch(/^p256 +mtlsctl, 1 at a time +400 +2\.0 +200\.0 +10\.00$/);
  });
});
