import { IsOptional, IsString } from 'class-validator';
import { RequestValidationError } from './problem-details';
import { requestValidationPipe } from './validation';

class UpdateContact {
  @IsOptional()
  @IsString()
  email?: string;
}

const asBody = { type: 'body' as const, metatype: UpdateContact };

async function refusal(value: unknown): Promise<unknown> {
  return requestValidationPipe()
    .transform(value, asBody)
    .then(
      () => 'accepted',
      (error: unknown) => (error instanceof RequestValidationError ? error.errors : error),
    );
}

describe('the request validation pipe', () => {
  it.each([[[]], [[{ email: 'a@example.org' }]], [null], ['text'], [42]])(
    'refuses %p where a request object is expected (fuzzing found arrays let through)',
    async (value) => {
      expect(await refusal(value)).toEqual([{ field: 'body', message: 'the request body must be a JSON object' }]);
    },
  );

  it('accepts no body at all, for commands whose fields are all optional', async () => {
    expect(await refusal(undefined)).toBe('accepted');
  });

  it('accepts an object, and refuses its unknown fields', async () => {
    expect(await refusal({ email: 'a@example.org' })).toBe('accepted');
    expect(await refusal({ email: 'a@example.org', name: 'x' })).toEqual([
      { field: 'name', message: 'property name should not exist' },
    ]);
  });

  it.each(['constructor', 'valueOf', 'toString', 'hasOwnProperty', 'prototype', '__proto__'])(
    'refuses a field named %s like any unknown field (fuzzing found them accepted and ignored)',
    async (name) => {
      expect(await refusal(JSON.parse(`{"email": "a@example.org", "${name}": [true]}`))).toEqual([
        { field: name, message: `property ${name} should not exist` },
      ]);
    },
  );

  it('refuses such names inside nested objects and arrays too, naming the path', async () => {
    expect(await refusal(JSON.parse('{"email": "a@example.org", "extra": [{"constructor": 1}]}'))).toEqual([
      { field: 'extra[0].constructor', message: 'property constructor should not exist' },
    ]);
  });
});
