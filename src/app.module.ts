import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtAuthGuard } from './auth/jwt-auth.guard';
import { JwtVerifier } from './auth/jwt-verifier';
import type { AppConfig } from './config/app-config';
import type { AppLogger } from './common/logger';
import { LoggingModule } from './common/logging.module';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { EmailsModule } from './emails/emails.module';
import { HealthModule } from './health/health.module';
import { HotelMappingsModule } from './hotel-mappings/hotel-mappings.module';
import { MetricsModule } from './metrics/metrics.module';
import { SharedRateLimiter } from './api-rate-limit/shared-rate-limiter';
import { TenantRateLimitGuard } from './api-rate-limit/tenant-rate-limit.guard';
import { ReconcileModule } from './reconcile/reconcile.module';
import { SchedulesModule } from './schedules/schedules.module';
import { SettingsModule } from './settings/settings.module';
import { SyncModule } from './sync/sync.module';
import { TracingFlush } from './telemetry/tracing-flush';
import { TemporalClientModule } from './temporal/temporal-client.module';
import { TenantsModule } from './tenants/tenants.module';
import { WebhooksModule } from './webhooks/webhooks.module';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, logger: AppLogger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule.forRoot(logger),
        DatabaseModule.forRoot(config),
        TemporalClientModule,
        TenantsModule,
        EmailsModule,
        SettingsModule,
        HotelMappingsModule,
        SyncModule,
        SchedulesModule,
        HealthModule,
        MetricsModule,
        WebhooksModule,
        ReconcileModule,
      ],
      // In this order: the rate limit charges the tenant the JWT guard found.
      providers: [
        JwtVerifier,
        SharedRateLimiter,
        { provide: APP_GUARD, useClass: JwtAuthGuard },
        { provide: APP_GUARD, useClass: TenantRateLimitGuard },
        TracingFlush,
      ],
    };
  }
}
