import { readFile } from 'node:fs/promises';
import { VerifierMetrics } from '@mtlsctl/monitoring';
import type { ClusterSource } from './cluster-source.js';
import { errorCode } from './error-code.js';
import type { Logger } from './json-logger.js';
import { startMetricsServer } from './metrics-server.js';
import { probeIngress } from './probe-ingress.js';
import { runCycle } from './run-cycle.js';
import { VaultSource } from './vault-source.js';
import type { VerifierConfig } from './verifier-config.js';
import { VerificationLoop } from './verification-loop.js';

/** The seams of {@link startSyncVerifier}; each has a production default. */
export interface SyncVerifierDeps {
  log: Logger;
  /** Builds the cluster side from the config (the daemon's default uses @mtlsctl/k8s-sync). */
  clusterSource?: (cluster: NonNullable<VerifierConfig['cluster']>) => Promise<ClusterSource>;
  now?: () => Date;
  version?: string;
}

/** A running verifier. */
export interface RunningSyncVerifier {
  port: number;
  metrics: VerifierMetrics;
  loop: VerificationLoop;
  /** Stops the loop (aborting a cycle in flight), then the server. */
  stop(): Promise<void>;
}

/**
 * Starts the daemon: the metrics/health server first (so it answers while Vault or the apiserver is down), then
 * the verification loop. Nothing is read in a constructor; `stop()` is the one way out.
 *
 * @example
 * const verifier = await startSyncVerifier(loadVerifierConfig(argv, env), { log: createJsonLogger() });
 * process.once('SIGTERM', () => void verifier.stop());
 */
export async function startSyncVerifier(config: VerifierConfig, deps: SyncVerifierDeps): Promise<RunningSyncVerifier> {
  const now = deps.now ?? (() => new Date());
  const metrics = new VerifierMetrics({ version: deps.version ?? '0.1.0' });
  const cluster = config.cluster && deps.clusterSource ? await deps.clusterSource(config.cluster) : undefined;
  if (config.cluster && !deps.clusterSource) deps.log.warn('no cluster source: only Vault is verified');
  const probeConfig = config.probe;
  const probe = probeConfig
    ? async (signal: AbortSignal) => {
        const [certPem, keyPem, caPem] = await Promise.all([readFile(probeConfig.certFile, 'utf8'), readFile(probeConfig.keyFile, 'utf8'), probeConfig.caFile ? readFile(probeConfig.caFile, 'utf8') : undefined]);
        return probeIngress({ url: probeConfig.url, certPem, keyPem, signal, ...(caPem ? { caPem } : {}), ...(probeConfig.servername ? { servername: probeConfig.servername } : {}) });
      }
    : undefined;
  const state = {};
  const vault = new VaultSource(
    config.vault,
    undefined,
    (error) => {
      metrics.recordSourceError('vault', errorCode(error));
      deps.log.error("looking up ESO's token by its accessor failed", { source: 'vault', code: errorCode(error), error: error instanceof Error ? error.message : String(error) });
    },
    (login) => deps.log.info('logged in to Vault by Kubernetes auth', { accessor: login.accessor, ttlSeconds: login.ttlSeconds, policies: login.policies }),
  );
  const loop = new VerificationLoop({
    intervalMs: config.intervalMs,
    jitter: config.jitter,
    retryBaseMs: config.retryBaseMs,
    cycle: (signal) =>
      runCycle({ vault, ...(cluster ? { cluster } : {}), writeDenyRules: config.cluster?.writeDenyRules ?? false, ...(probe ? { probe } : {}), metrics, log: deps.log, now, timeoutMs: config.cycleTimeoutMs, state }, signal),
    onError: (error) => deps.log.error('verification cycle failed unexpectedly', { error }),
  });
  const stuckAfterMs = config.intervalMs * 1.5 + config.cycleTimeoutMs + 5000;
  const server = await startMetricsServer(config.listen.host, config.listen.port, {
    metrics,
    ready: () => loop.completed > 0,
    healthy: () => loop.lastStartedAt === undefined || Date.now() - loop.lastStartedAt.getTime() < stuckAfterMs,
  });
  deps.log.info('mtlsctl-sync-verifier started', {
    listen: `${config.listen.host}:${server.port}`,
    intervalSeconds: config.intervalMs / 1000,
    vault: config.vault.addr,
    ...(config.vault.kubernetesAuth
      ? { vaultAuth: `kubernetes (auth/${config.vault.kubernetesAuth.mount}, role ${config.vault.kubernetesAuth.role}, ${config.vault.kubernetesAuth.jwtFile})` }
      : { tokenFile: config.vault.tokenFile }),
    cluster: cluster ? `${config.cluster!.externalSecret.namespace}/${config.cluster!.externalSecret.name}` : 'off',
    probe: probeConfig?.url ?? 'off',
  });
  loop.start();
  return {
    port: server.port,
    metrics,
    loop,
    async stop() {
      await loop.stop();
      await server.close();
    },
  };
}
