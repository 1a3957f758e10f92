import { ENTITY_KINDS, EntityKind } from '../ontology/entities';
import { RELATION_KINDS, RelationKind } from '../ontology/relations';

/*
 * Labels and relationship types cannot be Cypher parameters, so they are spliced into the
 * text; these are the only functions that produce them, and only from the ontology's lists.
 */

/** An entity kind as a label; anything else throws. */
export function label(kind: EntityKind): string {
  if (!ENTITY_KINDS.includes(kind)) throw new Error(`not an entity kind: ${String(kind)}`);
  return kind;
}

/** A relation kind as a relationship type; anything else throws. */
export function relationshipType(kind: RelationKind): string {
  if (!RELATION_KINDS.includes(kind)) throw new Error(`not a relation kind: ${String(kind)}`);
  return kind;
}

/** Relation kinds as a `A|B|C` type alternation (all by default); undefined when none is valid. */
export function relationshipTypes(kinds: readonly RelationKind[] | undefined): string | undefined {
  const allowed = (kinds ?? RELATION_KINDS).filter((k) => RELATION_KINDS.includes(k));
  return allowed.length === 0 ? undefined : [...new Set(allowed)].join('|');
}
