import iso3166 from 'iso-3166-1';
import { EntityKind } from './entities';
import { QUALIFIERS, QualifierName, RELATION_KIND_SPECS, RelationKind } from './relations';

/*
 * The rule book: every check on entities and statements beyond their shapes (which the zod
 * schemas of dataset-format.ts check), written once as pure functions. The validator (a
 * dataset file) and the editor mutations (the API) both call them and report their messages
 * word for word; each adds only where: a file and line, or an argument path.
 */

/** A problem at a place in a dataset file, as validation and loads report it. */
export interface Problem {
  file: string;
  line: number;
  column: number;
  message: string;
}

/** A path inside the entity or statement checked, such as `['qualifiers', 'until']`. */
export type RulePath = ReadonlyArray<string | number>;

/** A rule broken: where inside what was checked, and what is wrong. */
export interface RuleProblem {
  path: RulePath;
  message: string;
}

/** What the rules need to know of an entity that a statement names. */
export interface EntityFacts {
  kind?: EntityKind;
  category?: string | null;
  /** An organisation's type (and, unused by the rules, a type of another kind). */
  type?: string | null;
}

/**
 * A rule that needs an entity a statement names: its id, where the statement names it, and
 * the check itself, given that entity (undefined when no entity has the id). The validator
 * may only know the entity once every file is read; the editor looks it up in the graph.
 */
export interface ReferenceRule {
  id: string;
  path: RulePath;
  check(target: EntityFacts | undefined): string | undefined;
}

/** A statement as the rules see it. */
export interface StatementFacts {
  kind: RelationKind;
  subject: string;
  object: string;
  qualifiers?: Readonly<Record<string, unknown>>;
}

/** The message of a reference to no entity (the editor answers it with NOT_FOUND). */
export function danglingMessage(role: string, id: string): string {
  return `${role} "${id}" names no known entity (a dangling reference)`;
}

/**
 * A statement's rules, in the order both paths report them: its subject and object exist and
 * are of kinds the relation allows (an issue object of a category it allows), it does not
 * relate an entity to itself, its entity qualifiers exist and are of their kinds, and it does
 * not end before it began. A {@link ReferenceRule} needs the entity it names; a
 * {@link RuleProblem} is already broken.
 */
export function statementRules(statement: StatementFacts): Array<ReferenceRule | RuleProblem> {
  const spec = RELATION_KIND_SPECS[statement.kind];
  const reference = (
    id: string,
    allowed: readonly EntityKind[],
    path: RulePath,
    role: string,
  ): ReferenceRule => ({
    id,
    path,
    check: (target) => {
      if (!target) return danglingMessage(role, id);
      if (target.kind !== undefined && !allowed.includes(target.kind))
        return `${role} of ${statement.kind} must be ${allowed.join(' or ')}, but "${id}" is ${target.kind}`;
      return undefined;
    },
  });
  const rules: Array<ReferenceRule | RuleProblem> = [
    reference(statement.subject, spec.subjects, ['subject'], 'subject'),
    reference(statement.object, spec.objects, ['object'], 'object'),
  ];
  const categories = spec.objectCategories;
  if (categories) {
    rules.push({
      id: statement.object,
      path: ['object'],
      check: (target) =>
        target?.kind === EntityKind.ISSUE &&
        !categories.includes(target.category as (typeof categories)[number])
          ? `object of ${statement.kind} must be an issue of category ${categories.join(' or ')}, but "${statement.object}" is ${target.category}`
          : undefined,
    });
  }
  const types = spec.subjectTypes;
  if (types) {
    rules.push({
      id: statement.subject,
      path: ['subject'],
      check: (target) =>
        target?.kind === EntityKind.ORGANISATION &&
        !types.includes(target.type as (typeof types)[number])
          ? `subject of ${statement.kind} must be an organisation of type ${types.join(' or ')}, but "${statement.subject}" is ${target.type ?? 'of no type'}`
          : undefined,
    });
  }
  if (statement.subject === statement.object)
    rules.push({ path: ['object'], message: 'subject and object are the same entity' });
  const qualifiers = statement.qualifiers ?? {};
  for (const [name, value] of Object.entries(qualifiers)) {
    const qualifier = QUALIFIERS[name as QualifierName];
    if (qualifier?.type === 'entity')
      rules.push(
        reference(String(value), qualifier.kinds, ['qualifiers', name], `qualifier ${name}`),
      );
  }
  const { since, until } = qualifiers;
  if (typeof since === 'number' && typeof until === 'number' && until < since)
    rules.push({
      path: ['qualifiers', 'until'],
      message: `until (${until}) is before since (${since})`,
    });
  return rules;
}

/** Whether a rule of {@link statementRules} needs an entity to be checked. */
export function isReference(rule: ReferenceRule | RuleProblem): rule is ReferenceRule {
  return 'check' in rule;
}

/**
 * Rules on an entity beyond its shape: a country's codes are ISO 3166-1's, and agree; a
 * project or event does not end before it starts.
 */
export function entityProblems(entity: {
  kind: EntityKind;
  id: string;
  iso2?: string;
  startYear?: number | null;
  endYear?: number | null;
}): RuleProblem[] {
  const { startYear, endYear } = entity;
  if (typeof startYear === 'number' && typeof endYear === 'number' && endYear < startYear)
    return [
      { path: ['endYear'], message: `endYear (${endYear}) is before startYear (${startYear})` },
    ];
  if (entity.kind !== EntityKind.COUNTRY) return [];
  const iso = iso3166.whereAlpha3(entity.id);
  if (!iso)
    return [{ path: ['id'], message: `"${entity.id}" is not an ISO 3166-1 alpha-3 country code` }];
  if (iso.alpha2 !== entity.iso2)
    return [
      {
        path: ['iso2'],
        message: `the alpha-2 code of ${entity.id} is "${iso.alpha2}", not "${entity.iso2}"`,
      },
    ];
  return [];
}

/** What one dataset says of a shared entity, and where, for {@link viewConflict}. */
export interface DeclaredView {
  kind: EntityKind;
  props: Readonly<Record<string, unknown>>;
  /** The dataset's `source.precedence` (0 by default). */
  precedence: number;
  /** Where it says it: `file:line`. */
  at: string;
}

/**
 * The rule on two datasets describing one entity: the same kind, and, at equal precedence,
 * no property said two ways (aliases unite, and what only one says is taken). A dataset of
 * higher precedence wins instead. Undefined when the two agree.
 */
export function viewConflict(
  id: string,
  mine: Omit<DeclaredView, 'at'>,
  theirs: DeclaredView,
): string | undefined {
  if (mine.kind !== theirs.kind)
    return `entity "${id}" is declared as ${mine.kind} here but as ${theirs.kind} in ${theirs.at}`;
  if (mine.precedence !== theirs.precedence) return undefined;
  for (const [key, value] of Object.entries(mine.props)) {
    if (key === 'aliases' || key === 'kind' || value === undefined) continue;
    const other = theirs.props[key];
    if (other === undefined || JSON.stringify(other) === JSON.stringify(value)) continue;
    return `entity "${id}" has ${key} ${JSON.stringify(value)} here but ${JSON.stringify(other)} in ${theirs.at}; give one dataset a higher source.precedence to say which wins`;
  }
  return undefined;
}

/**
 * The warning on an entity declared under a new id with the name of one known under another
 * (`at` says where that one is): the same entity under two ids splits its relations.
 */
export function nearDuplicateWarning(
  id: string,
  kind: EntityKind,
  other: string,
  at: string,
): string {
  return `entity "${id}" has the name of "${other}" (${at}): the same ${kind.toLowerCase()} under two ids? Use one id for one entity`;
}

/** The rule on an evidence record's section: the source has it. */
export function sectionProblem(
  section: string,
  source: { id: string; sections: ReadonlyArray<{ id: string }> },
): string | undefined {
  return source.sections.some((s) => s.id === section)
    ? undefined
    : `section "${section}" is not a section of source "${source.id}"`;
}
