const BEGIN_LINE = /^[ \t]*-----BEGIN ([^-\r\n]*)-----[ \t]*\r?$/gm;

/**
 * The label and 1-based line of every `-----BEGIN <label>-----` line of a text, in order, without decoding
 * anything: for a caller that must judge the blocks' types before (or whether) the text decodes, e.g. to
 * refuse a private key in a trust bundle before any other error is reported.
 *
 * @param text - PEM text (LF or CRLF line ends)
 * @returns one entry per BEGIN line
 * @example
 * pemBeginLines(bundle).some(({ label }) => label.endsWith('PRIVATE KEY'));
 */
export function pemBeginLines(text: string): { label: string; line: number }[] {
  const found: { label: string; line: number }[] = [];
  let line = 1;
  let scanned = 0;
  for (const match of text.matchAll(BEGIN_LINE)) {
    line += countNewlines(text, scanned, match.index);
    scanned = match.index;
    found.push({ label: match[1] ?? '', line });
  }
  return found;
}

function countNewlines(text: string, from: number, to: number): number {
  let count = 0;
  for (let i = text.indexOf('\n', from); i !== -1 && i < to; i = text.indexOf('\n', i + 1)) count++;
  return count;
}
