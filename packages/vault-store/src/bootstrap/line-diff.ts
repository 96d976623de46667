/**
 * The lines of `after` compared with `before`, as a diff reads: `  ` kept, `- ` removed, `+ ` added (longest
 * common subsequence, so a changed line shows as one removal and one addition). Trailing blank lines are ignored.
 * For policies and other short texts: quadratic in the number of lines.
 *
 * @param before - the current text ('' for none)
 * @param after - the text that would replace it
 * @example
 * lineDiff('a\nb\n', 'a\nc\n'); // ['  a', '- b', '+ c']
 */
export function lineDiff(before: string, after: string): string[] {
  const a = lines(before);
  const b = lines(after);
  // lcs[i][j]: length of the longest common subsequence of a[i..] and b[j..].
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      out.push(`  ${a[i++]}`);
      j++;
    } else if (i < a.length && (j >= b.length || lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) {
      out.push(`- ${a[i++]}`);
    } else {
      out.push(`+ ${b[j++]}`);
    }
  }
  return out;
}

function lines(text: string): string[] {
  const all = text.replace(/\r\n/g, '\n').split('\n');
  while (all.length > 0 && all[all.length - 1]!.trim() === '') all.pop();
  return all;
}
