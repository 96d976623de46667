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
  // Slices, not a regex match into an array of lines: PEM encoding runs several times per issued user.
  let body = '';
  for (let i = 0; i < base64.length; i += 64) body += `${base64.slice(i, i + 64)}\n`;
  return `-----BEGIN ${label}-----\n${body}-----END ${label}-----\n`;
}
