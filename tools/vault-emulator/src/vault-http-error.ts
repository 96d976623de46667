/**
 * An error the emulator answers with Vault's error shape: `{"errors": [...]}` and an HTTP status.
 * Handlers throw it; the router turns it into the response.
 */
export class VaultHttpError extends Error {
  /**
   * @param status - the HTTP status, e.g. 400, 403, 404
   * @param errors - the messages of the `errors` array (Vault sends `[]` on a plain 404)
   */
  constructor(
    readonly status: number,
    readonly errors: string[],
  ) {
    super(`${status} ${errors.join('; ')}`);
    this.name = 'VaultHttpError';
  }
}

/** 403 `{"errors":["permission denied"]}`, as Vault answers any ACL or token failure. */
export function permissionDenied(): VaultHttpError {
  return new VaultHttpError(403, ['permission denied']);
}

/** 400 with one message, Vault's answer to a malformed request. */
export function badRequest(message: string): VaultHttpError {
  return new VaultHttpError(400, [message]);
}
