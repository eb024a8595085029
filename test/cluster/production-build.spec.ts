import { describeProductionBuild } from '../support/dist-scenario';

describeProductionBuild('the real Temporal server (PostgreSQL, 4 shards, 4 partitions)');
