import type { UserToken } from '@mtlsctl/authority';
import { formatDuration } from '../duration.js';

/** `vault user-token`: the policy written, where the token is (a file, or shown once after these lines), and how the user uses it. */
export function renderUserToken(token: UserToken, tokenFile: string | undefined): string {
  return (
    `Policy ${token.policy}: ${token.policyAction}.\n` +
    (tokenFile ? `Token written to ${tokenFile}.` : `Token for ${token.username} (ttl ${formatDuration(token.ttlSeconds)}), shown once below.`) +
    `\nThe user runs: VAULT_TOKEN=<token> mtlsctl user download ${token.username} --store vault`
  );
}
