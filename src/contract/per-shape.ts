// Functions made for a shape of a contract (a reader, a comparer), once per contract and shape: code that
// runs for every value of every answer looks the shape's type and members up once, not per value.
import type { Contract } from './spec';

/**
 * `make` wrapped so that each contract and shape gets one function, made on its first call: a shape may
 * refer to itself through its members, so what `make` asks for of other shapes is not made until used.
 */
export function perShape<F extends (...args: never[]) => unknown>(make: (contract: Contract, shapeName: string) => F): (contract: Contract, shapeName: string) => F {
  const made = new WeakMap<Contract, Map<string, F>>();
  return (contract, shapeName) => {
    let perContract = made.get(contract);
    if (!perContract) made.set(contract, (perContract = new Map()));
    let fn = perContract.get(shapeName);
    if (!fn) {
      let inner: F | undefined;
      // `arguments` passed straight on: no array is made per call
      fn = function (this: unknown) {
        return (inner ??= make(contract, shapeName)).apply(this, arguments as unknown as never[]);
      } as unknown as F;
      perContract.set(shapeName, fn);
    }
    return fn;
  };
}
