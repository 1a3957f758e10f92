/** The kinds of entity the graph holds; each value is also the node's Neo4j label. */
export enum EntityKind {
  COUNTRY = 'Country',
  ORGANISATION = 'Organisation',
  AGREEMENT = 'Agreement',
  ISSUE = 'Issue',
  PROJECT = 'Project',
  EVENT = 'Event',
}

export const ENTITY_KINDS: readonly EntityKind[] = Object.values(EntityKind);

/** The kind of a node from its labels, or undefined when none is a known kind. */
export function kindFromLabels(labels: readonly string[]): EntityKind | undefined {
  return ENTITY_KINDS.find((kind) => labels.includes(kind));
}

/** What sort of body an organisation is. */
export const ORGANISATION_TYPES = [
  'intergovernmental',
  'supranational',
  'agency',
  'ngo',
  'company',
  /** An informal or collective grouping named by a source ("Western nations", "NGOs"). */
  'group',
  /** A political party (a ruling party, whose ties to another party a source names). */
  'party',
] as const;

export type OrganisationType = (typeof ORGANISATION_TYPES)[number];

/** What sort of instrument an agreement is. */
export const AGREEMENT_TYPES = [
  'treaty',
  'trade-preference',
  'trade-agreement',
  'partnership',
  'initiative',
  'programme',
  /** A standing framework of cooperation among three or more countries (a growth triangle). */
  'framework',
] as const;

/** The state of an agreement, or of a party's participation in one. */
export const AGREEMENT_STATUSES = [
  'proposed',
  'active',
  'partially-suspended',
  'suspended',
  'ended',
] as const;

/** The policy area of an issue. */
export const ISSUE_CATEGORIES = [
  'security',
  'economy',
  'development',
  'rights',
  'environment',
  'culture',
  'governance',
  /** A principle of foreign policy: neutrality, non-interference, ... */
  'principle',
] as const;

export type IssueCategory = (typeof ISSUE_CATEGORIES)[number];

/** What a project builds. */
export const PROJECT_TYPES = [
  'transport',
  'energy',
  'water',
  'telecommunications',
  'industrial-zone',
  'building',
  'other',
] as const;

/** The state of a project. */
export const PROJECT_STATUSES = [
  'planned',
  'under-construction',
  'completed',
  'suspended',
  'cancelled',
] as const;

/** What sort of occurrence an event is. */
export const EVENT_TYPES = [
  'conference',
  'summit',
  /** A war, armed conflict or border clash. */
  'conflict',
  /** A military exercise. */
  'exercise',
  'visit',
  'sporting',
  'other',
] as const;

/** How an entity kind is identified, and the Wikidata class it aligns with. */
export interface EntityKindSpec {
  kind: EntityKind;
  description: string;
  identity: string;
  /** The Wikidata class (P31 value) instances usually have. */
  wikidataClass: string;
}

export const ENTITY_KIND_SPECS: Record<EntityKind, EntityKindSpec> = {
  [EntityKind.COUNTRY]: {
    kind: EntityKind.COUNTRY,
    description: 'A sovereign state.',
    identity: 'ISO 3166-1 alpha-3 code (KHM); `iso2` holds the alpha-2 code',
    wikidataClass: 'Q6256 (country)',
  },
  [EntityKind.ORGANISATION]: {
    kind: EntityKind.ORGANISATION,
    description: 'An intergovernmental or supranational body, agency, NGO, company or grouping.',
    identity: 'lower-case slug (asean, eu, un)',
    wikidataClass: 'Q43229 (organization)',
  },
  [EntityKind.AGREEMENT]: {
    kind: EntityKind.AGREEMENT,
    description: 'A treaty, trade arrangement, partnership or initiative.',
    identity: 'lower-case slug (everything-but-arms)',
    wikidataClass: 'Q131569 (treaty) or Q1156854 (initiative)',
  },
  [EntityKind.ISSUE]: {
    kind: EntityKind.ISSUE,
    description: 'A subject of policy: a sector, a cause, a dispute or a principle.',
    identity: 'lower-case slug (demining, human-rights)',
    wikidataClass: 'none in general; optional wikidataId per issue',
  },
  [EntityKind.PROJECT]: {
    kind: EntityKind.PROJECT,
    description:
      'An infrastructure or development project (a railway, a bridge, a dam), with its years.',
    identity: 'lower-case slug (bangkok-nong-khai-railway)',
    wikidataClass: 'Q170584 (project)',
  },
  [EntityKind.EVENT]: {
    kind: EntityKind.EVENT,
    description: 'A conference, summit, exercise, war or other occurrence, with its years.',
    identity: 'lower-case slug (sino-vietnamese-war)',
    wikidataClass: 'Q1190554 (occurrence); Q180684 (conflict) for conflicts',
  },
};
