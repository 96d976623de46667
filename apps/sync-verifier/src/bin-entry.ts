// The process entry point bundled by scripts/bundle.mjs (bin/mtlsctl-sync-verifier.js runs the bundle).
import { kubeClusterSource } from './kube-cluster-source.js';
import { main } from './main.js';

main(process.argv.slice(2), process.env, kubeClusterSource).catch((error: unknown) => {
  process.stderr.write(`mtlsctl-sync-verifier: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
