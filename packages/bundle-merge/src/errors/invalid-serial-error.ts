import { MtlsctlError } from '@mtlsctl/errors';

/** A revoked serial number that is not a positive hexadecimal integer. */
export class InvalidSerialError extends MtlsctlError {
  /** The serial as given (serial numbers are public data). */
  readonly serial: string;

  /**
   * @param serial - the serial as given
   * @param reason - why it was refused
   */
  constructor(serial: string, reason: string) {
    super({
      code: 'SERIAL_INVALID',
      message:
        `revoked serial ${JSON.stringify(serial)} is not usable: ${reason}. Give it in hexadecimal as ` +
        '`openssl x509 -noout -serial` prints it (e.g. 8F12AB or 00:8f:12:ab)',
    });
    this.serial = serial;
  }
}
