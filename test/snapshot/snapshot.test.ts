// What the build keeps is only ever handed out for the very inputs it was made from, and exactly as computed.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import { keyOf, localPath, portablePath, snapshotted, writeSnapshot } from '../../src/snapshot';
import { Contract, CONTRACT_SNAPSHOT, loadContract, PROJECT_ROOT } from '../../src/contract';
import { loadCases } from '../../src/cases/loader';

const never = (): never => {
  throw new Error('computed, though the snapshot has the value');
};

describe('snapshotted', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'snapshot-test-'));
  });
  afterEach(() => {
    delete process.env.IAM_CONFORMANCE_WRITE_SNAPSHOTS;
  });

  it('computes when there is no snapshot', () => {
    expect(snapshotted('x', () => keyOf('a'), () => 41 + 1, { dir })).toBe(42);
  });

  it('keeps what the build computed, and hands it to a later call with the same key', () => {
    process.env.IAM_CONFORMANCE_WRITE_SNAPSHOTS = '1';
    expect(snapshotted('x', () => keyOf('a'), () => ({ v: [1, null, undefined, NaN] }), { dir })).toEqual({ v: [1, null, undefined, NaN] });
    delete process.env.IAM_CONFORMANCE_WRITE_SNAPSHOTS;
    expect(snapshotted('x', () => keyOf('a'), never, { dir })).toEqual({ v: [1, null, undefined, NaN] });
  });

  it("computes when the inputs differ from the snapshot's", () => {
    writeSnapshot('x', keyOf('a'), 'kept', dir);
    expect(snapshotted('x', () => keyOf('b'), () => 'computed', { dir })).toBe('computed');
    expect(snapshotted('x', () => keyOf('a'), () => 'computed', { dir })).toBe('kept');
  });

  it('computes when the snapshot is unreadable or the key cannot be made', () => {
    writeFileSync(path.join(dir, 'x.snapshot'), 'garbage');
    expect(snapshotted('x', () => keyOf('a'), () => 'computed', { dir })).toBe('computed');
    writeSnapshot('y', keyOf('a'), 'kept', dir);
    const gone = (): string => {
      throw new Error('ENOENT: a case file is gone');
    };
    expect(snapshotted('y', gone, () => 'computed', { dir })).toBe('computed');
  });

  it('keeps a portable form of the value and gives it back restored, never the portable form itself', () => {
    process.env.IAM_CONFORMANCE_WRITE_SNAPSHOTS = '1';
    const portable = { keep: (v: { at: string }) => ({ at: portablePath(v.at, '/old/root') }), restore: (v: { at: string }) => ({ at: localPath(v.at, '/new/root') }) };
    expect(snapshotted('p', () => keyOf('a'), () => ({ at: '/old/root/cases/x.yaml' }), { dir, portable })).toEqual({ at: '/old/root/cases/x.yaml' });
    delete process.env.IAM_CONFORMANCE_WRITE_SNAPSHOTS;
    expect(snapshotted('p', () => keyOf('a'), never, { dir, portable })).toEqual({ at: '/new/root/cases/x.yaml' });
  });

  it('keeps paths inside the project relative to it, and others as they are', () => {
    expect(portablePath('/p/root/cases/a.yaml', '/p/root')).toBe('cases/a.yaml');
    expect(portablePath('/p/rooted/a.yaml', '/p/root')).toBe('/p/rooted/a.yaml');
    expect(portablePath('/elsewhere/a.yaml', '/p/root')).toBe('/elsewhere/a.yaml');
    expect(localPath('cases/a.yaml', '/q/root')).toBe('/q/root/cases/a.yaml');
    expect(localPath('/elsewhere/a.yaml', '/q/root')).toBe('/elsewhere/a.yaml');
  });

  it('keys on every part and on where parts begin and end', () => {
    expect(keyOf('ab', 'c')).not.toBe(keyOf('a', 'bc'));
    expect(keyOf('a', Buffer.from('b'))).toBe(keyOf('a', 'b'));
    expect(keyOf('a')).not.toBe(keyOf('a', ''));
  });
});

describe('what the build keeps', () => {
  // The values go through V8's serialization: the contract and the default case set come back exactly as loaded.
  it('keeps the contract exactly, methods and own-name tables included', () => {
    const contract = loadContract();
    const kept = CONTRACT_SNAPSHOT.restore(v8.deserialize(v8.serialize(CONTRACT_SNAPSHOT.keep(contract))) as Contract);
    expect(kept).toStrictEqual(contract);
    expect(kept.operations.toString).toBeUndefined();
    expect(kept.shape('GetOrganizationsAccessReportResponse')).toMatchObject({ type: 'structure' });
    expect((kept.shape('GetOrganizationsAccessReportResponse') as { members: Record<string, unknown> }).members.constructor).toBeUndefined();
    expect(kept.operation('GetOrganizationsAccessReport')).toEqual(contract.operation('GetOrganizationsAccessReport'));
  });

  it('hands a class instance back with its prototype', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'snapshot-test-'));
    writeSnapshot('c', keyOf('a'), loadContract(), dir);
    const kept = snapshotted<Contract>('c', () => keyOf('a'), never, { prototype: Contract.prototype, dir });
    expect(kept).toBeInstanceOf(Contract);
    expect(kept).toEqual(loadContract());
    expect(kept.operation('GetOrganizationsAccessReport')).toEqual(loadContract().operation('GetOrganizationsAccessReport'));
  });

  it('keeps the default case set exactly', () => {
    const set = loadCases([path.join(PROJECT_ROOT, 'cases')], loadContract(), { relativeTo: PROJECT_ROOT });
    expect(set.cases.length).toBeGreaterThan(50);
    expect(v8.deserialize(v8.serialize(set))).toStrictEqual(set);
  });
});
