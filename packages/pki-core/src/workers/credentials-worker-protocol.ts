import type { ClientCredentials, ClientCredentialsRequest } from '../certificates/issue-client-credentials.js';

/** What a credentials worker is started with (`workerData`): the issuer, its key as a structured-clone CryptoKey. */
export interface CredentialsWorkerData {
  certificatePem: string;
  privateKey: CryptoKey;
}

/** One request to a credentials worker. */
export interface CredentialsJob {
  id: number;
  request: ClientCredentialsRequest;
}

/** A worker's answer: the credentials, or why it could not make them (no key, password or p12 in it). */
export type CredentialsReply = { id: number; credentials: ClientCredentials } | { id: number; error: { name: string; code?: string; message: string } };

/** The first message of a credentials worker: its modules loaded, it takes jobs. */
export const CREDENTIALS_WORKER_READY = 'mtlsctl-credentials-worker-ready';
