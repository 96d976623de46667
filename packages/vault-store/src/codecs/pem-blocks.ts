/** Ends a PEM text with exactly one newline, so concatenated blocks stay well-formed. */
export function withFinalNewline(pem: string): string {
  return `${pem.replace(/\s+$/, '')}\n`;
}

/** Splits concatenated PEM text into its blocks, each ending in one newline. */
export function splitPemBlocks(text: string): string[] {
  return [...text.matchAll(/-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/g)].map((m) => `${m[0]}\n`);
}
