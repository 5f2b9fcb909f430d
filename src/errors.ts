/**
 * Bad input from the user: a malformed network file, a wrong shape, a non-finite number, an unknown
 * flag. The message is one line that names the culprit; the CLI prints it and exits with code 2.
 */
export class InputError extends Error {
  override readonly name = 'InputError';
}
