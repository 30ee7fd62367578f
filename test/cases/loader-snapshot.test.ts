// A case set handed out from the build's snapshot equals the one loaded from the files, for a run started in
// any folder: every shown path made for that folder, nothing else touched.
import { existsSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadContract, PROJECT_ROOT } from '../../src/contract';
import { loadCases } from '../../src/cases/loader';
import { tempDir } from '../support/tmp';

const contract = loadContract();

/** Keeps the case set as the build does (shown relative to the project), into a folder of its own. */
function keep(paths: string[]): string {
  const snapshotDir = tempDir('cases-snapshot-');
  process.env.IAM_CONFORMANCE_WRITE_SNAPSHOTS = '1';
  try {
    loadCases(paths, contract, { relativeTo: PROJECT_ROOT, snapshotDir });
  } finally {
    delete process.env.IAM_CONFORMANCE_WRITE_SNAPSHOTS;
  }
  expect(existsSync(path.join(snapshotDir, 'cases.snapshot'))).toBe(true);
  return snapshotDir;
}

const fresh = (paths: string[], relativeTo?: string) => loadCases(paths, contract, { relativeTo, snapshotDir: tempDir('no-snapshot-') });

describe('the default case set from the snapshot', () => {
  const paths = [path.join(PROJECT_ROOT, 'cases')];
  const snapshotDir = keep(paths);

  it.each([PROJECT_ROOT, os.tmpdir(), path.join(PROJECT_ROOT, 'cases'), '/'])('equals the loaded one for a run started in %s', (folder) => {
    const kept = loadCases(paths, contract, { relativeTo: folder, snapshotDir });
    expect(kept).toEqual(fresh(paths, folder));
    // shown relative to that folder, and pointing at the project's case file
    for (const c of kept.cases) expect(existsSync(path.resolve(folder, c.loc.file)) && path.resolve(folder, c.file).startsWith(path.join(PROJECT_ROOT, 'cases'))).toBe(true);
  });
});

describe('members that are not paths', () => {
  it('keeps a variable named file as it is', () => {
    const dir = tempDir('cases-file-var-');
    writeFileSync(path.join(dir, 'probe.yaml'), [
      'cases:',
      '  - id: save-named-file',
      '    title: t',
      '    rules: [R2]',
      '    basis: b',
      '    steps:',
      '      - call: GenerateOrganizationsAccessReport',
      '        params: { EntityPath: "o-a1b2c3d4e5/r-ab12" }',
      '        save: { file: JobId }',
      '',
    ].join('\n'));
    const snapshotDir = keep([dir]);
    const kept = loadCases([dir], contract, { relativeTo: os.tmpdir(), snapshotDir });
    expect((kept.cases[0].steps[0] as { save: Record<string, string> }).save).toEqual({ file: 'JobId' });
    expect(kept).toEqual(fresh([dir], os.tmpdir()));
  });

  it('shows paths the same way for an empty folder name, kept or not', () => {
    const paths = [path.join(PROJECT_ROOT, 'cases')];
    const snapshotDir = keep(paths);
    expect(loadCases(paths, contract, { relativeTo: '', snapshotDir }).cases[0].loc).toEqual(fresh(paths, '').cases[0].loc);
  });
});
