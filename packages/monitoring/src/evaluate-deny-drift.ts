/** Whether the ingress carries Vault's deny rules. */
export interface DenyDrift {
  inSync: boolean;
  problem?: string;
}

/** The rule lines of a snippet: trimmed, without blanks and comments (comments do not change what HAProxy does). */
function ruleLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

/**
 * Checks that the controller ConfigMap's `frontend-config-snippet` carries Vault's deny rules (`haproxy.deny` of
 * `pki/crl`) as one contiguous run of lines, and no other `mtlsctl` revocation rule: an edited, stale or
 * missing block is drift. Lines the admin wrote around the block are allowed.
 *
 * @param expected - the rules from Vault; undefined when no CRL is published (then any snippet is in sync)
 * @param snippet - the ConfigMap's snippet; undefined when the ConfigMap is missing
 * @param aclPrefix - the ACL prefix of our rules (default `mtlsctl`)
 */
export function evaluateDenyDrift(expected: string | undefined, snippet: string | undefined, aclPrefix = 'mtlsctl'): DenyDrift {
  if (expected === undefined) return { inSync: true };
  const want = ruleLines(expected);
  if (snippet === undefined) return want.length === 0 ? { inSync: true } : { inSync: false, problem: 'the controller ConfigMap is missing' };
  const have = ruleLines(snippet);
  const ours = (line: string) => new RegExp(`\\b${aclPrefix.replace(/[.]/g, '\\.')}_(revoked|issuer)`).test(line);
  const start = want.length === 0 ? -1 : indexOfRun(have, want);
  if (want.length > 0 && start < 0) return { inSync: false, problem: 'the snippet does not carry the current deny rules' };
  const outside = have.filter((line, i) => (start < 0 || i < start || i >= start + want.length) && ours(line));
  if (outside.length > 0) return { inSync: false, problem: `the snippet carries ${outside.length} other ${aclPrefix} revocation line(s)` };
  return { inSync: true };
}

function indexOfRun(have: string[], want: string[]): number {
  outer: for (let i = 0; i + want.length <= have.length; i++) {
    for (let j = 0; j < want.length; j++) if (have[i + j] !== want[j]) continue outer;
    return i;
  }
  return -1;
}
