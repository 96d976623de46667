import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { VerificationLoop } from './verification-loop.js';

describe('VerificationLoop', () => {
  it('waits the interval ± jitter after a good cycle, and backs off from the retry base after failures, capped at the interval', () => {
    const loop = new VerificationLoop({ cycle: async () => true, intervalMs: 60_000, jitter: 0.1, retryBaseMs: 5000, random: () => 1 });
    expect(loop.nextDelayMs(true)).toBe(66_000);
    const low = new VerificationLoop({ cycle: async () => true, intervalMs: 60_000, jitter: 0.1, retryBaseMs: 5000, random: () => 0.5 });
    expect([false, false, false, false, false, false, true, false].map((ok) => low.nextDelayMs(ok))).toEqual([5000, 10_000, 20_000, 40_000, 60_000, 60_000, 60_000, 5000]);
  });

  it('stop() aborts a cycle in flight and resolves once it has returned; no cycle starts after', async () => {
    let started = 0;
    let sawAbort = false;
    const loop = new VerificationLoop({
      intervalMs: 10,
      jitter: 0,
      cycle: (signal) =>
        new Promise<boolean>((resolve) => {
          started++;
          signal.addEventListener('abort', () => {
            sawAbort = true;
            resolve(false);
          });
        }),
    });
    loop.start();
    await sleep(20);
    await loop.stop();
    expect(sawAbort).toBe(true);
    await sleep(30);
    expect(started).toBe(1);
  });

  it('keeps going after a cycle throws, reporting it', async () => {
    const errors: unknown[] = [];
    let runs = 0;
    const loop = new VerificationLoop({ intervalMs: 5, jitter: 0, retryBaseMs: 1, onError: (e) => errors.push(e), cycle: async () => (++runs === 1 ? Promise.reject(new Error('boom')) : true) });
    loop.start();
    while (runs < 3) await sleep(5);
    await loop.stop();
    expect(errors).toEqual([new Error('boom')]);
  });
});
