import { EntityName, MentionFinder } from '../ingest/sentences';
import type { EntityInput } from '../ontology/dataset-format';
import { EntityKind } from '../ontology/entities';
import { nameKey } from '../ontology/names';
import { ISSUES, ISSUE_WORDS, PRINCIPLE_WORDS } from './vocabulary';

/*
 * The entities a draft can name and the words that name them: the reference catalogue, the
 * entities of known datasets (or of the graph), common issues, and the new entities proposed
 * for this article. A country is also named by its demonym ("Japanese loans") and its
 * capital ("Moscow wants ..."), which the mention says, since a demonym is weaker evidence.
 */

/** How a mention names its entity. */
export type MentionForm = 'name' | 'demonym' | 'capital' | 'principle-word' | 'pronoun';

export interface Mention {
  id: string;
  kind: EntityKind;
  start: number;
  end: number;
  form: MentionForm;
}

const FORM_SEPARATOR = '\u0001';

export function slugOf(name: string): string {
  return nameKey(name)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 80)
    .replace(/-$/, '');
}

export class Lexicon {
  readonly entities = new Map<string, EntityInput>();
  /** Entities of this draft's own making, with what was guessed of them: declared if used. */
  readonly proposed = new Map<string, string>();
  private readonly names: EntityName[] = [];
  private readonly byName = new Map<string, string>();
  private finder: MentionFinder | undefined;

  /** Adds an entity with every name it answers to; the first entity to take a name keeps it. */
  add(entity: EntityInput, guessed?: string): void {
    if (this.entities.has(entity.id)) return;
    this.entities.set(entity.id, entity);
    if (guessed !== undefined) this.proposed.set(entity.id, guessed);
    const names: Array<[string, MentionForm]> = [[entity.name, 'name']];
    for (const alias of entity.aliases ?? []) names.push([alias, 'name']);
    if ('acronym' in entity && entity.acronym) names.push([entity.acronym, 'name']);
    if (entity.kind === EntityKind.COUNTRY) {
      if (entity.officialName) names.push([entity.officialName, 'name']);
      // Its ISO 3166-1 alpha-3 code, matched in capitals only ("USA", "GBR"); the two-letter
      // codes are left out: "IT" and "NO" are words more often than Italy and Norway.
      names.push([entity.id, 'name']);
      for (const demonym of entity.demonyms ?? []) {
        // "Kittitian or Nevisian" is two demonyms.
        for (const one of demonym.split(/\s+or\s+/)) names.push([one, 'demonym']);
      }
    }
    for (const [name, form] of names) {
      const key = nameKey(name);
      if (key === '') continue;
      if (form === 'name' && !this.byName.has(key)) this.byName.set(key, entity.id);
      this.names.push({ id: `${entity.id}${FORM_SEPARATOR}${form}`, name });
    }
    this.finder = undefined;
  }

  /** Another word for a known entity, of a weaker form than a name. */
  addName(id: string, name: string, form: MentionForm): void {
    if (!this.entities.has(id) || nameKey(name) === '') return;
    this.names.push({ id: `${id}${FORM_SEPARATOR}${form}`, name });
    this.finder = undefined;
  }

  /** The entity a name stands for, if the lexicon knows the name. */
  lookup(name: string): string | undefined {
    return this.byName.get(nameKey(name));
  }

  /**
   * The entities the article names by name: where one word stands for several ("American":
   * the United States, American Samoa, ...), the one the article names is meant.
   */
  readonly prominent = new Set<string>();

  /**
   * Every mention in a text, in order, longer names winning over those they contain. A word
   * that names several entities is the prominent one, or the one it names by name; else none.
   */
  mentions(text: string): Mention[] {
    this.finder ??= new MentionFinder(this.names);
    const all = this.finder.findAll(text).flatMap((found) => {
      const [id = '', form = 'name'] = found.id.split(FORM_SEPARATOR);
      const entity = this.entities.get(id);
      return entity
        ? [{ id, kind: entity.kind, start: found.start, end: found.end, form: form as MentionForm }]
        : [];
    });
    const bySpan = new Map<string, Mention[]>();
    for (const m of all) {
      const span = `${m.start}:${m.end}`;
      bySpan.set(span, [...(bySpan.get(span) ?? []), m]);
    }
    return [...bySpan.values()].flatMap((same) => {
      if (same.length === 1) return same;
      const chosen =
        same.filter((m) => this.prominent.has(m.id)).length === 1
          ? same.filter((m) => this.prominent.has(m.id))
          : same.filter((m) => m.form === 'name');
      return chosen.length === 1 ? chosen : [];
    });
  }
}

/**
 * Adds the common issues of the field ({@link ISSUES}) that the lexicon does not know under
 * any of their names, and the words that name principles ({@link PRINCIPLE_WORDS}).
 */
export function addVocabulary(lexicon: Lexicon): void {
  for (const issue of ISSUES) {
    const names = [issue.name, ...(issue.aliases ?? [])];
    if (names.some((name) => lexicon.lookup(name) !== undefined)) continue;
    const id = slugOf(issue.name);
    if (lexicon.entities.has(id)) continue;
    lexicon.add(
      {
        kind: EntityKind.ISSUE,
        id,
        name: issue.name,
        category: issue.category,
        ...(issue.aliases ? { aliases: issue.aliases } : {}),
      },
      'a common issue of the field',
    );
  }
  for (const [issue, words] of Object.entries(ISSUE_WORDS)) {
    const id = lexicon.lookup(issue);
    if (id !== undefined) for (const word of words) lexicon.addName(id, word, 'name');
  }
  for (const [principle, words] of Object.entries(PRINCIPLE_WORDS)) {
    const id = lexicon.lookup(principle);
    if (id === undefined) continue;
    for (const word of words) lexicon.addName(id, word, 'principle-word');
  }
}

/** Adds each country's capital city as a way to name it ("Moscow wants ..."). */
export function addCapitals(
  lexicon: Lexicon,
  capitals: ReadonlyArray<{ cca3: string; capital?: readonly string[] }>,
): void {
  for (const country of capitals) {
    for (const capital of country.capital ?? []) {
      // "Washington, D.C." and "Washington D.C." are both "Washington" in prose.
      const name = capital
        .split(',')[0]
        ?.replace(/\s+[A-Z]\.[A-Z]\.$/, '')
        .trim();
      if (name) lexicon.addName(country.cca3, name, 'capital');
    }
  }
}
