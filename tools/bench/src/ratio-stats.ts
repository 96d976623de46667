/** min / median / max of some numbers. */
export interface Spread {
  min: number;
  median: number;
  max: number;
}

/**
 * The spread of a non-empty list of numbers.
 *
 * @param values - the samples (e.g. one ratio per repeat)
 */
export function spreadOf(values: readonly number[]): Spread {
  if (values.length === 0) throw new Error('spreadOf: no samples');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  return { min: sorted[0] as number, median, max: sorted[sorted.length - 1] as number };
}
