import { MtlsctlError } from '@mtlsctl/errors';

/** A certificate signing request whose self-signature does not verify: it was altered or is corrupt. */
export class CsrSignatureError extends MtlsctlError {
  constructor() {
    super({
      code: 'CSR_SIGNATURE_INVALID',
      message:
        'the certificate signing request signature does not verify with its own public key: ' +
        'the CSR was altered or corrupted; create it again (e.g. `openssl req -new -key user.key -subj "/CN=<username>"`)',
    });
  }
}

/** A certificate signing request that asks for something the CA's policy will not grant (another name or email). */
export class CsrPolicyError extends MtlsctlError {
  /** @param message - what the CSR asked for, what the policy allows, and how to fix it */
  constructor(message: string) {
    super({ code: 'CSR_POLICY_VIOLATED', message });
  }
}
