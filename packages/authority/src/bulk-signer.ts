import { CredentialsWorkerError, CredentialsWorkers, issueClientCredentials, type ClientCredentialsRequest } from '@mtlsctl/pki-core';
import type { AuthorityContext } from './context.js';
import type { CredentialsSigner } from './issue-client.js';
import type { ActiveCa } from './load-issuer.js';

/** Where a bulk run signs: `threads` worker threads running `script` (an entry module calling pki-core's `serveCredentialsWorker`). */
export interface BulkWorkers {
  script: URL;
  threads: number;
  /**
   * Users signed in this thread at once besides the workers' (default 0): with 1, this thread takes a user
   * whenever it signs none, so a machine with one worker thread per core but one keeps every core busy.
   */
  inThread?: number;
}

/** A bulk run's signer and how to stop it. `sign` undefined: sign in this thread. */
export interface BulkSigner {
  sign?: CredentialsSigner;
  /** Why the worker threads are not used, when they were asked for and could not start. */
  fallbackReason?: string;
  close(): Promise<void>;
}

/**
 * Starts the worker threads a bulk run signs in, for the CA it loaded once. Not for one user (a thread's start-up
 * costs more than it saves), nor with a test crypto provider in the context (threads use Node's own). When the
 * threads cannot start (e.g. the entry module is missing), or a job fails in a thread, the user is signed in this
 * thread instead: the outcome, and any error, is the same as without workers.
 *
 * @param users - how many users the run may issue
 */
export async function startBulkSigner(ctx: AuthorityContext, active: ActiveCa, workers: BulkWorkers | undefined, users: number): Promise<BulkSigner> {
  if (!workers || workers.threads < 1 || users < 2 || ctx.crypto) return { close: async () => undefined };
  let pool: CredentialsWorkers;
  try {
    pool = await CredentialsWorkers.start({ issuer: active.issuer, threads: Math.min(workers.threads, users), script: workers.script });
  } catch (error) {
    return { fallbackReason: (error as Error).message, close: async () => undefined };
  }
  const inThread = (request: ClientCredentialsRequest) => issueClientCredentials({ ...request, issuer: active.issuer });
  const share = workers.inThread ?? 0;
  let signingHere = 0;
  return {
    sign: async (request) => {
      if (signingHere < share) {
        signingHere++;
        try {
          return await inThread(request);
        } finally {
          signingHere--;
        }
      }
      return pool.issue(request).catch((error: unknown) => {
        if (!CredentialsWorkerError.isInstance(error)) throw error;
        return inThread(request);
      });
    },
    close: () => pool.close(),
  };
}
