import { ENTITY_PROJECTION, NodeRow, asDatasetEntity, toEntity } from '../graph/entity-codec';
import type { GraphReader } from '../graph/executor';
import type { EntityInput } from '../ontology/dataset-format';

/**
 * The entities already in the graph, as dataset entities, for `diplograph draft --graph` to
 * link an article against (their merged view: every name and alias the datasets gave them).
 */
export async function graphEntities(reader: GraphReader): Promise<EntityInput[]> {
  const rows = await reader.read<{ e: NodeRow }>(
    `MATCH (e:Entity) RETURN ${ENTITY_PROJECTION('e')} AS e ORDER BY e.id`,
  );
  return rows.flatMap((row) => {
    const record = toEntity(row.e);
    return record ? [asDatasetEntity(record) as unknown as EntityInput] : [];
  });
}
