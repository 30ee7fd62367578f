// The harness floor: the conformance jest setup running one empty test.
test('empty', () => undefined);
