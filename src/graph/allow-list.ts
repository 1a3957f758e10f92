import { ENTITY_KINDS, EntityKind } from '../ontology/entities';
import { RELATION_KINDS, RELATION_KIND_SPECS, RelationKind } from '../ontology/relations';

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

/**
 * The kinds asked for (all by default) as type alternations, split by whether a kind reads
 * the same both ways: a query matches `directed` ones as stored and `symmetric` ones in
 * either direction. Each is undefined when no kind of its sort was asked for.
 */
export function typesBySymmetry(kinds: readonly RelationKind[] | undefined): {
  directed?: string;
  symmetric?: string;
} {
  const allowed = (kinds ?? RELATION_KINDS).filter((k) => RELATION_KINDS.includes(k));
  return {
    directed: relationshipTypes(allowed.filter((k) => !RELATION_KIND_SPECS[k].symmetric)),
    symmetric: relationshipTypes(allowed.filter((k) => RELATION_KIND_SPECS[k].symmetric)),
  };
}
