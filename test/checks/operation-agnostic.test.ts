// Checks know no operation (issue 11): what is operation-specific is data in specs/. This test reads
// src/checks and fails on any member, operation, enum value or rule id of the contract written there.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { loadContract, PROJECT_ROOT } from '../../src/contract';

const contract = loadContract();

// The awsQuery error envelope is <ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/>: protocol, not one
// operation. ErrorDetails reuses two of those names for its members, and one operation calls its member Error.
const ENVELOPE = new Set(['Error', 'Code', 'Message', 'Type', 'message', 'RequestId']);

function contractWords(): string[] {
  const words = new Set<string>([...Object.keys(contract.operations), ...Object.keys(contract.rules)]);
  for (const s of Object.values(contract.shapes)) {
    if (s.type === 'structure') Object.keys(s.members).forEach((m) => words.add(m));
    if (s.type === 'string' && s.enum) s.enum.forEach((e) => words.add(e));
    if (s.type === 'structure' && s.error) words.add(s.error.code);
  }
  return [...words].filter((w) => !ENVELOPE.has(w));
}

test('no file in src/checks names a member, operation, enum value, error code or rule id of the contract', () => {
  const dir = path.join(PROJECT_ROOT, 'src', 'checks');
  const hits: string[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
    // compare.ts is differential mode (recorded vs live answers); it names no member either, and is read too.
    const text = readFileSync(path.join(dir, file), 'utf8');
    for (const w of contractWords()) {
      const re = new RegExp(`(?<![A-Za-z0-9_])${w}(?![A-Za-z0-9_])`);
      const m = re.exec(text);
      if (m) hits.push(`${file}:${text.slice(0, m.index).split('\n').length}: ${w}`);
    }
  }
  expect(hits).toEqual([]);
});

test('the words the test looks for include the report\'s members and rules (the test can fail)', () => {
  expect(contractWords()).toEqual(expect.arrayContaining(['ServiceNamespace', 'LastAuthenticatedTime', 'NumberOfServicesAccessible', 'Region', 'EntityPath', 'TotalAuthenticatedEntities', 'MaxItems', 'R2', 'R6', 'R10', 'W1']));
});
