/**
 * Encodes DER bytes as one PEM block: base64 in 64-column lines, ending with a newline.
 *
 * @param label - the block type, e.g. `CERTIFICATE` or `X509 CRL`
 * @param der - the DER bytes
 * @returns `-----BEGIN <label>-----\n...\n-----END <label>-----\n`
 * @example
 * encodePem('CERTIFICATE', der); // "-----BEGIN CERTIFICATE-----\nMIIB..."
 */
export function encodePem(label: string, der: Uint8Array | ArrayBuffer): string {
  const bytes = der instanceof Uint8Array ? der : new Uint8Array(der);
  const base64 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
  const lines = base64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}${lines.length > 0 ? '\n' : ''}-----END ${label}-----\n`;
}
