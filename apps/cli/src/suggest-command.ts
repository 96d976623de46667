/** Edit distance (insertions, deletions, substitutions, and swaps of two neighbours) between two strings. */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/** What a mistyped command line was: the words meant as a command, the words after them, and the nearest command. */
export interface CommandSuggestion {
  /** The words taken as the command, e.g. `user isue` (without the arguments that followed). */
  typed: string;
  /** The topic those words are under, when the first ones name one (`user`). */
  topic?: string;
  /** The nearest known command, when one is near enough to be a typo. */
  suggestion?: string;
}

/**
 * Reads oclif's not-found id (every word before the first flag, joined by `:` — `user:isue:alice`) against the
 * known topics and commands: the typed command is the longest known topic and one more word, so the arguments
 * that followed are not reported as part of the command; the suggestion is the nearest command within a typo's
 * distance (a third of its length, at least 2).
 *
 * @param id - oclif's colon-separated id
 * @param commandIds - the known command ids (colon-separated)
 * @param topicIds - the known topic ids (colon-separated)
 */
export function suggestCommand(id: string, commandIds: readonly string[], topicIds: readonly string[]): CommandSuggestion {
  const words = id.split(':').filter(Boolean);
  let topicLength = 0;
  for (let n = words.length - 1; n > 0; n--) {
    if (topicIds.includes(words.slice(0, n).join(':'))) {
      topicLength = n;
      break;
    }
  }
  // Under a known topic the command is one more word; without one (a mistyped topic), try one to three words.
  const lengths = topicLength > 0 ? [topicLength + 1] : [1, 2, 3].filter((n) => n <= words.length);
  let best: { typedWords: string[]; candidate: string; distance: number } | undefined;
  for (const n of lengths) {
    const typedWords = words.slice(0, n);
    const typed = typedWords.join(':');
    for (const candidate of commandIds) {
      const distance = editDistance(typed, candidate);
      if (distance <= Math.max(2, Math.floor(typed.length / 3)) && (!best || distance < best.distance)) best = { typedWords, candidate, distance };
    }
  }
  return {
    typed: (best?.typedWords ?? words.slice(0, topicLength + 1)).join(' '),
    ...(topicLength > 0 ? { topic: words.slice(0, topicLength).join(' ') } : {}),
    ...(best ? { suggestion: best.candidate.split(':').join(' ') } : {}),
  };
}
