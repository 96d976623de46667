import { MtlsctlError } from '@mtlsctl/errors';

/** A user already has an active certificate. */
export class ClientExistsError extends MtlsctlError {
  constructor(readonly username: string) {
    super({
      code: 'CLIENT_EXISTS',
      message: `user ${username} already has an active certificate: use \`mtlsctl user renew ${username}\`, or revoke it first`,
    });
  }
}

/** No record for this user. */
export class ClientNotFoundError extends MtlsctlError {
  constructor(readonly username: string) {
    super({ code: 'CLIENT_NOT_FOUND', message: `no certificate for user ${username} in this store` });
  }
}

/** The operation needs an active certificate and this one is revoked. */
export class ClientRevokedError extends MtlsctlError {
  constructor(readonly username: string) {
    super({ code: 'CLIENT_REVOKED', message: `the certificate of user ${username} is revoked: issue a new one with \`mtlsctl user issue ${username} --email ...\`` });
  }
}

/** The record holds no private key (issued from a CSR): there is nothing to put in a p12. */
export class NoPrivateKeyError extends MtlsctlError {
  constructor(username: string) {
    super({
      code: 'PRIVATE_KEY_MISSING',
      message: `user ${username}'s certificate was issued from their own CSR, so the store has no key for a p12: use --format pem to get the certificate`,
    });
  }
}

/** The user keeps their own key (CSR issuance), so a renewal needs their new CSR. */
export class CsrRequiredError extends MtlsctlError {
  constructor(username: string) {
    super({
      code: 'CSR_REQUIRED',
      message: `user ${username} keeps their own key (the certificate was issued from a CSR): renew with their new CSR, --csr <file>`,
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
      code: 'ISSUANCE_CONCURRENT',
      message: inProgress
        ? `another run is issuing user ${username}'s certificate (since ${inProgress.since}); this run issued nothing: if that run was interrupted, run this again in ${inProgress.retryAfterSeconds} s to finish it`
        : `another run changed user ${username}'s certificate at the same time and won; this run issued nothing (see \`mtlsctl user show ${username}\`)`,
    });
  }
}

/** `user revoke --serial` named a serial that is none of the user's live certificates. */
export class SerialNotFoundError extends MtlsctlError {
  constructor(username: string, serial: string) {
    super({
      code: 'SERIAL_NOT_FOUND',
      message: `user ${username} holds no unexpired certificate with serial ${serial}: see \`mtlsctl user show ${username}\``,
    });
  }
}

/** The user's first certificate was reserved but its issuance did not finish: there is no certificate yet. */
export class ClientPendingError extends MtlsctlError {
  constructor(readonly username: string) {
    super({
      code: 'CLIENT_PENDING',
      message: `user ${username} has no certificate yet (an issuance was interrupted or is running): run \`mtlsctl user issue ${username} --email ...\` again to finish it`,
    });
  }
}

/**
 * Another user's name differs from this one only in letter case (`Alice` and `alice`): usernames are unique
 * case-insensitively. `inProgress`: that user is not stored yet, another run is issuing it right now.
 */
export class UsernameTakenError extends MtlsctlError {
  constructor(
    readonly username: string,
    readonly existing: string,
    options: { inProgress?: boolean } = {},
  ) {
    super({
      code: 'USERNAME_TAKEN',
      message: options.inProgress
        ? `another run is issuing user ${existing} right now and usernames are unique regardless of case: this run issued nothing for ${username}; issue for ${existing}, or choose another name`
        : `user ${existing} already exists and usernames are unique regardless of case: issue for ${existing}, or choose another name than ${username}`,
    });
  }
}

/** Another user already holds this email (`inProgress`: another run is issuing that user with it right now). */
export class EmailTakenError extends MtlsctlError {
  constructor(
    readonly username: string,
    readonly email: string,
    readonly holders: readonly string[],
    options: { inProgress?: boolean } = {},
  ) {
    super({
      code: 'EMAIL_TAKEN',
      message: options.inProgress
        ? `another run is issuing user ${holders.join(', ')} with the email ${email} right now: this run issued nothing; give ${username} its own email, or pass --allow-shared-email if they really share it`
        : `the email ${email} is already held by user ${holders.join(', ')}: give ${username} its own email, or pass --allow-shared-email if they really share it`,
    });
  }
}

/** Bulk issuance: some users of the file clash with users already in the store; nothing was issued. */
export class UsersTakenError extends MtlsctlError {
  constructor(readonly problems: { line: number; message: string }[]) {
    const shown = problems.slice(0, 20).map((p) => `line ${p.line}: ${p.message}`);
    if (problems.length > 20) shown.push(`and ${problems.length - 20} more`);
    super({ code: 'USERS_TAKEN', message: `${problems.length} user(s) of the file clash with users in the store, nothing was issued: ${shown.join('; ')}` });
  }
}
