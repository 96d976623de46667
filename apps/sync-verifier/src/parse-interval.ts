const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/**
 * Parses a duration such as `30s`, `5m`, `1h30m` or `500ms` (Go's units without µs/ns) into milliseconds.
 *
 * @throws RangeError naming the accepted forms
 */
export function parseInterval(text: string, what: string): number {
  const parts = [...text.trim().matchAll(/([0-9]+)(ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== text.trim()) throw new RangeError(`${what} "${text}" is not a duration such as 30s, 5m or 1h`);
  return parts.reduce((sum, p) => sum + Number(p[1]) * UNITS[p[2]!]!, 0);
}
