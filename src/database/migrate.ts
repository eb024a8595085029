import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source-options';

/** Applies pending migrations (or, with `down`, reverts the last `steps`). */
export async function runMigrations(url: string, direction: 'up' | 'down' = 'up', steps = 1) {
  const dataSource = await new DataSource(dataSourceOptions(url, 2)).initialize();
  try {
    if (direction === 'up') return await dataSource.runMigrations({ transaction: 'each' });
    for (let i = 0; i < steps; i++) await dataSource.undoLastMigration({ transaction: 'each' });
    return [];
  } finally {
    await dataSource.destroy();
  }
}

if (require.main === module) {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error('DATABASE_URL is required');
    process.exit(2);
  }
  const direction = process.argv[2] === 'down' ? 'down' : 'up';
  runMigrations(url, direction).then(
    (applied) =>
      console.log(`migrations ${direction}: ${applied.map((m) => m.name).join(', ') || 'none'}`),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
