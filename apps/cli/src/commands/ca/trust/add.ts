import { Args } from '@oclif/core';
import { StoreCommand } from '../../../base-command.js';
import { INPUT_LIMITS, readTextInput } from '../../../read-input-file.js';
import { renderCaTrustAdd } from '../../../render/ca.js';
import { trustCa } from '@mtlsctl/authority';

export default class CaTrustAdd extends StoreCommand {
  static override summary = "Trust an external CA's certificates (e.g. the old system's CA during a migration).";
  static override description =
    'The file may hold several CA certificates (PEM). Only certificates are accepted: a private key in the file is refused. Each must be a CA and not expired.';
  static override examples = ['<%= config.bin %> <%= command.id %> old-ca.crt'];
  static override args = { file: Args.string({ description: 'PEM file of CA certificates, or - for standard input.', required: true }) };

  async run() {
    const { args, flags } = await this.parse(CaTrustAdd);
    const pem = await readTextInput(args.file, INPUT_LIMITS.pem);
    const result = await trustCa(await this.context(flags), { pem });
    for (const warning of result.warnings) this.warn(warning);
    return this.render(result, renderCaTrustAdd);
  }
}
