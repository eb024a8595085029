import { TEST_JWT_SECRET } from './tokens';

// Every test signs and verifies tokens with the same known secret.
process.env.JWT_SECRET = TEST_JWT_SECRET;
process.env.LOG_LEVEL ??= 'warn';
