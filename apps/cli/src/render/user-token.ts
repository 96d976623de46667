import type { UserToken } from '@mtlsctl/authority';
import { formatDuration } from '../duration.js';
import type { RenderFormat } from './renderer.js';

/** What `vault user-token` made, and the file it wrote the token to (else the token is handed over on stdout). */
export interface UserTokenResult {
  made: UserToken;
  tokenFile?: string | undefined;
}

/** `vault user-token --json`: the token itself only when it was not written to a file. */
export type UserTokenJson = Omit<UserToken, 'token'> & ({ tokenFile: string } | { token: string });

/**
 * `vault user-token`: the policy written, where the token is (a file, or shown once after these lines), and how the
 * user uses it; as JSON the policy, the token's TTL and accessor, and the token or its file.
 */
export function renderUserToken(result: UserTokenResult, format: 'text'): string;
export function renderUserToken(result: UserTokenResult, format: 'json'): UserTokenJson;
export function renderUserToken({ made, tokenFile }: UserTokenResult, format: RenderFormat): string | UserTokenJson {
  if (format === 'json') {
    const { username, policy, policyAction, ttlSeconds, accessor } = made;
    return { username, policy, policyAction, ttlSeconds, accessor, ...(tokenFile ? { tokenFile } : { token: made.token }) };
  }
  return (
    `Policy ${made.policy}: ${made.policyAction}.\n` +
    (tokenFile ? `Token written to ${tokenFile}.` : `Token for ${made.username} (ttl ${formatDuration(made.ttlSeconds)}), shown once below.`) +
    `\nThe user runs: VAULT_TOKEN=<token> mtlsctl user download ${made.username} --store vault`
  );
}
