import { MtlsctlError } from '@mtlsctl/errors';

/** A username that cannot be used: it could reach another Vault path, or is not a sane name. */
export class InvalidUsernameError extends MtlsctlError {
  constructor(
    readonly username: string,
    reason: string,
  ) {
    super({
      code: 'USERNAME_INVALID',
      message: `invalid username ${JSON.stringify(username)}: ${reason} (use 1-64 characters: ASCII letters, digits, '.', '_' or '-', starting with a letter or digit)`,
    });
  }
}

/** An email address that is not a plain `local@domain.tld`. */
export class InvalidEmailError extends MtlsctlError {
  constructor(
    readonly email: string,
    reason: string,
  ) {
    super({ code: 'EMAIL_INVALID', message: `invalid email ${JSON.stringify(email)}: ${reason}` });
  }
}

/** The CSV has bad lines; nothing was issued. Each problem names its line. */
export class UsersCsvError extends MtlsctlError {
  constructor(readonly problems: { line: number; message: string }[]) {
    const shown = problems.slice(0, 20).map((p) => `line ${p.line}: ${p.message}`);
    if (problems.length > 20) shown.push(`and ${problems.length - 20} more`);
    super({
      code: 'USERS_CSV_INVALID',
      message: `the users file has ${problems.length} problem(s), nothing was issued: ${shown.join('; ')}`,
    });
  }
}

/** A CA fingerprint argument that is not one: not hex, or shorter than 8 digits. */
export class InvalidFingerprintError extends MtlsctlError {
  constructor(readonly fingerprint: string) {
    super({
      code: 'FINGERPRINT_INVALID',
      message: `${JSON.stringify(fingerprint)} is not a CA fingerprint: give the SHA-256 fingerprint, or at least its first 8 hex digits (see \`mtlsctl bundle show\`)`,
    });
  }
}
