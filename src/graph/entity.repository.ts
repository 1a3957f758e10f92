import { EntityKind, kindFromLabels } from '../ontology/entities';
import { GraphExecutor } from './executor';

/** An entity node as plain data. */
export interface EntityRecord {
  id: string;
  kind: EntityKind;
  name: string;
  aliases: string[];
  description: string | null;
  wikidataId: string | null;
}

interface Row extends Record<string, unknown> {
  entity: Omit<EntityRecord, 'kind'>;
  labels: string[];
}

/** Reads entities. */
export class EntityRepository {
  constructor(private readonly executor: GraphExecutor) {}

  /** The entity with this id, or undefined. */
  async findById(id: string): Promise<EntityRecord | undefined> {
    const rows = await this.executor.read<Row>(
      `MATCH (e:Entity {id: $id})
       RETURN e {.id, .name, aliases: coalesce(e.aliases, []), .description, .wikidataId} AS entity,
              labels(e) AS labels`,
      { id },
    );
    const row = rows[0];
    if (!row) return undefined;
    const kind = kindFromLabels(row.labels);
    if (!kind) return undefined;
    return {
      ...row.entity,
      kind,
      description: row.entity.description ?? null,
      wikidataId: row.entity.wikidataId ?? null,
    };
  }
}
