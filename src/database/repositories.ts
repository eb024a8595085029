import type { DataSource, EntityManager } from 'typeorm';
import { EmailsRepository } from '../emails/emails.repository';
import { ReconcileRepository } from '../reconcile/reconcile.repository';
import { SettingsRepository } from '../settings/settings.repository';
import { SyncRepository } from '../sync/sync.repository';

/**
 * The repositories the activities use, on one connection: the pool, or a transaction. The
 * worker's composition root (src/worker/build-worker.ts) builds them on its DataSource and hands
 * them to the activity factories, which never build a repository; `transaction` gives the same
 * repositories on one transaction (an item's outcome commits with its row and its e-mail).
 */
export class Repositories {
  readonly sync: SyncRepository;
  readonly emails: EmailsRepository;
  readonly settings: SettingsRepository;
  readonly reconcile: ReconcileRepository;

  constructor(private readonly db: DataSource | EntityManager) {
    this.sync = new SyncRepository(db);
    this.emails = new EmailsRepository(db);
    this.settings = new SettingsRepository(db);
    this.reconcile = new ReconcileRepository(db);
  }

  transaction<T>(work: (tx: Repositories) => Promise<T>): Promise<T> {
    return this.db.transaction((db) => work(new Repositories(db)));
  }
}
