/** How the test frontend asks for client certificates (HAProxy's `verify` bind option). */
export type HaproxyVerify = 'required' | 'optional' | 'none';

/** Where the files of one test frontend live and how it is bound. */
export interface HaproxyTestConfigParams {
  /** TCP port on 127.0.0.1. */
  port: number;
  /** Path of the server certificate + key PEM (`crt`). */
  crtPath: string;
  /** Path of the trusted client CAs PEM (`ca-file`). */
  caFilePath: string;
  /** Path of the CRL PEM (`crl-file`); omitted: no `crl-file`. */
  crlFilePath?: string | undefined;
  /** `verify` on the bind line (default `required`). */
  verify?: HaproxyVerify | undefined;
  /** Extra frontend lines placed before the final `return 200`, e.g. `http-request deny ...` rules. */
  frontendLines?: readonly string[];
}

/**
 * Renders the haproxy.cfg of a one-frontend mTLS test server: it terminates TLS on 127.0.0.1,
 * verifies client certificates against `ca-file` (and `crl-file`), runs the extra frontend lines
 * (deny rules answer 403) and answers every other request `200 ok` itself — no backend.
 * Access logs (one line per request or failed handshake) go to stdout.
 *
 * @param params - see {@link HaproxyTestConfigParams}
 * @example
 * const cfg = renderHaproxyTestConfig({ port: 8443, crtPath, caFilePath });
 */
export function renderHaproxyTestConfig(params: HaproxyTestConfigParams): string {
  const bind = [
    `bind 127.0.0.1:${params.port} ssl crt ${params.crtPath}`,
    `ca-file ${params.caFilePath}`,
    `verify ${params.verify ?? 'required'}`,
    ...(params.crlFilePath === undefined ? [] : [`crl-file ${params.crlFilePath}`]),
  ].join(' ');
  return [
    'global',
    '  log stdout format raw local0 info',
    '  nbthread 1',
    '',
    'defaults',
    '  mode http',
    '  log global',
    '  option httplog',
    '  timeout connect 5s',
    '  timeout client 10s',
    '  timeout server 10s',
    '',
    'frontend mtls',
    `  ${bind}`,
    '  log-format "%ci:%cp [%tr] %ft %ST %HM %HU serial=%[ssl_c_serial,hex] issuer=%{+Q}[ssl_c_i_dn] verify=%[ssl_c_verify]"',
    '  error-log-format "%ci:%cp [%tr] %ft handshake-error %[fc_err_str] verify=%[ssl_c_verify]"',
    ...(params.frontendLines ?? []).map((line) => `  ${line}`),
    '  http-request return status 200 content-type text/plain string ok',
    '',
  ].join('\n');
}
