import { BadRequestException, ParseUUIDPipe } from '@nestjs/common';

/** Sync ids are UUIDs; anything else (traversal attempts included) is a 400 naming the parameter. */
export const SyncIdPipe = new ParseUUIDPipe({
  exceptionFactory: () => new BadRequestException({ detail: 'id: the sync id must be a UUID' }),
});
