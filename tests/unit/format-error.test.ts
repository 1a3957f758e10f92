import { GraphQLError } from 'graphql';
import { Neo4jError } from 'neo4j-driver';
import { AppError, ErrorCode } from '../../src/errors';
import { mapError } from '../../src/graph/executor';
import { formatError } from '../../src/server/app';

describe('formatError', () => {
  it('keeps our errors with their code', () => {
    const error = new AppError(ErrorCode.NOT_FOUND, 'No entity has the id "x"', {
      details: { id: 'x' },
    });
    expect(
      formatError(
        { message: error.message, extensions: { code: 'NOT_FOUND', stacktrace: ['at x'] } },
        error,
      ),
    ).toEqual({
      message: 'No entity has the id "x"',
      extensions: { code: 'NOT_FOUND', id: 'x' },
    });
  });

  it('masks anything else, whatever it says', () => {
    const leaky = new Error(
      'Neo.ClientError: MATCH (n:Secret) RETURN n failed at /srv/app/src/graph/executor.ts:12',
    );
    const formatted = formatError(
      {
        message: leaky.message,
        path: ['entity'],
        extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: ['Error: ...'] },
      },
      new GraphQLError(leaky.message, { originalError: leaky }),
    );
    expect(formatted).toEqual({
      message: 'Internal server error',
      path: ['entity'],
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
  });

  it('keeps client errors from GraphQL itself, without a stack trace', () => {
    const formatted = formatError(
      {
        message: 'Cannot query field "x" on type "Query".',
        extensions: { code: 'GRAPHQL_VALIDATION_FAILED', stacktrace: ['...'] },
      },
      new GraphQLError('Cannot query field "x" on type "Query".'),
    );
    expect(formatted).toEqual({
      message: 'Cannot query field "x" on type "Query".',
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
    });
  });
});

describe('mapError', () => {
  it.each([
    ['ServiceUnavailable', ErrorCode.SERVICE_UNAVAILABLE],
    ['SessionExpired', ErrorCode.SERVICE_UNAVAILABLE],
    ['Neo.ClientError.Schema.ConstraintValidationFailed', ErrorCode.CONFLICT],
    ['Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration', ErrorCode.TIMEOUT],
    ['Neo.ClientError.Statement.SyntaxError', ErrorCode.INTERNAL_SERVER_ERROR],
  ])('maps %s to %s and keeps Neo4j text out of the message', (code, expected) => {
    const mapped = mapError(new Neo4jError('MATCH (secret) failed', code, 'gql', 'desc'));
    expect(mapped.code).toBe(expected);
    expect(mapped.message).not.toContain('MATCH');
  });
});
