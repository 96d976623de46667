/**
 * mtlsctl's one duration syntax, used by every flag that takes a duration (certificate and CA validity, CRL
 * validity, `--expiring`, the ESO token's TTL): one or more `<number><unit>` terms, as in `90d`, `1y`, `18mo`,
 * `2w`, `36h`, `1h30m`, `8760h`.
 *
 * Units: `y` (365 days), `mo` (30 days), `w`, `d`, and Go's `h`, `m` (minute, never a month), `s`. A bare number
 * is refused (days to `openssl`, seconds to Vault: ambiguous), and so is `M` (a month to some tools, a minute
 * to Go).
 */
const UNIT_SECONDS: Readonly<Record<string, number>> = { y: 365 * 86_400, mo: 30 * 86_400, w: 7 * 86_400, d: 86_400, h: 3_600, m: 60, s: 1 };

/** The longest duration accepted: 100 years. */
export const MAX_DURATION_SECONDS = 100 * 365 * 86_400;

const FORMS = 'use a number and a unit: y, mo (months), w, d, h, m (minutes), s, e.g. 90d, 1y, 18mo, 12h';

/**
 * Parses a duration into whole seconds.
 *
 * @throws Error whose message names the input and the accepted forms
 * @example parseDuration('1h30m') // 5400
 */
export function parseDuration(text: string): number {
  const input = text.trim();
  if (/^\d+$/.test(input)) throw new Error(`"${text}" has no unit: write ${input}d for days (${FORMS})`);
  if (/\dM/.test(input)) throw new Error(`"${text}" is ambiguous: write mo for months or m for minutes`);
  const terms = [...input.matchAll(/(\d{1,9})(mo|y|w|d|h|m|s)/g)];
  if (input === '' || terms.map((t) => t[0]).join('') !== input) throw new Error(`"${text}" is not a duration: ${FORMS}`);
  const seconds = terms.reduce((sum, [, amount, unit]) => sum + Number(amount) * UNIT_SECONDS[unit!]!, 0);
  if (seconds < 1) throw new Error(`"${text}" is not a positive duration`);
  if (seconds > MAX_DURATION_SECONDS) throw new Error(`"${text}" is longer than 100 years`);
  return seconds;
}

/**
 * Parses a duration that must be a whole number of days (certificate validity: X.509 tools count in days).
 *
 * @throws Error for sub-day remainders, naming the nearest whole-day values
 */
export function parseDurationDays(text: string): number {
  const seconds = parseDuration(text);
  if (seconds % 86_400 !== 0) {
    const lower = Math.floor(seconds / 86_400);
    throw new Error(`"${text}" is not a whole number of days: use ${lower > 0 ? `${lower}d or ` : ''}${lower + 1}d`);
  }
  return seconds / 86_400;
}

/**
 * Writes a number of seconds in the same syntax, largest units first, as help and messages show durations:
 * 31536000 → `1y`, 7776000 → `90d`, 5400 → `1h30m`. `mo` is never produced (30 days reads better as `30d`).
 */
export function formatDuration(seconds: number): string {
  let rest = Math.round(seconds);
  if (rest <= 0) return '0s';
  const parts: string[] = [];
  for (const unit of ['y', 'w', 'd', 'h', 'm', 's'] as const) {
    const size = UNIT_SECONDS[unit]!;
    // Weeks only when they are the whole of the rest (12w), otherwise days read better (10d, not 1w3d).
    if (unit === 'w' && rest % size !== 0) continue;
    const amount = Math.floor(rest / size);
    if (amount > 0) {
      parts.push(`${amount}${unit}`);
      rest -= amount * size;
    }
  }
  return parts.join('');
}
