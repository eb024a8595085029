import { DynamicModule, Module } from '@nestjs/common';
import type { AppConfig } from '../config/app-config';
import { ConfigModule } from '../config/config.module';
import { DatabaseModule } from '../database/database.module';
import { HotelMappingsModule } from '../hotel-mappings/hotel-mappings.module';
import { SednaModule } from '../sedna/sedna.module';
import { SettingsModule } from '../settings/settings.module';
import { WebhooksModule } from '../webhooks/webhooks.module';

/** What the activities need; the worker builds them from this application context. */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule.forRoot(config, 20),
        SettingsModule,
        HotelMappingsModule,
        SednaModule,
        WebhooksModule,
      ],
    };
  }
}
