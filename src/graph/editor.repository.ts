import { EDITORIAL_ORIGIN } from '../ontology/dataset-format';
import { EntityKind } from '../ontology/entities';
import { RelationKind } from '../ontology/relations';
import { AppError, ErrorCode, notFound } from '../errors';
import { FieldChange, fieldChanges } from './dataset-writer';
import { ENTITY_PROJECTION, EntityRecord, NodeRow, PropertyValue, toEntity } from './entity-codec';
import { GraphExecutor, TxRunner } from './executor';
import { GraphVersion, bumpGraphVersion } from './graph-version';
import { statementProperties } from './statement-record';
import { label, relationshipType } from './allow-list';

/** A statement to add, already validated. */
export interface NewStatement {
  id: string;
  kind: RelationKind;
  subject: string;
  object: string;
  modality: string;
  qualifiers: Readonly<Record<string, unknown>>;
  evidence: Array<{ source: string; section: string; heading: string | null; quote: string }>;
}

/** One statement of an entity's history: current or retracted. */
export interface HistoryRecord {
  id: string;
  kind: string;
  subject: string;
  object: string;
  modality: string;
  qualifiers: string;
  origin: string;
  createdAt: string | null;
  createdBy: string | null;
  retractedAt: string | null;
  retractedBy: string | null;
  retractionReason: string | null;
  /** When a load last found the dataset still stating what an editor retracted. */
  restatedAt: string | null;
}

/** One change of an entity's properties: what changed, and what a load could not change. */
export interface EntityChangeRecord {
  /** The version the change made (a load that changed nothing an editor left keeps it). */
  version: number;
  at: string;
  /** The editor; null for a load. */
  by: string | null;
  /** `editorial`, or the source whose load made it. */
  origin: string;
  fields: FieldChange[];
  /** Fields an editor changed and a load's dataset says otherwise: from the editor's value (kept) to the dataset's (not applied). */
  kept: FieldChange[];
}

/**
 * The writes editors make through the API: each one transaction, with the transaction
 * timeout, returning the new state.
 */
export class EditorRepository {
  /**
   * @param committed told the graph's version each write leaves (the API answers it in the
   *   `x-graph-version` header, for the client's next read on any server).
   */
  constructor(
    private readonly executor: GraphExecutor,
    private readonly committed: (version: GraphVersion) => void = () => undefined,
  ) {}

  /**
   * Runs `work` in one write transaction that ends by moving the graph's version forward:
   * every edit goes through here. An edit that changes nothing (`work` says so by returning
   * `changed: false`) leaves the version where it was.
   */
  private async edit<R>(
    work: (run: TxRunner) => Promise<{ result: R; changed?: boolean }>,
  ): Promise<R> {
    const { result, version } = await this.executor.writeTransaction(async (run) => {
      const done = await work(run);
      return {
        result: done.result,
        version: done.changed === false ? undefined : await bumpGraphVersion(run),
      };
    });
    if (version) this.committed(version);
    return result;
  }

  /** Creates an entity; an existing id is a CONFLICT (the uniqueness constraint decides). */
  async createEntity(
    kind: EntityKind,
    props: Record<string, PropertyValue>,
    by: string,
  ): Promise<EntityRecord> {
    // Every field is the editor's: a dataset that declares the entity later keeps them.
    const fields = fieldChanges({}, props);
    return this.edit(async (run) => {
      const rows = await run<{ e: NodeRow }>(
        `CREATE (e:Entity:${label(kind)})
       SET e = $props, e.version = 1, e.createdAt = datetime(), e.createdBy = $by,
           e.editedFields = $edited
       CREATE (:EntityChange {entity: e.id, version: 1, at: datetime(), by: $by, origin: $origin,
                              fields: $fields, kept: '[]'})
       RETURN ${ENTITY_PROJECTION('e')} AS e`,
        {
          props,
          by,
          edited: fields.map((f) => f.field),
          fields: JSON.stringify(fields),
          origin: EDITORIAL_ORIGIN,
        },
      );
      return { result: toEntity(rows[0]?.e as NodeRow) as EntityRecord };
    });
  }

  /**
   * Changes some properties of an entity and bumps its version. With `expectedVersion`, the
   * write happens only if nobody changed the entity since that version (else CONFLICT): no
   * lost update.
   */
  async updateEntity(
    id: string,
    changes: Record<string, PropertyValue>,
    expectedVersion: number | undefined,
    by: string,
  ): Promise<EntityRecord> {
    return this.edit(async (run) => {
      // Taking the write lock first makes the version check and the write one step.
      const [locked] = await run<{ e: NodeRow; props: Record<string, unknown> }>(
        `MATCH (e:Entity {id: $id}) SET e._lock = true REMOVE e._lock
         RETURN ${ENTITY_PROJECTION('e')} AS e, properties(e) AS props`,
        { id },
      );
      if (!locked) throw notFound('entity', id, 'id');
      const current = Number(locked.props.version ?? 1);
      if (expectedVersion !== undefined && current !== expectedVersion) {
        throw new AppError(
          ErrorCode.CONFLICT,
          `The entity is at version ${current}, not ${expectedVersion}: reload it and retry`,
          {
            details: { argument: 'expectedVersion', version: current },
          },
        );
      }
      // The fields the editor changed: kept through every later load of a dataset, and
      // recorded with their values before and after. No change, no new version.
      const { props } = locked;
      const changed = fieldChanges(props, { ...props, ...changes });
      if (changed.length === 0)
        return { result: toEntity(locked.e) as EntityRecord, changed: false };
      const edited = Array.isArray(props.editedFields) ? (props.editedFields as string[]) : [];
      const rows = await run<{ e: NodeRow }>(
        `MATCH (e:Entity {id: $id})
         SET e += $changes, e.version = $version, e.updatedAt = datetime(), e.updatedBy = $by,
             e.editedFields = $edited
         CREATE (:EntityChange {entity: $id, version: $version, at: datetime(), by: $by,
                                origin: $origin, fields: $fields, kept: '[]'})
         RETURN ${ENTITY_PROJECTION('e')} AS e`,
        {
          id,
          changes,
          version: current + 1,
          by,
          edited: [...new Set([...edited, ...changed.map((c) => c.field)])].sort(),
          fields: JSON.stringify(changed),
          origin: EDITORIAL_ORIGIN,
        },
      );
      return { result: toEntity(rows[0]?.e as NodeRow) as EntityRecord };
    });
  }

  /** Adds a statement: its node, its typed edge and its evidence, in one transaction. */
  async addStatement(statement: NewStatement, by: string): Promise<void> {
    await this.edit(async (run) => {
      const created = await run<{ id: string }>(
        `MATCH (a:Entity {id: $subject})
         WITH a
         MATCH (b:Entity {id: $object})
         CREATE (st:Statement)
         SET st = $node, st.createdAt = datetime(), st.createdBy = $by
         CREATE (a)-[r:${relationshipType(statement.kind)}]->(b)
         SET r = $edge
         RETURN st.id AS id`,
        {
          ...statementProperties({ ...statement, source: EDITORIAL_ORIGIN }),
          subject: statement.subject,
          object: statement.object,
          by,
        },
      );
      if (created.length === 0) {
        throw new AppError(
          ErrorCode.CONFLICT,
          'An entity of the statement was deleted meanwhile',
          {},
        );
      }
      await run(
        `UNWIND $evidence AS ev
         MATCH (src:Source {id: ev.source})
         MATCH (st:Statement {id: $id})
         CREATE (st)-[e:EVIDENCE]->(src)
         SET e.section = ev.section, e.heading = ev.heading, e.quote = ev.quote, e.ordinal = ev.ordinal`,
        { id: statement.id, evidence: statement.evidence.map((e, ordinal) => ({ ...e, ordinal })) },
      );
      return { result: undefined };
    });
  }

  /**
   * Retracts a statement: its edge goes, its node stays with who retracted it, when and why.
   * Unknown: NOT_FOUND; already retracted: CONFLICT.
   */
  async retractStatement(id: string, reason: string, by: string): Promise<void> {
    await this.edit(async (run) => {
      const rows = await run<{ retracted: boolean }>(
        'MATCH (st:Statement {id: $id}) SET st._lock = true REMOVE st._lock RETURN st.retractedAt IS NOT NULL AS retracted',
        { id },
      );
      if (rows.length === 0) {
        throw notFound('relation', id, 'id');
      }
      if (rows[0]?.retracted) {
        throw new AppError(ErrorCode.CONFLICT, `The relation "${id}" is already retracted`, {
          details: { argument: 'id', id },
        });
      }
      await run(
        `MATCH (st:Statement {id: $id})
         SET st.retractedAt = datetime(), st.retractedBy = $by, st.retractionReason = $reason
         WITH st
         MATCH (a:Entity {id: st.subject})-[r]->(b:Entity {id: st.object})
         WHERE r.statementId = st.id
         DELETE r`,
        { id, reason, by },
      );
      return { result: undefined };
    });
  }

  /** Every statement about an entity, current and retracted, latest change first. */
  async history(entityId: string, limit: number): Promise<HistoryRecord[]> {
    return this.executor.read<HistoryRecord & Record<string, unknown>>(
      `CALL {
         MATCH (st:Statement {subject: $id}) RETURN st
         UNION
         MATCH (st:Statement {object: $id}) RETURN st
       }
       WITH st
       ORDER BY coalesce(st.retractedAt, st.createdAt, st.loadedAt) DESC, st.id
       LIMIT $limit
       ${HISTORY_RETURN}`,
      { id: entityId, limit },
    );
  }

  /** The changes of an entity's properties, by editors and by loads, latest first. */
  async entityChanges(entityId: string, limit: number): Promise<EntityChangeRecord[]> {
    const rows = await this.executor.read<{
      version: number;
      at: string;
      by: string | null;
      origin: string;
      fields: string;
      kept: string;
    }>(
      `MATCH (c:EntityChange {entity: $id})
       RETURN c.version AS version, toString(c.at) AS at, c.by AS by, c.origin AS origin,
              c.fields AS fields, c.kept AS kept
       ORDER BY c.at DESC, c.version DESC
       LIMIT $limit`,
      { id: entityId, limit },
    );
    return rows.map((row) => ({
      ...row,
      fields: JSON.parse(row.fields) as FieldChange[],
      kept: JSON.parse(row.kept) as FieldChange[],
    }));
  }

  /** The history records of these statements. */
  async historyOf(ids: readonly string[]): Promise<HistoryRecord[]> {
    return this.executor.read<HistoryRecord & Record<string, unknown>>(
      `UNWIND $ids AS id MATCH (st:Statement {id: id}) ${HISTORY_RETURN}`,
      { ids: [...ids] },
    );
  }
}

const HISTORY_RETURN = `RETURN st.id AS id, st.kind AS kind, st.subject AS subject, st.object AS object,
       st.modality AS modality, st.qualifiers AS qualifiers, st.source AS origin,
       toString(coalesce(st.createdAt, st.loadedAt)) AS createdAt, st.createdBy AS createdBy,
       toString(st.retractedAt) AS retractedAt, st.retractedBy AS retractedBy,
       st.retractionReason AS retractionReason, toString(st.restatedAt) AS restatedAt`;
