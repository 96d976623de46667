import type { KeyType } from '@mtlsctl/pki-core';

/** The client key types the benchmark compares. */
export type BenchKeyType = Extract<KeyType, 'p256' | 'rsa2048'>;

/** The benchmark's key types, in report order. */
export const BENCH_KEY_TYPES: readonly BenchKeyType[] = ['p256', 'rsa2048'];

/** The `openssl genpkey` arguments for each key type. */
export const OPENSSL_GENPKEY_ARGS: Record<BenchKeyType, string[]> = {
  p256: ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256'],
  rsa2048: ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048'],
};
