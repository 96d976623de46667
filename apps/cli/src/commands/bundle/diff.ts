import { Args } from '@oclif/core';
import { StoreCommand } from '../../base-command.js';
import { EXIT } from '../../exit-codes.js';
import { INPUT_LIMITS, readTextInput } from '../../read-input-file.js';
import { renderBundleDiff } from '../../render/bundle.js';
import { showCa } from '@mtlsctl/authority';
import { parseBundle, diffBundles } from '@mtlsctl/bundle-merge';

export default class BundleDiff extends StoreCommand {
  static override summary = 'Compare a bundle file (e.g. what the ingress holds now) with the stored trust bundle.';
  static override description =
    'Lists the CAs the stored bundle adds and removes relative to FILE, with subjects and fingerprints. Exit 0 when they hold the same CAs, 9 when they differ (a check found a problem; 1 is kept for bugs).';
  static override examples = [
    'kubectl get secret -n haproxy-controller client-ca-cert -o jsonpath="{.data.tls\\.crt}" | base64 -d | <%= config.bin %> <%= command.id %> -',
  ];
  static override args = { file: Args.string({ description: 'PEM bundle, or - for standard input.', required: true }) };

  async run() {
    const { args, flags } = await this.parse(BundleDiff);
    const other = parseBundle(await readTextInput(args.file, INPUT_LIMITS.pem));
    const stored = parseBundle((await showCa(await this.context(flags))).bundlePem);
    const result = this.render(diffBundles(other, stored), renderBundleDiff);
    if (!result.same) this.exitWithResult(result, EXIT.checkFailed);
    return result;
  }
}
