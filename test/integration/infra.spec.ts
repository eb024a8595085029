import { Connection } from '@temporalio/client';
import jwt from 'jsonwebtoken';
import { Client } from 'pg';
import { SEARCH_ATTRIBUTES } from '../../src/contract/search-attributes';
import { makeToken, TEST_JWT_SECRET } from '../support/tokens';

// temporal.api.enums.v1.IndexedValueType
const INDEXED_VALUE_TYPE: Record<string, number> = { Keyword: 2, Int: 3 };

describe('integration harness', () => {
  it('hands the infrastructure to tests through the environment', () => {
    expect(process.env.DATABASE_URL).toMatch(/^postgres(ql)?:\/\//);
    expect(process.env.TEMPORAL_ADDRESS).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(process.env.TEMPORAL_UI_URL).toMatch(/^http:\/\//);
    expect(process.env.JWT_SECRET).toBe(TEST_JWT_SECRET);
  });

  it('reaches Temporal with our search attributes registered', async () => {
    const connection = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS });
    try {
      const { customAttributes } = await connection.operatorService.listSearchAttributes({
        namespace: process.env.TEMPORAL_NAMESPACE ?? 'default',
      });
      for (const [name, type] of Object.entries(SEARCH_ATTRIBUTES)) {
        expect(customAttributes?.[name]).toBe(INDEXED_VALUE_TYPE[type]);
      }
    } finally {
      await connection.close();
    }
  });

  it('reaches a migrated PostgreSQL database', async () => {
    const client = new Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    try {
      const { rows } = await client.query<{ table_name: string }>(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`,
      );
      const tables = rows.map((r) => r.table_name);
      for (const table of ['tenants', 'tenant_settings', 'emails', 'sync_runs', 'sync_items']) {
        expect(tables).toContain(table);
      }
    } finally {
      await client.end();
    }
  });

  it('signs tokens the API can verify with JWT_SECRET', () => {
    const claims = jwt.verify(makeToken('tenant-a', { sub: 'u1' }), process.env.JWT_SECRET ?? '');
    expect(claims).toMatchObject({ tenant_id: 'tenant-a', sub: 'u1' });
    expect(() => jwt.verify(makeToken('tenant-a', { secret: 'other' }), TEST_JWT_SECRET)).toThrow();
  });
});
