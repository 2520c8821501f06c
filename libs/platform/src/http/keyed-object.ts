import { ValidateBy } from 'class-validator';

/**
 * A JSON object used as a map (gate criteria: name → score). Its keys are the client's text as much
 * as its values are, and are stored as they come (in jsonb, in events, on Kafka), so they are checked
 * like values: a NUL in a key was a 500 from Postgres, and a tab, a newline or a 5,000-character
 * "name" would be stored and shown to everyone.
 */
export interface KeyedObjectRule {
  /** What the keys name, for the message: `criterion names`. */
  names: string;
  minEntries: number;
  maxEntries: number;
}

/** The longest key, in characters (code points). */
export const MAX_KEY_LENGTH = 60;

/**
 * Letters and digits of any script (a Japanese criterion name is as good as an English one), with
 * the marks that complete them, spaces inside, and `-`, `_`, `.`. No space at either end, so that
 * "fit" and "fit " are not two criteria; no control, format or invisible characters at all.
 */
const KEY = /^[\p{L}\p{N}_.-](?:[\p{L}\p{M}\p{N} _.-]*[\p{L}\p{M}\p{N}_.-])?$/u;

export function isAllowedKey(key: string): boolean {
  return KEY.test(key) && [...key].length <= MAX_KEY_LENGTH;
}

/** The rule as the client reads it in a 400. */
export function keyRuleText({ names, minEntries, maxEntries }: KeyedObjectRule): string {
  return (
    `must be an object of ${minEntries} to ${maxEntries} entries; ${names} are 1 to ${MAX_KEY_LENGTH} ` +
    `letters, digits, spaces, '-', '_' or '.', without a space at either end`
  );
}

/**
 * What is wrong with `value` as such a map, or undefined. The first bad key is quoted (as JSON, so
 * that an invisible character shows), cut short: the message must not echo a megabyte back.
 */
export function keyedObjectProblem(value: unknown, rule: KeyedObjectRule): string | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return keyRuleText(rule);
  const keys = Object.keys(value);
  if (keys.length < rule.minEntries || keys.length > rule.maxEntries) return keyRuleText(rule);
  const bad = keys.find((key) => !isAllowedKey(key));
  if (bad === undefined) return undefined;
  const shown = [...bad].slice(0, MAX_KEY_LENGTH).join('') + ([...bad].length > MAX_KEY_LENGTH ? '…' : '');
  return `${keyRuleText(rule)} (not ${JSON.stringify(shown)})`;
}

/** The property is a map whose keys follow the rule above; its values are the caller's to check. */
export function IsKeyedObject(rule: KeyedObjectRule): PropertyDecorator {
  return ValidateBy({
    name: 'isKeyedObject',
    validator: {
      validate: (value: unknown) => keyedObjectProblem(value, rule) === undefined,
      defaultMessage: (args) => `${args?.property ?? 'value'} ${keyedObjectProblem(args?.value, rule) ?? ''}`.trim(),
    },
  });
}
