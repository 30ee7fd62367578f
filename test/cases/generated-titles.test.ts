// Generated case titles read as English: "with no JobId (a required member)", never "with without JobId",
// and "1 character", never "1 characters".
import path from 'node:path';
import { loadContract, PROJECT_ROOT } from '../../src/contract';
import { loadCases } from '../../src/cases/loader';

const contract = loadContract();
const titles = loadCases([path.join(PROJECT_ROOT, 'cases')], contract, { relativeTo: PROJECT_ROOT }).cases.filter((c) => c.tags.includes('generated')).map((c) => c.title);

test('no generated title says "with without" or "1 characters"', () => {
  expect(titles.length).toBeGreaterThan(10);
  expect(titles.filter((t) => /\bwith without\b|\b1 characters\b/.test(t))).toEqual([]);
});

test('a missing required member and a one-character boundary read naturally', () => {
  expect(titles).toContain('GetOrganizationsAccessReport with no JobId (a required member) is refused with a 4xx');
  expect(titles.some((t) => /\bof exactly 1 character\b/.test(t) || /\bof 1 character\b/.test(t))).toBe(true);
});
