import { describe, expect, it } from 'vitest';
import { measureRate } from './measure-rate.js';

/** A fake clock in milliseconds that only moves when an operation "takes time". */
function fakeClock() {
  let time = 0;
  return { now: () => time, advance: (ms: number) => (time += ms) };
}

describe('measureRate', () => {
  it('counts the operations that complete in the window and divides by the elapsed time', async () => {
    const clock = fakeClock();
    const m = await measureRate(async () => clock.advance(100), { seconds: 1, now: clock.now });
    expect(m).toEqual({ operations: 10, seconds: 1, perSecond: 10 });
  });

  it('lets an operation started before the deadline finish and counts its time', async () => {
    const clock = fakeClock();
    const m = await measureRate(async () => clock.advance(300), { seconds: 1, now: clock.now });
    expect(m).toEqual({ operations: 4, seconds: 1.2, perSecond: 4 / 1.2 });
  });

  it('keeps `concurrency` operations in flight', async () => {
    let inFlight = 0;
    let most = 0;
    const operation = async () => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 5));
      inFlight -= 1;
    };
    const m = await measureRate(operation, { seconds: 0.05, concurrency: 3 });
    expect(most).toBe(3);
    expect(m.operations).toBeGreaterThanOrEqual(3);
  });
});
