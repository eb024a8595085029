import TestRunner from 'jest-runner';

/**
 * Integration test files share one Temporal server and one database, and some stop and
 * restart servers: Jest runs the files of a runner that declares itself serial one at a time.
 */
export default class SerialRunner extends TestRunner {
  override readonly isSerial = true;
}
