import type { CreatedToken, LiveToken } from '@mtlsctl/vault-store';
import { esoTokenHandOver } from './eso-token-hand-over.js';
import type { RenderFormat } from './renderer.js';

/** What `vault eso-token rotate` minted: the new token, the one it replaced, the policy it holds, and the file it went to. */
export interface EsoTokenRotateResult {
  created: CreatedToken;
  previous?: LiveToken | undefined;
  /** The ESO reader policy of the layout. */
  policy: string;
  /** `--eso-token-file`: written there, not shown. */
  file?: string | undefined;
}

/** `vault eso-token rotate --json`: the new token (its value, or the file holding it) and the previous one. */
export interface EsoTokenRotateJson {
  esoToken: Omit<CreatedToken, 'clientToken'> & ({ file: string } | { clientToken: string });
  previous?: LiveToken;
}

/**
 * `vault eso-token rotate`: the hand-over lines (the token or its file, how to put it in the cluster, that the
 * previous one stays valid); as JSON the new token and the previous one. `--quiet` prints the bare token (the command's hand-over).
 */
export function renderEsoTokenRotate(result: EsoTokenRotateResult, format: 'text'): string;
export function renderEsoTokenRotate(result: EsoTokenRotateResult, format: 'json'): EsoTokenRotateJson;
export function renderEsoTokenRotate({ created, previous, policy, file }: EsoTokenRotateResult, format: RenderFormat): string | EsoTokenRotateJson {
  if (format === 'text') return esoTokenHandOver(created, policy, { file, previous });
  const { clientToken, ...shown } = created;
  return { esoToken: file ? { ...shown, file } : { ...shown, clientToken }, ...(previous ? { previous } : {}) };
}

/** What `vault eso-token revoke` did to the current or previous token: none was alive, it was revoked, or it was already gone. */
export type EsoTokenRevokeResult =
  | { which: 'current' | 'previous'; outcome: 'none-recorded'; scope: string }
  | { which: 'current' | 'previous'; outcome: 'revoked'; accessor: string }
  | { which: 'current' | 'previous'; outcome: 'already-gone' };

/** `vault eso-token revoke --json`: whether a token was revoked, which one, and its accessor. */
export interface EsoTokenRevokeJson {
  revoked: boolean;
  which: 'current' | 'previous';
  accessor?: string;
}

/** `vault eso-token revoke`: one line saying what was revoked (or that there was nothing to); as JSON the same. */
export function renderEsoTokenRevoke(result: EsoTokenRevokeResult, format: 'text'): string;
export function renderEsoTokenRevoke(result: EsoTokenRevokeResult, format: 'json'): EsoTokenRevokeJson;
export function renderEsoTokenRevoke(result: EsoTokenRevokeResult, format: RenderFormat): string | EsoTokenRevokeJson {
  const { which } = result;
  if (format === 'json') return result.outcome === 'revoked' ? { revoked: true, which, accessor: result.accessor } : { revoked: false, which };
  if (result.outcome === 'none-recorded') return `No ${which} ESO token is recorded and alive for ${result.scope}: nothing to revoke.`;
  return result.outcome === 'revoked' ? `Revoked the ${which} ESO token (accessor ${result.accessor}).` : `The ${which} ESO token was already gone.`;
}
