import type { ErrorCode } from '../../app/api/errors';

const STATUS: Record<ErrorCode, number> = {
  invalid_input: 400,
  unauthorized: 401,
  not_found: 404,
  unknown_operation: 404,
  conflict: 409,
  cancelled: 409,
  db_locked: 503,
  db_readonly: 503,
  db_corrupt: 503,
  db_newer: 503,
  db_foreign: 503,
  backend_unavailable: 503,
  internal: 500,
};

export function httpStatusOf(code: ErrorCode): number {
  return STATUS[code];
}
