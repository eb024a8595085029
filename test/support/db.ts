import { Client, QueryResultRow } from 'pg';

/** One query on the harness's database, outside the API (to read what it stored). */
export async function queryDb<T extends QueryResultRow = QueryResultRow>(
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  const client = new Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

/** How many e-mails, reservations and stop sales a tenant has. */
export async function countRows(tenantId: string) {
  const [row] = await queryDb<{ emails: number; reservations: number; stop_sales: number }>(
    `SELECT (SELECT count(*)::int FROM emails WHERE tenant_id = $1) AS emails,
            (SELECT count(*)::int FROM reservations WHERE tenant_id = $1) AS reservations,
            (SELECT count(*)::int FROM stop_sales WHERE tenant_id = $1) AS stop_sales`,
    [tenantId],
  );
  return row;
}
