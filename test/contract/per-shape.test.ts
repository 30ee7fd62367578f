// perShape (src/contract/per-shape.ts): one function per contract and shape, made when first called.
import { loadContract, perShape, type Contract } from '../../src/contract';
import { Contract as ContractClass } from '../../src/contract/spec';

const contract = loadContract();

test('one function per contract and shape, made on its first call and then kept', () => {
  const made: string[] = [];
  const describe = perShape<(x: number) => string>((_c, shape) => {
    made.push(shape);
    return (x) => `${shape}:${x}`;
  });
  const f = describe(contract, 'jobIDType');
  expect(describe(contract, 'jobIDType')).toBe(f);
  expect(made).toEqual([]); // nothing made before a call
  expect(f(1)).toBe('jobIDType:1');
  expect(f(2)).toBe('jobIDType:2');
  expect(made).toEqual(['jobIDType']);
});

test('another contract gets functions of its own', () => {
  const other = new ContractClass(contract.service, contract.operations, contract.shapes, contract.rules);
  const seen: Contract[] = [];
  const f = perShape<() => Contract>((c) => {
    seen.push(c);
    return () => c;
  });
  expect(f(contract, 'jobIDType')()).toBe(contract);
  expect(f(other, 'jobIDType')()).toBe(other);
  expect(seen).toEqual([contract, other]);
});

test('a shape that refers to itself gets a function that can call itself', () => {
  // A made function that calls itself through perShape (as a shape whose members refer back to it does):
  // making it asks for itself, which is not made again.
  type Depth = (v: unknown) => number;
  let makes = 0;
  const depth: (c: Contract, s: string) => Depth = perShape<Depth>((c, s) => {
    makes++;
    const self = depth(c, s);
    return (v) => (Array.isArray(v) ? 1 + Math.max(0, ...v.map(self)) : 0);
  });
  expect(depth(contract, 'AccessDetails')([[[]], []])).toBe(3);
  expect(makes).toBe(1);
});
