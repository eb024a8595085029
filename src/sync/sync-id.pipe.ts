import { ParseUUIDPipe } from '@nestjs/common';
import { CommonErrorCode, fieldProblem } from '../common/problem';

/** Sync ids are UUIDs; anything else (traversal attempts included) is a 400 naming the parameter. */
export const SyncIdPipe = new ParseUUIDPipe({
  exceptionFactory: () =>
    fieldProblem('id', CommonErrorCode.INVALID_ID, 'the sync id must be a UUID'),
});
