/**
 * Parses a validity or window such as `365d`, `52w`, `1y`, `18mo`, or a bare number of days, into whole days.
 * A year is 365 days and a month 30, as `step` and `openssl -days` users expect.
 *
 * @throws Error with a message naming the accepted forms
 */
export function parseDurationDays(text: string): number {
  const match = /^([0-9]{1,5})(d|w|mo|m|y)?$/.exec(text.trim());
  if (!match) throw new Error(`"${text}" is not a duration: use a number of days or a number with d, w, mo or y (e.g. 90d, 1y)`);
  const amount = Number(match[1]);
  const unit = match[2] ?? 'd';
  const days = amount * ({ d: 1, w: 7, mo: 30, m: 30, y: 365 } as Record<string, number>)[unit]!;
  if (days < 1) throw new Error(`"${text}" is shorter than one day`);
  if (days > 36_500) throw new Error(`"${text}" is longer than 100 years`);
  return days;
}
