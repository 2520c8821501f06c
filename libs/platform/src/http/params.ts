import { ParseUUIDPipe } from '@nestjs/common';
import { RequestValidationError } from './problem-details';

/** `@Param('id', uuid('id'))`: a malformed id is a 400 naming the parameter, not a 404 or a 500. */
export function uuid(name: string): ParseUUIDPipe {
  return new ParseUUIDPipe({
    exceptionFactory: () => new RequestValidationError([{ field: name, message: `${name} must be a UUID` }]),
  });
}
