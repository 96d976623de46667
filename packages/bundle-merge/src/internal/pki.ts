// INTERIM: stands in for @mtlsctl/pki-core's decodePemBlocks / encodePem / inspectCertificate until they land;
// then this file re-exports those and is reduced to the facts bundle-merge needs.
import 'reflect-metadata';
import { createHash } from 'node:crypto';
import * as x509 from '@peculiar/x509';

/** One decoded PEM block. */
export interface PemBlock {
  label: string;
  der: Uint8Array;
}

/** A PEM text that is not well formed; `line` is 1-based. */
export class PemTextError extends Error {
  constructor(
    message: string,
    readonly line: number | undefined,
  ) {
    super(message);
  }
}

const BEGIN = /^-----BEGIN ([\x21-\x2c\x2e-\x7e](?:[\x21-\x2c\x2e-\x7e ]*[\x21-\x2c\x2e-\x7e])?)-----$/;
const END = /^-----END ([\x21-\x2c\x2e-\x7e](?:[\x21-\x2c\x2e-\x7e ]*[\x21-\x2c\x2e-\x7e])?)-----$/;
const BASE64_BODY = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Strict PEM decoding: matching BEGIN/END, base64 bodies, nothing but whitespace between blocks. */
export function decodePemBlocks(text: string): PemBlock[] {
  const blocks: PemBlock[] = [];
  let open: { label: string; line: number; body: string[] } | undefined;
  for (const [index, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.trim();
    const lineNo = index + 1;
    if (open === undefined) {
      if (line === '') continue;
      const begin = BEGIN.exec(line);
      if (begin === null) throw new PemTextError('unexpected text outside a PEM block', lineNo);
      open = { label: begin[1] ?? '', line: lineNo, body: [] };
      continue;
    }
    const end = END.exec(line);
    if (end !== null) {
      if (end[1] !== open.label) throw new PemTextError(`"-----END ${end[1]}-----" does not close the ${open.label} block opened on line ${open.line}`, lineNo);
      const body = open.body.join('');
      if (body === '' || !BASE64_BODY.test(body)) throw new PemTextError(`the ${open.label} block opened on line ${open.line} is not valid base64: it is truncated or damaged`, open.line);
      blocks.push({ label: open.label, der: new Uint8Array(Buffer.from(body, 'base64')) });
      open = undefined;
      continue;
    }
    if (BEGIN.test(line)) throw new PemTextError(`the ${open.label} block opened on line ${open.line} has no END line: it is truncated`, lineNo);
    if (!/^[A-Za-z0-9+/=]*$/.test(line)) throw new PemTextError(`the ${open.label} block contains a character that is not base64`, lineNo);
    open.body.push(line);
  }
  if (open !== undefined) throw new PemTextError(`the ${open.label} block opened on line ${open.line} has no END line: it is truncated`, undefined);
  return blocks;
}

/** Canonical PEM: 64-column base64, trailing newline. */
export function encodePem(label: string, der: Uint8Array): string {
  const lines = Buffer.from(der.buffer, der.byteOffset, der.byteLength).toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

/** What bundle-merge needs to know about one certificate. */
export interface CertificateFacts {
  fingerprintSha256: string;
  subject: string;
  issuer: string;
  serialNumber: string;
  notBefore: Date;
  notAfter: Date;
  isCa: boolean;
}

/** Parses a DER certificate; throws when it is not one. */
export function inspectCertificate(der: Uint8Array): CertificateFacts {
  const cert = new x509.X509Certificate(der);
  return {
    fingerprintSha256: createHash('sha256').update(der).digest('hex'),
    subject: cert.subject,
    issuer: cert.issuer,
    serialNumber: cert.serialNumber.toLowerCase(),
    notBefore: cert.notBefore,
    notAfter: cert.notAfter,
    isCa: cert.getExtension(x509.BasicConstraintsExtension)?.ca ?? false,
  };
}
