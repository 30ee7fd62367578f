// A declared input the run's settings leave out gets its default, whatever its name (src/runner/session.ts).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { session } from '../support/run-case';
import { tempDir } from '../support/tmp';

test('an input named constructor that the run does not set gets its declared default', () => {
  const dir = tempDir('iam-case-');
  writeFileSync(path.join(dir, 'a.yaml'), `inputs:
  constructor:
    member: GenerateOrganizationsAccessReportRequest.EntityPath
    default: o-a1b2c3d4e5/r-f6g7
cases:
  - id: one
    title: t
    rules: [R8]
    basis: test
    steps:
      - call: GenerateOrganizationsAccessReport
        params: { EntityPath: "\${input.constructor}" }
`);
  const s = session('http://127.0.0.1:9', [dir]); // settings.inputs: { EntityPath } only, as a library user may pass
  const vars = (s.session as any).baseVars();
  void s.close();
  expect(vars['input.constructor']).toBe('o-a1b2c3d4e5/r-f6g7');
});
