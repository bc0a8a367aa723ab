/**
 * Asserts that `items` is not empty and that every item passes `check`, listing those that do not. An `.every()` over
 * an empty list is true, so a filter that returns nothing would otherwise pass any such check.
 */
export function expectEvery<T>(items: readonly T[], check: (item: T) => unknown): void {
  expect(items.length).toBeGreaterThan(0);
  expect(items.filter((item) => !check(item))).toEqual([]);
}
