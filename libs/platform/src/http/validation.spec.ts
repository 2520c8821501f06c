import { Type } from 'class-transformer';
import { IsObject, IsOptional, IsString, ValidateNested } from 'class-validator';
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

  describe('keys of a free-form object (a map whose own validator forgets its keys)', () => {
    class Review {
      @IsObject() scores!: Record<string, number>;
    }
    class Reviews {
      @ValidateNested({ each: true }) @Type(() => Review) reviews!: Review[];
    }
    const check = (value: unknown, metatype: new () => object) =>
      requestValidationPipe()
        .transform(value, { type: 'body', metatype })
        .then(
          () => 'accepted',
          (error: unknown) => (error instanceof RequestValidationError ? error.errors : error),
        );

    it.each([
      ['a NUL', 'fit\u0000'],
      ['a lone surrogate', 'fit \ud800'],
    ])('refuses a key with %s, which Postgres cannot store (it was a 500), naming the map', async (_what, key) => {
      expect(await check({ scores: { [key]: 5 } }, Review)).toEqual([
        { field: 'scores', message: 'scores contains characters that cannot be stored' },
      ]);
    });

    it('names a map inside a list by its index', async () => {
      expect(await check({ reviews: [{ scores: { fit: 5 } }, { scores: { 'a\u0000': 1 } }] }, Reviews)).toEqual([
        { field: 'reviews.1.scores', message: 'scores contains characters that cannot be stored' },
      ]);
      expect(await check({ reviews: [{ scores: { fit: 5 } }] }, Reviews)).toBe('accepted');
    });
  });
});
