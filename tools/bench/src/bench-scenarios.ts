import { generatePassword, type Issuer } from '@mtlsctl/pki-core';
import type { BenchKeyType } from './client-key-type.js';
import { issueWithMtlsctl } from './issue-with-mtlsctl.js';
import { issueWithOpenssl, type OpensslCa } from './issue-with-openssl.js';
import { measureInWorkers } from './measure-in-workers.js';
import { measureRate, type RateMeasurement } from './measure-rate.js';

/** One way of issuing client p12s that the benchmark times. */
export interface BenchScenario {
  /** Stable id for JSON output, e.g. `mtlsctl-async-4`. */
  id: string;
  /** What the row says. */
  label: string;
  /** True for the openssl CLI pipeline run one issuance at a time: the baseline the ratios divide by. */
  baseline?: boolean;
  /** Measures it for `seconds`. */
  measure(seconds: number): Promise<RateMeasurement>;
}

/** What the scenarios need: the CA as a key and as files, a scratch directory, the key type. */
export interface ScenarioContext {
  keyType: BenchKeyType;
  issuer: Issuer;
  caPrivateKeyPem: string;
  opensslCa: OpensslCa;
  dir: string;
  now: Date;
}

/**
 * The scenarios for one key type: the openssl CLI pipeline one at a time (baseline) and two at a time (both
 * cores), and mtlsctl sequentially, with 4 issuances in flight on one thread (WebCrypto key generation, signing
 * and PBKDF2 run on libuv's thread pool), and in 2 worker threads.
 *
 * @param context - CA, key type and scratch directory
 */
export function benchScenarios(context: ScenarioContext): BenchScenario[] {
  let serial = 0;
  const username = () => `bench-${context.keyType}-${serial++}`;
  const openssl = () =>
    issueWithOpenssl({ dir: context.dir, ca: context.opensslCa, keyType: context.keyType, username: username(), password: generatePassword() });
  const mtlsctl = () => issueWithMtlsctl({ issuer: context.issuer, keyType: context.keyType, username: username(), now: context.now });
  return [
    { id: 'openssl-1', label: 'openssl CLI pipeline, 1 at a time', baseline: true, measure: (seconds) => measureRate(openssl, { seconds }) },
    { id: 'openssl-2', label: 'openssl CLI pipeline, 2 at a time', measure: (seconds) => measureRate(openssl, { seconds, concurrency: 2 }) },
    { id: 'mtlsctl-1', label: 'mtlsctl, 1 at a time', measure: (seconds) => measureRate(mtlsctl, { seconds }) },
    { id: 'mtlsctl-async-4', label: 'mtlsctl, 4 in flight, 1 thread', measure: (seconds) => measureRate(mtlsctl, { seconds, concurrency: 4 }) },
    {
      id: 'mtlsctl-workers-2x4',
      label: 'mtlsctl, 2 worker threads × 4 in flight',
      measure: (seconds) =>
        measureInWorkers({
          workers: 2,
          data: {
            caCertificatePem: context.issuer.certificatePem,
            caPrivateKeyPem: context.caPrivateKeyPem,
            keyType: context.keyType,
            seconds,
            warmupSeconds: 1,
            concurrency: 4,
          },
        }),
    },
  ];
}
