import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import prettier from 'prettier';
import { PROJECT_ROOT } from '../src/config';

/*
 * What the benchmarks share to publish their figures: bench/results/, a Markdown table, and
 * the part of README.md between two markers.
 */

/** Where the benchmarks write their results. */
export const RESULTS_DIR = path.join(PROJECT_ROOT, 'bench', 'results');

/** `a ÷ b` with two decimals, or `n/a` when b is zero. */
export function ratio(a: number, b: number): string {
  return b === 0 ? 'n/a' : (a / b).toFixed(2);
}

/** A Markdown table (Prettier aligns it when the README is formatted). */
export function markdownTable(header: readonly string[], rows: ReadonlyArray<readonly string[]>) {
  return [header, header.map(() => '---'), ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n');
}

/** Formats Markdown and JSON as `npm run format` would, so that `npm run check` passes after a run. */
async function formatted(file: string, text: string): Promise<string> {
  if (!file.endsWith('.md') && !file.endsWith('.json')) return text;
  const options = (await prettier.resolveConfig(file)) ?? {};
  return prettier.format(text, { ...options, filepath: file });
}

/** Writes one file under bench/results/ and returns its path relative to the project. */
export async function writeResult(name: string, content: string): Promise<string> {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, name);
  writeFileSync(file, await formatted(file, content));
  return path.relative(PROJECT_ROOT, file);
}

/**
 * Replaces what README.md holds between `<!-- <marker>:start -->` and `<!-- <marker>:end -->`.
 * @returns false when the markers are missing (the README is left alone).
 */
export async function replaceReadmeSection(marker: string, content: string): Promise<boolean> {
  const readme = path.join(PROJECT_ROOT, 'README.md');
  const text = readFileSync(readme, 'utf8');
  const startTag = `<!-- ${marker}:start -->`;
  const endTag = `<!-- ${marker}:end -->`;
  const start = text.indexOf(startTag);
  const end = text.indexOf(endTag);
  if (start === -1 || end === -1 || end < start) return false;
  writeFileSync(
    readme,
    await formatted(
      readme,
      `${text.slice(0, start)}${startTag}\n\n${content}\n\n${text.slice(end)}`,
    ),
  );
  return true;
}
