import type { DataSourceOptions } from 'typeorm';
import { InitialSchema1732240000000 } from '../../migrations/1732240000000-initial-schema';
import { SyncSchedules1732260000000 } from '../../migrations/1732260000000-sync-schedules';
import { SednaRequestLog1732280000000 } from '../../migrations/1732280000000-sedna-request-log';
import { ItemErrorCodes1732293000000 } from '../../migrations/1732293000000-item-error-codes';
import { HotelMappingKeys1732300000000 } from '../../migrations/1732300000000-hotel-mapping-keys';
import { ApiRateBuckets1732310000000 } from '../../migrations/1732310000000-api-rate-buckets';
import { Webhooks1732324000000 } from '../../migrations/1732324000000-webhooks';
import { RetryChains1732330000000 } from '../../migrations/1732330000000-retry-chains';
import { PacerArrivalBounds1732340000000 } from '../../migrations/1732340000000-pacer-arrival-bounds';
import { OneNamePerFact1732350000000 } from '../../migrations/1732350000000-one-name-per-fact';
import { SednaConnections1732365000000 } from '../../migrations/1732365000000-sedna-connections';
import { ReservationSednaConnection1732367000000 } from '../../migrations/1732367000000-reservation-sedna-connection';
import { HotelMappingWordKeys1732370000000 } from '../../migrations/1732370000000-hotel-mapping-word-keys';
import { Reconcile1732380000000 } from '../../migrations/1732380000000-reconcile';
import { DriftCheckSchedule1732391000000 } from '../../migrations/1732391000000-drift-check-schedule';
import { ReconcileWebhook1732392000000 } from '../../migrations/1732392000000-reconcile-webhook';

export const MIGRATIONS = [
  InitialSchema1732240000000,
  SyncSchedules1732260000000,
  SednaRequestLog1732280000000,
  ItemErrorCodes1732293000000,
  HotelMappingKeys1732300000000,
  ApiRateBuckets1732310000000,
  Webhooks1732324000000,
  RetryChains1732330000000,
  PacerArrivalBounds1732340000000,
  OneNamePerFact1732350000000,
  SednaConnections1732365000000,
  ReservationSednaConnection1732367000000,
  HotelMappingWordKeys1732370000000,
  Reconcile1732380000000,
  DriftCheckSchedule1732391000000,
  ReconcileWebhook1732392000000,
];

export function dataSourceOptions(url: string, poolSize = 10): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    // Every table is read and written through SQL with typed rows (the repositories): no entities.
    entities: [],
    migrations: MIGRATIONS,
    synchronize: false,
    extra: { max: poolSize },
  };
}
