import {
  DocumentNode,
  FragmentDefinitionNode,
  GraphQLError,
  GraphQLSchema,
  Kind,
  OperationDefinitionNode,
  SelectionSetNode,
  getNullableType,
  isListType,
} from 'graphql';
import {
  ComplexityEstimator,
  fieldExtensionsEstimator,
  getComplexity,
} from 'graphql-query-complexity';
import { AppError, ErrorCode } from '../errors';

/** The limits every operation is held to. */
export interface QueryLimits {
  /** Deepest field nesting (introspection's `ofType` chains do not count; see below). */
  depth: number;
  /** Most aliased fields in one operation. */
  aliases: number;
  /** Highest estimated cost (see {@link operationCost}). */
  cost: number;
}

/** Longest `ofType { ofType { ... } }` chain an introspection query may have. */
export const MAX_OF_TYPE_CHAIN = 10;

/** Assumed length of a list whose size no argument bounds. */
export const UNBOUNDED_LIST_SIZE = 10;

/** The operation a request runs: the one named, or the only one. */
export function selectOperation(
  document: DocumentNode,
  operationName?: string | null,
): OperationDefinitionNode | undefined {
  const operations = document.definitions.filter(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  return operationName
    ? operations.find((o) => o.name?.value === operationName)
    : operations.length === 1
      ? operations[0]
      : undefined;
}

function fragmentsOf(document: DocumentNode): Map<string, FragmentDefinitionNode> {
  return new Map(
    document.definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((d) => [d.name.value, d]),
  );
}

/**
 * How deep the operation nests fields, through named and inline fragments. Introspection's
 * `ofType` adds no depth (every GraphQL tool's schema query nests it 7 to 9 times), but a chain
 * longer than {@link MAX_OF_TYPE_CHAIN} counts as too deep.
 */
export function operationDepth(document: DocumentNode, operation: OperationDefinitionNode): number {
  const fragments = fragmentsOf(document);
  const visit = (
    set: SelectionSetNode | undefined,
    depth: number,
    ofTypeChain: number,
    seen: ReadonlySet<string>,
  ): number => {
    if (!set) return depth;
    let deepest = depth;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        const isOfType = selection.name.value === 'ofType';
        const chain = isOfType ? ofTypeChain + 1 : 0;
        if (chain > MAX_OF_TYPE_CHAIN) return Number.POSITIVE_INFINITY;
        deepest = Math.max(
          deepest,
          visit(selection.selectionSet, isOfType ? depth : depth + 1, chain, seen),
        );
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        deepest = Math.max(deepest, visit(selection.selectionSet, depth, ofTypeChain, seen));
      } else if (!seen.has(selection.name.value)) {
        const fragment = fragments.get(selection.name.value);
        deepest = Math.max(
          deepest,
          visit(
            fragment?.selectionSet,
            depth,
            ofTypeChain,
            new Set([...seen, selection.name.value]),
          ),
        );
      }
    }
    return deepest;
  };
  return visit(operation.selectionSet, 0, 0, new Set());
}

/** How many fields the operation aliases, counting each use of a fragment. */
export function aliasCount(document: DocumentNode, operation: OperationDefinitionNode): number {
  const fragments = fragmentsOf(document);
  const visit = (set: SelectionSetNode | undefined, seen: ReadonlySet<string>): number => {
    if (!set) return 0;
    let count = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD)
        count += (selection.alias ? 1 : 0) + visit(selection.selectionSet, seen);
      else if (selection.kind === Kind.INLINE_FRAGMENT)
        count += visit(selection.selectionSet, seen);
      else if (!seen.has(selection.name.value)) {
        count += visit(
          fragments.get(selection.name.value)?.selectionSet,
          new Set([...seen, selection.name.value]),
        );
      }
    }
    return count;
  };
  return visit(operation.selectionSet, new Set());
}

/**
 * Every field costs 1 plus its children times how many items it returns: the `first` or
 * `limit` argument when it has one (defaults included), {@link UNBOUNDED_LIST_SIZE} for a list
 * with no such argument, 1 otherwise; the items of a connection's `nodes` and `edges` were
 * counted by the connection field already. Introspection costs nothing (it is off in
 * production). Fields may set their own cost in their decorator (`complexity`), which wins.
 */
const pageEstimator: ComplexityEstimator = ({ field, args, childComplexity }) => {
  if (field.name.startsWith('__')) return 0;
  const bound =
    typeof args.first === 'number'
      ? args.first
      : typeof args.limit === 'number'
        ? args.limit
        : undefined;
  const isList = isListType(getNullableType(field.type));
  const insideConnection = field.name === 'nodes' || field.name === 'edges';
  const items = bound ?? (isList && !insideConnection ? UNBOUNDED_LIST_SIZE : 1);
  return 1 + items * childComplexity;
};

/** The estimated cost of running the operation (see {@link pageEstimator}). */
export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | undefined,
  variables: Record<string, unknown>,
): number {
  return getComplexity({
    schema,
    query: document,
    operationName,
    variables,
    estimators: [fieldExtensionsEstimator(), pageEstimator],
  });
}

function tooComplex(
  limit: 'depth' | 'aliases' | 'cost',
  value: number,
  max: number,
  what: string,
): AppError {
  return new AppError(
    ErrorCode.QUERY_TOO_COMPLEX,
    `${what} is ${Number.isFinite(value) ? value : 'unbounded'}, above the limit of ${max}`,
    {
      details: { limit, max },
      status: 400,
    },
  );
}

/** Refuses an operation over any limit, with QUERY_TOO_COMPLEX naming which. */
export function enforceLimits(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | undefined,
  variables: Record<string, unknown>,
  limits: QueryLimits,
): void {
  const operation = selectOperation(document, operationName);
  if (!operation) return;
  const depth = operationDepth(document, operation);
  if (depth > limits.depth) throw tooComplex('depth', depth, limits.depth, 'The query depth');
  const aliases = aliasCount(document, operation);
  if (aliases > limits.aliases)
    throw tooComplex('aliases', aliases, limits.aliases, 'The number of aliases');
  let cost: number;
  try {
    cost = operationCost(schema, document, operationName, variables);
  } catch (error) {
    // Costing coerces the variables, and so meets bad ones before execution would.
    if (error instanceof GraphQLError) {
      throw new AppError(ErrorCode.BAD_USER_INPUT, error.message, { status: 400 });
    }
    throw error;
  }
  if (cost > limits.cost) throw tooComplex('cost', cost, limits.cost, 'The estimated query cost');
}
