import { parentPort, threadId, workerData } from 'node:worker_threads';
import { importPrivateKeyPem } from '@mtlsctl/pki-core';
import type { BenchKeyType } from './client-key-type.js';
import { issueWithMtlsctl } from './issue-with-mtlsctl.js';
import { measureRate } from './measure-rate.js';

/** What the main thread gives each issuance worker. */
export interface IssueWorkerData {
  caCertificatePem: string;
  caPrivateKeyPem: string;
  keyType: BenchKeyType;
  seconds: number;
  warmupSeconds: number;
  concurrency: number;
}

// Entry point of a worker thread: warm up, say "ready", wait for "start", measure, post the measurement.
if (parentPort !== null) {
  const port = parentPort;
  const data = workerData as IssueWorkerData;
  const { privateKey } = await importPrivateKeyPem(data.caPrivateKeyPem);
  const issuer = { certificatePem: data.caCertificatePem, privateKey };
  const now = new Date();
  let serial = 0;
  const operation = () => issueWithMtlsctl({ issuer, keyType: data.keyType, username: `w${threadId}-${serial++}`, now });
  await measureRate(operation, { seconds: data.warmupSeconds, concurrency: data.concurrency });
  port.once('message', () => {
    void measureRate(operation, { seconds: data.seconds, concurrency: data.concurrency }).then((m) => port.postMessage(m));
  });
  port.postMessage('ready');
}
