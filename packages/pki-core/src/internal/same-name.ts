import type { x509 } from './x509.js';

/**
 * True when two distinguished names match under RFC 5280 §7.1 in simplified form: same RDN sequence and
 * attribute types, values compared case-insensitively with inner whitespace collapsed — so a
 * PrintableString and a UTF8String of the same text match, as they do for OpenSSL.
 *
 * @param a - a name
 * @param b - another name
 */
export function sameName(a: x509.Name, b: x509.Name): boolean {
  return canonicalName(a) === canonicalName(b);
}

/**
 * The form of a name {@link sameName} compares: equal forms are matching names.
 *
 * @param name - a name
 */
export function canonicalName(name: x509.Name): string {
  return JSON.stringify(
    name.toJSON().map((rdn) =>
      Object.entries(rdn)
        .map(([type, values]) => [type, values.map((v) => v.trim().replace(/\s+/g, ' ').toLowerCase()).sort()] as const)
        .sort(([x], [y]) => x.localeCompare(y)),
    ),
  );
}
