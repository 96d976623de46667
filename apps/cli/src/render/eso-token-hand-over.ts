import type { CreatedToken, LiveToken } from '@mtlsctl/vault-store';
import { formatDuration } from '../duration.js';

/**
 * The lines that hand a new ESO token over: where it is (a file, or the token itself, shown once), which policy
 * it holds, how to put it in the cluster, and — after a rotation — that the previous one is still valid.
 */
export function esoTokenHandOver(token: CreatedToken, policy: string, options: { file?: string | undefined; why?: string; previous?: LiveToken | undefined }): string {
  const what = `ESO token (policy ${policy}, ttl ${formatDuration(token.ttlSeconds)}${options.why ? `; ${options.why}` : ''})`;
  return [
    options.file ? `${what} written to ${options.file}.` : `${what}, shown once:\n  ${token.clientToken}`,
    `Put it in the Secret the ClusterSecretStore's auth.tokenSecretRef names, e.g.:\n  kubectl -n external-secrets create secret generic vault-eso-token ${options.file ? `--from-file=token=${options.file}` : '--from-literal=token=<the token above>'} --dry-run=client -o yaml | kubectl apply -f -`,
    options.previous
      ? `The previous ESO token (accessor ${options.previous.accessor}) stays valid so ESO keeps syncing: once the Secret holds the new one, run \`mtlsctl vault eso-token revoke --previous\`.`
      : '',
  ]
    .filter(Boolean)
    .join('\n');
}
