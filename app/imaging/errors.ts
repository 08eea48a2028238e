import { ApiError } from '../api/errors';

/**
 * A file that cannot be decoded. It is an ApiError ('invalid_input') so it crosses the API unchanged,
 * and it keeps the file and the bare reason apart so the importer can record "path → reason" per file.
 */
export class DecodeError extends ApiError {
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super('invalid_input', `${file}: ${reason}`, { file, reason });
    this.name = 'DecodeError';
  }
}

/**
 * Thrown by the byte-level helpers, which do not know the file name; decodeImageFile turns it into a DecodeError.
 * Keeping the helpers free of paths lets them run on in-memory buffers (tests, workers).
 */
export class DecodeFailure extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'DecodeFailure';
  }
}

export function fail(reason: string): never {
  throw new DecodeFailure(reason);
}
