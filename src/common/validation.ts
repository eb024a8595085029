import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { CommonErrorCode, type FieldProblem, ProblemException } from './problem';

/** A validation rule's name as a field problem's code: `isInt` → `IS_INT`. */
function ruleCode(constraint: string): string {
  return constraint.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
}

/**
 * Each broken rule as a field problem: `emails[3].stop_sales[0].date_to` (the record and the
 * field), the rule's code (`IS_INT`, `WHITELIST_VALIDATION`, …) and its message.
 */
export function describeValidationErrors(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = /^\d+$/.test(error.property)
      ? `${parent}[${error.property}]`
      : parent
        ? `${parent}.${error.property}`
        : error.property;
    const own = Object.entries(error.constraints ?? {}).map(([rule, message]) => ({
      field,
      code: ruleCode(rule),
      message,
    }));
    return [...own, ...describeValidationErrors(error.children ?? [], field)];
  });
}

/**
 * Route parameters reach their own pipes (ParseIdPipe) as sent: the global pipe would turn
 * `0x10` and `1e3` into 16 and 1000 (`+value`) before ParseIdPipe could refuse them.
 */
class RawParamsValidationPipe extends ValidationPipe {
  protected override transformPrimitive(value: unknown, metadata: ArgumentMetadata): unknown {
    return metadata.type === 'param' ? value : super.transformPrimitive(value, metadata);
  }
}

export function createValidationPipe(): ValidationPipe {
  return new RawParamsValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const problems = describeValidationErrors(errors);
      return new ProblemException(
        400,
        CommonErrorCode.VALIDATION_FAILED,
        problems
          .slice(0, 20)
          .map((p) => `${p.field}: ${p.message}`)
          .join('; '),
        { errors: problems },
      );
    },
  });
}
