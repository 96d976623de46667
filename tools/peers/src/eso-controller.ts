import { startBackgroundProcess, waitUntilReady } from './background-process.js';
import { goPeerBinary } from './go-peer-binary.js';

/** A running External Secrets Operator controller; `stop()` ends it. */
export interface EsoController {
  /** What it logged so far (JSON lines), for failure messages. */
  logs(): string;
  stop(): Promise<void>;
}

/**
 * Runs External Secrets Operator's controller (v0.16.2, built by `scripts/peers/install-go-peers.sh`) out of
 * cluster against the apiserver of `kubeconfig`: no webhook, no cert controller, no leader election, metrics off.
 * Resolves once its ExternalSecret controller has started its workers.
 *
 * @param kubeconfig - path of a kubeconfig whose user may read/write ESO's objects and Secrets (the test admin)
 * @param options.storeRequeueInterval - how often it re-checks (Cluster)SecretStores (Go duration, default `5s`)
 * @throws GoPeerMissingError when the peer is not built, naming the install command
 */
export async function startEsoController(
  kubeconfig: string,
  options: { storeRequeueInterval?: string; startTimeoutMs?: number } = {},
): Promise<EsoController> {
  const binary = await goPeerBinary('eso');
  const controller = startBackgroundProcess(
    binary,
    [
      '--metrics-addr=0',
      '--enable-leader-election=false',
      `--store-requeue-interval=${options.storeRequeueInterval ?? '5s'}`,
      '--loglevel=info',
      '--zap-time-encoding=iso8601',
    ],
    { env: { KUBECONFIG: kubeconfig } },
  );
  try {
    await waitUntilReady('the ESO controller', controller, async () => /Starting workers.*ExternalSecret|ExternalSecret.*Starting workers/.test(controller.logs()), options.startTimeoutMs ?? 120_000);
  } catch (error) {
    await controller.stop();
    throw error;
  }
  return { logs: controller.logs, stop: () => controller.stop() };
}
