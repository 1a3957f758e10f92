import {
  AGREEMENT_STATUSES,
  ENTITY_KINDS,
  EntityKind,
  IssueCategory,
  OrganisationType,
} from './entities';

const { COUNTRY, ORGANISATION, AGREEMENT, ISSUE, PROJECT, EVENT } = EntityKind;
const ACTORS = [COUNTRY, ORGANISATION] as const;

/** Levels of a partnership, in the words sources use for them. */
export const PARTNERSHIP_LEVELS = [
  'comprehensive-strategic',
  'strategic',
  'comprehensive',
  'close',
  'ally',
  /** A "special relationship", as sources call some ties between neighbours. */
  'special',
  'all-weather',
  'ironclad',
] as const;

/** How diplomatic relations between two countries changed. */
export const DIPLOMATIC_CHANGES = [
  'established',
  'restored',
  'severed',
  'suspended',
  'upgraded',
  'downgraded',
] as const;

/** The role a party plays in an agreement. */
export const PARTY_ROLES = [
  'signatory',
  'member',
  'beneficiary',
  'grantor',
  'initiator',
  'participant',
] as const;

/** How firmly the source states a statement. */
export const MODALITIES = [
  /** The source states it as a fact (the default). */
  'fact',
  /** The source states it as an aim of the subject ("aims to", "will seek to"). */
  'intention',
  /** The source expects or predicts it ("is anticipated to", "will probably"). */
  'expectation',
] as const;
export type Modality = (typeof MODALITIES)[number];

/**
 * The modalities every question and list of relations answers with unless asked for others:
 * what the sources state as facts, not the aims and forecasts beside them.
 */
export const DEFAULT_MODALITIES: readonly Modality[] = ['fact'];

/** The type of a qualifier's value. */
export type QualifierType =
  | { type: 'year' }
  | { type: 'boolean' }
  | { type: 'text' }
  | { type: 'texts' }
  | { type: 'enum'; values: readonly string[] }
  /** A positive number: a sum of money in units of its currency. */
  | { type: 'amount' }
  /** An ISO 4217 currency code (USD, JPY). */
  | { type: 'currency' }
  | { type: 'entity'; kinds: readonly EntityKind[] };

/** A qualifier: a typed field of a statement, with its Wikidata alignment. */
export type QualifierSpec = QualifierType & { description: string; wikidata?: string };

/** Every qualifier any relation kind may carry. */
export const QUALIFIERS = {
  since: { type: 'year', description: 'Year it began.', wikidata: 'P580 (start time)' },
  until: { type: 'year', description: 'Year it ended.', wikidata: 'P582 (end time)' },
  year: { type: 'year', description: 'Year it happened.', wikidata: 'P585 (point in time)' },
  level: {
    type: 'enum',
    values: PARTNERSHIP_LEVELS,
    description: 'Level of the partnership, as the source names it.',
  },
  fields: {
    type: 'texts',
    description: 'Fields or sectors concerned (defence, trade, ...).',
    wikidata: 'P101 (field of work)',
  },
  in: {
    type: 'entity',
    kinds: [COUNTRY],
    description: 'The country where it happens: the recipient of funding, the host of investment.',
    wikidata: 'P17 (country)',
  },
  via: {
    type: 'entity',
    kinds: [AGREEMENT, ORGANISATION],
    description: 'The agreement, initiative or body it flows through.',
  },
  products: {
    type: 'texts',
    description: 'Goods traded.',
    wikidata: 'P1056 (product or material produced)',
  },
  role: {
    type: 'enum',
    values: PARTY_ROLES,
    description: 'Role of the party in the agreement.',
    wikidata: 'P2868 (subject has role)',
  },
  status: {
    type: 'enum',
    values: AGREEMENT_STATUSES,
    description: "State of the party's participation.",
  },
  scope: { type: 'text', description: 'What exactly it covers (of a suspension, say).' },
  temporary: { type: 'boolean', description: 'Whether it is meant to be temporary.' },
  event: {
    type: 'text',
    description: 'The event, such as a summit.',
    wikidata: 'P793 (significant event)',
  },
  regarding: {
    type: 'entity',
    kinds: ENTITY_KINDS,
    description: 'Whom or what it is about: the country whose record causes a concern, say.',
    wikidata: 'P921 (main subject)',
  },
  channels: {
    type: 'texts',
    description: 'Through what the ties run (K-pop, media, exchanges).',
  },
  change: {
    type: 'enum',
    values: DIPLOMATIC_CHANGES,
    description: 'How diplomatic relations changed that year.',
  },
  amount: {
    type: 'amount',
    description: 'A sum of money, in units of `currency`.',
    wikidata: 'P2130 (cost)',
  },
  currency: {
    type: 'currency',
    description: 'The ISO 4217 code of the currency of `amount`.',
    wikidata: 'P38 (currency)',
  },
  outstanding: {
    type: 'boolean',
    description: 'Whether `amount` is debt still owed at the time (not the sum lent).',
  },
  purpose: {
    type: 'entity',
    kinds: [PROJECT, ISSUE],
    description: 'What the money is for: a project or a sector.',
  },
  during: {
    type: 'entity',
    kinds: [EVENT],
    description: 'The war or conflict it was part of.',
    wikidata: 'P607 (conflict)',
  },
} as const satisfies Record<string, QualifierSpec>;

export type QualifierName = keyof typeof QUALIFIERS;

/** The closed vocabulary of relation kinds; each value is also the Neo4j relationship type. */
export enum RelationKind {
  MEMBER_OF = 'MEMBER_OF',
  PARTNER_OF = 'PARTNER_OF',
  COOPERATES_WITH = 'COOPERATES_WITH',
  FUNDS = 'FUNDS',
  INVESTS_IN = 'INVESTS_IN',
  EXPORTS_TO = 'EXPORTS_TO',
  TRADES_WITH = 'TRADES_WITH',
  PARTY_TO = 'PARTY_TO',
  SUSPENDS = 'SUSPENDS',
  HOSTS = 'HOSTS',
  CONCERNED_ABOUT = 'CONCERNED_ABOUT',
  ADDRESSES = 'ADDRESSES',
  PROMOTES = 'PROMOTES',
  SUPPORTS = 'SUPPORTS',
  CULTURAL_TIES = 'CULTURAL_TIES',
  ADHERES_TO = 'ADHERES_TO',
  EXPOSED_TO = 'EXPOSED_TO',
  DIPLOMATIC_RELATIONS = 'DIPLOMATIC_RELATIONS',
  CHAIRS = 'CHAIRS',
  TAKES_PART_IN = 'TAKES_PART_IN',
  CONFLICT_WITH = 'CONFLICT_WITH',
  LENDS = 'LENDS',
  BUILDS = 'BUILDS',
  PART_OF = 'PART_OF',
  LOCATED_IN = 'LOCATED_IN',
  TRAINS = 'TRAINS',
  GOVERNS = 'GOVERNS',
}

export const RELATION_KINDS: readonly RelationKind[] = Object.values(RelationKind);

/** Which way relations are followed from an entity: as subject, as object, or either. */
export const DIRECTIONS = ['OUTGOING', 'INCOMING', 'BOTH'] as const;
export type Direction = (typeof DIRECTIONS)[number];

/** What a relation kind means, what it connects, which qualifiers it takes, and alignments. */
export interface RelationKindSpec {
  kind: RelationKind;
  description: string;
  subjects: readonly EntityKind[];
  objects: readonly EntityKind[];
  /** A symmetric relation reads the same both ways; it is stored once, in the given direction. */
  symmetric: boolean;
  qualifiers: readonly QualifierName[];
  /** The Wikidata property it corresponds to, if any. */
  wikidata?: string;
  /** The CAMEO event code it corresponds to, if any. */
  cameo?: string;
  /** When the object is an issue, the categories it must have. */
  objectCategories?: readonly IssueCategory[];
  /** When the subject is an organisation, the types it must have. */
  subjectTypes?: readonly OrganisationType[];
}

function spec(
  kind: RelationKind,
  description: string,
  subjects: readonly EntityKind[],
  objects: readonly EntityKind[],
  qualifiers: readonly QualifierName[],
  alignment: {
    symmetric?: boolean;
    wikidata?: string;
    cameo?: string;
    objectCategories?: readonly IssueCategory[];
    subjectTypes?: readonly OrganisationType[];
  } = {},
): RelationKindSpec {
  return {
    kind,
    description,
    subjects,
    objects,
    qualifiers,
    ...alignment,
    symmetric: alignment.symmetric ?? false,
  };
}

const K = RelationKind;

export const RELATION_KIND_SPECS: Record<RelationKind, RelationKindSpec> = {
  [K.MEMBER_OF]: spec(
    K.MEMBER_OF,
    'The subject is a member of the organisation.',
    ACTORS,
    [ORGANISATION],
    ['since', 'until'],
    {
      wikidata: 'P463 (member of)',
    },
  ),
  [K.PARTNER_OF]: spec(
    K.PARTNER_OF,
    'A partnership or alliance between the two, at a level.',
    ACTORS,
    ACTORS,
    ['level', 'since', 'until'],
    {
      symmetric: true,
      wikidata: 'P2652 (partnership with)',
      cameo: '05 (engage in diplomatic cooperation)',
    },
  ),
  [K.COOPERATES_WITH]: spec(
    K.COOPERATES_WITH,
    'The two work together in the given fields.',
    ACTORS,
    ACTORS,
    ['fields', 'via', 'since', 'until'],
    {
      symmetric: true,
      cameo: '06 (engage in material cooperation)',
    },
  ),
  [K.FUNDS]: spec(
    K.FUNDS,
    'The subject pays for the object as a grant: an issue (demining) in a recipient country, a project, or a country as a donor. A loan is `LENDS`.',
    ACTORS,
    [ISSUE, COUNTRY, AGREEMENT, PROJECT],
    ['in', 'via', 'since', 'until', 'year', 'amount', 'currency'],
    { wikidata: 'inverse of P8324 (funder)', cameo: '07 (provide aid)' },
  ),
  [K.INVESTS_IN]: spec(
    K.INVESTS_IN,
    'The subject invests in the object: a sector (an issue) in a host country, a project, or a country.',
    ACTORS,
    [ISSUE, COUNTRY, PROJECT],
    ['in', 'via', 'since', 'until', 'year', 'amount', 'currency'],
    { wikidata: 'inverse of P1951 (investor)', cameo: '061 (cooperate economically)' },
  ),
  [K.EXPORTS_TO]: spec(
    K.EXPORTS_TO,
    'The subject sells goods to the object market.',
    ACTORS,
    ACTORS,
    ['products', 'year', 'since'],
    {
      cameo: '061 (cooperate economically)',
    },
  ),
  [K.TRADES_WITH]: spec(
    K.TRADES_WITH,
    'The two are trading partners.',
    ACTORS,
    ACTORS,
    ['via', 'since', 'until'],
    {
      symmetric: true,
      cameo: '061 (cooperate economically)',
    },
  ),
  [K.PARTY_TO]: spec(
    K.PARTY_TO,
    'The subject takes part in the agreement, in a role.',
    ACTORS,
    [AGREEMENT],
    ['role', 'status', 'since', 'until'],
    {
      wikidata: 'inverse of P1891 (signatory)',
      cameo: '057 (sign formal agreement)',
    },
  ),
  [K.SUSPENDS]: spec(
    K.SUSPENDS,
    "The subject suspends the agreement, or a country's benefits under it (`in`).",
    ACTORS,
    [AGREEMENT],
    ['year', 'in', 'scope', 'temporary'],
    { cameo: '163 (impose embargo, boycott, or sanctions)' },
  ),
  [K.HOSTS]: spec(
    K.HOSTS,
    'The subject hosts an event: one of an organisation (its summit, named in `event`), or an event in its own right (a conference, an exercise).',
    [COUNTRY],
    [ORGANISATION, EVENT],
    ['event', 'year', 'since'],
    {
      wikidata: 'inverse of P276 (location) of the event',
      cameo: '043 (host a visit)',
    },
  ),
  [K.CONCERNED_ABOUT]: spec(
    K.CONCERNED_ABOUT,
    'The subject raises concerns about an issue, regarding someone.',
    ACTORS,
    [ISSUE],
    ['regarding', 'since', 'until', 'year'],
    { cameo: '111 (criticize or denounce)' },
  ),
  [K.ADDRESSES]: spec(
    K.ADDRESSES,
    'The subject works on or tackles the issue.',
    ACTORS,
    [ISSUE],
    ['via', 'year', 'since'],
    {
      cameo: '04 (consult)',
    },
  ),
  [K.PROMOTES]: spec(
    K.PROMOTES,
    'The subject advocates the cause, in international forums or at home.',
    ACTORS,
    [ISSUE],
    ['via', 'since'],
    {
      cameo: '051 (praise or endorse)',
    },
  ),
  [K.SUPPORTS]: spec(
    K.SUPPORTS,
    'The subject supports the effort, body or agreement (peacekeeping, say).',
    ACTORS,
    [ISSUE, ORGANISATION, AGREEMENT],
    ['via', 'since', 'until'],
    {
      cameo: '074 (provide military protection or peacekeeping) for peacekeeping; 05 otherwise',
    },
  ),
  [K.CULTURAL_TIES]: spec(
    K.CULTURAL_TIES,
    'People-to-people and cultural links between the two.',
    ACTORS,
    ACTORS,
    ['channels', 'since'],
    {
      symmetric: true,
    },
  ),
  [K.ADHERES_TO]: spec(
    K.ADHERES_TO,
    'The subject holds to a principle of foreign policy (an issue of category principle).',
    ACTORS,
    [ISSUE],
    ['since'],
    {
      wikidata: 'none (closest: P1142, political ideology)',
      objectCategories: ['principle'],
    },
  ),
  [K.EXPOSED_TO]: spec(
    K.EXPOSED_TO,
    'The subject faces a risk (an issue such as dependence on one partner), because of someone (`regarding`) or through something (`via`), as the source states it or reports critics saying it.',
    ACTORS,
    [ISSUE],
    ['regarding', 'via', 'since', 'year'],
    { wikidata: 'none (closest: P1479, has contributing factor)' },
  ),
  [K.DIPLOMATIC_RELATIONS]: spec(
    K.DIPLOMATIC_RELATIONS,
    'Diplomatic relations between the two changed (`change`: established, restored, severed, ...) in a year; each change is a statement of its own.',
    [COUNTRY],
    [COUNTRY],
    ['change', 'year', 'since', 'until'],
    {
      symmetric: true,
      wikidata: 'P530 (diplomatic relation)',
      cameo:
        '054 (grant diplomatic recognition) when established or restored; 161 (reduce or break diplomatic relations) when severed or downgraded',
    },
  ),
  [K.CHAIRS]: spec(
    K.CHAIRS,
    'The subject chairs the organisation (holds its rotating chair) in a year or a span.',
    ACTORS,
    [ORGANISATION],
    ['year', 'since', 'until'],
    { wikidata: 'inverse of P488 (chairperson)' },
  ),
  [K.TAKES_PART_IN]: spec(
    K.TAKES_PART_IN,
    'The subject takes part in the event: a conference, an exercise, a war.',
    ACTORS,
    [EVENT],
    ['year', 'since', 'until'],
    { wikidata: 'P1344 (participant in); P607 (conflict) for conflicts' },
  ),
  [K.CONFLICT_WITH]: spec(
    K.CONFLICT_WITH,
    'The two fought or clashed, in a span or a year, `during` a named war or conflict.',
    ACTORS,
    ACTORS,
    ['since', 'until', 'year', 'during'],
    { symmetric: true, cameo: '19 (fight)' },
  ),
  [K.LENDS]: spec(
    K.LENDS,
    'The subject lends to the object (the borrower): an `amount` in a `currency`, for a `purpose`; with `outstanding`, the amount is debt still owed. A grant is `FUNDS`.',
    ACTORS,
    ACTORS,
    ['amount', 'currency', 'year', 'since', 'until', 'via', 'purpose', 'outstanding'],
    { wikidata: 'none (closest: P8324, funder)', cameo: '071 (provide economic aid)' },
  ),
  [K.BUILDS]: spec(
    K.BUILDS,
    'The subject builds or carries out the project.',
    ACTORS,
    [PROJECT],
    ['year', 'since', 'until', 'via'],
    { wikidata: 'inverse of P193 (main building contractor)' },
  ),
  [K.PART_OF]: spec(
    K.PART_OF,
    'The subject (a project or an agreement) is part of the initiative or framework.',
    [PROJECT, AGREEMENT],
    [AGREEMENT],
    ['since'],
    { wikidata: 'P361 (part of)' },
  ),
  [K.LOCATED_IN]: spec(
    K.LOCATED_IN,
    'The project or event is in the country.',
    [PROJECT, EVENT],
    [COUNTRY],
    [],
    { wikidata: 'P17 (country)' },
  ),
  [K.TRAINS]: spec(
    K.TRAINS,
    "The subject trains the object's people or builds its capacity, in the given fields.",
    ACTORS,
    ACTORS,
    ['fields', 'year', 'since', 'until', 'via'],
    {
      cameo:
        '06 (engage in material cooperation); 062 (cooperate militarily) for military training',
    },
  ),
  [K.GOVERNS]: spec(
    K.GOVERNS,
    'The party rules the country.',
    [ORGANISATION],
    [COUNTRY],
    ['since', 'until'],
    { wikidata: 'none (closest: P1387, political alignment)', subjectTypes: ['party'] },
  ),
};
