import { AppError, ErrorCode } from '../errors';

/**
 * An integer argument within bounds, or BAD_USER_INPUT saying which bounds, with
 * `extensions` `argument`, `min` and `max`: every bounded argument is refused alike.
 */
export function inRange(value: number, min: number, max: number, argument: string): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new AppError(
      ErrorCode.BAD_USER_INPUT,
      `${argument} must be between ${min} and ${max}, not ${value}`,
      { details: { argument, min, max } },
    );
  }
  return value;
}

/** Checks `first` against the hard maximum page size. */
export function pageSize(first: number, max: number): number {
  return inRange(first, 1, max, 'first');
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

/**
 * A list without pages, whole: read with one item more than `max` allows, it is returned as
 * it is, or refused with QUERY_TOO_COMPLEX (`limit: "results"`) when it holds more, saying how
 * to narrow it. No list is cut short without a word.
 */
export function wholeList<T>(items: T[], max: number, field: string, narrow: string): T[] {
  if (items.length <= max) return items;
  throw new AppError(
    ErrorCode.QUERY_TOO_COMPLEX,
    `${field}: the answer would hold more than ${max} items (MAX_LIST_SIZE); ${narrow}`,
    { details: { limit: 'results', max }, status: 400 },
  );
}
