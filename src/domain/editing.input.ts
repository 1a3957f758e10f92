import {
  ArrayMaxSize,
  ArrayMinSize,
  IsInt,
  IsOptional,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { Field, Float, ID, InputType, Int } from 'type-graphql';
import { EntityKind } from '../ontology/entities';
import { RelationKind } from '../ontology/relations';
import {
  AgreementStatusEnum,
  AgreementTypeEnum,
  DiplomaticChangeEnum,
  EventTypeEnum,
  IssueCategoryEnum,
  ModalityEnum,
  OrganisationTypeEnum,
  PartnershipLevelEnum,
  PartyRoleEnum,
  ProjectStatusEnum,
  ProjectTypeEnum,
} from './enums';

const ID_PATTERN = /^([A-Z]{3}|[a-z0-9]+(?:-[a-z0-9]+)*)$/;

@InputType('NewEntityInput', {
  description: 'An entity to create. The same rules as in datasets apply.',
})
export class NewEntityInput {
  @Field(() => EntityKind, { description: 'Its kind.' })
  kind!: EntityKind;

  @Field(() => ID, {
    description: 'ISO 3166-1 alpha-3 for a country, a lower-case slug otherwise.',
  })
  @Length(1, 80)
  @Matches(ID_PATTERN, { message: 'id must be an ISO alpha-3 code or a lower-case slug' })
  id!: string;

  @Field({ description: 'The common English name.' })
  @Length(1, 200)
  name!: string;

  @Field(() => [String], { nullable: true, description: 'Other names and abbreviations.' })
  @IsOptional()
  @ArrayMaxSize(50)
  @Length(1, 200, { each: true })
  aliases?: string[] | null;

  @Field(() => String, { nullable: true, description: 'A one-line description.' })
  @IsOptional()
  @Length(1, 1000)
  description?: string | null;

  @Field(() => String, { nullable: true, description: 'Wikidata item id (Q...).' })
  @IsOptional()
  @Matches(/^Q[1-9]\d*$/)
  wikidataId?: string | null;

  @Field(() => String, { nullable: true, description: 'Countries: ISO 3166-1 alpha-2 code.' })
  @IsOptional()
  @Matches(/^[A-Z]{2}$/)
  iso2?: string | null;

  @Field(() => String, { nullable: true, description: 'Countries: the official name.' })
  @IsOptional()
  @Length(1, 200)
  officialName?: string | null;

  @Field(() => [String], { nullable: true, description: 'Countries: what its people are called.' })
  @IsOptional()
  @ArrayMaxSize(10)
  @Length(1, 100, { each: true })
  demonyms?: string[] | null;

  @Field(() => String, {
    nullable: true,
    description: 'Organisations and agreements: the usual abbreviation.',
  })
  @IsOptional()
  @Length(1, 30)
  acronym?: string | null;

  @Field(() => OrganisationTypeEnum, {
    nullable: true,
    description: 'Organisations: what sort of body.',
  })
  organisationType?: string | null;

  @Field(() => AgreementTypeEnum, {
    nullable: true,
    description: 'Agreements: what sort of instrument.',
  })
  agreementType?: string | null;

  @Field(() => AgreementStatusEnum, { nullable: true, description: 'Agreements: their state.' })
  status?: string | null;

  @Field(() => IssueCategoryEnum, { nullable: true, description: 'Issues: the policy area.' })
  category?: string | null;

  @Field(() => Int, { nullable: true, description: 'Issues: OECD DAC purpose code.' })
  @IsOptional()
  @IsInt()
  @Min(10000)
  @Max(99999)
  dacCode?: number | null;

  @Field(() => ProjectTypeEnum, { nullable: true, description: 'Projects: what it builds.' })
  projectType?: string | null;

  @Field(() => ProjectStatusEnum, { nullable: true, description: 'Projects: their state.' })
  projectStatus?: string | null;

  @Field(() => EventTypeEnum, { nullable: true, description: 'Events: what sort of occurrence.' })
  eventType?: string | null;

  @Field(() => Int, { nullable: true, description: 'Projects and events: the year it started.' })
  startYear?: number | null;

  @Field(() => Int, { nullable: true, description: 'Projects and events: the year it ended.' })
  endYear?: number | null;
}

@InputType('EntityChangesInput', {
  description: 'Properties to change; those left out stay as they are.',
})
export class EntityChangesInput {
  @Field(() => String, { nullable: true, description: 'A new name.' })
  @IsOptional()
  @Length(1, 200)
  name?: string | null;

  @Field(() => [String], {
    nullable: true,
    description: 'The new list of aliases (replaces the old one).',
  })
  @IsOptional()
  @ArrayMaxSize(50)
  @Length(1, 200, { each: true })
  aliases?: string[] | null;

  @Field(() => String, { nullable: true, description: 'A new description.' })
  @IsOptional()
  @Length(1, 1000)
  description?: string | null;

  @Field(() => String, { nullable: true, description: 'A Wikidata item id.' })
  @IsOptional()
  @Matches(/^Q[1-9]\d*$/)
  wikidataId?: string | null;

  @Field(() => String, { nullable: true, description: 'Countries: the official name.' })
  @IsOptional()
  @Length(1, 200)
  officialName?: string | null;

  @Field(() => [String], { nullable: true, description: 'Countries: what its people are called.' })
  @IsOptional()
  @ArrayMaxSize(10)
  @Length(1, 100, { each: true })
  demonyms?: string[] | null;

  @Field(() => String, {
    nullable: true,
    description: 'Organisations and agreements: the abbreviation.',
  })
  @IsOptional()
  @Length(1, 30)
  acronym?: string | null;

  @Field(() => AgreementStatusEnum, { nullable: true, description: 'Agreements: their state.' })
  status?: string | null;

  @Field(() => IssueCategoryEnum, { nullable: true, description: 'Issues: the policy area.' })
  category?: string | null;

  @Field(() => ProjectStatusEnum, { nullable: true, description: 'Projects: their state.' })
  projectStatus?: string | null;

  @Field(() => Int, { nullable: true, description: 'Projects and events: the year it started.' })
  startYear?: number | null;

  @Field(() => Int, { nullable: true, description: 'Projects and events: the year it ended.' })
  endYear?: number | null;
}

@InputType('QualifiersInput', {
  description: 'Qualifiers of a new relation; which ones a kind takes is in docs/ontology.md.',
})
export class QualifiersInput {
  @Field(() => Int, { nullable: true, description: 'Year it began.' })
  since?: number | null;

  @Field(() => Int, { nullable: true, description: 'Year it ended.' })
  until?: number | null;

  @Field(() => Int, { nullable: true, description: 'Year it happened.' })
  year?: number | null;

  @Field(() => PartnershipLevelEnum, { nullable: true, description: 'Level of a partnership.' })
  level?: string | null;

  @Field(() => [String], { nullable: true, description: 'Fields or sectors.' })
  @IsOptional()
  @ArrayMaxSize(50)
  fields?: string[] | null;

  @Field(() => ID, { nullable: true, description: 'The country where it happens.' })
  in?: string | null;

  @Field(() => ID, { nullable: true, description: 'The agreement or body it flows through.' })
  via?: string | null;

  @Field(() => [String], { nullable: true, description: 'Goods traded.' })
  @IsOptional()
  @ArrayMaxSize(50)
  products?: string[] | null;

  @Field(() => PartyRoleEnum, { nullable: true, description: 'Role of a party.' })
  role?: string | null;

  @Field(() => AgreementStatusEnum, {
    nullable: true,
    description: "State of a party's participation.",
  })
  status?: string | null;

  @Field(() => String, { nullable: true, description: 'What it covers.' })
  @IsOptional()
  @Length(1, 300)
  scope?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Whether it is meant to be temporary.' })
  temporary?: boolean | null;

  @Field(() => String, { nullable: true, description: 'The event, such as a summit.' })
  @IsOptional()
  @Length(1, 300)
  event?: string | null;

  @Field(() => ID, { nullable: true, description: 'Whom or what it is about.' })
  regarding?: string | null;

  @Field(() => [String], { nullable: true, description: 'Through what cultural ties run.' })
  @IsOptional()
  @ArrayMaxSize(50)
  channels?: string[] | null;

  @Field(() => DiplomaticChangeEnum, {
    nullable: true,
    description: 'How diplomatic relations changed.',
  })
  change?: string | null;

  @Field(() => Float, { nullable: true, description: 'A sum of money, in units of `currency`.' })
  amount?: number | null;

  @Field(() => String, { nullable: true, description: 'ISO 4217 code of the currency.' })
  currency?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Whether `amount` is debt still owed.' })
  outstanding?: boolean | null;

  @Field(() => ID, { nullable: true, description: 'What the money is for: a project or issue.' })
  purpose?: string | null;

  @Field(() => ID, { nullable: true, description: 'The war or conflict it was part of.' })
  during?: string | null;
}

@InputType('EvidenceInput', { description: 'Where a loaded source states the relation.' })
export class EvidenceInput {
  @Field(() => ID, { description: 'The id of a loaded source.' })
  @Length(1, 80)
  source!: string;

  @Field({ description: 'The id of one of its sections.' })
  @Length(1, 80)
  section!: string;

  @Field({ description: 'A short phrase (at most 25 words) copied verbatim from that section.' })
  @Length(1, 400)
  quote!: string;
}

@InputType('NewRelationInput', {
  description: 'A relation to add, with at least one piece of evidence.',
})
export class NewRelationInput {
  @Field(() => RelationKind, { description: 'Its kind.' })
  kind!: RelationKind;

  @Field(() => ID, { description: 'The subject.' })
  @Length(1, 80)
  from!: string;

  @Field(() => ID, { description: 'The object.' })
  @Length(1, 80)
  to!: string;

  @Field(() => QualifiersInput, { nullable: true, description: 'Its qualifiers.' })
  @IsOptional()
  @ValidateNested()
  qualifiers?: QualifiersInput | null;

  @Field(() => ModalityEnum, {
    nullable: true,
    description: 'FACT (default), INTENTION or EXPECTATION.',
  })
  modality?: string | null;

  @Field(() => [EvidenceInput], { description: 'Where sources state it: at least one.' })
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  evidence!: EvidenceInput[];
}
