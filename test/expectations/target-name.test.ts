// --target-name against an expectations file's target line: the shipped lines, names that are theirs,
// and names that only appear inside another target's line.
import { targetNameMismatch } from '../../src/expectations/target-name';

const MOTO = 'moto 5.2.1 server (python3 -m moto.server)';
const LOCALSTACK = 'LocalStack 4.14 (IAM backed by moto)';

test.each([
  [MOTO, 'moto'], [MOTO, 'moto 5.2.1'], [MOTO, 'MOTO  5.2.1 server'], [MOTO, MOTO],
  [LOCALSTACK, 'LocalStack'], [LOCALSTACK, 'localstack 4.14'],
])('%s is the target named %j', (line, name) => {
  expect(targetNameMismatch(line, name)).toBeUndefined();
});

test.each([
  [LOCALSTACK, 'moto', /does not begin with that name/],
  [MOTO, 'LocalStack 4.14', /does not begin with that name/],
  [MOTO, 'moto 5.2', /ends inside a word or version/],
  [MOTO, 'mo', /ends inside a word or version/],
  [MOTO, '', /empty/],
  [MOTO, '   ', /empty/],
])('%s is not the target named %j', (line, name, why) => {
  expect(targetNameMismatch(line, name)).toMatch(why);
});
