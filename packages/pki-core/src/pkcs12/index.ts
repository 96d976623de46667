export { buildPkcs12, type BuildPkcs12Params } from './build-pkcs12.js';
export { parsePkcs12, type ParsedPkcs12 } from './parse-pkcs12.js';
export { generatePassword } from './generate-password.js';
export { deriveKeyPkcs12, type DeriveKeyPkcs12Params, type Pkcs12KdfHash, type Pkcs12KdfPurpose } from './derive-key-pkcs12.js';
export { bmpPassword } from './bmp-password.js';
export { PKCS12_DEFAULT_ITERATIONS, PKCS12_PROFILES, type Pkcs12Profile } from './pkcs12-profile.js';
export { Pkcs12PasswordError } from '../errors/pkcs12-password-error.js';
export { Pkcs12FormatError } from '../errors/pkcs12-format-error.js';
export { Pkcs12InputError, type Pkcs12InputErrorCode } from '../errors/pkcs12-input-error.js';
