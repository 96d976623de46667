import { describe, expect, it } from 'vitest';
import { retryDelayMs } from './retry-delay.js';

describe('retryDelayMs', () => {
  it.each([
    [0, 0, 100],
    [0, 0.999999, 200],
    [1, 0, 200],
    [2, 0.5, 600],
    [3, 0, 800],
    [10, 0, 2500],
    [10, 0.999999, 5000],
  ])('attempt %i with jitter %f waits %i ms (base 200, max 5000)', (attempt, random, expected) => {
    expect(retryDelayMs(attempt, { baseMs: 200, maxMs: 5000, random: () => random })).toBe(expected);
  });
});
