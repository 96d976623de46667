/** How many operations completed in a timed window. */
export interface RateMeasurement {
  /** Completed operations. */
  operations: number;
  /** Wall-clock seconds from the first start to the last completion (the window plus the last operations' tail). */
  seconds: number;
  /** operations / seconds. */
  perSecond: number;
}

/**
 * Runs `operation` repeatedly for about `seconds`, keeping `concurrency` calls in flight, and measures the rate.
 * Calls started before the deadline run to completion and count; the elapsed time includes them, so a slow
 * last call lowers the rate rather than being dropped.
 *
 * @param operation - one unit of work (e.g. issue one certificate and p12)
 * @param options.seconds - the measuring window
 * @param options.concurrency - calls in flight at once; default 1
 * @param options.now - the clock in milliseconds; default `performance.now`
 * @example
 * const { perSecond } = await measureRate(() => issueOnce(), { seconds: 5, concurrency: 4 });
 */
export async function measureRate(
  operation: () => Promise<unknown>,
  options: { seconds: number; concurrency?: number; now?: () => number },
): Promise<RateMeasurement> {
  const now = options.now ?? (() => performance.now());
  const concurrency = options.concurrency ?? 1;
  const start = now();
  const deadline = start + options.seconds * 1000;
  let operations = 0;
  const lane = async () => {
    while (now() < deadline) {
      await operation();
      operations += 1;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  const seconds = (now() - start) / 1000;
  return { operations, seconds, perSecond: seconds > 0 ? operations / seconds : 0 };
}
