import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/config';
import { draftArticle } from '../../src/draft/draft';
import { DraftLlmError, LLM_CONFIDENCE, llmCandidates } from '../../src/draft/llm';
import { readCatalogue } from '../../src/ingest/catalogue';

const catalogue = readCatalogue(path.join(PROJECT_ROOT, 'catalogue'));
const ARTICLE = path.join(
  PROJECT_ROOT,
  'tests',
  'fixtures',
  'sources',
  'laos-relations-fixture.txt',
);

/** A stand-in for an OpenAI-compatible chat API, on 127.0.0.1, answering what it is told to. */
function stub(
  answer: (body: Record<string, unknown>, request: IncomingMessage) => [number, unknown],
) {
  const requests: Array<{ body: Record<string, unknown>; authorization?: string; url?: string }> =
    [];
  const server: Server = createServer((request, response) => {
    let data = '';
    request.on('data', (chunk: Buffer) => (data += chunk.toString()));
    request.on('end', () => {
      const body = JSON.parse(data) as Record<string, unknown>;
      requests.push({ body, authorization: request.headers.authorization, url: request.url });
      const [status, payload] = answer(body, request);
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(payload));
    });
  });
  return {
    requests,
    start: () =>
      new Promise<string>((resolve) =>
        server.listen(0, '127.0.0.1', () =>
          resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`),
        ),
      ),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A chat completion whose message holds the given statements as JSON. */
function completion(statements: unknown[]) {
  return { choices: [{ message: { role: 'assistant', content: JSON.stringify({ statements }) } }] };
}

describe('the LLM back end of draft', () => {
  it('keeps only candidates whose quote is verbatim in their section and that the ontology accepts', async () => {
    const server = stub((body) => {
      const content = String((body.messages as Array<{ content: string }>)[1]?.content);
      // Only the section about development partners gets candidates.
      if (!content.includes('Japan supports education projects')) return [200, completion([])];
      return [
        200,
        completion([
          // Grounded and valid: kept.
          {
            kind: 'FUNDS',
            subject: 'JPN',
            object: 'education',
            qualifiers: { in: 'LAO', bogus: 1 },
            modality: 'fact',
            quote: 'Japan supports education projects across the country',
          },
          // A quote the article does not hold: dropped.
          {
            kind: 'LENDS',
            subject: 'JPN',
            object: 'LAO',
            modality: 'fact',
            quote: 'Japan lent Laos two billion dollars',
          },
          // A kind the ontology lacks: dropped.
          {
            kind: 'LIKES',
            subject: 'JPN',
            object: 'LAO',
            quote: 'Japan supports education projects',
          },
          // An entity no one declared: dropped with the rules' candidates.
          {
            kind: 'SUPPORTS',
            subject: 'JPN',
            object: 'no-such-issue',
            quote: 'Japan supports education projects',
          },
        ]),
      ];
    });
    const url = await server.start();
    try {
      const extra = llmCandidates({ url, key: 'sk-test', model: 'stub-model', timeoutMs: 5_000 });
      const draft = await draftArticle(readFileSync(ARTICLE, 'utf8'), ARTICLE, {
        catalogue,
        extra,
      });
      const fromLlm = draft.statements.filter((s) => s.origin === 'llm');
      expect(fromLlm.map((s) => [s.kind, s.subject, s.object, s.qualifiers, s.quote])).toEqual([
        [
          'FUNDS',
          'JPN',
          'education',
          { in: 'LAO' },
          'Japan supports education projects across the country',
        ],
      ]);
      expect(fromLlm[0]?.confidence).toBe(LLM_CONFIDENCE);
      expect(draft.statements.some((s) => s.quote.includes('two billion'))).toBe(false);
      // One request per section, to the chat completions endpoint, with the model and the key.
      expect(server.requests).toHaveLength(3);
      expect(server.requests[0]).toMatchObject({
        url: '/v1/chat/completions',
        authorization: 'Bearer sk-test',
        body: { model: 'stub-model' },
      });
    } finally {
      await server.stop();
    }
  });

  it('says which URL and section failed when the API answers an error', async () => {
    const server = stub(() => [500, { error: 'boom' }]);
    const url = await server.start();
    try {
      const extra = llmCandidates({ url, key: undefined, model: 'm', timeoutMs: 5_000 });
      const drafting = draftArticle(readFileSync(ARTICLE, 'utf8'), ARTICLE, { catalogue, extra });
      await expect(drafting).rejects.toThrow(DraftLlmError);
      await expect(drafting).rejects.toThrow(
        `DRAFT_LLM_URL (${url}) answered HTTP 500 for section "lead"`,
      );
    } finally {
      await server.stop();
    }
  });
});
