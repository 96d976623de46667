import { basename } from 'node:path';
import { Args, Flags } from '@oclif/core';
import { credentialFormat, trustFromBundle, trustFromStore, verifyCredential, type AuthorityContext } from '@mtlsctl/authority';
import { StoreCommand } from '../base-command.js';
import { EXIT } from '../exit-codes.js';
import { kubeFlags, kubeFromFlags, syncLayoutFromFlags, syncObjectFlags } from '../k8s-flags.js';
import { promptSecret } from '../prompt-secret.js';
import { INPUT_LIMITS, readFirstLine, readInputFile, readTextInput } from '../read-input-file.js';
import { renderVerifyReport } from '../render/verify-report.js';

export default class Verify extends StoreCommand {
  static override summary = 'Why is my certificate not accepted? Judge a p12 or PEM as HAProxy would.';
  static override description =
    "Reads the file (a p12 with its password, or a PEM certificate with its key and CAs), checks the key against the certificate, then validates it as HAProxy does with ca-file = the trust bundle and crl-file = the CRLs: chain, dates, EKU clientAuth and key usage, revocation (naming the CRL). Trust comes from the store's tls.crt and crl.pem, from --bundle/--crl, or with --cluster from the bundle the ingress actually reads (the synced Secret's tls.crt) with the store's CRLs (the ingress carries them as deny rules: mtlsctl doctor checks that they match). Prints a checklist and the one reason it would be refused, with the fix. Exit 0 only when it would be accepted; 9 when refused.";
  static override examples = [
    '<%= config.bin %> <%= command.id %> alice.p12 --password-file alice.pass',
    '<%= config.bin %> <%= command.id %> alice.pem --key alice.key',
    '<%= config.bin %> <%= command.id %> alice.p12 --password-file alice.pass --cluster --context prod',
    'kubectl get secret -n haproxy-controller client-ca-cert -o jsonpath="{.data.tls\\.crt}" | base64 -d > tls.crt && <%= config.bin %> <%= command.id %> alice.p12 --bundle tls.crt --crl crl.pem',
  ];
  static override args = { file: Args.string({ description: 'The .p12, or the PEM certificate (optionally with its key and CA certificates).', required: true }) };
  static override flags = {
    'password-file': Flags.string({ description: 'File whose first line is the p12 password. Default: asked on the terminal, without echo.' }),
    key: Flags.string({ description: 'The private key (PEM) of a PEM or DER certificate, when it is in another file.' }),
    bundle: Flags.string({ description: "Trust bundle (PEM CAs, e.g. the cluster Secret's tls.crt) to use instead of the store's." }),
    crl: Flags.string({ description: 'CRL file (PEM) HAProxy reads, with --bundle. Repeatable.', multiple: true, dependsOn: ['bundle'] }),
    cluster: Flags.boolean({ description: "Trust the bundle of the cluster Secret the ingress reads (--kubeconfig/--context, --external-secret, --secret-name), with the store's CRLs.", exclusive: ['bundle'], helpGroup: 'CLUSTER' }),
    ...kubeFlags,
    ...syncObjectFlags,
  };

  async run() {
    const { args, flags } = await this.parse(Verify);
    const data = await readInputFile(args.file, INPUT_LIMITS.credential);
    const password =
      credentialFormat(data) !== 'p12'
        ? undefined
        : flags['password-file']
          ? await readFirstLine(flags['password-file'])
          : await promptSecret(`Password for ${basename(args.file)}: `, 'the p12 password', '--password-file').catch((error: Error) => {
              if (error.name === 'PromptAbortedError') this.exit(EXIT.interrupted);
              throw error;
            });
    const keyPem = flags.key === undefined ? undefined : await readTextInput(flags.key, INPUT_LIMITS.credential);
    const bundlePem = flags.bundle === undefined ? undefined : await readTextInput(flags.bundle, INPUT_LIMITS.pem);
    const crlPems = await Promise.all((flags.crl ?? []).map((f) => readTextInput(f, INPUT_LIMITS.pem)));
    const trust = flags.cluster ? await clusterTrust(flags, await this.context(flags)) : bundlePem === undefined ? await trustFromStore(await this.context(flags)) : trustFromBundle(bundlePem, crlPems);
    const verdict = await verifyCredential({
      data,
      ...(password === undefined ? {} : { password }),
      ...(keyPem === undefined ? {} : { keyPem }),
      trust,
      at: new Date(),
    });
    const result = this.render({ file: args.file, verdict }, renderVerifyReport);
    if (!verdict.accepted) this.exitWithResult(result, EXIT.checkFailed);
    return result;
  }
}

/** The bundle of the synced Secret (what the ingress trusts) with the store's CRLs, when it has any. */
async function clusterTrust(flags: Parameters<typeof syncLayoutFromFlags>[0] & { kubeconfig?: string | undefined; context?: string | undefined }, context: AuthorityContext) {
  const { readSyncedBundle, resolveSyncLayout } = await import('@mtlsctl/k8s-sync');
  const layout = resolveSyncLayout(await syncLayoutFromFlags({ ...flags, 'vault-server': 'https://vault.invalid' }));
  const bundle = await readSyncedBundle(layout, { kube: await kubeFromFlags(flags) });
  const crl = await context.store.getCrl();
  return trustFromBundle(bundle, crl === undefined ? [] : [crl.value.crlPem], 'cluster');
}
