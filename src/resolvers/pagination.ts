import { AppError, ErrorCode } from '../errors';

/** Checks `first` against the hard maximum page size. */
export function pageSize(first: number, max: number): number {
  if (!Number.isInteger(first) || first < 1 || first > max) {
    throw new AppError(
      ErrorCode.BAD_USER_INPUT,
      `first must be between 1 and ${max}, not ${first}`,
      {
        details: { argument: 'first', max },
      },
    );
  }
  return first;
}

/** Makes an opaque cursor of a kind from a value. */
export function encodeCursor(kind: string, value: unknown): string {
  return Buffer.from(JSON.stringify([kind, value])).toString('base64url');
}

/** Reads a cursor this API gave; anything else is a BAD_USER_INPUT error naming the argument. */
export function decodeCursor<T>(
  cursor: string,
  kind: string,
  valid: (value: unknown) => value is T,
): T {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(parsed) && parsed[0] === kind && valid(parsed[1])) return parsed[1];
  } catch {
    // Falls through to the error.
  }
  throw new AppError(ErrorCode.BAD_USER_INPUT, 'after is not a cursor this list gave', {
    details: { argument: 'after' },
  });
}

export const isOffset = (value: unknown): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 1_000_000;

export const isString = (value: unknown): value is string =>
  typeof value === 'string' && value.length <= 400;

export const isKeyset = (value: unknown): value is { key: string; id: string } =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as { key?: unknown }).key === 'string' &&
  typeof (value as { id?: unknown }).id === 'string';
