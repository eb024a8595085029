import { DynamicModule, Global, Module } from '@nestjs/common';
import { SecretBox } from '../common/secret-box';
import { APP_CONFIG, AppConfig } from './app-config';

@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: ConfigModule,
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: SecretBox, useValue: new SecretBox(config.settingsEncryptionKey) },
      ],
      exports: [APP_CONFIG, SecretBox],
    };
  }
}
