import { DynamicModule, Global, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { AppLogger } from './logger';

/** The process's pino logger, for what logs outside Nest's Logger (e.g. the Temporal client). */
export const APP_LOGGER = Symbol('APP_LOGGER');

/**
 * nestjs-pino over the API's logger. `useExisting`: the request-logging middleware
 * (request-logging.ts) is mounted by createApp ahead of everything, so that requests refused at
 * the door have their id and access line too; nestjs-pino binds its per-request logger.
 */
@Global()
@Module({})
export class LoggingModule {
  static forRoot(logger: AppLogger): DynamicModule {
    return {
      module: LoggingModule,
      imports: [LoggerModule.forRoot({ pinoHttp: { logger }, useExisting: true })],
      providers: [{ provide: APP_LOGGER, useValue: logger }],
      exports: [APP_LOGGER],
    };
  }
}
