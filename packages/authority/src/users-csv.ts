import { parse } from 'csv-parse/sync';
import { KEY_TYPES, type KeyType, type Pkcs12Profile } from '@mtlsctl/pki-core';
import { UsersCsvError } from './errors/index.js';
import { validateEmail } from './email.js';
import { validateUsername } from './username.js';

/** One user to issue, from a CSV line. */
export interface BulkUser {
  /** 1-based line in the file, for messages. */
  line: number;
  username: string;
  email: string;
  keyType?: KeyType;
  validityDays?: number;
  p12Profile?: Pkcs12Profile;
}

const COLUMNS = ['username', 'email', 'key_type', 'validity_days', 'p12_profile'] as const;

/**
 * Parses a users file for bulk issuance: a header line naming columns among `username,email,key_type,
 * validity_days,p12_profile` (username and email required), then one user a line. Every line is validated
 * before anything is issued; a username twice (letter case ignored: `Alice` and `alice`) or an email twice
 * (unless `allowSharedEmail`) is an error naming both lines. A UTF-8 byte-order mark (as spreadsheets write)
 * is skipped; other columns (an HR export's `department`) are ignored and named to `onIgnoredColumns`.
 *
 * @throws UsersCsvError listing every bad line
 */
export function parseUsersCsv(text: string, options: { onIgnoredColumns?: (columns: string[]) => void; allowSharedEmail?: boolean } = {}): BulkUser[] {
  let records: string[][];
  try {
    records = parse(text, { bom: true, skip_empty_lines: true, trim: true, relax_column_count: false, comment: '#' }) as string[][];
  } catch (error) {
    // csv-parse's messages quote the offending field: name the problem by its code only (the file may be a secret).
    const code = (error as { code?: string }).code ?? 'CSV_PARSE_ERROR';
    throw new UsersCsvError([{ line: (error as { lines?: number }).lines ?? 0, message: `not valid CSV (${code})` }]);
  }
  const [header, ...rows] = records;
  if (!header) throw new UsersCsvError([{ line: 1, message: 'the file is empty: expected a header line "username,email"' }]);
  const columns = header.map((h) => h.toLowerCase());
  if (!columns.includes('username') || !columns.includes('email')) {
    throw new UsersCsvError([
      // The header is never echoed: `--from` pointed at the wrong file (a token) would print it.
      { line: 1, message: `the header must name the columns username,email (optional: key_type, validity_days, p12_profile); the first line has ${header.length} column(s) and not both` },
    ]);
  }
  const ignored = columns.filter((c) => !(COLUMNS as readonly string[]).includes(c));
  if (ignored.length) options.onIgnoredColumns?.(ignored);
  const problems: { line: number; message: string }[] = [];
  const seen = new Map<string, { line: number; username: string }>();
  const seenEmails = new Map<string, { line: number; username: string }>();
  const users: BulkUser[] = [];
  rows.forEach((row, index) => {
    const line = index + 2;
    const field = (name: string) => row[columns.indexOf(name)] ?? '';
    try {
      const username = validateUsername(field('username'));
      const email = validateEmail(field('email'));
      const first = seen.get(username.toLowerCase());
      if (first !== undefined) {
        throw new Error(first.username === username ? `user ${username} is already on line ${first.line}` : `user ${username} is user ${first.username} of line ${first.line} but for letter case (usernames are unique regardless of case)`);
      }
      const sharer = options.allowSharedEmail ? undefined : seenEmails.get(email.toLowerCase());
      if (sharer !== undefined) throw new Error(`the email ${email} is already user ${sharer.username}'s on line ${sharer.line} (pass --allow-shared-email if they share it)`);
      seen.set(username.toLowerCase(), { line, username });
      seenEmails.set(email.toLowerCase(), { line, username });
      users.push({ line, username, email, ...optionalColumns(field) });
    } catch (error) {
      problems.push({ line, message: (error as Error).message });
    }
  });
  if (problems.length) throw new UsersCsvError(problems);
  return users;
}

function optionalColumns(field: (name: string) => string): Pick<BulkUser, 'keyType' | 'validityDays' | 'p12Profile'> {
  const result: Pick<BulkUser, 'keyType' | 'validityDays' | 'p12Profile'> = {};
  const keyType = field('key_type');
  if (keyType) {
    if (!(KEY_TYPES as readonly string[]).includes(keyType)) throw new Error(`key_type "${keyType}" is not one of ${KEY_TYPES.join(', ')}`);
    result.keyType = keyType as KeyType;
  }
  const validity = field('validity_days');
  if (validity) {
    if (!/^[1-9][0-9]{0,4}$/.test(validity)) throw new Error(`validity_days "${validity}" is not a whole number of days`);
    result.validityDays = Number(validity);
  }
  const profile = field('p12_profile');
  if (profile) {
    if (profile !== 'modern' && profile !== 'legacy') throw new Error(`p12_profile "${profile}" is not modern or legacy`);
    result.p12Profile = profile;
  }
  return result;
}
