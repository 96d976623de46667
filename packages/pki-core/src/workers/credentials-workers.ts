import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import type { Issuer } from '../certificates/issuer.js';
import type { ClientCredentials, ClientCredentialsRequest } from '../certificates/issue-client-credentials.js';
import { CredentialsWorkerError } from '../errors/credentials-worker-error.js';
import { CREDENTIALS_WORKER_READY, type CredentialsJob, type CredentialsReply, type CredentialsWorkerData } from './credentials-worker-protocol.js';

/** Options of {@link CredentialsWorkers.start}. */
export interface CredentialsWorkersOptions {
  /** The issuer every job is signed by. Its private key reaches the threads as a structured-clone CryptoKey, in memory only. */
  issuer: Issuer;
  /** Worker threads. */
  threads: number;
  /**
   * The worker's entry module: one that calls {@link serveCredentialsWorker} (a bundle ships its own; default
   * pki-core's `dist/workers/credentials-worker-main.js`).
   */
  script?: URL;
  /** Per-thread V8 heap limits (e.g. a small young generation keeps each thread's RSS down). */
  resourceLimits?: { maxYoungGenerationSizeMb?: number; maxOldGenerationSizeMb?: number };
}

/** A job sent to a thread and not answered yet. */
interface Pending {
  resolve: (credentials: ClientCredentials) => void;
  reject: (error: Error) => void;
  thread: Thread;
}

interface Thread {
  worker: Worker;
  inFlight: number;
}

/**
 * Client issuance ({@link issueClientCredentials}) in worker threads, so that key generation, signing and the
 * PKCS#12 build (the JavaScript ASN.1 and the PKCS#12 MAC key derivation) of a bulk run use every core instead of
 * the main thread's one. Jobs go to the thread with the fewest in flight. The CA key is handed to each thread as
 * a CryptoKey by structured clone: it is never exported, written or put in a message as bytes.
 *
 * @example
 * const workers = await CredentialsWorkers.start({ issuer, threads: 2 });
 * try { const c = await workers.issue({ username: 'alice', email: 'alice@example.com', now: new Date() }); } finally { await workers.close(); }
 */
export class CredentialsWorkers {
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private closed = false;

  private constructor(private readonly threads: Thread[]) {
    for (const thread of threads) {
      thread.worker.on('message', (reply: CredentialsReply) => this.settle(reply));
      thread.worker.on('error', (error: Error) => this.fail(thread, error));
      thread.worker.on('exit', (code) => this.fail(thread, new CredentialsWorkerError(`the credentials worker thread exited (code ${code})`)));
    }
  }

  /**
   * Starts the threads and waits until each is running.
   *
   * @throws the error of a thread that failed to start (e.g. its entry module is missing); none is left running
   */
  static async start(options: CredentialsWorkersOptions): Promise<CredentialsWorkers> {
    const script = options.script ?? new URL('./credentials-worker-main.js', import.meta.url);
    const workerData: CredentialsWorkerData = { certificatePem: options.issuer.certificatePem, privateKey: options.issuer.privateKey };
    const workers = Array.from(
      { length: Math.max(1, options.threads) },
      () =>
        new Worker(script, {
          workerData,
          // Not this process's flags: a thread loads built JavaScript, whatever conditions or loaders the parent runs with.
          execArgv: [],
          ...(options.resourceLimits ? { resourceLimits: options.resourceLimits } : {}),
        }),
    );
    try {
      await Promise.all(workers.map((worker) => Promise.race([ready(worker), once(worker, 'error').then(([error]) => Promise.reject(error))])));
    } catch (error) {
      await Promise.all(workers.map((worker) => worker.terminate()));
      throw error;
    }
    return new CredentialsWorkers(workers.map((worker) => ({ worker, inFlight: 0 })));
  }

  /**
   * Issues one user's credentials in the least busy thread.
   *
   * @throws CredentialsWorkerError when the thread failed the job or died (nothing of the job is kept)
   */
  issue(request: ClientCredentialsRequest): Promise<ClientCredentials> {
    if (this.closed) return Promise.reject(new CredentialsWorkerError('the credentials workers are closed'));
    const thread = this.threads.reduce((a, b) => (b.inFlight < a.inFlight ? b : a));
    const id = this.nextId++;
    return new Promise<ClientCredentials>((resolve, reject) => {
      this.pending.set(id, { resolve, reject, thread });
      thread.inFlight++;
      const job: CredentialsJob = { id, request };
      thread.worker.postMessage(job);
    });
  }

  /** Stops the threads; jobs still in flight fail. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.threads.map((thread) => thread.worker.terminate()));
  }

  private settle(reply: CredentialsReply): void {
    const job = this.pending.get(reply.id);
    if (!job) return;
    this.pending.delete(reply.id);
    job.thread.inFlight--;
    if ('credentials' in reply) job.resolve(reply.credentials);
    else job.reject(new CredentialsWorkerError(reply.error.message, reply.error.code));
  }

  private fail(thread: Thread, error: Error): void {
    for (const [id, job] of this.pending) {
      if (job.thread !== thread) continue;
      this.pending.delete(id);
      job.reject(error instanceof CredentialsWorkerError ? error : new CredentialsWorkerError(error.message));
    }
    thread.inFlight = Number.POSITIVE_INFINITY; // a dead thread gets no more jobs
    if (this.threads.every((t) => t.inFlight === Number.POSITIVE_INFINITY)) this.closed = true;
  }
}

/** Resolves on the thread's first message, which {@link serveCredentialsWorker} sends once its module graph loaded. */
async function ready(worker: Worker): Promise<void> {
  const [message] = (await once(worker, 'message')) as [unknown];
  if (message !== CREDENTIALS_WORKER_READY) throw new CredentialsWorkerError(`the thread sent ${JSON.stringify(message)} instead of its ready message`);
}
