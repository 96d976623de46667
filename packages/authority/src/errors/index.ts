export { InvalidUsernameError, InvalidEmailError, UsersCsvError, InvalidFingerprintError } from './input-errors.js';
export { NoCaError, CaExistsError, CaKeyMismatchError, CaKeyLockedError, CaPassphraseWrongError, RetireBlockedError, TrustedCaNotFoundError, NotACaCertificateError, NoCrlError, SameSubjectError } from './ca-errors.js';
export { ClientExistsError, ClientNotFoundError, ClientRevokedError, NoPrivateKeyError, CsrRequiredError, ConcurrentIssuanceError, SerialNotFoundError, ClientPendingError, UsernameTakenError, EmailTakenError, UsersTakenError } from './client-errors.js';
export { BackupError, StoreNotEmptyError } from './backup-errors.js';
