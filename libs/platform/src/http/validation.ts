import { ValidationPipe } from '@nestjs/common';
import { RequestValidationError, invalidParams } from './problem-details';

/**
 * Request bodies, params and queries are validated against their DTO classes. Unknown fields are
 * rejected rather than silently dropped, so a misspelt field is an error the caller sees.
 */
export function requestValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    transform: true,
    whitelist: true,
    forbidNonWhitelisted: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new RequestValidationError(invalidParams(errors)),
  });
}
