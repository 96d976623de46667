import { MtlsctlError } from '@mtlsctl/errors';

/** The store has no CA yet (or no CA key), so nothing can be issued. */
export class NoCaError extends MtlsctlError {
  constructor(detail = 'this store has no CA yet') {
    super({ code: 'CA_MISSING', message: `${detail}: run \`mtlsctl ca init\` first` });
  }
}

/** `ca init` found a CA already there: it is never overwritten without `force`. */
export class CaExistsError extends MtlsctlError {
  constructor(readonly fingerprint: string) {
    super({
      code: 'CA_EXISTS',
      message: `a CA already exists in this store (SHA-256 ${fingerprint}): refusing to overwrite it; use \`ca rotate\` to replace it while keeping it trusted, or pass --force to replace it (its key is archived; its certificates stop being trusted)`,
    });
  }
}

/** The CA record and the CA key in the store do not belong together. */
export class CaKeyMismatchError extends MtlsctlError {
  constructor(caFingerprint: string, keyFingerprint: string) {
    super({
      code: 'CA_KEY_MISMATCH',
      message: `the active CA (SHA-256 ${caFingerprint}) and the CA key's certificate (SHA-256 ${keyFingerprint}) differ: a rotation (or \`ca init --force\`) was interrupted: run the same command again to finish it (\`mtlsctl ca rotate\` publishes the new CA and its CRL, it does not rotate twice)`,
    });
  }
}

/** The CA key is encrypted at rest and no passphrase was given. */
export class CaKeyLockedError extends MtlsctlError {
  constructor() {
    super({ code: 'CA_KEY_LOCKED', message: 'the CA key is encrypted at rest: pass --ca-passphrase-file <file> (or set MTLSCTL_CA_PASSPHRASE_FILE)' });
  }
}

/** The passphrase given does not decrypt the CA key. */
export class CaPassphraseWrongError extends MtlsctlError {
  constructor() {
    super({ code: 'CA_PASSPHRASE_WRONG', message: 'the CA passphrase does not decrypt the CA key: check the file --ca-passphrase-file names' });
  }
}

/** Retiring this CA would lock out users whose only trusted CA it is. */
export class RetireBlockedError extends MtlsctlError {
  constructor(
    readonly fingerprint: string,
    readonly users: string[],
    reason: string,
  ) {
    const shown = users.slice(0, 10).join(', ') + (users.length > 10 ? `, and ${users.length - 10} more` : '');
    super({
      code: 'CA_RETIRE_BLOCKED',
      message: `refusing to retire CA ${fingerprint}: ${reason}${users.length ? ` (${shown})` : ''}: renew them first (\`mtlsctl user renew <user>\`) or pass --force`,
    });
  }
}

/** A CA fingerprint that matches no trusted CA (or more than one, when abbreviated). */
export class TrustedCaNotFoundError extends MtlsctlError {
  constructor(fingerprint: string, detail = 'no trusted CA has this fingerprint') {
    super({ code: 'TRUSTED_CA_NOT_FOUND', message: `${fingerprint}: ${detail} (see \`mtlsctl bundle show\`)` });
  }
}

/** A certificate offered as a trusted CA is not one (no CA flag) or is already expired. */
export class NotACaCertificateError extends MtlsctlError {
  constructor(subject: string, reason: string) {
    super({ code: 'CERTIFICATE_NOT_CA', message: `${subject} cannot be trusted as a client CA: ${reason}` });
  }
}

/** No CRL has been published yet (nothing was ever revoked and `crl update` never ran). */
export class NoCrlError extends MtlsctlError {
  constructor() {
    super({ code: 'CRL_NOT_FOUND', message: 'no CRL has been published in this store yet: run `mtlsctl crl update`' });
  }
}

/** `ca rotate` was given a subject DN another trusted CA already has, without `--same-subject`. */
export class SameSubjectError extends MtlsctlError {
  constructor(subject: string) {
    super({
      code: 'CA_SUBJECT_DUPLICATE',
      message: `a trusted CA already has the subject ${subject}: Java PKIX, GnuTLS and NSS keep one CRL per issuer name and would miss revocations; choose another --subject (the default adds a generation suffix), or pass --same-subject to accept that`,
    });
  }
}
