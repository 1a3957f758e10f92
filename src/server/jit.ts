import type { GatewayExecutor, GatewayInterface } from '@apollo/server-gateway-interface';
import { GraphQLSchema, execute } from 'graphql';
import { CompiledQuery, compileQuery, isCompiledQuery } from 'graphql-jit';

/*
 * Execution by graphql-jit instead of graphql-js: each operation is compiled once into a
 * JavaScript function that walks its own selection (no generic field collection, no promise
 * per object whose fields are all ready), then run for every request that sends it. Apollo
 * Server still parses, validates and runs its plugins (limits, cost, metrics, errors); only
 * execution changes hands, through Apollo's gateway interface. The schema, built by
 * type-graphql, stays the one source of truth: its resolvers are the ones called.
 */

/** Compiled operations kept, by Apollo's hash of the document and the operation name. */
const MAX_COMPILED = 1000;

/** A gateway that serves `schema` and executes with graphql-jit. */
export function jitGateway(schema: GraphQLSchema): GatewayInterface {
  const compiled = new Map<string, CompiledQuery>();
  const executor: GatewayExecutor = async (request) => {
    // An operation Apollo could not pick out (an unknown name, several without one) gets
    // graphql-js's own answer, errors included.
    if (!request.operation) return reference(request);
    const key = `${request.queryHash}:${request.operationName ?? ''}`;
    let query = compiled.get(key);
    if (!query) {
      const made = compileQuery(schema, request.document, request.operationName ?? undefined);
      // What graphql-jit cannot compile, graphql-js runs.
      if (!isCompiledQuery(made)) return reference(request);
      query = made;
      // Oldest out first: a server asked ever-new documents keeps a bounded cache.
      if (compiled.size >= MAX_COMPILED) compiled.delete(compiled.keys().next().value as string);
      compiled.set(key, query);
    }
    return query.query(undefined, request.context, request.request.variables ?? {});
  };
  const reference: GatewayExecutor = async (request) =>
    execute({
      schema,
      document: request.document,
      // The name the client sent: Apollo's own is null when no operation answers to it.
      operationName: request.request.operationName,
      variableValues: request.request.variables,
      contextValue: request.context,
    });
  return {
    async load() {
      return { schema, executor };
    },
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: '' });
      return () => undefined;
    },
    async stop() {
      compiled.clear();
    },
  };
}
