import { createEsoToken, renderUserPolicy, writePolicies, type PolicyWrite, type VaultClient, type VaultLayout } from '@mtlsctl/vault-store';
import { validateUsername } from './username.js';

/** Options of {@link createUserToken}. */
export interface UserTokenOptions {
  /** The user (validated). */
  username: string;
  /** Where the records are: the policy reads `<mount>/data/<prefix>/clients/<username>`. */
  layout: VaultLayout;
  /** Token TTL in seconds. */
  ttlSeconds: number;
  /** An orphan token survives the revocation of the creating token (needs sudo). */
  orphan: boolean;
}

/** The policy written and the token created. `token` is a secret: show it once or write it to a private file, never log it. */
export interface UserToken {
  username: string;
  /** The policy's name, `mtlsctl-user-<username>` (and the layout's suffix). */
  policy: string;
  policyAction: PolicyWrite['action'];
  /** The TTL Vault granted (it may cap the one asked for). */
  ttlSeconds: number;
  accessor: string;
  token: string;
}

/**
 * Gives a user a Vault token that can read only their own certificate record (`user download` with a user token):
 * writes the policy `mtlsctl-user-<username>` (left alone when unchanged) and creates a token holding only it.
 *
 * @param client - a Vault client whose token may write policies and create tokens (a root or bootstrap token)
 * @throws InvalidUsernameError (before Vault is asked anything), and the Vault client's errors (denied, unreachable)
 */
export async function createUserToken(client: VaultClient, options: UserTokenOptions): Promise<UserToken> {
  const username = validateUsername(options.username);
  const policy = options.layout.userPolicy(username);
  const [written] = await writePolicies(client, { [policy]: renderUserPolicy(username, options.layout) });
  const token = await createEsoToken(client, { policies: [policy], ttl: `${options.ttlSeconds}s`, orphan: options.orphan, displayName: policy });
  return { username, policy, policyAction: written!.action, ttlSeconds: token.ttlSeconds, accessor: token.accessor, token: token.clientToken };
}
