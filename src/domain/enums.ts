import { registerEnumType } from 'type-graphql';
import type { SearchMatch } from '../graph/entity.repository';
import {
  AGREEMENT_STATUSES,
  AGREEMENT_TYPES,
  EVENT_TYPES,
  ISSUE_CATEGORIES,
  ORGANISATION_TYPES,
  PROJECT_STATUSES,
  PROJECT_TYPES,
} from '../ontology/entities';
import {
  DIPLOMATIC_CHANGES,
  DIRECTIONS,
  Direction,
  MODALITIES,
  PARTNERSHIP_LEVELS,
  PARTY_ROLES,
  RELATION_KIND_SPECS,
  RelationKind,
} from '../ontology/relations';

/**
 * A GraphQL enum for a list of lower-case words: `comprehensive-strategic` is exposed as
 * COMPREHENSIVE_STRATEGIC and travels internally as the word itself.
 */
function wordEnum(
  name: string,
  description: string,
  values: readonly string[],
): Record<string, string> {
  const enumObject = Object.fromEntries(values.map((v) => [v.toUpperCase().replace(/-/g, '_'), v]));
  registerEnumType(enumObject, {
    name,
    description,
    valuesConfig: Object.fromEntries(
      Object.keys(enumObject).map((key) => [
        key,
        { description: `\`${enumObject[key]}\` in datasets.` },
      ]),
    ),
  });
  return enumObject;
}

registerEnumType(RelationKind, {
  name: 'RelationKind',
  description:
    'The closed vocabulary of relation kinds (see docs/ontology.md for the Wikidata and CAMEO alignment).',
  valuesConfig: Object.fromEntries(
    Object.values(RELATION_KIND_SPECS).map((spec) => [
      spec.kind,
      { description: spec.description },
    ]),
  ),
});

export const ModalityEnum = wordEnum(
  'Modality',
  'How firmly the source states a relation: FACT, INTENTION (an aim of the subject) or EXPECTATION (a forecast).',
  MODALITIES,
);
export const PartnershipLevelEnum = wordEnum(
  'PartnershipLevel',
  'The level of a partnership, as sources name it.',
  PARTNERSHIP_LEVELS,
);
export const PartyRoleEnum = wordEnum(
  'PartyRole',
  'The role of a party in an agreement.',
  PARTY_ROLES,
);
export const AgreementStatusEnum = wordEnum(
  'AgreementStatus',
  'The state of an agreement or of a party in it.',
  AGREEMENT_STATUSES,
);
export const OrganisationTypeEnum = wordEnum(
  'OrganisationType',
  'What sort of body an organisation is.',
  ORGANISATION_TYPES,
);
export const AgreementTypeEnum = wordEnum(
  'AgreementType',
  'What sort of instrument an agreement is.',
  AGREEMENT_TYPES,
);
export const IssueCategoryEnum = wordEnum(
  'IssueCategory',
  'The policy area of an issue.',
  ISSUE_CATEGORIES,
);
export const ProjectTypeEnum = wordEnum('ProjectType', 'What a project builds.', PROJECT_TYPES);
export const ProjectStatusEnum = wordEnum(
  'ProjectStatus',
  'The state of a project.',
  PROJECT_STATUSES,
);
export const EventTypeEnum = wordEnum(
  'EventType',
  'What sort of occurrence an event is.',
  EVENT_TYPES,
);
export const DiplomaticChangeEnum = wordEnum(
  'DiplomaticChange',
  'How diplomatic relations between two countries changed.',
  DIPLOMATIC_CHANGES,
);

/** The GraphQL enum of the ontology's {@link Direction}s, each value its own name. */
export const DirectionEnum = Object.fromEntries(DIRECTIONS.map((d) => [d, d])) as {
  [D in Direction]: D;
};
registerEnumType(DirectionEnum, {
  name: 'Direction',
  description: 'Which way relations are followed from an entity.',
  valuesConfig: {
    OUTGOING: { description: 'Relations where the entity is the subject.' },
    INCOMING: { description: 'Relations where the entity is the object.' },
    BOTH: { description: 'Either.' },
  },
});

/** What entity lists are sorted by. */
export enum EntitySortField {
  NAME = 'NAME',
  ID = 'ID',
}
registerEnumType(EntitySortField, {
  name: 'EntitySortField',
  description: 'What entity lists are sorted by.',
  valuesConfig: { NAME: { description: 'The name, then the id.' }, ID: { description: 'The id.' } },
});

/** Ascending or descending. */
export enum SortDirection {
  ASC = 'ASC',
  DESC = 'DESC',
}
registerEnumType(SortDirection, {
  name: 'SortDirection',
  description: 'Sort order.',
  valuesConfig: { ASC: { description: 'Ascending.' }, DESC: { description: 'Descending.' } },
});

/** What a timeline entry marks. */
export enum TimelineEvent {
  STARTED = 'STARTED',
  HAPPENED = 'HAPPENED',
  ENDED = 'ENDED',
}
registerEnumType(TimelineEvent, {
  name: 'TimelineEvent',
  description: 'What a timeline entry marks about its relation.',
  valuesConfig: {
    STARTED: { description: 'The relation began that year (its `since`).' },
    HAPPENED: { description: 'The relation is an event of that year (its `year`).' },
    ENDED: { description: 'The relation ended that year (its `until`).' },
  },
});

/** How a search hit matches (the graph layer's SearchMatch, which it must name exactly). */
export const SearchMatchEnum = {
  EXACT: 'EXACT',
  ALL_TERMS: 'ALL_TERMS',
  PARTIAL: 'PARTIAL',
} as const satisfies { [M in SearchMatch]: M };
registerEnumType(SearchMatchEnum, {
  name: 'SearchMatch',
  description: 'How a search hit matches what was typed.',
  valuesConfig: {
    EXACT: {
      description: 'The text is one of its names: name, alias, acronym, id or ISO code.',
    },
    ALL_TERMS: { description: 'Every word of the text is a word of its names or description.' },
    PARTIAL: { description: 'Some words, prefixes or near spellings match.' },
  },
});
