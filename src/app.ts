import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AppModule } from './app.module';

import { JwtVerifier } from './auth/jwt-verifier';
import type { AppConfig } from './config/app-config';
import { rejectDeepBodies } from './common/body-depth';
import { bodyParserErrors } from './common/body-parser-errors';
import { HttpExceptionFilter } from './common/http-exception.filter';
import { createLogger, NestPinoLogger } from './common/logger';
import { requestLogging } from './common/request-logging';
import { Logger } from 'nestjs-pino';
import { createValidationPipe } from './common/validation';
import { serveDashboard } from './dashboard/serve-dashboard';
import { authenticateFirst } from './api-rate-limit/rate-limit.middleware';
import { TenantBuckets } from './api-rate-limit/tenant-buckets';
import { SharedRateLimiter } from './api-rate-limit/shared-rate-limiter';
import { ApiMetrics } from './metrics/api-metrics';
import { httpMetrics } from './metrics/http-metrics';

/** The HTTP API's version, as docs/API_CHANGELOG.md's latest entry names it. */
export const API_VERSION = '1.4.0';

/** Largest accepted JSON body; bigger imports are split by the caller. */
const BODY_LIMIT = '5mb';

export async function createApp(config: AppConfig): Promise<INestApplication> {
  const logger = createLogger('api', config.logLevel);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, logger), {
    logger: new NestPinoLogger(logger),
    bodyParser: false,
  });
  app.useLogger(app.get(Logger));
  // First: every response, refusals at the door included, carries the request's id.
  app.use(requestLogging(logger));
  app.use(httpMetrics(app.get(ApiMetrics).httpDuration));
  // Before anything else reads the request: no valid token, or a flooding tenant, is refused
  // at the door, the body unread.
  app.use(
    authenticateFirst(
      app.get(JwtVerifier),
      app.get(SharedRateLimiter),
      new TenantBuckets(config.apiRateLimit.unauthenticated),
    ),
  );
  app.useBodyParser('json', { limit: BODY_LIMIT });
  app.use(bodyParserErrors(BODY_LIMIT));
  app.use(rejectDeepBodies());
  app.useGlobalFilters(new HttpExceptionFilter());
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();
  const docs = new DocumentBuilder()
    .setTitle('Sedna Sync Orchestrator')
    .setDescription(
      'Bulk sync of parsed partner e-mails into Sedna, on Temporal. Changes: docs/API_CHANGELOG.md',
    )
    .setVersion(API_VERSION)
    .addBearerAuth()
    .build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, docs));
  // The browser dashboard (web/), at `/`, when it has been built.
  serveDashboard(app);
  return app;
}
