import { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, ID, Info, Int, Query, Resolver } from 'type-graphql';
import { ModalitiesArg, SourcesArg } from '../domain/args';
import { PathType, SubgraphType } from '../domain/traversal.type';
import { AppError, ErrorCode } from '../errors';
import { EntityRecord } from '../graph/entity-codec';
import { PathRecord, StatementRecord } from '../graph/statement.repository';
import { EntityKind } from '../ontology/entities';
import { Modality, RELATION_KIND_SPECS, RelationKind } from '../ontology/relations';
import { RequestContext } from './context';
import { requireSources } from './sources.resolver';
import { requireEntity } from './entity.resolver';
import { entityProperties, selectedAt } from './lookahead';
import { inRange } from './pagination';
import { selects } from './selection';

/** Hard caps of the traversals, whatever a client asks. */
export const TRAVERSAL_LIMITS = {
  maxHops: 6,
  maxDepth: 3,
  maxNodes: 500,
  maxPaths: 20,
  maxSearch: 50,
} as const;

interface SubgraphValue {
  nodes: Array<{
    id: string;
    label: string;
    kind: EntityKind;
    depth: number;
    entity: EntityRecord;
  }>;
  edges: Array<{
    id: string;
    source: string;
    target: string;
    kind: RelationKind;
    label: string;
    modality: Modality;
    symmetric: boolean;
    relation: StatementRecord;
  }>;
  truncated: boolean;
}

@Resolver()
export class TraversalResolver {
  @Query(() => [PathType], {
    description:
      'The shortest paths between two entities, following relations either way, at most maxHops long; empty when none is that short. Through facts only unless `modalities` says otherwise.',
    // A shortest-path search costs more than a look-up, whatever it finds.
    complexity: ({ args, childComplexity }) => 50 + (args.first as number) * childComplexity,
  })
  async paths(
    @Arg('from', () => ID, { description: 'Where the paths start.' }) from: string,
    @Arg('to', () => ID, { description: 'Where they end.' }) to: string,
    @Arg('maxHops', () => Int, {
      defaultValue: 4,
      description: `Longest path, in relations (1 to ${TRAVERSAL_LIMITS.maxHops}).`,
    })
    maxHops: number,
    @Arg('kinds', () => [RelationKind], {
      nullable: true,
      description: 'Follow only these relation kinds (all by default).',
    })
    kinds: RelationKind[] | null,
    @Arg('first', () => Int, {
      defaultValue: 5,
      description: `How many paths (at most ${TRAVERSAL_LIMITS.maxPaths}).`,
    })
    first: number,
    @ModalitiesArg() modalities: Modality[],
    @SourcesArg() sourcesArg: string[] | null,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Array<{ length: number; entities: EntityRecord[]; relations: StatementRecord[] }>> {
    const sources = await requireSources(ctx, sourcesArg);
    inRange(maxHops, 1, TRAVERSAL_LIMITS.maxHops, 'maxHops');
    inRange(first, 1, TRAVERSAL_LIMITS.maxPaths, 'first');
    const exist = () =>
      Promise.all([requireEntity(ctx, from, 'from'), requireEntity(ctx, to, 'to')]);
    if (from === to) {
      await exist();
      throw new AppError(ErrorCode.BAD_USER_INPUT, 'from and to are the same entity', {
        details: { argument: 'to' },
      });
    }
    const withRelations = selects(info, 'relations');
    const paths: PathRecord[] = await ctx.statements.shortestPaths(from, to, {
      kinds: kinds ?? undefined,
      modalities,
      sources,
      maxHops,
      limit: first,
      withRelations,
      properties: withRelations
        ? undefined
        : [...(entityProperties(info, selectedAt(info, ['entities'])) ?? [])],
    });
    // A path found proves both ends exist; only an empty answer needs the look-up that tells
    // "not connected" from "no such entity".
    if (paths.length === 0) await exist();
    return paths.map((p) => ({
      length: p.length,
      entities: p.entities,
      relations: p.statements,
    }));
  }

  @Query(() => SubgraphType, {
    description: `The neighbourhood of an entity as nodes and edges, ring by ring up to depth ${TRAVERSAL_LIMITS.maxDepth}, capped at \`limit\` edges: ready for graph-drawing front ends. Facts only unless \`modalities\` says otherwise.`,
    complexity: ({ args, childComplexity }) =>
      20 * (args.depth as number) + (args.limit as number) * childComplexity,
  })
  async neighbourhood(
    @Arg('id', () => ID, { description: 'The entity at the centre.' }) id: string,
    @Arg('depth', () => Int, {
      defaultValue: 1,
      description: `How many rings (1 to ${TRAVERSAL_LIMITS.maxDepth}).`,
    })
    depth: number,
    @Arg('kinds', () => [RelationKind], {
      nullable: true,
      description: 'Follow only these relation kinds.',
    })
    kinds: RelationKind[] | null,
    @ModalitiesArg() modalities: Modality[],
    @SourcesArg() sourcesArg: string[] | null,
    @Arg('limit', () => Int, {
      defaultValue: 200,
      description: `Most edges returned (at most ${TRAVERSAL_LIMITS.maxNodes}).`,
    })
    limit: number,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<SubgraphValue> {
    inRange(depth, 1, TRAVERSAL_LIMITS.maxDepth, 'depth');
    inRange(limit, 1, TRAVERSAL_LIMITS.maxNodes, 'limit');
    const options = {
      kinds: kinds ?? undefined,
      modalities,
      sources: await requireSources(ctx, sourcesArg),
      // A drawing reads ids, names and kinds; whole entities and relations only when asked.
      lean:
        selectedAt(info, ['nodes', 'entity']).length === 0 &&
        selectedAt(info, ['edges', 'relation']).length === 0,
    };
    // One statement reads every ring; only an unknown centre costs the look-up that says
    // what was meant.
    const { centre, rings, truncated } = (await ctx.statements.neighbourhood(id, {
      ...options,
      depth,
      limit,
    })) ?? { centre: await requireEntity(ctx, id, 'id'), rings: [], truncated: false };
    const nodes = new Map<string, SubgraphValue['nodes'][number]>([[centre.id, node(centre, 0)]]);
    const edges = new Map<string, SubgraphValue['edges'][number]>();
    rings.forEach((ring, i) => {
      for (const s of ring) {
        edges.set(s.id, {
          id: s.id,
          source: s.subject.id,
          target: s.object.id,
          kind: s.kind,
          label: s.kind.toLowerCase().replace(/_/g, ' '),
          modality: s.modality,
          symmetric: RELATION_KIND_SPECS[s.kind].symmetric,
          relation: s,
        });
        for (const end of [s.subject, s.object])
          if (!nodes.has(end.id)) nodes.set(end.id, node(end, i + 1));
      }
    });
    return { nodes: [...nodes.values()], edges: [...edges.values()], truncated };
  }
}

function node(entity: EntityRecord, depth: number): SubgraphValue['nodes'][number] {
  return { id: entity.id, label: entity.name, kind: entity.kind, depth, entity };
}
