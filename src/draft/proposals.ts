import type { Sentence } from '../ingest/sentences';
import type { EntityInput } from '../ontology/dataset-format';
import { nameKey } from '../ontology/names';
import { Lexicon, slugOf } from './lexicon';
import type { DraftEntity } from './write';
import { COMPANY_NOUNS, NAME_HEADS } from './vocabulary';

/*
 * New entities: proper names the lexicon does not know, whose head word ("... Railway",
 * "... Treaty"), the noun before them ("the Indian firm X") or a noun in apposition after
 * them ("X, a yearly peacekeeping exercise") says what kind of thing they are. Each is
 * proposed with the sentence that first names it, and an acronym in brackets after it
 * ("Shanghai Cooperation Organisation (SCO)") becomes another of its names.
 */

/** Words of a name that are not capitalised: "Power of Siberia", "Trinidad and Tobago". */
const CONNECTORS = new Set(['of', 'and', 'for', 'on', 'the', 'to', 'de', 'in']);
/** Capitalised words that begin sentences or name no thing. */
const NOT_NAMES = new Set(
  `the a an in on at by for from to with since after before during under over through this
  that these those its it their his her our many much most some several both each every all
  no not many mr mrs ms dr president prime minister king queen general`
    .split(/\s+/)
    .filter((w) => w !== ''),
);

const WORD = /[\p{L}\p{N}][\p{L}\p{N}'’+&.\-–]*/gu;

interface Run {
  start: number;
  end: number;
  words: string[];
}

/** Words that, alone, name a kind of agreement rather than one agreement. */
const GENERIC_AGREEMENT_WORDS = new Set(
  `economic partnership cooperation co-operation trade free promotion investment agreement
  treaty and framework comprehensive strategic bilateral protection pact accord protocol of on
  the for`
    .split(/\s+/)
    .filter((w) => w !== ''),
);

/** Whether the first word from `from` that is no connector is capitalised. */
function capitalisedAfterConnectors(words: ReadonlyArray<{ text: string }>, from: number): boolean {
  for (let i = from; i < words.length; i++) {
    const text = words[i]?.text ?? '';
    if (CONNECTORS.has(text)) continue;
    return /^[\p{Lu}]/u.test(text);
  }
  return false;
}

/** Runs of capitalised words (with connectors and numbers inside) in a sentence. */
function capitalisedRuns(text: string): Run[] {
  const words = [...text.matchAll(WORD)].map((m) => ({
    text: m[0].replace(/[.’']+$/u, '').replace(/['’]s$/u, ''),
    start: m.index,
    end: m.index + m[0].replace(/[.’']+$/u, '').replace(/['’]s$/u, '').length,
  }));
  const runs: Run[] = [];
  let current: Array<(typeof words)[number]> = [];
  const close = () => {
    while (current.length > 0 && CONNECTORS.has(current[current.length - 1]?.text ?? ''))
      current.pop();
    while (current.length > 0 && NOT_NAMES.has((current[0]?.text ?? '').toLowerCase()))
      current.shift();
    const first = current[0];
    const last = current[current.length - 1];
    if (first && last)
      runs.push({ start: first.start, end: last.end, words: current.map((w) => w.text) });
    current = [];
  };
  words.forEach((word, i) => {
    const capital = /^[\p{Lu}]/u.test(word.text);
    const number = /^\p{N}+$/u.test(word.text);
    // A break in the text (a comma, a bracket) ends a name.
    const previous = words[i - 1];
    const gap = previous ? text.slice(previous.end, word.start) : '';
    if (current.length > 0 && /[,;:()"“”]/u.test(gap)) close();
    const joined = current.length > 0 && /^\s+$/u.test(gap);
    if (capital) current.push(word);
    // "Power of Siberia 2": a number only right after a capitalised word.
    else if (number && joined && /^[\p{Lu}]/u.test(current[current.length - 1]?.text ?? ''))
      current.push(word);
    // "Trinidad and Tobago": a connector only between capitalised words.
    else if (joined && CONNECTORS.has(word.text) && capitalisedAfterConnectors(words, i + 1))
      current.push(word);
    else close();
  });
  close();
  return runs;
}

/** What a name is, from its head word, the noun before it or a noun in apposition after it. */
function classify(
  run: Run,
  sentence: string,
): { kind: string; type: string; how: string; extend?: number } | undefined {
  // The head of "Conference of the Parties to the ... Convention" comes before its "of".
  const split = run.words.findIndex((w, i) => i > 0 && ['of', 'for', 'on', 'to'].includes(w));
  const core = split === -1 ? run.words : run.words.slice(0, split);
  for (const words of [core, run.words]) {
    const last = [...words].reverse().find((w) => NAME_HEADS[w.toLowerCase()] !== undefined);
    const head = last ? NAME_HEADS[last.toLowerCase()] : undefined;
    if (last && head) return { ...head, how: `head word "${last}"` };
  }
  // "the Selenge exercise", "Power of Siberia 2 gas pipeline": a common noun right after it.
  const following = /^\s+((?:[\p{Ll}-]+\s*){1,2})/u.exec(sentence.slice(run.end, run.end + 30));
  const trailing = following?.[0] ?? '';
  for (const noun of (following?.[1] ?? '').split(/\s+/)) {
    const described = NAME_HEADS[noun];
    // A project's name takes its noun ("the Bangkok–Nong Khai high-speed railway"); only
    // projects and events are named so ("the Japanese-Peruvian community" is no body).
    if (described && (described.kind === 'Project' || described.kind === 'Event'))
      return {
        ...described,
        how: `"${noun}" after it`,
        extend: described.kind === 'Project' ? trailing.indexOf(noun) + noun.length : undefined,
      };
  }
  const before = sentence.slice(Math.max(0, run.start - 40), run.start).toLowerCase();
  const company = COMPANY_NOUNS.find((noun) => new RegExp(`\\b${noun}\\s+$`).test(before));
  if (company) return { kind: 'Organisation', type: 'company', how: `"${company}" before it` };
  // "the UN climate change conference COP20": the noun right before the name.
  const noun = /\b([\p{Ll}]+)\s+$/u.exec(before)?.[1];
  const named = noun ? NAME_HEADS[noun] : undefined;
  if (noun && named && named.kind !== 'Project') return { ...named, how: `"${noun}" before it` };
  const after = sentence.slice(run.end, run.end + 80);
  const apposition = /^,\s+(?:a|an|the)\s+((?:[\p{Ll}-]+\s*){1,4})/u.exec(after);
  for (const noun of (apposition?.[1] ?? '').split(/\s+/)) {
    const described = NAME_HEADS[noun];
    if (described) return { ...described, how: `"${noun}" in apposition` };
  }
  return undefined;
}

function entityOf(id: string, name: string, kind: string, type: string): EntityInput {
  switch (kind) {
    case 'Organisation':
      return { kind: 'Organisation', id, name, type } as EntityInput;
    case 'Agreement':
      return { kind: 'Agreement', id, name, type } as EntityInput;
    case 'Project':
      return { kind: 'Project', id, name, type } as EntityInput;
    default:
      return { kind: 'Event', id, name, type } as EntityInput;
  }
}

/**
 * The names a run holds: "the EU's GSP+" is the possessor and "GSP+"; "the World Bank and the
 * Asian Development Bank" two names when a known name is among them.
 */
function subRuns(run: Run, text: string, lexicon: Lexicon): Run[] {
  const runText = text.slice(run.start, run.end);
  // Only a known possessor is cut off: "Lao People's Revolutionary Party" stays whole.
  const possessive = /^(.*)['’]s\s+/u.exec(runText);
  const known = possessive?.[1] !== undefined && lexicon.lookup(possessive[1]) !== undefined;
  const start = run.start + (possessive && known ? possessive[0].length : 0);
  // "the Boten Railway in Laos": a name does not run on into the country it is in.
  let end = run.end;
  const place = / in ([\p{Lu}][\p{L} -]*)$/u.exec(text.slice(start, end));
  const where = place?.[1] !== undefined ? lexicon.lookup(place[1]) : undefined;
  if (place && where && lexicon.entities.get(where)?.kind === 'Country') end = start + place.index;
  const rest = text.slice(start, end);
  const pieces =
    / and /.test(rest) && lexicon.mentions(rest).length > 0 ? rest.split(/ and (?:the )?/) : [rest];
  const runs: Run[] = [];
  let at = start;
  for (const piece of pieces) {
    const offset = text.indexOf(piece, at);
    if (offset === -1 || piece.trim() === '') continue;
    // "... and of the Organization of American States": a piece starts at its first name.
    const lead = /^(?:(?:of|and|for|on|the|to|de|in)\s+)+/.exec(piece)?.[0].length ?? 0;
    runs.push({
      start: offset + lead,
      end: offset + piece.length,
      words: piece.slice(lead).split(/\s+/),
    });
    at = offset + piece.length;
  }
  return runs;
}

/**
 * Finds the proper names of the article that the lexicon does not know and that can be
 * classified, adds them to the lexicon, and returns them with their defining sentences.
 */
export function proposeEntities(sentences: readonly Sentence[], lexicon: Lexicon): DraftEntity[] {
  const proposals: DraftEntity[] = [];
  for (const sentence of sentences) {
    // A policy the article names in quotes: its "third neighbour" policy, a "Look East" policy.
    for (const m of sentence.text.matchAll(
      /["“]([^"”]{3,40})["”]\s+(policy|doctrine|diplomacy)\b/giu,
    )) {
      const words = m[1] ?? '';
      const name = `${words.charAt(0).toUpperCase()}${words.slice(1)} ${m[2]?.toLowerCase()}`;
      if (lexicon.lookup(name) !== undefined || lexicon.lookup(words) !== undefined) continue;
      const id = slugOf(name);
      if (id === '' || lexicon.entities.has(id)) continue;
      const entity = {
        kind: 'Issue',
        id,
        name,
        category: 'principle',
        aliases: [words],
      } as EntityInput;
      lexicon.add(entity, 'proposed');
      proposals.push({
        entity,
        defining: { section: sentence.section, quote: sentence.text },
        guessed: ['a principle, from its quoted name'],
      });
    }
    for (const run of capitalisedRuns(sentence.text).flatMap((r) =>
      subRuns(r, sentence.text, lexicon),
    )) {
      const short = sentence.text.slice(run.start, run.end);
      if (lexicon.lookup(short) !== undefined) continue;
      // A run that is a known name plus a word or two ("ASEAN Summit") is only new if classed.
      const what = classify(run, sentence.text);
      if (!what) continue;
      const name = what.extend ? sentence.text.slice(run.start, run.end + what.extend) : short;
      // "an Economic Partnership Agreement" names no agreement in particular: agreements.ts
      // names it after its parties.
      if (
        what.kind === 'Agreement' &&
        run.words.every((w) => GENERIC_AGREEMENT_WORDS.has(w.toLowerCase()))
      )
        continue;
      // "the ASEAN Summit" is an organisation's event, not an entity of its own.
      const owner = lexicon.lookup(run.words.slice(0, -1).join(' '));
      if (what.kind === 'Event' && owner && lexicon.entities.get(owner)?.kind === 'Organisation')
        continue;
      const acronym = /^\s*\(([\p{Lu}\p{N}+&-]{2,12})\)/u.exec(sentence.text.slice(run.end))?.[1];
      let id = slugOf(name);
      if (id === '' || nameKey(name).split(' ').length > 10) continue;
      for (let n = 2; lexicon.entities.has(id); n++) id = `${slugOf(name)}-${n}`;
      const entity = entityOf(id, name, what.kind, what.type);
      const aliases = name !== short ? [short] : [];
      if (acronym && lexicon.lookup(acronym) === undefined) {
        (entity as { acronym?: string }).acronym = acronym;
        aliases.push(acronym);
      }
      if (aliases.length > 0) entity.aliases = aliases;
      lexicon.add(entity, 'proposed');
      proposals.push({
        entity,
        defining: { section: sentence.section, quote: sentence.text },
        guessed: [`kind and type from the ${what.how}`],
      });
    }
  }
  return proposals;
}
