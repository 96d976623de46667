/** Field names that hold secrets: `token`, `esoToken`, `password`, `p12Password`, `privateKeyPem`, `tls.key`, `authorization`... */
const SECRET_KEY = /(token|password|passphrase|privatekey|privatekeypem|p12|p12base64|authorization|credentials?)$|^(secret|key|tls\.key)$/i;
const SECRET_VALUE: [RegExp, string][] = [
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(-----END [A-Z ]*PRIVATE KEY-----|$)/g, '[redacted private key]'],
  [/\b(hvs|hvb|hvr|s|b|r)\.[A-Za-z0-9_-]{20,}/g, '[redacted token]'],
  [/\bBearer\s+[A-Za-z0-9._~+/=-]+/gi, 'Bearer [redacted]'],
];

/**
 * A copy of `value` that is safe to log: fields whose name says they hold a secret (token, password, key, p12,
 * ...) are replaced by `[redacted]`, and secrets recognisable in any string (PEM private keys, Vault tokens,
 * bearer tokens) are cut out. Errors become `{ name, message, code }` (no stack, no attached request).
 *
 * @param value - anything JSON-like
 * @example
 * redact({ token: 'hvs.abc', msg: 'using hvs.0123456789abcdefghijkl' }); // { token: '[redacted]', msg: 'using [redacted token]' }
 */
export function redact(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return SECRET_VALUE.reduce((text, [pattern, replacement]) => text.replace(pattern, replacement), value);
  if (value === null || typeof value !== 'object') return value;
  if (depth > 6) return '[nested]';
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Error) {
    const code = (value as { code?: unknown }).code;
    return { name: value.name, message: redact(value.message), ...(typeof code === 'string' || typeof code === 'number' ? { code } : {}) };
  }
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) out[key] = SECRET_KEY.test(key) ? '[redacted]' : redact(item, depth + 1);
  return out;
}
