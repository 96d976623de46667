/**
 * Reads a list of usernames, one a line: a UTF-8 byte-order mark, surrounding spaces, blank lines and `#`
 * comments are ignored; a CSV with a `username` header column gives that column (so `users.csv` of a bulk issue
 * can be revoked as it is). Names are validated by the command that uses them.
 */
export function readUsernameList(text: string): string[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== '' && !line.startsWith('#'));
  const header = lines[0]?.split(',').map((cell) => cell.trim().toLowerCase());
  const column = header && header.length > 1 ? header.indexOf('username') : -1;
  if (column >= 0) return lines.slice(1).map((line) => line.split(',')[column]?.trim() ?? '').filter(Boolean);
  return lines;
}
