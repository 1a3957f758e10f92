import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { RelationKind } from '../ontology/relations';
import { EntityType } from './entity.type';
import {
  AgreementStatusEnum,
  DiplomaticChangeEnum,
  ModalityEnum,
  PartnershipLevelEnum,
  PartyRoleEnum,
} from './enums';

@ObjectType('Section', {
  simpleResolvers: true,
  description: 'A section of a source document.',
})
export class SectionType {
  @Field({ description: 'The section id datasets cite.' })
  id!: string;

  @Field(() => String, {
    nullable: true,
    description: 'Its heading; null for the text before the first heading.',
  })
  heading!: string | null;
}

@ObjectType('Source', {
  simpleResolvers: true,
  description: 'A document that relations cite. Its text is cited, not carried.',
})
export class SourceType {
  @Field(() => ID, { description: 'Stable id of the document.' })
  id!: string;

  @Field({ description: 'Its title.' })
  title!: string;

  @Field(() => String, { nullable: true, description: 'Who published it, when known.' })
  publisher!: string | null;

  @Field(() => String, { nullable: true, description: 'Where it can be read, when known.' })
  url!: string | null;

  @Field(() => String, { nullable: true, description: 'ISO 639 language code.' })
  language!: string | null;

  @Field(() => [SectionType], { description: 'Its sections, in order.' })
  sections!: SectionType[];

  @Field({
    description:
      'Whether every quote was verified against the text at load (and offsets stored). To verify them, put `textFile` in SOURCES_DIR (default `sources/`) and restart, or load with `--sources DIR`.',
  })
  quotesVerified!: boolean;

  @Field(() => String, {
    nullable: true,
    description: 'The file name of its text, as SOURCES_DIR must hold it to verify the quotes.',
  })
  textFile!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'SHA-256 of the text the quotes were verified against.',
  })
  sha256!: string | null;

  @Field(() => Int, { description: 'Number of statements the dataset of this source holds.' })
  statementCount!: number;
}

@ObjectType('Evidence', {
  simpleResolvers: true,
  description:
    'Where a source states a relation: a short phrase copied verbatim from one of its sections.',
})
export class EvidenceType {
  @Field({ description: 'The exact phrase from the source.' })
  quote!: string;

  @Field({ description: 'The id of the section it is in.' })
  section!: string;

  @Field(() => String, { nullable: true, description: 'The heading of that section.' })
  heading!: string | null;

  @Field(() => Int, {
    nullable: true,
    description:
      'Offset of the quote in the text, in Unicode code points; null when the text was not supplied at load.',
  })
  start!: number | null;

  @Field(() => Int, { nullable: true, description: 'Offset just past the quote, in code points.' })
  end!: number | null;
}

@ObjectType('Qualifiers', {
  simpleResolvers: true,
  description: 'Typed qualifiers of a relation; each relation kind uses some of them.',
})
export class QualifiersType {
  @Field(() => Int, { nullable: true, description: 'Year it began (Wikidata P580).' })
  since?: number;

  @Field(() => Int, { nullable: true, description: 'Year it ended (P582).' })
  until?: number;

  @Field(() => Int, { nullable: true, description: 'Year it happened (P585).' })
  year?: number;

  @Field(() => PartnershipLevelEnum, { nullable: true, description: 'Level of a partnership.' })
  level?: string;

  @Field(() => [String], { nullable: true, description: 'Fields or sectors of cooperation.' })
  fields?: string[];

  @Field(() => [String], { nullable: true, description: 'Goods traded.' })
  products?: string[];

  @Field(() => PartyRoleEnum, { nullable: true, description: 'Role of a party in an agreement.' })
  role?: string;

  @Field(() => AgreementStatusEnum, {
    nullable: true,
    description: "State of a party's participation.",
  })
  status?: string;

  @Field(() => String, { nullable: true, description: 'What a suspension or measure covers.' })
  scope?: string;

  @Field(() => Boolean, { nullable: true, description: 'Whether it is meant to be temporary.' })
  temporary?: boolean;

  @Field(() => String, { nullable: true, description: 'The event, such as a summit.' })
  event?: string;

  @Field(() => [String], { nullable: true, description: 'Through what cultural ties run.' })
  channels?: string[];

  @Field(() => DiplomaticChangeEnum, {
    nullable: true,
    description: 'How diplomatic relations changed (established, restored, severed, ...).',
  })
  change?: string;

  @Field(() => Float, {
    nullable: true,
    description: 'A sum of money, in units of `currency` (Wikidata P2130).',
  })
  amount?: number;

  @Field(() => String, {
    nullable: true,
    description: 'The ISO 4217 code of the currency of `amount` (P38).',
  })
  currency?: string;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Whether `amount` is debt still owed, not the sum lent.',
  })
  outstanding?: boolean;
}

@ObjectType('Relation', {
  simpleResolvers: true,
  description:
    'A statement a source makes: `from` KIND `to`, with typed qualifiers and the evidence that states it. Symmetric kinds read the same both ways.',
})
export class RelationType {
  @Field(() => ID, { description: 'Stable id: <source id>:<statement id>.' })
  id!: string;

  @Field(() => RelationKind, { description: 'What kind of relation it is.' })
  kind!: RelationKind;

  @Field(() => ModalityEnum, {
    description: 'FACT, or INTENTION / EXPECTATION for forward-looking statements.',
  })
  modality!: string;

  // The ends and qualifiers are plain fields, not field resolvers: a nested page holds
  // thousands of relations, and a field resolver costs a class instance and a promise each.
  @Field(() => EntityType, {
    name: 'from',
    // Named apart from its property, so not resolved by graphql's default resolver.
    simple: false,
    description: 'The subject.',
  })
  subject!: EntityType;

  @Field(() => EntityType, { name: 'to', simple: false, description: 'The object.' })
  object!: EntityType;

  @Field(() => QualifiersType, {
    description: 'Its typed qualifiers (years, level, recipient country, ...).',
  })
  qualifiers!: QualifiersType;
}
