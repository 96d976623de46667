import { type KeyObject, X509Certificate, createPrivateKey } from 'node:crypto';
import { decodePemBlocks, encodePem, type PemBlock, inspectCertificate, parsePkcs12, Pkcs12FormatError, Pkcs12InputError, Pkcs12PasswordError } from '@mtlsctl/pki-core';

/** A client identity read from a file: its certificate, the key when the file holds one, and any other certificates. */
export interface Credential {
  format: 'p12' | 'pem' | 'der';
  certificatePem: string;
  /** PKCS#8/SEC 1/PKCS#1 PEM, when the input holds the key (always for a p12). */
  privateKeyPem?: string;
  /** The other certificates of the file (a p12's CA chain, a PEM bundle's CAs), PEM. */
  chainPems: string[];
}

/** Why a file could not be read as a client identity. */
export interface CredentialProblem {
  reason: 'unreadable' | 'wrong-password' | 'password-needed';
  message: string;
}

const KEY_LABELS = new Set(['PRIVATE KEY', 'EC PRIVATE KEY', 'RSA PRIVATE KEY']);

/**
 * Tells a PKCS#12 file from a certificate, without a password: PEM text, a DER certificate, or (any other bytes) p12.
 *
 * @param data - the file's bytes
 */
export function credentialFormat(data: Uint8Array): Credential['format'] {
  if (new TextDecoder().decode(data.subarray(0, 256)).trimStart().startsWith('-----BEGIN')) return 'pem';
  try {
    inspectCertificate(data);
    return 'der';
  } catch {
    return 'p12';
  }
}

/**
 * Reads a client identity the way a TLS client loads it: a PKCS#12 file with its password, PEM text (certificate
 * first, optionally followed by CA certificates and the private key), or a DER certificate. A separate key may be
 * given as `keyPem`.
 *
 * @param input.data - the file's bytes
 * @param input.password - the p12 password (needed for p12 only)
 * @param input.keyPem - a separate private key file's text, for PEM/DER certificates
 * @returns the credential, or the problem (never throws for bad input; the password is never in a message)
 */
export async function readCredential(input: { data: Uint8Array; password?: string; keyPem?: string }): Promise<Credential | CredentialProblem> {
  const format = credentialFormat(input.data);
  if (format === 'p12') {
    // A DER PFX starts with a SEQUENCE tag; anything else is not a p12, and parsePkcs12 says what it looks like.
    const looksLikeP12 = input.data[0] === 0x30;
    if (input.password === undefined && looksLikeP12) return { reason: 'password-needed', message: 'the file is a PKCS#12 (p12): its password is needed' };
    try {
      const p12 = await parsePkcs12(input.data, input.password ?? '');
      return { format, certificatePem: p12.certificatePem, privateKeyPem: p12.privateKeyPem, chainPems: p12.chainPems };
    } catch (error) {
      if (Pkcs12PasswordError.isInstance(error)) return { reason: 'wrong-password', message: error.message };
      if (Pkcs12FormatError.isInstance(error) || Pkcs12InputError.isInstance(error)) {
        return { reason: 'unreadable', message: `not a certificate, PEM or PKCS#12 file: ${error.message}` };
      }
      throw error;
    }
  }
  const fromFile: Credential | CredentialProblem =
    format === 'pem' ? fromPem(new TextDecoder().decode(input.data)) : { format, certificatePem: encodePem('CERTIFICATE', input.data), chainPems: [] };
  if ('reason' in fromFile || input.keyPem === undefined) return fromFile;
  const key = keyFromPem(input.keyPem);
  if (typeof key === 'object') return { reason: 'unreadable', message: `the key file: ${key.message}` };
  return { ...fromFile, privateKeyPem: key };
}

/**
 * Whether the private key is the one the certificate was issued for (a TLS client with another key fails its handshake).
 *
 * @returns undefined when they match, else why not
 */
export function keyMismatch(certificatePem: string, privateKeyPem: string): string | undefined {
  let key: KeyObject;
  try {
    key = createPrivateKey(privateKeyPem);
  } catch {
    return 'the private key cannot be read (encrypted, damaged or an unsupported algorithm)';
  }
  return new X509Certificate(certificatePem).checkPrivateKey(key) ? undefined : 'the private key is not the one the certificate was issued for';
}

/** The blocks of a PEM text, or why it is not PEM. */
function pemBlocks(text: string): PemBlock[] | CredentialProblem {
  try {
    return decodePemBlocks(text);
  } catch (error) {
    return { reason: 'unreadable', message: `not valid PEM: ${(error as Error).message}` };
  }
}

/** The one unencrypted private key among the blocks (undefined: none), or why it cannot be used. */
function keyOf(blocks: PemBlock[]): string | undefined | CredentialProblem {
  if (blocks.some((b) => b.label === 'ENCRYPTED PRIVATE KEY')) {
    return { reason: 'unreadable', message: 'the private key is encrypted: decrypt it first (`openssl pkey -in key.pem -out key-plain.pem`) or pass the p12' };
  }
  const keys = blocks.filter((b) => KEY_LABELS.has(b.label));
  if (keys.length > 1) return { reason: 'unreadable', message: `the PEM holds ${keys.length} private keys: pass one certificate and its key` };
  const [key] = keys;
  return key === undefined ? undefined : encodePem(key.label, key.der);
}

function fromPem(text: string): Credential | CredentialProblem {
  const blocks = pemBlocks(text);
  if (!Array.isArray(blocks)) return blocks;
  const key = keyOf(blocks);
  if (typeof key === 'object') return key;
  const [certificatePem, ...chainPems] = blocks.filter((b) => b.label === 'CERTIFICATE').map((b) => encodePem('CERTIFICATE', b.der));
  if (certificatePem === undefined) {
    return { reason: 'unreadable', message: `the PEM holds no certificate (found ${blocks.map((b) => b.label).join(', ')})` };
  }
  const unreadable = certificateProblem(certificatePem);
  if (unreadable !== undefined) return unreadable;
  return { format: 'pem', certificatePem, chainPems, ...(key === undefined ? {} : { privateKeyPem: key }) };
}

function keyFromPem(text: string): string | CredentialProblem {
  const blocks = pemBlocks(text);
  if (!Array.isArray(blocks)) return blocks;
  const key = keyOf(blocks);
  return key ?? { reason: 'unreadable', message: 'it holds no private key' };
}

function certificateProblem(certificatePem: string): CredentialProblem | undefined {
  try {
    inspectCertificate(certificatePem);
    return undefined;
  } catch (error) {
    return { reason: 'unreadable', message: `the certificate cannot be read: ${(error as Error).message}` };
  }
}
