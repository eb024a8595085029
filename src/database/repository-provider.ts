import type { Provider } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

/**
 * A feature module's provider of one of its repositories: a plain class over SQL, built on the
 * application's DataSource (a transaction builds its own on its EntityManager).
 */
export function repositoryProvider<T>(repository: new (db: DataSource) => T): Provider<T> {
  return {
    provide: repository,
    useFactory: (dataSource: DataSource) => new repository(dataSource),
    inject: [getDataSourceToken()],
  };
}
