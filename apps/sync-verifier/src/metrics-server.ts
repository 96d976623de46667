import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { VerifierMetrics } from '@mtlsctl/monitoring';

/** What the server reports on. */
export interface MetricsServerOptions {
  metrics: VerifierMetrics;
  /** Ready once the first cycle has ended (whatever it found: a sealed Vault must still be scraped). */
  ready: () => boolean;
  /** Healthy while the loop is alive: its last cycle started recently. */
  healthy: () => boolean;
}

/** A started server; `close()` stops accepting and ends keep-alive connections. */
export interface RunningMetricsServer {
  port: number;
  close(): Promise<void>;
}

/**
 * Serves `GET /metrics` (Prometheus text format), `/healthz` (liveness: the loop is not stuck) and `/readyz`
 * (readiness: the first cycle has run). Anything else is 404; methods other than GET/HEAD are 405.
 *
 * @param host - e.g. `0.0.0.0` in a pod, `127.0.0.1` in tests
 * @param port - 0 for a free port
 */
export async function startMetricsServer(host: string, port: number, options: MetricsServerOptions): Promise<RunningMetricsServer> {
  const server: Server = createServer((req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    const path = (req.url ?? '/').split('?')[0];
    const text = (status: number, body: string) => res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' }).end(req.method === 'HEAD' ? undefined : body);
    if (path === '/metrics') {
      options.metrics.render().then(
        (body) => res.writeHead(200, { 'content-type': options.metrics.contentType }).end(req.method === 'HEAD' ? undefined : body),
        () => text(500, 'metrics unavailable\n'),
      );
    } else if (path === '/healthz') text(options.healthy() ? 200 : 503, options.healthy() ? 'ok\n' : 'the verification loop is stuck\n');
    else if (path === '/readyz') text(options.ready() ? 200 : 503, options.ready() ? 'ready\n' : 'the first verification cycle has not finished\n');
    else text(404, 'not found: try /metrics, /healthz or /readyz\n');
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
