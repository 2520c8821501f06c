import { isAllowedKey, keyedObjectProblem, type KeyedObjectRule } from './keyed-object';

const CRITERIA: KeyedObjectRule = { names: 'criterion names', minEntries: 1, maxEntries: 3 };

describe('keys of a client map (gate criteria)', () => {
  it.each([
    'strategicFit',
    'Strategic fit',
    'market-potential',
    'team_strength',
    'v1.2 readiness',
    '戦略適合',
    'Café',
    'x',
  ])('accepts %p', (key) => expect(isAllowedKey(key)).toBe(true));

  it.each([
    ['a NUL', 'fit\u0000'],
    ['a tab', 'fit\tness'],
    ['a newline', 'fit\n'],
    ['another control character', 'fit\u0007'],
    ['a lone surrogate', 'fit \ud800'],
    ['a zero-width space', 'fit\u200bness'],
    ['a right-to-left override', '\u202efit'],
    ['a leading space', ' fit'],
    ['a trailing space', 'fit '],
    ['nothing', ''],
    ['punctuation', 'fit; DROP TABLE'],
    ['quotes', '"fit"'],
    ['61 characters', 'x'.repeat(61)],
  ])('refuses a key with %s', (_what, key) => expect(isAllowedKey(key)).toBe(false));

  it('counts characters, not UTF-16 units: 60 emoji-free CJK letters are fine, 61 are not', () => {
    expect(isAllowedKey('語'.repeat(60))).toBe(true);
    expect(isAllowedKey('語'.repeat(61))).toBe(false);
  });

  it('says the rule, and quotes the first bad key as JSON (an invisible character shows), cut short', () => {
    expect(keyedObjectProblem({ fit: 5, 'bad\u0000key': 5 }, CRITERIA)).toBe(
      "must be an object of 1 to 3 entries; criterion names are 1 to 60 letters, digits, spaces, '-', '_' or '.', " +
        'without a space at either end (not "bad\\u0000key")',
    );
    expect(keyedObjectProblem({ ['x'.repeat(100_000)]: 5 }, CRITERIA)).toContain(`(not "${'x'.repeat(60)}…")`);
  });

  it('refuses no entries, too many, and anything but an object', () => {
    for (const value of [{}, { a: 1, b: 2, c: 3, d: 4 }, [5], null, 'fit', 5]) {
      expect(keyedObjectProblem(value, CRITERIA)).toMatch(/^must be an object of 1 to 3 entries/);
    }
    expect(keyedObjectProblem({ a: 1, b: 2, c: 3 }, CRITERIA)).toBeUndefined();
  });
});
