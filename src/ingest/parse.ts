import { createHash } from 'node:crypto';
import { CORE_SCHEMA, load as loadYaml } from 'js-yaml';
import type { z } from 'zod';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import {
  Document,
  LineCounter,
  Node,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  parseDocument,
} from 'yaml';

/** One thing wrong with a dataset, where it is. Lines and columns count from 1. */
import type { Problem } from '../ontology/rules';

export type { Problem };

/** Formats a problem the way compilers do: `file:line:column: message`. */
export function formatProblem(problem: Problem): string {
  return `${problem.file}:${problem.line}:${problem.column}: ${problem.message}`;
}

/** A dataset file read and parsed, with what it takes to point at any of its parts. */
export interface ParsedFile {
  file: string;
  /** sha256 of the file's bytes. */
  checksum: string;
  bytes: number;
  data: unknown;
  /** Where the node at this path starts; `key` points at the key of a map entry instead. */
  locate(path: ReadonlyArray<string | number>, key?: boolean): { line: number; column: number };
}

/** Limits that keep a hostile file from exhausting memory. */
export interface ParseLimits {
  maxBytes: number;
  /** Most alias expansions allowed: a "billion laughs" file fails fast. */
  maxAliasCount: number;
}

export const DEFAULT_PARSE_LIMITS: ParseLimits = { maxBytes: 64 * 1024 * 1024, maxAliasCount: 100 };

/**
 * Reads and parses one YAML dataset. The size is checked before anything is read; YAML
 * errors, warnings (unknown tags), duplicate keys, several documents and alias bombs are
 * problems with their position.
 */
export function parseDatasetFile(
  file: string,
  limits: ParseLimits = DEFAULT_PARSE_LIMITS,
): { parsed?: ParsedFile; problems: Problem[] } {
  const at = (message: string, line = 1, column = 1): Problem => ({ file, line, column, message });
  let text: string;
  let bytes: number;
  try {
    const buffer = readLimited(file, limits.maxBytes);
    if (buffer === 'too-large') {
      return {
        problems: [
          at(`file is larger than the limit of ${limits.maxBytes} bytes (DATASET_MAX_BYTES)`),
        ],
      };
    }
    bytes = buffer.length;
    text = buffer.toString('utf8');
    if (text.includes('\uFFFD') && !buffer.includes(Buffer.from('\uFFFD'))) {
      // The first replacement character stands where the first bad byte was.
      const before = text.slice(0, text.indexOf('\uFFFD')).split('\n');
      return {
        problems: [
          at('file is not valid UTF-8', before.length, Array.from(before.at(-1) ?? '').length + 1),
        ],
      };
    }
  } catch (error) {
    return {
      problems: [
        at(
          `cannot read the file: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
        ),
      ],
    };
  }

  const checksum = createHash('sha256').update(text).digest('hex');
  // The fast way first: most datasets are plain YAML that js-yaml reads twenty times faster
  // than the positional parser. Positions are only needed to report a problem or a line, and
  // are then found by the positional parse, lazily (see lazyLocate).
  const fast = fastParse(text);
  if (fast !== undefined)
    return {
      problems: [],
      parsed: { file, checksum, bytes, data: fast, locate: lazyLocate(text) },
    };

  const { doc, position } = positionalParse(text);
  const problems: Problem[] = [...doc.errors, ...doc.warnings].map((error) => {
    const { line, column } = position(error.pos[0]);
    return at(`malformed YAML: ${firstLine(error.message)}`, line, column);
  });
  if (problems.length > 0) return { problems };

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: limits.maxAliasCount });
  } catch (error) {
    const anchor = firstAlias(doc);
    const where = anchor ? position(anchor) : { line: 1, column: 1 };
    return {
      problems: [at(`rejected: ${firstLine((error as Error).message)}`, where.line, where.column)],
    };
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    // Where the document's content starts, past any comments before it.
    const where = position(rangeStart(doc.contents) ?? 0);
    return {
      problems: [
        at(
          'a dataset is a YAML mapping with source, entities and statements',
          where.line,
          where.column,
        ),
      ],
    };
  }
  return {
    problems: [],
    parsed: {
      file,
      checksum,
      bytes,
      data,
      locate: (path, key = false) => position(offsetOf(doc, path, key)),
    },
  };
}

/**
 * What makes a text one for the positional parser only: anchors, aliases and tags (alias
 * bombs and unknown tags are refused there, with their place), directives and document
 * markers (several documents are refused there). A quote that merely looks like one costs
 * only speed.
 */
const POSITIONAL_ONLY = /(?:^|[\s,[{])[&*!]\S|^(?:%|---|\.\.\.)/m;

/**
 * The data of a plain YAML mapping by js-yaml's YAML 1.2 core schema (the schema of the
 * positional parser: no timestamps, no merge keys), or undefined when the text is not one
 * that parser reads the same way without a problem: then the positional parse decides, and
 * reports what is wrong where it is.
 */
export function fastParse(text: string): Record<string, unknown> | undefined {
  if (POSITIONAL_ONLY.test(text)) return undefined;
  try {
    // js-yaml refuses duplicate keys and several documents by default, as the other does.
    const data: unknown = loadYaml(text, { schema: CORE_SCHEMA });
    return data !== null && typeof data === 'object' && !Array.isArray(data)
      ? (data as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** The positional parse: a document with its nodes' offsets, and offsets as positions. */
function positionalParse(text: string) {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, {
    lineCounter,
    uniqueKeys: true,
    prettyErrors: false,
    strict: true,
  });
  const position = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  return { doc, position };
}

/**
 * A locator that parses positionally only when first asked. A path outside `statements`
 * (the source, an entity's line) is found in the text before the top-level `statements:`
 * key, when the key it starts with is there: that part is small, so recording each entity's
 * line does not cost a parse of every statement. The whole text is parsed only for a place
 * in the statements, which is asked for a problem there.
 */
function lazyLocate(text: string): ParsedFile['locate'] {
  let head: ReturnType<typeof positionalParse> | undefined;
  let whole: ReturnType<typeof positionalParse> | undefined;
  const statementsAt = /^statements:/m.exec(text)?.index ?? text.length;
  return (path, key = false) => {
    if (path[0] !== 'statements') {
      head ??= positionalParse(text.slice(0, statementsAt));
      if (isMap(head.doc.contents) && head.doc.contents.has(path[0]))
        return head.position(offsetOf(head.doc, path, key));
    }
    whole ??= positionalParse(text);
    return whole.position(offsetOf(whole.doc, path, key));
  };
}

function readLimited(file: string, maxBytes: number): Buffer | 'too-large' {
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    if (size > maxBytes) return 'too-large';
    const buffer = Buffer.alloc(size);
    let read = 0;
    while (read < size) {
      const n = readSync(fd, buffer, read, size - read, read);
      if (n === 0) break;
      read += n;
    }
    return buffer.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}

/** Offset of the node at `path`, or of the deepest part of the path that exists. */
function offsetOf(doc: Document, path: ReadonlyArray<string | number>, key: boolean): number {
  let node: unknown = doc.contents;
  let offset = rangeStart(node) ?? 0;
  for (let i = 0; i < path.length; i++) {
    const segment = path[i];
    const last = i === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find(
        (item) => isPair(item) && isScalar(item.key) && item.key.value === segment,
      );
      if (!pair) return offset;
      const keyOffset = rangeStart(pair.key);
      if (last && key && keyOffset !== undefined) return keyOffset;
      node = pair.value;
      offset = rangeStart(node) ?? keyOffset ?? offset;
    } else if (isSeq(node) && typeof segment === 'number') {
      node = node.items[segment];
      if (node === undefined) return offset;
      offset = rangeStart(node) ?? offset;
    } else {
      return offset;
    }
  }
  return offset;
}

function rangeStart(node: unknown): number | undefined {
  return node && typeof node === 'object' && 'range' in node
    ? (node as Node).range?.[0]
    : undefined;
}

function firstAlias(doc: Document): number | undefined {
  let found: number | undefined;
  const visit = (node: unknown): void => {
    if (found !== undefined || !node || typeof node !== 'object') return;
    if (isAlias(node)) {
      found = rangeStart(node);
      return;
    }
    if (isMap(node) || isSeq(node)) {
      for (const item of node.items) {
        if (isPair(item)) {
          visit(item.key);
          visit(item.value);
        } else visit(item);
      }
    }
  };
  visit(doc.contents);
  return found;
}

/** Turns zod's issues into located problems. */
export function shapeProblems(file: ParsedFile, error: z.ZodError): Problem[] {
  return error.issues.map((issue) => {
    const p = issue.path.filter((s): s is string | number => typeof s !== 'symbol');
    if (issue.code === 'unrecognized_keys') {
      const key = issue.keys[0] as string;
      return {
        file: file.file,
        ...file.locate([...p, key], true),
        message: `${describePath(p)}unknown field "${issue.keys.join('", "')}"`,
      };
    }
    const message =
      issue.code === 'invalid_union' && 'discriminator' in issue
        ? `unknown ${String(issue.discriminator)}; expected one of ${(issue as { options?: unknown[] }).options?.join(', ')}`
        : issue.message;
    const missing = issue.code === 'invalid_type' && valueAt(file.data, p) === undefined;
    return {
      file: file.file,
      ...file.locate(p, missing),
      message: missing
        ? `${describePath(p.slice(0, -1))}missing required field "${String(p.at(-1))}"`
        : `${describePath(p)}${message}`,
    };
  });
}

function valueAt(data: unknown, p: ReadonlyArray<string | number>): unknown {
  let value: unknown = data;
  for (const segment of p) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string | number, unknown>)[segment];
  }
  return value;
}

function describePath(p: ReadonlyArray<string | number>): string {
  if (p.length === 0) return '';
  return `${p.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('')}: `;
}
