import { MtlsctlError } from '@mtlsctl/pki-core';

/** A username that cannot be used: it could reach another Vault path, or is not a sane name. */
export class InvalidUsernameError extends MtlsctlError {
  constructor(
    readonly username: string,
    reason: string,
  ) {
    super({
      code: 'INVALID_USERNAME',
      kind: 'invalid-input',
      message: `invalid username ${JSON.stringify(username)}: ${reason}. Use 1-64 characters: ASCII letters, digits, '.', '_' or '-', starting with a letter or digit.`,
    });
  }
}

/** An email address that is not a plain `local@domain.tld`. */
export class InvalidEmailError extends MtlsctlError {
  constructor(
    readonly email: string,
    reason: string,
  ) {
    super({ code: 'INVALID_EMAIL', kind: 'invalid-input', message: `invalid email ${JSON.stringify(email)}: ${reason}.` });
  }
}

/** `ca init` found a CA already there: it is never overwritten without `force`. */
export class CaExistsError extends MtlsctlError {
  constructor(readonly fingerprint: string) {
    super({
      code: 'CA_EXISTS',
      kind: 'conflict',
      message: `a CA already exists in this store (SHA-256 ${fingerprint}): refusing to overwrite it. Use \`ca rotate\` to replace it while keeping it trusted, or pass --force to replace it (its key is archived; its certificates stop being trusted).`,
    });
  }
}

/** The store has no CA yet (or no CA key), so nothing can be issued. */
export class NoCaError extends MtlsctlError {
  constructor(detail = 'this store has no CA yet') {
    super({ code: 'NO_CA', kind: 'invalid-state', message: `${detail}: run \`mtlsctl ca init\` first.` });
  }
}

/** The CA record and the CA key in the store do not belong together. */
export class CaKeyMismatchError extends MtlsctlError {
  constructor(caFingerprint: string, keyFingerprint: string) {
    super({
      code: 'CA_KEY_MISMATCH',
      kind: 'invalid-state',
      message: `the active CA (SHA-256 ${caFingerprint}) and the CA key's certificate (SHA-256 ${keyFingerprint}) differ: a rotation (or \`ca init --force\`) was interrupted. Run the same command again to finish it: \`mtlsctl ca rotate\` publishes the new CA and its CRL, it does not rotate twice.`,
    });
  }
}

/** A user already has an active certificate. */
export class ClientExistsError extends MtlsctlError {
  constructor(readonly username: string) {
    super({
      code: 'CLIENT_EXISTS',
      kind: 'conflict',
      message: `user ${username} already has an active certificate: use \`mtlsctl user renew ${username}\`, or revoke it first.`,
    });
  }
}

/** No record for this user. */
export class ClientNotFoundError extends MtlsctlError {
  constructor(readonly username: string) {
    super({ code: 'CLIENT_NOT_FOUND', kind: 'not-found', message: `no certificate for user ${username} in this store.` });
  }
}

/** The operation needs an active certificate and this one is revoked. */
export class ClientRevokedError extends MtlsctlError {
  constructor(readonly username: string) {
    super({ code: 'CLIENT_REVOKED', kind: 'invalid-state', message: `the certificate of user ${username} is revoked: issue a new one with \`mtlsctl user issue ${username} --email ...\`.` });
  }
}

/** A CA fingerprint that matches no trusted CA (or more than one, when abbreviated). */
export class TrustedCaNotFoundError extends MtlsctlError {
  constructor(fingerprint: string, detail = 'no trusted CA has this fingerprint') {
    super({ code: 'TRUSTED_CA_NOT_FOUND', kind: 'not-found', message: `${fingerprint}: ${detail}. See \`mtlsctl bundle show\`.` });
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
      code: 'RETIRE_BLOCKED',
      kind: 'invalid-state',
      message: `refusing to retire CA ${fingerprint}: ${reason}${users.length ? ` (${shown})` : ''}. Renew them first (\`mtlsctl user renew <user>\`) or pass --force.`,
    });
  }
}

/** A backup could not be decrypted or read. */
export class BackupError extends MtlsctlError {
  constructor(message: string, code = 'BACKUP_INVALID') {
    super({ code, kind: 'invalid-input', message });
  }
}

/** Restore was asked into a store that already holds data. */
export class StoreNotEmptyError extends MtlsctlError {
  constructor(description: string) {
    super({
      code: 'STORE_NOT_EMPTY',
      kind: 'conflict',
      message: `the store ${description} is not empty: restore only writes into an empty store unless --force is given.`,
    });
  }
}

/** The record holds no private key (issued from a CSR): there is nothing to put in a p12. */
export class NoPrivateKeyError extends MtlsctlError {
  constructor(username: string) {
    super({
      code: 'NO_PRIVATE_KEY',
      kind: 'invalid-state',
      message: `user ${username}'s certificate was issued from their own CSR, so the store has no key for a p12: use --format pem to get the certificate.`,
    });
  }
}

/** A certificate offered as a trusted CA is not one (no CA flag) or is already expired. */
export class NotACaCertificateError extends MtlsctlError {
  constructor(subject: string, reason: string) {
    super({ code: 'NOT_A_CA', kind: 'invalid-input', message: `${subject} cannot be trusted as a client CA: ${reason}.` });
  }
}

/** No CRL has been published yet (nothing was ever revoked and `crl update` never ran). */
export class NoCrlError extends MtlsctlError {
  constructor() {
    super({ code: 'NO_CRL', kind: 'not-found', message: 'no CRL has been published in this store yet: run `mtlsctl crl update`.' });
  }
}

/** The CSV has bad lines; nothing was issued. Each problem names its line. */
export class UsersCsvError extends MtlsctlError {
  constructor(readonly problems: { line: number; message: string }[]) {
    const shown = problems.slice(0, 20).map((p) => `  line ${p.line}: ${p.message}`);
    if (problems.length > 20) shown.push(`  ... and ${problems.length - 20} more`);
    super({
      code: 'USERS_CSV_INVALID',
      kind: 'invalid-input',
      message: `the users file has ${problems.length} problem(s); nothing was issued:\n${shown.join('\n')}`,
    });
  }
}

/** The user keeps their own key (CSR issuance), so a renewal needs their new CSR. */
export class CsrRequiredError extends MtlsctlError {
  constructor(username: string) {
    super({
      code: 'CSR_REQUIRED',
      kind: 'invalid-input',
      message: `user ${username} keeps their own key (the certificate was issued from a CSR): renew with their new CSR, --csr <file>.`,
    });
  }
}

/**
 * Another run issued, renewed or revoked this user's certificate at the same time and won the check-and-set:
 * this run signed nothing that can be used (its reserved serial, if any, stays revocable) and wrote nothing more.
 */
export class ConcurrentIssuanceError extends MtlsctlError {
  /**
   * @param username - the user
   * @param inProgress - when another run's reservation is still fresh: when it started and when it may be taken over
   */
  constructor(
    readonly username: string,
    inProgress?: { since: string; retryAfterSeconds: number },
  ) {
    super({
      code: 'CONCURRENT_ISSUANCE',
      kind: 'conflict',
      message: inProgress
        ? `another run is issuing user ${username}'s certificate (since ${inProgress.since}); this run issued nothing. If that run was interrupted, run this again in ${inProgress.retryAfterSeconds} s to finish it.`
        : `another run changed user ${username}'s certificate at the same time and won; this run issued nothing. See \`mtlsctl user show ${username}\`.`,
    });
  }
}

/** `user revoke --serial` named a serial that is none of the user's live certificates. */
export class SerialNotFoundError extends MtlsctlError {
  constructor(username: string, serial: string) {
    super({
      code: 'SERIAL_NOT_FOUND',
      kind: 'not-found',
      message: `user ${username} holds no unexpired certificate with serial ${serial}: see \`mtlsctl user show ${username}\`.`,
    });
  }
}

/** The user's first certificate was reserved but its issuance did not finish: there is no certificate yet. */
export class ClientPendingError extends MtlsctlError {
  constructor(readonly username: string) {
    super({
      code: 'CLIENT_PENDING',
      kind: 'invalid-state',
      message: `user ${username} has no certificate yet (an issuance was interrupted or is running): run \`mtlsctl user issue ${username} --email ...\` again to finish it.`,
    });
  }
}

/** `ca rotate` was given a subject DN another trusted CA already has, without `--same-subject`. */
export class SameSubjectError extends MtlsctlError {
  constructor(subject: string) {
    super({
      code: 'SAME_SUBJECT',
      kind: 'invalid-input',
      message: `a trusted CA already has the subject ${subject}: Java PKIX, GnuTLS and NSS keep one CRL per issuer name and would miss revocations. Choose another --subject (the default adds a generation suffix), or pass --same-subject to accept that.`,
    });
  }
}
