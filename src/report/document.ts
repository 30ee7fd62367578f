// results.json: the judged run as one stable, documented document (schema in docs/results.schema.json).
// Its type is the judge's (src/judge/types.ts), not the runner's: reports read only judged results.
import { readFileSync } from 'node:fs';
import { RESULTS_SCHEMA_VERSION, type ResultsDocument } from '../judge/types';

export type { CheckEntry, JudgedCase, ResultsDocument, RuleEntry, Summary, Verdict } from '../judge/types';
export { exitCodeOf, MergeError, mergeDocuments } from '../judge/judge';

export function renderResultsJson(doc: ResultsDocument): string {
  return `${JSON.stringify(doc, null, 2)}\n`;
}

export class ResultsFileError extends Error {}

/** The results.json of an earlier run (for merge and matrix); one of another schema version is refused, saying so. */
export function readResultsFile(file: string): ResultsDocument {
  let doc: ResultsDocument;
  try {
    doc = JSON.parse(readFileSync(file, 'utf8')) as ResultsDocument;
  } catch (e) {
    throw new ResultsFileError(`${file}: ${(e as Error).message}`);
  }
  if (doc?.schemaVersion !== RESULTS_SCHEMA_VERSION) {
    throw new ResultsFileError(`${file}: results of schemaVersion ${String(doc?.schemaVersion)}, this iam-conformance reads ${RESULTS_SCHEMA_VERSION}: re-run it with this version`);
  }
  return doc;
}
