// Writes the four reports of a judged run. junit.xml first and always (CI gates read it), then each other
// report on its own: one that crashes is reported and never stops the others. results.json comes last, so
// that it holds the errors of the reporters before it (with their stacks).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ResultsDocument } from '../judge/types';
import { renderResultsJson } from './document';
import { renderHtml } from './html';
import { renderJUnit } from './junit';
import { renderMarkdown } from './markdown';

export interface ReportFailure {
  file: string;
  error: Error;
}

export type Renderer = (doc: ResultsDocument, dir: string) => string;

export const REPORTS: readonly [string, Renderer][] = [
  ['junit.xml', renderJUnit],
  ['summary.md', renderMarkdown],
  ['report.html', renderHtml],
  ['results.json', renderResultsJson],
];

/** `before(file)` runs before each report is rendered (the CLI's fault-injection hook for tests). */
export function writeReports(doc: ResultsDocument, dir: string, reports: readonly [string, Renderer][] = REPORTS, before?: (file: string) => void): ReportFailure[] {
  mkdirSync(dir, { recursive: true });
  const failures: ReportFailure[] = [];
  for (const [file, render] of reports) {
    // results.json records the reporters that failed before it: those are our own errors too.
    const current = file === 'results.json' && failures.length
      ? { ...doc, internalErrors: [...(doc.internalErrors ?? []), ...failures.map((f) => `${f.file}: ${f.error.stack ?? f.error.message}`)], problems: [...doc.problems, ...failures.map((f) => `internal error writing ${f.file}: ${f.error.message}`)] }
      : doc;
    try {
      before?.(file);
      writeFileSync(path.join(dir, file), render(current, dir));
    } catch (e) {
      failures.push({ file, error: e instanceof Error ? e : new Error(String(e)) });
    }
  }
  return failures;
}
