import type { LlmConfig } from '../config';
import type { Sentence } from '../ingest/sentences';
import { MAX_QUOTE_WORDS, quoteWords } from '../ontology/dataset-format';
import {
  MODALITIES,
  Modality,
  RELATION_KINDS,
  RELATION_KIND_SPECS,
  RelationKind,
} from '../ontology/relations';
import type { Lexicon } from './lexicon';
import type { DraftStatement } from './write';

/*
 * The optional LLM back end of `diplograph draft --llm`: each section of the article is sent
 * to an OpenAI-compatible chat API (DRAFT_LLM_URL) with the ontology's relation kinds and the
 * entities the section names, and the model answers candidate statements as JSON. Candidates
 * stay grounded: one whose quote is not found verbatim in a sentence of its section, or is
 * longer than a quote may be, is dropped here; one whose kind, entities or qualifiers the
 * ontology refuses is dropped with the rules' candidates (draft.ts). What remains is marked
 * for review like any statement the rules are unsure of.
 */

export type { LlmConfig };

/** A failure of the LLM back end, said for a person: which URL, which section, what went wrong. */
export class DraftLlmError extends Error {}

/** What the model is asked to answer with. */
interface Candidate {
  kind?: unknown;
  subject?: unknown;
  object?: unknown;
  qualifiers?: unknown;
  modality?: unknown;
  quote?: unknown;
}

/** The confidence given to a grounded LLM candidate: below review, always read by a person. */
export const LLM_CONFIDENCE = 0.45;

function prompt(sectionText: string, entities: string[]): string {
  const kinds = RELATION_KINDS.map((kind) => {
    const spec = RELATION_KIND_SPECS[kind];
    return `- ${kind}: ${spec.subjects.join('/')} -> ${spec.objects.join('/')}${spec.qualifiers.length > 0 ? `; qualifiers: ${spec.qualifiers.join(', ')}` : ''}. ${spec.description}`;
  }).join('\n');
  return [
    'Extract the foreign-relations statements this article section makes.',
    'Use only these relation kinds:',
    kinds,
    'Use only these entity ids (id: kind, name):',
    entities.join('\n'),
    'Answer with JSON only: {"statements": [{"kind", "subject", "object", "qualifiers", "modality", "quote"}]}.',
    `"modality" is fact, intention (an aim of the subject) or expectation (a forecast). "quote" is copied verbatim from the section, at most ${MAX_QUOTE_WORDS} words, and states the relation. Years are integers.`,
    'Section:',
    sectionText,
  ].join('\n\n');
}

/** The chat completions endpoint of a base URL (or the URL itself when it is one). */
function endpoint(url: string): string {
  return url.endsWith('/chat/completions') ? url : `${url}/chat/completions`;
}

async function ask(config: LlmConfig, content: string, section: string): Promise<Candidate[]> {
  let response: Response;
  try {
    response = await fetch(endpoint(config.url), {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(config.key ? { authorization: `Bearer ${config.key}` } : {}),
      },
      body: JSON.stringify({
        model: config.model,
        temperature: 0,
        response_format: { type: 'json_object' },
        messages: [
          { role: 'system', content: 'You extract typed statements from text. Answer JSON only.' },
          { role: 'user', content },
        ],
      }),
      signal: AbortSignal.timeout(config.timeoutMs),
    });
  } catch (error) {
    const reason =
      (error as Error).name === 'TimeoutError'
        ? `no answer within ${config.timeoutMs} ms (DRAFT_LLM_TIMEOUT_MS)`
        : ((error as { cause?: Error }).cause?.message ?? (error as Error).message);
    throw new DraftLlmError(`DRAFT_LLM_URL (${config.url}): section "${section}": ${reason}`);
  }
  if (!response.ok)
    throw new DraftLlmError(
      `DRAFT_LLM_URL (${config.url}) answered HTTP ${response.status} for section "${section}"`,
    );
  const body = (await response.json().catch(() => undefined)) as
    { choices?: Array<{ message?: { content?: string } }> } | undefined;
  const text = body?.choices?.[0]?.message?.content;
  if (typeof text !== 'string')
    throw new DraftLlmError(
      `DRAFT_LLM_URL (${config.url}) gave no chat completion for section "${section}"`,
    );
  // Models wrap JSON in a code fence now and then.
  const json = text.replace(/^\s*```(?:json)?\s*|\s*```\s*$/g, '');
  try {
    const parsed = JSON.parse(json) as { statements?: unknown };
    return Array.isArray(parsed.statements) ? (parsed.statements as Candidate[]) : [];
  } catch {
    throw new DraftLlmError(
      `DRAFT_LLM_URL (${config.url}) answered something other than JSON for section "${section}"`,
    );
  }
}

/** Keeps the qualifiers the kind takes, of scalar or list-of-text values. */
function qualifiersOf(kind: RelationKind, raw: unknown): DraftStatement['qualifiers'] {
  const allowed = new Set<string>(RELATION_KIND_SPECS[kind].qualifiers);
  const out: DraftStatement['qualifiers'] = {};
  if (raw === null || typeof raw !== 'object') return out;
  for (const [name, value] of Object.entries(raw as Record<string, unknown>)) {
    if (!allowed.has(name)) continue;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
      out[name] = value;
    else if (Array.isArray(value) && value.every((v) => typeof v === 'string'))
      out[name] = value as string[];
  }
  return out;
}

/**
 * The LLM back end as a source of extra statements for {@link draftArticle}: one request per
 * section, in order; candidates grounded in their section's sentences.
 */
export function llmCandidates(
  config: LlmConfig,
): (sentences: readonly Sentence[], lexicon: Lexicon) => Promise<DraftStatement[]> {
  return async (sentences, lexicon) => {
    const sections = new Map<string, Sentence[]>();
    for (const sentence of sentences)
      sections.set(sentence.section, [...(sections.get(sentence.section) ?? []), sentence]);
    const out: DraftStatement[] = [];
    for (const [section, inSection] of sections) {
      const named = new Map<string, string>();
      for (const sentence of inSection)
        for (const m of lexicon.mentions(sentence.text)) {
          const entity = lexicon.entities.get(m.id);
          if (entity) named.set(m.id, `${m.id}: ${entity.kind}, ${entity.name}`);
        }
      const text = inSection.map((s) => s.text).join(' ');
      const candidates = await ask(config, prompt(text, [...named.values()]), section);
      for (const candidate of candidates) {
        const kind = RELATION_KINDS.find((k) => k === candidate.kind);
        const quote = typeof candidate.quote === 'string' ? candidate.quote.trim() : '';
        // Grounded: the quote is in one sentence of the section, word for word.
        const sentence = inSection.find((s) => quote !== '' && s.text.includes(quote));
        if (!kind || !sentence || quoteWords(quote) > MAX_QUOTE_WORDS) continue;
        if (typeof candidate.subject !== 'string' || typeof candidate.object !== 'string') continue;
        const modality = MODALITIES.find((m) => m === candidate.modality) ?? ('fact' as Modality);
        out.push({
          kind,
          subject: candidate.subject,
          object: candidate.object,
          qualifiers: qualifiersOf(kind, candidate.qualifiers),
          modality,
          section,
          quote,
          confidence: LLM_CONFIDENCE,
          cue: `${kind} "llm"`,
          sentence: sentence.index,
          origin: 'llm',
        });
      }
    }
    return out;
  };
}
