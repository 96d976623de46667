import { MtlsctlError } from '@mtlsctl/errors';

/**
 * A credentials worker thread failed a job or died. Nothing of the job is kept; the caller may redo it in its own
 * thread (which then throws the job's real error, with its own class and code, if there is one).
 */
export class CredentialsWorkerError extends MtlsctlError {
  /** The code of the error the thread reported, when it had one. */
  readonly workerCode: string | undefined;

  /**
   * @param reason - what happened in the thread (never a key or password: issuance errors do not carry them)
   * @param workerCode - the thread's error code, when it had one
   */
  constructor(reason: string, workerCode?: string) {
    super({ code: 'CREDENTIALS_WORKER_FAILED', message: `a credentials worker thread failed: ${reason}; issuing in the main thread instead works` });
    this.workerCode = workerCode;
  }
}
