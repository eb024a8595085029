import { Controller, Get, Header, Headers, HttpStatus, Inject } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { createHash, timingSafeEqual } from 'node:crypto';
import { Public } from '../auth/auth.decorators';
import { CommonErrorCode, ProblemException } from '../common/problem';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { ApiMetrics } from './api-metrics';

/** Compared as digests, so neither the length nor the bytes leak through timing. */
function sameSecret(given: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/** Prometheus scrape endpoint; no tenant data, only totals. METRICS_TOKEN: bearer required. */
@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: ApiMetrics,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @Public()
  @Header('Content-Type', 'text/plain; version=0.0.4')
  scrape(@Headers('authorization') authorization?: string): Promise<string> {
    const token = this.config.metricsToken;
    if (token !== undefined) {
      const given = /^Bearer (.+)$/i.exec(authorization ?? '')?.[1];
      if (given === undefined || !sameSecret(given, token))
        throw new ProblemException(
          HttpStatus.UNAUTHORIZED,
          CommonErrorCode.UNAUTHENTICATED,
          'Metrics need `Authorization: Bearer <METRICS_TOKEN>`',
        );
    }
    return this.metrics.registry.metrics();
  }
}
