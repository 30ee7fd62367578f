// "Alphabetical" namespaces: the orders a reasonable implementation produces are all accepted (code point,
// English collation, English collation ignoring punctuation as Java's default Collator does), and every
// sort break of the reference target's catalogue is still caught.
import path from 'node:path';
import { textOrderBreak, TEXT_ORDERS } from '../../src/checks/sorting';
import { BEHAVIOURS, behaviourNamed } from '../../src/reference-target/behaviours';
import { startReferenceTarget } from '../../src/reference-target/server';
import { ROOT_PATH } from '../../src/reference-target/data';
import { session } from '../support/run-case';
import { PROJECT_ROOT } from '../../src/contract';

const names = ['appconfig', 'app-integrations', 'appflow', 'iot-device-tester', 'iotanalytics', 'ec2', 'ec2-instance-connect', 'a4b', 'access-analyzer'];
const byCodePoint = [...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
const ignoringPunctuation = [...names].sort((a, b) => new Intl.Collator('en', { ignorePunctuation: true }).compare(a, b) || (a < b ? -1 : 1));

test('the orders differ on hyphenated namespaces (so tolerating all of them matters)', () => {
  expect(byCodePoint.indexOf('app-integrations')).toBeLessThan(byCodePoint.indexOf('appconfig'));
  expect(ignoringPunctuation.indexOf('appconfig')).toBeLessThan(ignoringPunctuation.indexOf('app-integrations'));
  expect(TEXT_ORDERS.map((o) => o.name)).toEqual(['code-point order', 'English collation', 'English collation ignoring punctuation']);
});

test.each([
  ['code point', byCodePoint],
  ['punctuation ignored, ties by code point', ignoringPunctuation],
  ['punctuation ignored, ties the other way', [...names].sort((a, b) => new Intl.Collator('en', { ignorePunctuation: true }).compare(a, b) || (a < b ? 1 : -1))],
])('ascending by %s is accepted, and its reverse as descending', (_n, list) => {
  expect(textOrderBreak(list, 'ascending')).toBe(-1);
  expect(textOrderBreak([...list].reverse(), 'descending')).toBe(-1);
});

test.each([
  ['descending where ascending is due', [...byCodePoint].reverse(), 'ascending'],
  ['ascending where descending is due', byCodePoint, 'descending'],
  ['one pair swapped', [byCodePoint[0], byCodePoint[2], byCodePoint[1], ...byCodePoint.slice(3)], 'ascending'],
  ['a mix of two orders (code point, then punctuation ignored)', ['app-integrations', 'appconfig', 'iotanalytics', 'iot-device-tester'], 'ascending'],
] as const)('%s is refused', (_n, list, order) => {
  expect(textOrderBreak([...list], order)).toBeGreaterThan(0);
});

// Every broken behaviour about order, against the sort cases: the wider tolerance still catches each one.
const sortBreaks = BEHAVIOURS.filter((b) => b.kind === 'broken' && !b.rules.includes('W1') && b.rules.some((r) => r === 'R8' || r === 'R9') && b.catchers.some((c) => c.startsWith('sort-') || c.startsWith('default-order')));

test('the catalogue has sort breaks to check', () => {
  expect(sortBreaks.map((b) => b.name)).toEqual(expect.arrayContaining(['default-order-descending', 'sort-key-ignored', 'time-sort-reversed']));
});

test.each(sortBreaks.map((b) => [b.name, b.catchers] as const))('sort break %s is still caught by %j', async (name, catchers) => {
  const target = await startReferenceTarget({ behaviour: behaviourNamed(name) });
  const s = session(target.url, [path.join(PROJECT_ROOT, 'cases')], { inputs: { EntityPath: ROOT_PATH } });
  try {
    const failing: string[] = [];
    for (const c of s.session.caseSet.cases.filter((x) => catchers.includes(x.id))) if ((await s.session.runCase(c)).status !== 'passed') failing.push(c.id);
    expect(failing.sort()).toEqual([...catchers].sort());
  } finally {
    await s.close();
    await target.close();
  }
});
