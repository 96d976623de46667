/** How retries back off. */
export interface BackoffOptions {
  /** Delay before the first retry, before jitter (ms). */
  baseMs: number;
  /** Upper bound of any delay (ms). */
  maxMs: number;
  /** A number in [0, 1): the jitter source (default Math.random). */
  random?: () => number;
}

/**
 * The delay before retry number `attempt` (0 for the first retry): exponential (`base · 2^attempt`, capped at
 * `maxMs`) with "equal jitter" (half fixed, half random), so clients that failed together do not retry together.
 *
 * @example
 * retryDelayMs(2, { baseMs: 200, maxMs: 5000, random: () => 0.5 }); // 600
 */
export function retryDelayMs(attempt: number, options: BackoffOptions): number {
  const ceiling = Math.min(options.maxMs, options.baseMs * 2 ** attempt);
  const random = (options.random ?? Math.random)();
  return Math.round(ceiling / 2 + (ceiling / 2) * random);
}
