import type { CreatedToken, LiveToken } from '@mtlsctl/vault-store';
import { esoTokenHandOver } from './eso-token-hand-over.js';
import { renderer } from './renderer.js';

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
export const renderEsoTokenRotate = renderer<EsoTokenRotateResult, EsoTokenRotateJson>({
  text: ({ created, previous, policy, file }) => esoTokenHandOver(created, policy, { file, previous }),
  json: ({ created: { clientToken, ...shown }, previous, file }): EsoTokenRotateJson => ({ esoToken: file ? { ...shown, file } : { ...shown, clientToken }, ...(previous ? { previous } : {}) }),
});

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
export const renderEsoTokenRevoke = renderer<EsoTokenRevokeResult, EsoTokenRevokeJson>({
  text: (r) =>
    r.outcome === 'none-recorded'
      ? `No ${r.which} ESO token is recorded and alive for ${r.scope}: nothing to revoke.`
      : r.outcome === 'revoked'
        ? `Revoked the ${r.which} ESO token (accessor ${r.accessor}).`
        : `The ${r.which} ESO token was already gone.`,
  json: (r): EsoTokenRevokeJson => (r.outcome === 'revoked' ? { revoked: true, which: r.which, accessor: r.accessor } : { revoked: false, which: r.which }),
});
