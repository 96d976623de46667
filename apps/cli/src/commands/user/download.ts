import { Args, Flags } from '@oclif/core';
import { StoreCommand } from '../../base-command.js';
import { assertWritable, writePrivateFile } from '../../write-private-file.js';
import { renderUserDownload } from '../../render/user.js';
import { downloadClient } from '@mtlsctl/authority';

export default class UserDownload extends StoreCommand {
  static override summary = 'Download your certificate (the user side).';
  static override description =
    'Reads <prefix>/clients/<username> (a user token may read only its own record) and writes the PKCS#12 (mode 0600), printing its password once, or writing it to --password-file. With --format pem, writes one PEM file: certificate, CA certificate, then the private key. Same bytes as `vault kv get -field=p12 secret/pki/clients/<user> | base64 -d`.';
  static override examples = [
    'VAULT_ADDR=https://vault.example.com:8200 vault login && <%= config.bin %> <%= command.id %> alice --store vault',
    '<%= config.bin %> <%= command.id %> alice -o alice.p12 --password-file alice.pass',
    '<%= config.bin %> <%= command.id %> alice --format pem -o alice.pem',
  ];
  static override args = { username: Args.string({ required: true }) };
  static override flags = {
    output: Flags.string({ char: 'o', description: 'File to write. Default: <username>.p12 or <username>.pem.' }),
    format: Flags.option({ options: ['p12', 'pem'] as const, default: 'p12' as const, description: 'What to write.' })(),
    'password-file': Flags.string({ description: 'Write the p12 password to this file (0600) instead of printing it.' }),
    force: Flags.boolean({ description: 'Replace existing output files.', default: false }),
  };

  async run() {
    const { args, flags } = await this.parse(UserDownload);
    const got = await downloadClient(await this.context(flags), { username: args.username, format: flags.format });
    const output = flags.output ?? `${args.username}.${flags.format}`;
    if (got.status !== 'active') this.warn(`this certificate is ${got.status}: servers will refuse it.`);
    if (got.format === 'pem') {
      await writePrivateFile(output, got.certificatePem + got.caCertificatePem + got.privateKeyPem, { overwrite: flags.force });
      return this.render({ format: 'pem', username: got.username, file: output, withPrivateKey: got.privateKeyPem !== '', status: got.status, notAfter: got.notAfter }, renderUserDownload);
    }
    const passwordFile = flags['password-file'];
    // Both names checked before either is written: an existing password file must not leave a p12 behind.
    if (passwordFile) await assertWritable(passwordFile, { overwrite: flags.force });
    await writePrivateFile(output, got.p12, { overwrite: flags.force });
    if (passwordFile) {
      await writePrivateFile(passwordFile, got.password + '\n', { overwrite: flags.force });
      return this.render({ format: 'p12', username: got.username, file: output, passwordFile, status: got.status, notAfter: got.notAfter }, renderUserDownload);
    }
    const result = this.render({ format: 'p12', username: got.username, file: output, password: got.password, status: got.status, notAfter: got.notAfter }, renderUserDownload);
    this.handOver('p12 password', got.password);
    return result;
  }
}
