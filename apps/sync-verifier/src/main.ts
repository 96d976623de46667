import { createJsonLogger } from './json-logger.js';
import { startSyncVerifier, type SyncVerifierDeps } from './start-sync-verifier.js';
import { loadVerifierConfig, VerifierConfigError, verifierUsage } from './verifier-config.js';

/**
 * The `mtlsctl-sync-verifier` process: reads the configuration (exit 2 with one line when it is wrong), starts,
 * and on SIGTERM or SIGINT stops the loop mid-cycle and the server, then exits 0.
 *
 * @param argv - the flags (process.argv.slice(2))
 * @param env - the environment
 * @param clusterSource - the cluster side (see {@link SyncVerifierDeps.clusterSource})
 */
export async function main(argv: string[], env: NodeJS.ProcessEnv, clusterSource?: SyncVerifierDeps['clusterSource']): Promise<void> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${verifierUsage()}\n`);
    return;
  }
  let config: ReturnType<typeof loadVerifierConfig>;
  try {
    config = loadVerifierConfig(argv, env);
  } catch (error) {
    if (!(error instanceof VerifierConfigError)) throw error;
    process.stderr.write(`mtlsctl-sync-verifier: ${error.message}\n`);
    process.exitCode = 2;
    return;
  }
  const log = createJsonLogger({ level: config.logLevel });
  const verifier = await startSyncVerifier(config, { log, ...(clusterSource ? { clusterSource } : {}) });
  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    log.info('stopping', { signal });
    verifier.stop().then(
      () => {
        log.info('stopped', { signal });
        process.exit(0);
      },
      (error: unknown) => {
        log.error('stopping failed', { error });
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}
