import { setTimeout as sleep } from 'node:timers/promises';
import { VerifierMetrics } from '@mtlsctl/monitoring';
import { describe, expect, it } from 'vitest';
import { createJsonLogger } from './json-logger.js';
import { runCycle } from './run-cycle.js';

describe('runCycle', () => {
  it('does not start the cluster read once Vault has used up the cycle deadline (its failure would go unheard)', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => void unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    let clusterReads = 0;
    try {
      const lines: string[] = [];
      const healthy = await runCycle(
        {
          // slower than the 20 ms deadline: the Vault step fails with TIMEOUT, and the deadline has passed
          vault: { observe: () => sleep(60).then(() => Promise.reject(new Error('late'))) },
          cluster: {
            observe: () => {
              clusterReads++;
              return Promise.reject(new Error('forbidden'));
            },
            writeDenyRules: async () => {},
          },
          writeDenyRules: false,
          metrics: new VerifierMetrics({ version: 'test' }),
          log: createJsonLogger({ write: (line) => void lines.push(line) }),
          now: () => new Date(),
          timeoutMs: 20,
          state: { lastTruth: { bundlePem: '' } },
        },
        new AbortController().signal,
      );
      await sleep(100);
      expect(healthy).toBe(false);
      expect(clusterReads).toBe(0);
      expect(lines.join('')).toMatch(/"msg":"reading the cluster failed","source":"cluster","code":"TIMEOUT"/);
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
