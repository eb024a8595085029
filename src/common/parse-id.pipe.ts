import { Injectable, PipeTransform } from '@nestjs/common';
import { CommonErrorCode, fieldProblem } from './problem';

const MAX_SERIAL = 2_147_483_647;

/** The `:id` of a `serial` row; anything else is a 400 naming the parameter, never a DB error. */
@Injectable()
export class ParseIdPipe implements PipeTransform<string, number> {
  transform(value: string): number {
    const id = /^\d{1,10}$/.test(value) ? Number(value) : NaN;
    if (!(id >= 1 && id <= MAX_SERIAL)) {
      throw fieldProblem('id', CommonErrorCode.INVALID_ID, 'must be a positive integer');
    }
    return id;
  }
}
