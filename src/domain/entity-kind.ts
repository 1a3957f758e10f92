/** The kinds of entity the graph holds; each value is also the node's Neo4j label. */
export enum EntityKind {
  COUNTRY = 'Country',
  ORGANISATION = 'Organisation',
  AGREEMENT = 'Agreement',
  ISSUE = 'Issue',
}

/** The kind of a node from its labels, or undefined when none is a known kind. */
export function kindFromLabels(labels: readonly string[]): EntityKind | undefined {
  return Object.values(EntityKind).find((kind) => labels.includes(kind));
}
