import { ClassType, Field, Int, ObjectType } from 'type-graphql';
import {
  AgreementType,
  CountryType,
  EventType,
  IssueType,
  OrganisationType,
  ProjectType,
} from './entity.type';
import { RelationType } from './relation.type';

@ObjectType('PageInfo', {
  simpleResolvers: true,
  description: 'Where a page stands in its list (Relay cursor connections).',
})
export class PageInfoType {
  @Field({ description: 'Whether more items follow this page.' })
  hasNextPage!: boolean;

  @Field({ description: 'Whether items precede this page.' })
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true, description: 'Cursor of the first item of the page.' })
  startCursor!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Cursor of the last item: pass it as `after` for the next page.',
  })
  endCursor!: string | null;
}

/** What every connection object holds; `totalCount` is a getter, so it is counted only when selected. */
export interface ConnectionValue<T> {
  edges: Array<{ cursor: string; node: T }>;
  nodes: T[];
  pageInfo: PageInfoType;
  readonly totalCount: Promise<number>;
}

/**
 * An edge whose cursor is made only if a client selects it: a page of nested relations has
 * thousands of edges, and most clients read `nodes`.
 */
export class LazyEdge<T> {
  private made?: string;

  constructor(
    readonly node: T,
    private readonly makeCursor: () => string,
  ) {}

  get cursor(): string {
    this.made ??= this.makeCursor();
    return this.made;
  }
}

/** Builds a connection value; `count` runs only if a client selects `totalCount`. */
export function connectionValue<T>(
  edges: Array<{ cursor: string; node: T }>,
  pageInfo: PageInfoType,
  count: () => Promise<number>,
): ConnectionValue<T> {
  let counted: Promise<number> | undefined;
  return {
    edges,
    nodes: edges.map((edge) => edge.node),
    pageInfo,
    get totalCount() {
      counted ??= count();
      return counted;
    },
  };
}

/** Makes the edge and connection types of one item type, named in the singular and plural. */
function connection<T extends object>(
  name: string,
  item: ClassType<T>,
  what: string,
  whatPlural: string,
) {
  @ObjectType(`${name}Edge`, {
    simpleResolvers: true,
    description: `One ${what} and its cursor.`,
  })
  class Edge {
    @Field({ description: 'Opaque cursor of this item.' })
    cursor!: string;

    @Field(() => item, { description: `The ${what}.` })
    node!: T;
  }

  @ObjectType(`${name}Connection`, {
    simpleResolvers: true,
    description: `A page of ${whatPlural}.`,
  })
  class Connection {
    @Field(() => [Edge], { description: 'The items with their cursors.' })
    edges!: Edge[];

    @Field(() => [item], { description: 'The items alone.' })
    nodes!: T[];

    @Field(() => PageInfoType, { description: 'Whether there are more pages, and the cursors.' })
    pageInfo!: PageInfoType;

    @Field(() => Int, {
      description: 'How many items the whole list has (counted only when asked for).',
      // A promise (the count runs when selected): it needs a resolver that executors await,
      // which graphql-jit does not do for a plain property.
      simple: false,
    })
    totalCount!: number;
  }
  return Connection;
}

export const CountryConnection = connection('Country', CountryType, 'country', 'countries');
export const OrganisationConnection = connection(
  'Organisation',
  OrganisationType,
  'organisation',
  'organisations',
);
export const AgreementConnection = connection(
  'Agreement',
  AgreementType,
  'agreement',
  'agreements',
);
export const IssueConnection = connection('Issue', IssueType, 'issue', 'issues');
export const ProjectConnection = connection('Project', ProjectType, 'project', 'projects');
export const EventConnection = connection('Event', EventType, 'event', 'events');
export const RelationConnection = connection('Relation', RelationType, 'relation', 'relations');
