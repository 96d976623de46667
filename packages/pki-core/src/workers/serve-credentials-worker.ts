import { parentPort, workerData } from 'node:worker_threads';
import { issueClientCredentials } from '../certificates/issue-client-credentials.js';
import { CREDENTIALS_WORKER_READY, type CredentialsJob, type CredentialsReply, type CredentialsWorkerData } from './credentials-worker-protocol.js';

/**
 * The body of a credentials worker thread (see {@link CredentialsWorkers}): answers each job with
 * {@link issueClientCredentials} under the issuer it was started with. The p12 bytes are transferred, not copied.
 * Call it from the worker's entry module; it does nothing on the main thread.
 */
export function serveCredentialsWorker(): void {
  const port = parentPort;
  if (port === null) return;
  const data = workerData as CredentialsWorkerData;
  const issuer = { certificatePem: data.certificatePem, privateKey: data.privateKey };
  port.on('message', (job: CredentialsJob) => {
    issueClientCredentials({ ...job.request, now: new Date(job.request.now), issuer }).then(
      (credentials) => {
        // Transfer the p12's own buffer (a copy when it is a view into a larger one).
        const { p12 } = credentials;
        const own = p12.byteOffset === 0 && p12.byteLength === p12.buffer.byteLength;
        const reply: CredentialsReply = { id: job.id, credentials: own ? credentials : { ...credentials, p12: p12.slice() } };
        port.postMessage(reply, [reply.credentials.p12.buffer as ArrayBuffer]);
      },
      (error: unknown) => {
        const { name, message, code } = error as { name?: unknown; message?: unknown; code?: unknown };
        const reply: CredentialsReply = {
          id: job.id,
          error: { name: String(name ?? 'Error'), message: String(message ?? error), ...(typeof code === 'string' ? { code } : {}) },
        };
        port.postMessage(reply);
      },
    );
  });
  port.postMessage(CREDENTIALS_WORKER_READY);
}
