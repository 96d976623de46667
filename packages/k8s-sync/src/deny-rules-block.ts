import { InvalidSyncOptionError } from './errors/invalid-sync-option-error.js';

/** The ConfigMap key whose lines the haproxytech ingress adds to every frontend it renders. */
export const FRONTEND_SNIPPET_KEY = 'frontend-config-snippet';

const BEGIN = '# BEGIN mtlsctl deny rules (revoked client certificates; written by mtlsctl, do not edit)';
const END = '# END mtlsctl deny rules';

/**
 * Puts `rules` (from `renderHaproxyDenyRules`) into a frontend config snippet inside mtlsctl's delimited block,
 * keeping every line outside the block exactly as the admin wrote it. A new block goes first, so no admin
 * `http-request allow` line can let a revoked certificate through before the deny rules run. Pure.
 *
 * @param snippet - the ConfigMap's current `frontend-config-snippet` ('' or undefined when absent)
 * @param rules - HAProxy lines; an empty string removes the block
 * @throws InvalidSyncOptionError when the snippet has a BEGIN marker without its END (or the reverse)
 * @example
 * mergeDenyRulesBlock('http-request set-header X-A 1\n', 'http-request deny if x\n');
 * // '# BEGIN mtlsctl deny rules ...\nhttp-request deny if x\n# END mtlsctl deny rules\nhttp-request set-header X-A 1\n'
 */
export function mergeDenyRulesBlock(snippet: string | undefined, rules: string): string {
  const lines = (snippet ?? '').split('\n');
  if (lines.at(-1) === '') lines.pop();
  const block = rules.trim() === '' ? [] : [BEGIN, ...rules.trimEnd().split('\n'), END];
  const range = blockRange(lines);
  const merged = range === undefined ? [...block, ...lines] : [...lines.slice(0, range.begin), ...block, ...lines.slice(range.end + 1)];
  return merged.length === 0 ? '' : `${merged.join('\n')}\n`;
}

/** The rules inside mtlsctl's block of a snippet (without the markers), or undefined when there is no block. */
export function readDenyRulesBlock(snippet: string | undefined): string | undefined {
  const lines = (snippet ?? '').split('\n');
  const range = blockRange(lines);
  return range === undefined ? undefined : lines.slice(range.begin + 1, range.end).map((l) => `${l}\n`).join('');
}

function blockRange(lines: readonly string[]): { begin: number; end: number } | undefined {
  const begin = lines.findIndex((l) => l.trim() === BEGIN);
  const end = lines.findIndex((l) => l.trim() === END);
  if (begin === -1 && end === -1) return undefined;
  if (begin === -1 || end === -1 || end < begin) {
    throw new InvalidSyncOptionError(
      FRONTEND_SNIPPET_KEY,
      `its mtlsctl block is broken (a "${begin === -1 ? BEGIN : END}" line is missing): restore or delete both marker lines by hand (kubectl edit configmap)`,
    );
  }
  return { begin, end };
}
