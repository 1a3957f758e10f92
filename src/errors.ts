import { GraphQLError } from 'graphql';

/** Every error code a client can receive in `errors[].extensions.code`. */
export enum ErrorCode {
  /** An argument or variable is malformed or out of range; `argument` names it. */
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  /** The requested id does not exist. */
  NOT_FOUND = 'NOT_FOUND',
  /** The operation is deeper, costlier or has more aliases than allowed; `limit` says which. */
  QUERY_TOO_COMPLEX = 'QUERY_TOO_COMPLEX',
  /** The request body is larger than allowed (HTTP 413). */
  PAYLOAD_TOO_LARGE = 'PAYLOAD_TOO_LARGE',
  /** No valid bearer token was given where one is needed (HTTP 401). */
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  /** The token is valid but lacks the role needed (HTTP 403). */
  FORBIDDEN = 'FORBIDDEN',
  /** The write conflicts with existing data (a uniqueness constraint, a stale version). */
  CONFLICT = 'CONFLICT',
  /**
   * A staged load is writing the graph (or one was abandoned half-way): nothing is answered
   * until it completes or the next load removes it (HTTP 503, with Retry-After).
   */
  LOADING = 'LOADING',
  /** Neo4j cannot be reached right now; retry later. */
  SERVICE_UNAVAILABLE = 'SERVICE_UNAVAILABLE',
  /** The database work took longer than the configured transaction timeout. */
  TIMEOUT = 'TIMEOUT',
  /** Anything else; details are in the server log under the request id, never in the response. */
  INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR',
}

/** An error whose message is safe to show to clients, with one of our codes. */
export class AppError extends GraphQLError {
  constructor(
    readonly code: ErrorCode,
    message: string,
    options: { cause?: unknown; details?: Record<string, unknown>; status?: number } = {},
  ) {
    super(message, {
      // Apollo Server takes the HTTP status from `extensions.http` and drops it from responses.
      extensions: {
        code,
        ...options.details,
        ...(options.status ? { http: { status: options.status } } : {}),
      },
      originalError: asError(options.cause),
    });
    this.name = 'AppError';
  }
}

function asError(cause: unknown): Error | undefined {
  return cause instanceof Error ? cause : undefined;
}

/** Longest id an error repeats whole: a 100 KB id is not sent back twice. */
const SHOWN_ID = 100;

/** An id as an error shows it: whole when short, else its start and its length. */
export function shownId(id: string): string {
  return id.length <= SHOWN_ID ? id : `${id.slice(0, SHOWN_ID)}… (${id.length} characters)`;
}

/**
 * NOT_FOUND for an id an argument named: `No <what> has the id "<id>"<more>`, with
 * `extensions.argument` and `extensions.id` (both ids shortened by {@link shownId}).
 */
export function notFound(
  what: string,
  id: string,
  argument: string,
  more = '',
  details: Record<string, unknown> = {},
): AppError {
  return new AppError(ErrorCode.NOT_FOUND, `No ${what} has the id "${shownId(id)}"${more}`, {
    details: { argument, id: shownId(id), ...details },
  });
}
