import { describe, expect, it } from 'vitest';
import { spreadOf } from './ratio-stats.js';

describe('spreadOf', () => {
  it.each([
    [[3], { min: 3, median: 3, max: 3 }],
    [[5, 1, 3], { min: 1, median: 3, max: 5 }],
    [[4, 1, 3, 2], { min: 1, median: 2.5, max: 4 }],
  ])('gives min, median and max of %j', (values, spread) => {
    expect(spreadOf(values)).toEqual(spread);
  });

  it('refuses an empty list', () => {
    expect(() => spreadOf([])).toThrow(/no samples/);
  });
});
