import DataLoader from 'dataloader';
import { EntityRecord } from './entity-codec';
import { EntityRepository } from './entity.repository';
import { PageSink, RelationsPage, RelationsPlan } from './relations-tree';
import { SourceRecord, SourceRepository } from './source.repository';
import { EvidenceRecord, StatementRepository } from './statement.repository';

/** Batching loaders over the repositories: one round trip per kind of read per tick. */
export interface GraphLoaders {
  entity: DataLoader<string, EntityRecord | undefined>;
  source: DataLoader<string, SourceRecord | undefined>;
  evidence: DataLoader<string, EvidenceRecord[]>;
  /**
   * The relations of entities, one loader (one round trip per tick) per distinct plan. A
   * read also stores the nested pages its plan holds in the loaders of their plans, where
   * the nested resolvers find them without another round trip.
   */
  relations(plan: RelationsPlan): DataLoader<string, RelationsPage>;
  /** Stores pages a compiled read returned beside what it was asked for. */
  prime: PageSink;
}

/** Loaders for one request (they cache what they read for as long as it lasts). */
export function createLoaders(
  entities: EntityRepository,
  statements: StatementRepository,
  sources: SourceRepository,
): GraphLoaders {
  const relationLoaders = new Map<string, DataLoader<string, RelationsPage>>();
  const relations = (plan: RelationsPlan): DataLoader<string, RelationsPage> => {
    let loader = relationLoaders.get(plan.key);
    if (!loader) {
      loader = new DataLoader(async (ids) => {
        const found = await statements.relationsOf(ids, plan, prime);
        return ids.map((id) => found.get(id) ?? { statements: [], total: 0 });
      });
      relationLoaders.set(plan.key, loader);
    }
    return loader;
  };
  const prime: PageSink = (plan, id, page) => {
    relations(plan).prime(id, page);
  };
  return {
    entity: new DataLoader(async (ids) => {
      const found = await entities.byIds(ids);
      return ids.map((id) => found.get(id));
    }),
    source: new DataLoader(async (ids) => {
      const found = await sources.byIds(ids);
      return ids.map((id) => found.get(id));
    }),
    evidence: new DataLoader(async (ids) => {
      const found = await statements.evidenceOf(ids);
      return ids.map((id) => found.get(id) ?? []);
    }),
    relations,
    prime,
  };
}
