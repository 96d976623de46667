import { Args } from '@oclif/core';
import { StoreCommand } from '../../base-command.js';
import { EXIT } from '../../exit-codes.js';
import { INPUT_LIMITS, readTextInput } from '../../read-input-file.js';
import { showCa } from '@mtlsctl/authority';
import { parseBundle, diffBundles, renderBundleDiff } from '@mtlsctl/bundle-merge';

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
    const diff = diffBundles(other, stored);
    const same = diff.added.length === 0 && diff.removed.length === 0;
    this.say(same ? 'Same CAs.' : renderBundleDiff(diff));
    const result = {
      same,
      added: diff.added.map((e) => ({ fingerprint: e.fingerprint, subject: e.subject })),
      removed: diff.removed.map((e) => ({ fingerprint: e.fingerprint, subject: e.subject })),
    };
    if (!same) this.exitWithResult(result, EXIT.checkFailed);
    return result;
  }
}
