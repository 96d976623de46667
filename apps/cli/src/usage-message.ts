/** oclif dims the reasons when stderr is a terminal. */
const ANSI_STYLE = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');

/**
 * oclif's parse errors as one line in mtlsctl's style. oclif spans lines ("Parsing --x \n\t<reason>\nSee more help
 * with --help", "The following errors occurred:\n  <reason>\n  <reason>") and words flag relations its own way;
 * this keeps each reason, phrased as `--a needs --b` / `--a cannot be used with --b`, a pair said once, joined by `; `.
 */
export function usageMessage(message: string): string {
  const lines = message
    .replace(ANSI_STYLE, '')
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  const seeHelp = lines.at(-1) === 'See more help with --help';
  if (seeHelp) lines.pop();
  const list = /^The following errors? occurred:$/.test(lines[0] ?? '');
  const reasons = list ? lines.slice(1).map(relation) : [plain(lines.join(' ').replace(/^Parsing (--[\w-]+)\s*(\1\b)?/, (_, flag: string, named?: string) => (named ? flag : `${flag}: `)))];
  const seen = new Set<string>();
  const unique = reasons.filter(({ key }) => !seen.has(key) && seen.add(key));
  return `${unique.map(({ text }) => text).join('; ')}${seeHelp ? ' (see --help)' : ''}`;
}

function plain(text: string): { text: string; key: string } {
  return { text, key: text };
}

/** One reason of oclif's flag validation, reworded, with a key that is the same for `a with b` and `b with a`. */
function relation(reason: string): { text: string; key: string } {
  const needs = /^All of the following must be provided when using (--[\w-]+): (.+)$/.exec(reason);
  if (needs) return { text: `${needs[1]} needs ${needs[2]}`, key: reason };
  const excludes = /^(--[\w-]+)(=\S+)? cannot also be provided when using (--[\w-]+)$/.exec(reason);
  if (excludes) {
    const [, other = '', value = '', flag = ''] = excludes;
    return { text: `${flag} cannot be used with ${other}${value}`, key: [flag, other].sort().join(' ') };
  }
  const exactlyOne = /^Exactly one of the following must be provided: (.+)$/.exec(reason);
  if (exactlyOne) return { text: `give exactly one of ${exactlyOne[1]}`, key: reason };
  return plain(reason);
}
