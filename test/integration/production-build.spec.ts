import { describeProductionBuild } from '../support/dist-scenario';

describeProductionBuild('the Temporal dev server');
