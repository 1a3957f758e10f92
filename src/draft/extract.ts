import type { Sentence } from '../ingest/sentences';
import { EntityInput, MAX_QUOTE_WORDS, quoteWords } from '../ontology/dataset-format';
import { EntityKind } from '../ontology/entities';
import {
  QUALIFIERS,
  QualifierName,
  RELATION_KIND_SPECS,
  RelationKind,
} from '../ontology/relations';
import { CLAUSE_BREAK, CUES, Cue, DIPLOMATIC_CHANGE_WORDS, LEVEL_WORDS, modalityOf } from './cues';
import { Lexicon, Mention, slugOf } from './lexicon';
import type { DraftStatement } from './write';

/*
 * Statements from one sentence: each cue that matches a clause proposes its kind between the
 * mentions around it, where the ontology allows those kinds of entity; qualifiers are read
 * from the clause, the modality from its verbs, and the quote is the shortest stretch of the
 * sentence that holds the subject (when named), the cue and the objects.
 */

/** What extraction knows beyond the sentence. */
export interface SentenceContext {
  lexicon: Lexicon;
  /** The article's own country: the subject of a clause that names none. */
  home: string | undefined;
  /** The other party of the section ("Relations with Russia"): "the two countries". */
  topic: string | undefined;
  /** The party the section's heading names ("Relations with Russia"). */
  headingTopic?: string | undefined;
  /** The organisation "the association" or "the bloc" refers to. */
  organisation?: string | undefined;
  /** A section about the future: its statements are aims and forecasts, not facts. */
  forward: boolean;
}

interface Span {
  start: number;
  end: number;
}

const YEAR = /\b(1[89]\d\d|20\d\d)\b/g;
const HOME_WORDS =
  /\b(?:the (?:country|nation|kingdom|republic|state|government|island nation)(?!s)|it|its|itself)\b/gi;
/** What refers back to the organisation a section last named. */
const ORGANISATION_WORDS = /\bthe (?:association|organi[sz]ation|bloc|grouping|alliance|body)\b/gu;
const PAIR_WORDS =
  /\bthe two(?: (?:countries|states|nations|sides|governments|neighbours|neighbors|parties))?\b/gi;
/** Words after which a mention is not the subject of its clause: "with the help of ASEAN". */
const PREPOSITION =
  /\b(?:of|in|to|with|for|from|on|at|by|into|over|about|against|between|among|through|under|via|than|across|toward|towards|like)\s+(?:the\s+|its\s+|a\s+|an\s+)?(?:[\p{Ll}-]+\s+)?$/iu;
/** The words between two mentions of one list: ", ", " and ", ", and ", " or ". */
const LIST_GAP =
  /^(?:\s+in (?:1[89]\d\d|20\d\d))?\s*(?:,\s*(?:and\s+|or\s+|as well as\s+)?|\s*and\s+|\s*or\s+|\s*as well as\s+)(?:(?:of|in|to|with)\s+)?(?:the\s+|its\s+)?(?:(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|\d+(?:st|nd|rd|th))\s+)?$/i;
const ADHERENCE =
  /\b(?:principl\w*|values?|polic\w*|adher\w*|commit\w*|uphold\w*|priorit\w*|foundation|stance|describes?|goals?|guided|governed|based on|respect\w*|neutral\w*|seeks?|pursu\w*|diplomacy)\b/i;

function words(text: string): number {
  return text.split(/\s+/).filter((w) => w !== '').length;
}

/** The clauses of a sentence, as spans. */
function clausesOf(text: string): Span[] {
  const spans: Span[] = [];
  let from = 0;
  for (const match of text.matchAll(CLAUSE_BREAK)) {
    spans.push({ start: from, end: match.index });
    from = match.index + match[0].length;
  }
  spans.push({ start: from, end: text.length });
  return spans.filter((s) => s.end > s.start);
}

/** The mentions listed with `first` ("A, B and C"), in the given direction, `first` included. */
function listFrom(
  text: string,
  mentions: readonly Mention[],
  first: number,
  step: 1 | -1,
): Mention[] {
  const list: Mention[] = [];
  let i = first;
  let current = mentions[i];
  while (current) {
    list.push(current);
    const next = mentions[i + step];
    if (!next) break;
    const gap =
      step === 1 ? text.slice(current.end, next.start) : text.slice(next.end, current.start);
    // A word or two of description between list items ("education initiatives, ...") breaks it.
    if (!LIST_GAP.test(gap) && !(step === 1 && /^\s*\w+\s*,\s*(?:and\s+)?$/.test(gap))) break;
    i += step;
    current = next;
  }
  return list;
}

function allowedSubject(kind: RelationKind, mention: Mention, lexicon: Lexicon): boolean {
  const spec = RELATION_KIND_SPECS[kind];
  if (!spec.subjects.includes(mention.kind)) return false;
  if (spec.subjectTypes) {
    const entity = lexicon.entities.get(mention.id);
    const type = entity && 'type' in entity ? entity.type : undefined;
    if (!spec.subjectTypes.includes(type as never)) return false;
  }
  return mention.form !== 'principle-word';
}

function allowedObject(kind: RelationKind, mention: Mention, lexicon: Lexicon): boolean {
  const spec = RELATION_KIND_SPECS[kind];
  if (!spec.objects.includes(mention.kind)) return false;
  if (spec.objectCategories && mention.kind === EntityKind.ISSUE) {
    const entity = lexicon.entities.get(mention.id);
    const category = entity && 'category' in entity ? entity.category : undefined;
    if (!spec.objectCategories.includes(category as never)) return false;
  }
  // Only principles are named by adjectives ("a neutral policy"), and only ADHERES_TO says so.
  if (mention.form === 'principle-word') return kind === RelationKind.ADHERES_TO;
  // "the Mongolian state", "Mongolian goods": a demonym is an object only of whom is trained.
  if (mention.form === 'demonym') return kind === RelationKind.TRAINS;
  return true;
}

/** Sums of money: "285 million dollars", "$1.2 billion", "a one-billion-dollar line". */
function amountIn(text: string): { amount: number; currency: string } | undefined {
  const currencies: Record<string, string> = {
    dollar: 'USD',
    dollars: 'USD',
    $: 'USD',
    us$: 'USD',
    usd: 'USD',
    euro: 'EUR',
    euros: 'EUR',
    '€': 'EUR',
    yen: 'JPY',
    yuan: 'CNY',
    renminbi: 'CNY',
    pounds: 'GBP',
    '£': 'GBP',
  };
  const scale: Record<string, number> = {
    thousand: 1e3,
    million: 1e6,
    billion: 1e9,
    trillion: 1e12,
  };
  const numberWords: Record<string, number> = {
    one: 1,
    two: 2,
    three: 3,
    four: 4,
    five: 5,
    ten: 10,
    half: 0.5,
  };
  let m = /(US\$|\$|€|£)\s?(\d[\d,.]*)\s*(thousand|million|billion|trillion)?/i.exec(text);
  if (m) {
    const value = Number((m[2] ?? '').replace(/,/g, '')) * (scale[(m[3] ?? '').toLowerCase()] ?? 1);
    const currency = currencies[(m[1] ?? '').toLowerCase()];
    if (value > 0 && currency) return { amount: Math.round(value), currency };
  }
  m =
    /\b(\d[\d,.]*|one|two|three|four|five|ten|half)[\s-](thousand|million|billion|trillion)[\s-](dollars?|euros?|yen|yuan|renminbi|pounds)\b/i.exec(
      text,
    );
  if (m) {
    const raw = (m[1] ?? '').toLowerCase();
    const base = numberWords[raw] ?? Number(raw.replace(/,/g, ''));
    const value = base * (scale[(m[2] ?? '').toLowerCase()] ?? 1);
    const currency = currencies[(m[3] ?? '').toLowerCase()];
    if (value > 0 && currency) return { amount: Math.round(value), currency };
  }
  return undefined;
}

/** A list of short items after `from`: "in fields including defence, infrastructure and trade". */
function listAfter(text: string, lead: RegExp): string[] {
  const m = lead.exec(text);
  if (!m) return [];
  const rest = text.slice(m.index + m[0].length);
  const stop =
    /[.;:()]|\s(?:with|to|from|for|since|in \d|by|which|that|while|but|among other)\s/i.exec(rest);
  const body = (stop ? rest.slice(0, stop.index) : rest).trim();
  const items = body
    .split(/\s*,\s*(?:and\s+|or\s+)?|\s+and\s+|\s+or\s+/)
    .map((item) => item.trim().replace(/^(?:the|its|their)\s+/i, ''))
    .filter((item) => item !== '' && words(item) <= 3 && !/\d/.test(item));
  return items.length <= 6 ? items : [];
}

/** Qualifiers a statement's kind takes, read from its clause around the cue. */
function qualifiersOf(
  kind: RelationKind,
  clause: string,
  cueAt: Span,
  subject: string,
  object: Mention,
  mentions: readonly Mention[],
  context: SentenceContext,
): { values: DraftStatement['qualifiers']; spans: Span[] } {
  const allowed = new Set<string>(RELATION_KIND_SPECS[kind].qualifiers);
  const values: DraftStatement['qualifiers'] = {};
  const spans: Span[] = [];

  // Years: "from 2003 to 2008" is a span, "since 1955" a start, otherwise the kind decides.
  const years = [...clause.matchAll(YEAR)].map((m) => ({ year: Number(m[1]), at: m.index }));
  const range =
    /\bfrom (1[89]\d\d|20\d\d) (?:to|until|till) (1[89]\d\d|20\d\d)\b/.exec(clause) ??
    /\((1[89]\d\d|20\d\d)\s*[–-]\s*(1[89]\d\d|20\d\d)\)/.exec(clause);
  if (range && allowed.has('since') && allowed.has('until')) {
    values.since = Number(range[1]);
    values.until = Number(range[2]);
    spans.push({ start: range.index, end: range.index + range[0].length });
  } else if (years.length > 0) {
    // "joined the UN in 1961 and the WTO in 1995": the year right after the object is its own.
    const own = years.find((y) => /^\s+(?:in|since)\s+$/.test(clause.slice(object.end, y.at)));
    const nearest =
      own ??
      [...years].sort((a, b) => Math.abs(a.at - cueAt.start) - Math.abs(b.at - cueAt.start))[0];
    if (nearest) {
      const before = clause.slice(Math.max(0, nearest.at - 12), nearest.at).toLowerCase();
      const name: QualifierName | undefined = /\b(?:until|till)\s+$/.test(before)
        ? 'until'
        : /\b(?:since|from)\s+$/.test(before)
          ? 'since'
          : allowed.has('year') &&
              !(
                [RelationKind.MEMBER_OF, RelationKind.PARTNER_OF, RelationKind.PARTY_TO] as string[]
              ).includes(kind)
            ? 'year'
            : 'since';
      if (allowed.has(name)) {
        values[name] = nearest.year;
        // The quote keeps the preposition that says what the year is: "in 1999".
        const lead = /\b(?:in|since|from|until|by)\s+$/i.exec(clause.slice(0, nearest.at));
        spans.push({ start: lead ? lead.index : nearest.at, end: nearest.at + 4 });
      }
    }
  }

  if (allowed.has('level')) {
    const window = clause.slice(Math.max(0, cueAt.start - 40), cueAt.end + 10);
    const level = LEVEL_WORDS.find(([pattern]) => pattern.test(window));
    if (level) values.level = level[1];
  }
  if (allowed.has('change')) {
    const change = DIPLOMATIC_CHANGE_WORDS.find(([pattern]) => pattern.test(clause));
    values.change = change ? change[1] : 'established';
  }
  if (allowed.has('fields')) {
    const fields = listAfter(
      clause.slice(cueAt.end),
      /^\s+(?:closely\s+)?(?:together\s+)?(?:in|on)\s+(?:(?:the\s+)?(?:fields?|areas?|sectors?|matters?)\s+(?:of|including|such as|like)\s+)?/i,
    );
    // "Defence cooperation", not "Japanese cooperation": a field is a common noun.
    const before = /\b([a-z]+) (?:cooperation|co-operation|training)\b/.exec(
      clause.toLowerCase() === clause ? clause : clause.replace(/\b[A-Z]\w*\b/g, 'X'),
    );
    if (fields.length > 0) values.fields = fields;
    else if (
      before?.[1] &&
      !/^(?:close|closer|deep|deeper|strong|regional|bilateral|good)$/i.test(before[1])
    )
      values.fields = [before[1].toLowerCase()];
  }
  if (allowed.has('products')) {
    const products = listAfter(
      clause,
      /\b(?:goods including|including|chiefly|such as|mainly|mostly|notably|above all|especially|exports of|supplies (?:nearly all |most |some )?of [\w’']+\s|export(?:s|ed|ing)?|sells?|sold|ships?|shipped)\s+(?:(?:its|their|the)\s+)?/i,
    );
    if (products.length > 0) values.products = products;
  }
  if (allowed.has('amount')) {
    const money = amountIn(clause);
    if (money) {
      values.amount = money.amount;
      values.currency = money.currency;
    }
  }
  // Entity qualifiers: the country of a funded sector, the channel, whom a concern is about.
  const others = mentions.filter((m) => m.id !== subject && m.id !== object.id);
  if (allowed.has('via')) {
    const via = others.find((m) => {
      const before = clause.slice(Math.max(0, m.start - 25), m.start).toLowerCase();
      return (
        (QUALIFIERS.via.kinds as readonly EntityKind[]).includes(m.kind) &&
        /\b(?:through|via|under|with the help of|by way of)\s+(?:the\s+|its\s+)?(?:[\w’']+\s+)?$/.test(
          before,
        )
      );
    });
    if (via) {
      values.via = via.id;
      spans.push(via);
    }
  }
  if (
    allowed.has('in') &&
    (object.kind === EntityKind.ISSUE || object.kind === EntityKind.PROJECT)
  ) {
    const explicit = others.find(
      (m) =>
        m.kind === EntityKind.COUNTRY &&
        m.start > object.end &&
        /\bin\s+$/.test(clause.slice(Math.max(0, m.start - 5), m.start)),
    );
    const where = explicit?.id ?? (subject !== context.home ? context.home : undefined);
    if (where && where !== subject) values.in = where;
    if (explicit) spans.push(explicit);
  }
  if (allowed.has('purpose')) {
    const purpose = others.find(
      (m) => (m.kind === EntityKind.PROJECT || m.kind === EntityKind.ISSUE) && m.start >= cueAt.end,
    );
    if (purpose) {
      values.purpose = purpose.id;
      spans.push(purpose);
    }
  }
  if (allowed.has('regarding')) {
    const actors = others.filter(
      (m) => m.kind === EntityKind.COUNTRY || m.kind === EntityKind.ORGANISATION,
    );
    // Whom a concern or a dependence is about comes after its cue, when the clause says.
    const regarding = actors.find((m) => m.start >= cueAt.end) ?? actors[0];
    const who = regarding?.id ?? (subject !== context.home ? context.home : undefined);
    if (who && who !== subject) values.regarding = who;
  }
  if (allowed.has('event') && object.kind === EntityKind.ORGANISATION) {
    const after = clause.slice(object.end);
    const summit = /^\s+(summit|meeting|conference|games|forum)\b/i.exec(after);
    if (summit) values.event = clause.slice(object.start, object.end + summit[0].length).trim();
  }
  return { values, spans };
}

/** The shortest stretch of the sentence covering the spans, of at most MAX_QUOTE_WORDS words. */
function quoteOf(text: string, required: Span[], optional: Span[]): string | undefined {
  const cover = (spans: Span[]) => {
    const start = Math.min(...spans.map((s) => s.start));
    const end = Math.max(...spans.map((s) => s.end));
    return text
      .slice(start, end)
      .replace(/[\s,;:]+$/u, '')
      .trim();
  };
  const withOptional = cover([...required, ...optional]);
  if (quoteWords(withOptional) <= 20) return withOptional;
  const plain = cover(required);
  return quoteWords(plain) <= MAX_QUOTE_WORDS ? plain : undefined;
}

/** The statements one sentence states. */
export function extractSentence(sentence: Sentence, context: SentenceContext): DraftStatement[] {
  const { lexicon, home } = context;
  const text = sentence.text;
  const out: DraftStatement[] = [];
  // Only prose states things: a line without a sentence's end is a title or a link.
  if (!/[.!?]["”’)]*$/u.test(text)) return out;
  const found = lexicon.mentions(text);

  // The article's country, named by a pronoun or "the country", where no name covers it.
  const covered = (at: number) => found.some((m) => at >= m.start && at < m.end);
  /** Mentions of `id` where `pattern` matches outside every name. */
  const referring = (pattern: RegExp, id: string, kind: EntityKind): Mention[] =>
    [...text.matchAll(pattern)]
      .filter((m) => !covered(m.index))
      .map((m) => ({
        id,
        kind,
        start: m.index,
        end: m.index + m[0].length,
        // "the country" can be an object too; "it" and "its" only a subject.
        form: /^it/i.test(m[0]) ? 'pronoun' : 'name',
      }));
  const homeRefs = home ? referring(HOME_WORDS, home, EntityKind.COUNTRY) : [];
  // "It chaired the association in 2019": the organisation the section last named (lower case
  // only: "the Organization for Security ..." is a name).
  if (context.organisation) {
    found.push(...referring(ORGANISATION_WORDS, context.organisation, EntityKind.ORGANISATION));
    found.sort((a, b) => a.start - b.start);
  }
  const pairs = [...text.matchAll(PAIR_WORDS)].map((m) => ({
    start: m.index,
    end: m.index + m[0].length,
  }));

  for (const clause of clausesOf(text)) {
    const inClause = (m: Span) => m.start >= clause.start && m.end <= clause.end;
    const mentions = found.filter(inClause);
    const refs = homeRefs.filter(inClause);
    const clauseText = text.slice(clause.start, clause.end);
    const modality = modalityOf(clauseText, context.forward);
    const pair = pairs.find(inClause);

    const emit = (
      cue: { kind: RelationKind; confidence: number; name: string },
      cueAt: Span,
      subject: Mention | undefined,
      objects: Mention[],
      factor: number,
      fixed: DraftStatement['qualifiers'] = {},
    ) => {
      const subjectId = subject?.id ?? home;
      if (!subjectId) return;
      for (const object of objects) {
        if (object.id === subjectId) continue;
        const local = {
          start: cueAt.start - clause.start,
          end: cueAt.end - clause.start,
        };
        const { values, spans } = qualifiersOf(
          cue.kind,
          clauseText,
          local,
          subjectId,
          { ...object, start: object.start - clause.start, end: object.end - clause.start },
          mentions.map((m) => ({ ...m, start: m.start - clause.start, end: m.end - clause.start })),
          context,
        );
        Object.assign(values, fixed);
        const required: Span[] = [cueAt, object];
        if (subject) required.push(subject);
        const quote = quoteOf(
          text,
          required,
          spans.map((s) => ({ start: s.start + clause.start, end: s.end + clause.start })),
        );
        if (!quote) continue;
        const distance = words(
          text.slice(Math.min(cueAt.end, object.end), Math.max(cueAt.start, object.start)),
        );
        let confidence = cue.confidence * factor;
        if (distance > 8) confidence *= 0.8;
        if (subject?.form === 'demonym' || object.form === 'demonym') confidence *= 0.85;
        if (modality !== 'fact') confidence *= 0.9;
        // "in 2012 and again in 2022": one statement per year.
        const variants = [values];
        if (typeof values.year === 'number' && REPEATED_KINDS.has(cue.kind)) {
          const more = new RegExp(
            `\\b${values.year}((?:\\s*,\\s*|\\s+and\\s+)(?:again\\s+)?(?:in\\s+)?(?:1[89]\\d\\d|20\\d\\d))+`,
          ).exec(clauseText);
          for (const y of (more?.[1] ?? '').matchAll(YEAR))
            variants.push({ ...values, year: Number(y[1]) });
        }
        for (const qualifiers of variants)
          out.push({
            kind: cue.kind,
            subject: subjectId,
            object: object.id,
            qualifiers,
            modality,
            section: sentence.section,
            quote,
            confidence: Math.round(confidence * 100) / 100,
            cue: `${cue.kind} "${cue.name}"`,
            sentence: sentence.index,
            origin: 'rules',
          });
      }
    };

    // Passive cues first: "loans from X" is not also "loans" lent to X.
    const passiveAt: Array<Span & { kind: RelationKind }> = [];
    const ordered = [...CUES].sort(
      (a, b) => Number(b.passive ?? false) - Number(a.passive ?? false),
    );
    for (const cue of ordered) {
      for (const match of clauseText.matchAll(cue.pattern)) {
        const cueAt = {
          start: clause.start + match.index,
          end: clause.start + match.index + match[0].length,
        };
        // A cue inside a name ("Shanghai Cooperation Organisation") is part of the name; so is
        // a capitalised one inside the sentence ("a Partnership and Cooperation Agreement").
        if (found.some((m) => cueAt.start < m.end && cueAt.end > m.start)) continue;
        if (cueAt.start > 0 && /^\p{Lu}/u.test(match[0])) continue;
        const overlaps = (p: Span & { kind: RelationKind }) =>
          p.kind === cue.kind && cueAt.start < p.end && cueAt.end > p.start;
        if (!cue.passive && passiveAt.some(overlaps)) continue;
        if (cue.passive) passiveAt.push({ ...cueAt, kind: cue.kind });
        applyCue(cue, match[0], cueAt, mentions, refs, pair, text, context, emit);
      }
    }

    // Principles: a clause about the country's policy that names principles holds to them.
    const strong = ADHERENCE.test(clauseText);
    const principles = mentions.filter(
      (m) =>
        allowedObject(RelationKind.ADHERES_TO, m, lexicon) &&
        (strong || m.form !== 'principle-word'),
    );
    if (principles.length > 0 && home) {
      const first = principles[0] as Mention;
      const subject = [...mentions, ...refs]
        .filter((m) => m.end <= first.start && allowedSubject(RelationKind.ADHERES_TO, m, lexicon))
        .pop();
      for (const principle of principles) {
        emit(
          { kind: RelationKind.ADHERES_TO, confidence: strong ? 0.75 : 0.45, name: 'principle' },
          principle,
          subject?.kind === EntityKind.COUNTRY ? subject : undefined,
          [principle],
          1,
        );
      }
    }

    // "An Economic Partnership Agreement signed in 2015": the country and, when the section is
    // about one other party, that party signed it.
    for (const agreement of mentions.filter((m) => m.kind === EntityKind.AGREEMENT)) {
      const signed = /^\s+(?:was\s+|were\s+)?(?:signed|concluded|ratified)\b/i.exec(
        text.slice(agreement.end),
      );
      if (!signed || !home) continue;
      if (mentions.some((m) => m.end <= agreement.start && m.kind !== EntityKind.AGREEMENT))
        continue;
      const cueAt = { start: agreement.end, end: agreement.end + signed[0].length };
      const parties = [homeMention(home, cueAt)];
      if (context.topic && context.topic !== home)
        parties.push(topicMention(context.topic, lexicon, cueAt));
      for (const party of parties)
        emit(
          { kind: RelationKind.PARTY_TO, confidence: 0.6, name: signed[0].trim() },
          cueAt,
          party,
          [agreement],
          1,
          { role: 'signatory' },
        );
    }

    // Where a project or event is: "the X railway in Kenya", "across Mongolia".
    for (const place of mentions.filter(
      (m) => m.kind === EntityKind.PROJECT || m.kind === EntityKind.EVENT,
    )) {
      const country = mentions.find(
        (m) =>
          m.kind === EntityKind.COUNTRY &&
          m.form === 'name' &&
          m.start > place.end &&
          /^[^,;]{0,40}\b(?:in|across|at|near|through)\s+(?:the\s+)?$/i.test(
            text.slice(place.end, m.start),
          ),
      );
      if (country)
        out.push({
          kind: RelationKind.LOCATED_IN,
          subject: place.id,
          object: country.id,
          qualifiers: {},
          modality: 'fact',
          section: sentence.section,
          quote: text.slice(place.start, country.end),
          confidence: 0.6,
          cue: `LOCATED_IN "${text.slice(place.end, country.start).trim()}"`,
          sentence: sentence.index,
          origin: 'rules',
        });
    }
  }
  return out.filter((s) => quoteWords(s.quote) <= MAX_QUOTE_WORDS);
}

type Emit = (
  cue: { kind: RelationKind; confidence: number; name: string },
  cueAt: Span,
  subject: Mention | undefined,
  objects: Mention[],
  factor: number,
  fixed?: DraftStatement['qualifiers'],
) => void;

/** Finds a cue's subject and objects among the clause's mentions and emits its statements. */
function applyCue(
  cue: Cue,
  name: string,
  cueAt: Span,
  mentions: readonly Mention[],
  refs: readonly Mention[],
  pair: Span | undefined,
  text: string,
  context: SentenceContext,
  emit: Emit,
): void {
  const { lexicon, home, topic } = context;
  const kind = cue.kind;
  const spec = RELATION_KIND_SPECS[kind];
  const named = { kind, confidence: cue.confidence, name: name.toLowerCase() };
  // Only a principle is held to; a sector is funded, promoted or tackled.
  const objectOk = (m: Mention) =>
    allowedObject(kind, m, lexicon) &&
    (kind === RelationKind.ADHERES_TO || !isPrinciple(m, lexicon));
  const subjectOk = (m: Mention) => allowedSubject(kind, m, lexicon);
  // "the country" may be an object ("a donor to the nation"); "it" may not.
  const objectRefs = refs.filter((r) => r.form === 'name');
  const left = mentions.filter((m) => m.end <= cueAt.start);
  const right = [...mentions, ...objectRefs]
    .filter((m) => m.start >= cueAt.end)
    .sort((a, b) => a.start - b.start);
  const near = (m: Mention) => words(text.slice(cueAt.end, m.start)) <= 12;
  const homeObject = home ? homeMention(home, cueAt) : undefined;

  // "Ties with Mexico soured": a relation that went bad is no cooperation.
  if (
    (kind === RelationKind.COOPERATES_WITH || kind === RelationKind.PARTNER_OF) &&
    /\b(?:sour\w*|deteriorat\w*|strain\w*|cool(?:ed|ing)|worsen\w*|broke|collapsed|frozen)\b/i.test(
      text,
    )
  )
    return;
  if (kind === RelationKind.PARTNER_OF && /partnership$/i.test(name)) {
    // "a raw materials partnership" is an agreement's subject matter, not a partnership level.
    const before = text.slice(Math.max(0, cueAt.start - 30), cueAt.start);
    if (
      !/\b(?:strategic|comprehensive|special|all-weather|ironclad|close|closer|enhanced)\s+(?:[\p{Ll}-]+\s+){0,2}$/iu.test(
        before,
      )
    )
      return;
  }

  if (cue.objectBefore) {
    const object = left[left.length - 1];
    if (!object || !objectOk(object) || words(text.slice(object.end, cueAt.start)) > 0) return;
    const subjects = subjectsBefore(
      text,
      [...left.slice(0, -1), ...refs.filter((r) => r.end <= object.start)],
      cueAt,
      subjectOk,
    );
    if (subjects.length === 0) emit(named, cueAt, undefined, [object], 0.9);
    for (const subject of subjects) emit(named, cueAt, subject, [object], 1);
    return;
  }

  if (cue.passive) {
    // "loans from A, B and C": subjects after; the object just before, or the article's country.
    const firstSubject = right.findIndex(subjectOk);
    // "China ..., taking above all copper": what a buyer takes is the country's export.
    if (
      (firstSubject === -1 || !near(right[firstSubject] as Mention)) &&
      kind === RelationKind.EXPORTS_TO &&
      home
    ) {
      const buyer = subjectsBefore(text, left, cueAt, objectOk)[0];
      if (buyer && buyer.id !== home) emit(named, cueAt, homeMention(home, cueAt), [buyer], 0.7);
      return;
    }
    if (firstSubject === -1 || !near(right[firstSubject] as Mention)) return;
    const subjects = listFrom(text, right, firstSubject, 1).filter(subjectOk);
    // "Mongolia borrowed from X", "The bridge was built with funds from X": the object is
    // right before the cue, or the clause's subject.
    const adjacent = left.filter((m) => objectOk(m) && words(text.slice(m.end, cueAt.start)) <= 3);
    const clauseSubject = subjectsBefore(
      text,
      [...left, ...refs.filter((r) => r.end <= cueAt.start)],
      cueAt,
      objectOk,
    );
    const passiveVoice =
      /\b(?:was|were|is|are|been|being)\s+(?:[\p{Ll}-]+\s+){0,2}$/u.test(
        text.slice(Math.max(0, cueAt.start - 40), cueAt.start),
      ) || /^(?:buys|buying|imports?)/i.test(name);
    const objects =
      adjacent.length > 0 ? adjacent.slice(-1) : passiveVoice ? clauseSubject.slice(0, 1) : [];
    for (const subject of subjects) {
      if (objects.length > 0) emit(named, cueAt, subject, objects, 1);
      else if (homeObject && objectOk(homeObject)) emit(named, cueAt, subject, [homeObject], 0.75);
    }
    return;
  }

  const subjects = subjectsBefore(
    text,
    [...left, ...refs.filter((r) => r.end <= cueAt.start)],
    cueAt,
    subjectOk,
  );

  // Objects: the nearest allowed mention after the cue and those listed with it.
  const objectIndex = right.findIndex(objectOk);
  let objects =
    objectIndex === -1 || !near(right[objectIndex] as Mention)
      ? []
      : listFrom(text, right, objectIndex, 1).filter(objectOk);
  // "a donor to Cambodia, concentrating on disaster relief, education, ...": the sectors too.
  const first = objects[0];
  if (first?.kind === EntityKind.COUNTRY && MONEY_KINDS.has(kind)) {
    const sectors = right.filter(
      (m) => m.start > first.end && m.kind === EntityKind.ISSUE && objectOk(m),
    );
    objects = [...objects, ...sectors];
  }
  // "dependent on China": the exposure is dependence, on whom the cue names.
  if (
    kind === RelationKind.EXPOSED_TO &&
    objects.length === 0 &&
    lexicon.entities.has(DEPENDENCE) &&
    /^depend|^relian|^relies/i.test(name)
  ) {
    const on = right.find(
      (m) => m.kind === EntityKind.COUNTRY || m.kind === EntityKind.ORGANISATION,
    );
    const dependence = {
      id: DEPENDENCE,
      kind: EntityKind.ISSUE,
      start: cueAt.start,
      end: cueAt.end,
      form: 'name' as const,
    };
    for (const whom of on ? listFrom(text, right, right.indexOf(on), 1) : [])
      emit(named, { start: cueAt.start, end: whom.end }, subjects[0], [dependence], 0.9, {
        regarding: whom.id,
      });
    return;
  }

  // "The two countries work together": the article's country and the section's other party.
  // "tackling illegal fishing", "financed coca eradication and alternative development": a
  // cause the lexicon does not know, read from the words after the cue, is a new issue.
  if (objects.length === 0 && ISSUE_KINDS.has(kind)) objects = newIssues(text, cueAt, lexicon);

  // "the UN climate change conference COP20": the event, not the body that holds it.
  const holder = objects[0];
  const event = holder && right.find((m) => m.start > holder.end && m.kind === EntityKind.EVENT);
  if (
    holder?.kind === EntityKind.ORGANISATION &&
    event &&
    objectOk(event) &&
    words(text.slice(holder.end, event.start)) <= 4 &&
    !/[,;]/.test(text.slice(holder.end, event.start))
  )
    objects = [event];
  // "UN peacekeeping": the cause is the object, the body it runs through its channel.
  const body = objects[0];
  const cause = body && right[right.indexOf(body) + 1];
  if (
    body?.kind === EntityKind.ORGANISATION &&
    cause?.kind === EntityKind.ISSUE &&
    objectOk(cause) &&
    /^\s+$/.test(text.slice(body.end, cause.start))
  ) {
    const via: DraftStatement['qualifiers'] = RELATION_KIND_SPECS[kind].qualifiers.includes('via')
      ? { via: body.id }
      : {};
    for (const s of subjects.length > 0 ? subjects : [undefined])
      emit(named, cueAt, s, [cause], 1, via);
    return;
  }
  // "Full relations were restored later", "Defence cooperation remains close": in a section
  // about one other party, a symmetric relation with no party named is the country's with it.
  if (
    spec.symmetric &&
    objects.length === 0 &&
    subjects.length === 0 &&
    !pair &&
    home &&
    context.headingTopic &&
    home !== context.headingTopic &&
    lexicon.entities.get(context.headingTopic)?.kind === EntityKind.COUNTRY &&
    mentions.every((m) => m.id === home || m.id === context.headingTopic)
  ) {
    emit(
      named,
      cueAt,
      homeMention(home, cueAt),
      [topicMention(context.headingTopic, lexicon, cueAt)],
      0.6,
    );
    return;
  }
  if (objects.length === 0 && subjects.length === 0 && pair && home && topic && home !== topic) {
    // Which of the two is meant is not said for a directed kind: nothing is proposed.
    if (spec.symmetric)
      emit(named, cueAt, homeMention(home, pair), [topicMention(topic, lexicon, pair)], 0.9);
    return;
  }
  // "A and B cooperate": two subjects of a symmetric kind, no object.
  if (spec.symmetric && objects.length === 0 && subjects.length >= 2) {
    const [a, ...rest] = subjects;
    if (a) emit(named, cueAt, a, rest, 1);
    return;
  }
  // "China is Mongolia's largest trading partner": the possessor is the object of the subject.
  const possessor = subjects.length === 1 ? subjects[0] : undefined;
  if (
    objects.length === 0 &&
    possessor &&
    /^['’]s\s/u.test(text.slice(possessor.end, possessor.end + 3)) &&
    objectOk(possessor)
  ) {
    const earlier = left.find(
      (m) =>
        m.end <= possessor.start &&
        subjectOk(m) &&
        m.id !== possessor.id &&
        !PREPOSITION.test(text.slice(Math.max(0, m.start - 40), m.start)),
    );
    if (earlier) {
      emit(named, cueAt, earlier, [possessor], 0.85);
      return;
    }
  }
  // "Thailand joined China, Laos and Vietnam in launching the X": those it joined are parties.
  const agreementAt = objects[0];
  if (kind === RelationKind.PARTY_TO && agreementAt && /^joined$/i.test(name)) {
    const between = right.filter(
      (m) =>
        m.end <= agreementAt.start &&
        m.kind === EntityKind.COUNTRY &&
        m.form === 'name' &&
        words(text.slice(cueAt.end, m.start)) <= 1,
    );
    const joined = between[0]
      ? listFrom(text, right, right.indexOf(between[0]), 1).filter(subjectOk)
      : [];
    for (const party of joined) emit(named, cueAt, party, objects, 0.85);
  }
  // "Germany signed a partnership with Mongolia", "launched the Pacific Alliance with Chile":
  // who it was agreed or founded with is a party or member too.
  if (
    (kind === RelationKind.PARTY_TO || kind === RelationKind.MEMBER_OF) &&
    objects.length > 0 &&
    /^(?:signed|signs|signing|agreed|concluded?|launched|founded|co-founded)$/i.test(name)
  ) {
    const partners = right.filter(
      (m) =>
        subjectOk(m) &&
        m.form === 'name' &&
        /\bwith\s+(?:the\s+)?$/i.test(text.slice(Math.max(0, m.start - 10), m.start)),
    );
    const also = partners
      .flatMap((p) => listFrom(text, right, right.indexOf(p), 1))
      .filter(subjectOk);
    for (const partner of also) emit(named, cueAt, partner, objects, 0.8);
  }
  // "Lima broke them off": the country and the section's last other country.
  if (
    spec.symmetric &&
    objects.length === 0 &&
    subjects.length === 1 &&
    subjects[0]?.id === home &&
    topic &&
    topic !== home &&
    lexicon.entities.get(topic)?.kind === EntityKind.COUNTRY
  ) {
    emit(named, cueAt, subjects[0], [topicMention(topic, lexicon, cueAt)], 0.6);
    return;
  }
  if (objects.length === 0) {
    // "Climate change is a central concern": an issue before the cue, the country's.
    const issue = [...left].reverse().find((m) => m.kind === EntityKind.ISSUE && objectOk(m));
    if (issue && subjects.length === 0) {
      emit(named, cueAt, undefined, [issue], 0.7);
      return;
    }
    // "Japan has long been a donor": the object is the article's country.
    if (!homeObject || !objectOk(homeObject)) return;
    objects = [homeObject];
    for (const subject of subjects)
      if (subject.id !== home) emit(named, cueAt, subject, objects, 0.7);
    return;
  }
  if (subjects.length === 0) {
    // "With investments in tourism, South Korea has ...": the subject after the opening phrase.
    const after = mentions.find(
      (m) =>
        m.start >= cueAt.end &&
        subjectOk(m) &&
        /,\s*(?:the\s+)?$/.test(text.slice(Math.max(0, m.start - 8), m.start)) &&
        /^\s+(?:has|have|is|are|was|were|had|\w+ed|\w+s)\b/.test(text.slice(m.end, m.end + 12)),
    );
    if (after) {
      const before = objects.filter((o) => o.end <= after.start);
      if (before.length > 0) emit(named, cueAt, after, before, 0.85);
      return;
    }
    emit(named, cueAt, undefined, objects, 0.8);
    return;
  }
  for (const subject of subjects) emit(named, cueAt, subject, objects, 1);
  // "In the War of the Pacific Peru and Bolivia fought Chile": each side took part in the war.
  const war = mentions.find((m) => m.kind === EntityKind.EVENT);
  if (kind === RelationKind.CONFLICT_WITH && war) {
    const during = {
      kind: RelationKind.TAKES_PART_IN,
      confidence: cue.confidence,
      name: named.name,
    };
    for (const side of [...subjects, ...objects].filter((m) => m.kind === EntityKind.COUNTRY))
      emit(during, cueAt, side, [war], 0.9);
  }
}

/**
 * The subjects of a cue: the first allowed mention of the clause that no preposition governs
 * (the clause's grammatical subject, roughly) and those listed with it; failing that, the
 * nearest allowed mention before the cue.
 */
function subjectsBefore(
  text: string,
  before: readonly Mention[],
  cueAt: Span,
  ok: (m: Mention) => boolean,
): Mention[] {
  const sorted = [...before].sort((a, b) => a.start - b.start);
  // "Russia's invasion", "its reliance": the possessor right before the cue is its subject.
  const adjacent = sorted[sorted.length - 1];
  if (
    adjacent &&
    ok(adjacent) &&
    /^['’]s\s+(?:[\p{Ll}-]+\s+)?$/u.test(text.slice(adjacent.end, cueAt.start))
  )
    return [adjacent];
  // "the Lao People's Revolutionary Party, which has governed Laos": the relative pronoun's
  // antecedent, the mention right before it.
  const relative = /,?\s*\b(?:which|who|that)\s+(?:[\p{Ll}]+\s+){0,2}$/u.exec(
    text.slice(adjacent ? adjacent.end : 0, cueAt.start),
  );
  if (adjacent && relative && relative.index === 0 && ok(adjacent)) return [adjacent];
  // "a military exercise in which the United States takes part": the relative clause's own
  // subject, right before the cue.
  if (
    adjacent &&
    ok(adjacent) &&
    /\b(?:which|who|whom|where|whose)\s+(?:the\s+)?$/i.test(
      text.slice(Math.max(0, adjacent.start - 14), adjacent.start),
    ) &&
    words(text.slice(adjacent.end, cueAt.start)) <= 3
  )
    return [adjacent];
  const its = sorted.find(
    (m) =>
      m.form === 'pronoun' &&
      /^its$/i.test(text.slice(m.start, m.end)) &&
      words(text.slice(m.end, cueAt.start)) <= 1,
  );
  if (its && ok(its)) return [its];
  const free = sorted.findIndex(
    (m) =>
      ok(m) &&
      m.form !== 'demonym' &&
      !PREPOSITION.test(text.slice(Math.max(0, m.start - 40), m.start)),
  );
  // Every mention governed by a preposition: the clause's subject is unnamed (the country's),
  // unless a demonym qualifies the cue's noun ("Japanese yen loans", "American programmes").
  const index = free;
  if (index === -1) {
    // Or opens the clause: "Chilean firms are today among the largest investors".
    const demonym = sorted.find(
      (m) =>
        ok(m) &&
        m.form === 'demonym' &&
        (words(text.slice(m.end, cueAt.start)) <= 4 || m === sorted[0]),
    );
    return demonym ? [demonym] : [];
  }
  // A list runs forward from its first item: "South Korea and Japan are allies".
  return listFrom(text, sorted, index, 1).filter((m) => ok(m) && m.end <= cueAt.start);
}

/** Kinds of what happens again in another year: "hosted the summit in 2012 and again in 2022". */
const REPEATED_KINDS = new Set<RelationKind>([
  RelationKind.HOSTS,
  RelationKind.CHAIRS,
  RelationKind.TAKES_PART_IN,
  RelationKind.DIPLOMATIC_RELATIONS,
]);

/** Kinds whose cues are followed by a cause, which may be one the lexicon does not know. */
const ISSUE_KINDS = new Set<RelationKind>([
  RelationKind.ADDRESSES,
  RelationKind.CONCERNED_ABOUT,
  RelationKind.PROMOTES,
  RelationKind.EXPOSED_TO,
  RelationKind.FUNDS,
]);

/** Nouns that name no cause: "its neighbours", "the region", "efforts". */
const NOT_ISSUES = new Set(
  `region regions neighbour neighbours neighbor neighbors country countries nation nations state
  states ties relations relationship partner partners people world government governments
  efforts effort role interests interest goods markets market sector sectors area areas
  projects project programmes programs initiatives initiative support cooperation issues issue
  level levels part way ways number years year time one others other them it this that these
  those their its leaders leadership presence influence future`
    .split(/\s+/)
    .filter((w) => w !== ''),
);

/** A new issue's category, from the words of its name. */
const ISSUE_CATEGORIES: ReadonlyArray<[RegExp, string]> = [
  [
    /terror|pirac|traffick|smuggl|security|insurgen|extrem|crime|militan|weapon|nuclear|border/,
    'security',
  ],
  [
    /climate|forest|emission|desert|pollut|wildlife|ocean|fishing|environment|drought|flood|biodivers|conservation/,
    'environment',
  ],
  [/rights|refugee|migrant|asylum|gender|women|freedom/, 'rights'],
  [/corruption|democra|governance|election|rule of law/, 'governance'],
  [
    /trade|debt|invest|mining|energy|oil|gas|tariff|industr|digital|tourism|econom|export|finance|market|agricultur/,
    'economy',
  ],
  [/cultur|heritage|language|sport|art/, 'culture'],
];

/** New issues named by the words right after a cue, each a mention of its own. */
function newIssues(text: string, cueAt: Span, lexicon: Lexicon): Mention[] {
  const rest = text.slice(cueAt.end);
  const lead =
    /^\s+(?:(?:on|about|over|against|to|for|in|into|with|of)\s+)?(?:(?:the|its|their|a|an|all|such|any)\s+)?/i.exec(
      rest,
    )?.[0] ?? '';
  if (lead === '') return [];
  const body = rest.slice(lead.length);
  const stop =
    /[,.;:()"“”]|\s(?:in|of|for|with|by|from|at|which|that|as|to|since|through|while|but|among|across|who|after|before|into|on|is|are|was|were|has|have|had|will|would|could)\s/i.exec(
      ` ${body}`,
    );
  const phrase = stop ? body.slice(0, Math.max(0, stop.index - 1)) : body;
  const mentions: Mention[] = [];
  let at = cueAt.end + lead.length;
  for (const item of phrase.split(/(\s+and\s+|\s+or\s+)/)) {
    const start = at;
    at += item.length;
    if (/^\s+(?:and|or)\s+$/.test(item)) continue;
    const words = item.split(/\s+/).filter((w) => w !== '');
    // One word alone ("reliance", "compacts") is too often no cause: two or three, and not
    // "the first phase" or "new markets".
    if (words.length < 2 || words.length > 3) continue;
    if (
      /^(?:first|second|third|last|new|main|major|other|more|most|many|some|several|large|small|further|greater)$/.test(
        words[0] ?? '',
      )
    )
      continue;
    if (!words.every((w) => /^[\p{Ll}][\p{Ll}-]*$/u.test(w))) continue;
    const last = words[words.length - 1] ?? '';
    if (
      NOT_ISSUES.has(last) ||
      /ly$/.test(last) ||
      words.some((w) => NOT_ISSUES.has(w) && words.length === 1)
    )
      continue;
    const name = `${item.charAt(0).toUpperCase()}${item.slice(1)}`;
    let id = lexicon.lookup(name);
    if (id === undefined) {
      id = slugOf(name);
      if (lexicon.entities.has(id)) continue;
      const category =
        ISSUE_CATEGORIES.find(([pattern]) => pattern.test(item))?.[1] ?? 'development';
      lexicon.add(
        { kind: EntityKind.ISSUE, id, name, category } as EntityInput,
        'an issue read from the words after its cue, its category from its name',
      );
    }
    if (lexicon.entities.get(id)?.kind !== EntityKind.ISSUE) continue;
    mentions.push({ id, kind: EntityKind.ISSUE, start, end: start + item.length, form: 'name' });
  }
  return mentions;
}

/** Kinds whose object may be a country that receives and then the sectors it receives for. */
const MONEY_KINDS = new Set<RelationKind>([RelationKind.FUNDS, RelationKind.INVESTS_IN]);
/** The catalogue's issue of depending on one partner. */
const DEPENDENCE = 'economic-dependence';

function isPrinciple(mention: Mention, lexicon: Lexicon): boolean {
  const entity = lexicon.entities.get(mention.id);
  return entity?.kind === EntityKind.ISSUE && entity.category === 'principle';
}

function homeMention(home: string, at: Span = { start: 0, end: 0 }): Mention {
  return { id: home, kind: EntityKind.COUNTRY, start: at.start, end: at.end, form: 'name' };
}

function topicMention(topic: string, lexicon: Lexicon, at: Span): Mention {
  const kind = lexicon.entities.get(topic)?.kind ?? EntityKind.COUNTRY;
  return { id: topic, kind, start: at.start, end: at.end, form: 'name' };
}
