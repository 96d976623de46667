import { createHash } from 'node:crypto';
import type { IdentityClaimKind } from './records.js';

/**
 * The store path of the claim on a username or email regardless of case: `claims/usernames/<h>` or
 * `claims/emails/<h>`, h the SHA-256 (lowercase hex) of the lower-cased value. A hash keeps every value a valid
 * path segment of fixed length and keeps emails out of path listings and audit-log paths.
 *
 * @example identityClaimPath('username', 'Alice') === identityClaimPath('username', 'alice')
 */
export function identityClaimPath(kind: IdentityClaimKind, value: string): string {
  const digest = createHash('sha256').update(value.toLowerCase(), 'utf8').digest('hex');
  return `claims/${kind === 'username' ? 'usernames' : 'emails'}/${digest}`;
}
