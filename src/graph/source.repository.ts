import { GraphReader } from './executor';

/** A source document as the graph records it. */
export interface SourceRecord {
  id: string;
  title: string;
  publisher: string | null;
  url: string | null;
  language: string | null;
  sections: Array<{ id: string; heading: string | null }>;
  quotesVerified: boolean;
  /** The file name of its text, looked up in SOURCES_DIR. */
  textFile: string | null;
  sha256: string | null;
  statementCount: number;
}

interface Row extends Record<string, unknown> {
  s: Record<string, unknown>;
}

function toSource(s: Record<string, unknown>): SourceRecord {
  const ids = (s.sectionIds as string[] | null) ?? [];
  const headings = (s.sectionHeadings as string[] | null) ?? [];
  const text = (key: string) => (typeof s[key] === 'string' ? (s[key] as string) : null);
  return {
    id: String(s.id),
    title: String(s.title),
    publisher: text('publisher'),
    url: text('url'),
    language: text('language'),
    sections: ids.map((id, i) => ({ id, heading: headings[i] ? (headings[i] as string) : null })),
    quotesVerified: s.quotesVerified === true,
    textFile: text('textFile'),
    sha256: text('sha256'),
    statementCount: typeof s.statementCount === 'number' ? s.statementCount : 0,
  };
}

/** Reads the source documents statements cite. */
export class SourceRepository {
  constructor(private readonly reader: GraphReader) {}

  /** The sources with these ids, in one round trip. */
  async byIds(ids: readonly string[]): Promise<Map<string, SourceRecord>> {
    const rows = await this.reader.read<Row>(
      'UNWIND $ids AS id MATCH (s:Source {id: id}) RETURN s {.*} AS s',
      {
        ids: [...new Set(ids)],
      },
    );
    return new Map(rows.map((r) => [String(r.s.id), toSource(r.s)]));
  }

  /** Every loaded source, by id. */
  async all(): Promise<SourceRecord[]> {
    const rows = await this.reader.read<Row>('MATCH (s:Source) RETURN s {.*} AS s ORDER BY s.id');
    return rows.map((r) => toSource(r.s));
  }
}
