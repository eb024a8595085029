import { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialSchema1732240000000 implements MigrationInterface {
  name = 'InitialSchema1732240000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE tenants (
        id varchar(64) PRIMARY KEY,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE tenant_settings (
        tenant_id varchar(64) PRIMARY KEY REFERENCES tenants(id) ON DELETE CASCADE,
        api_url text NOT NULL,
        username text NOT NULL,
        password_encrypted text NOT NULL,
        operator_id int NOT NULL,
        operator_code varchar(64) NOT NULL,
        authority_id int NOT NULL DEFAULT 207,
        rate_limit_per_second int NOT NULL DEFAULT 5
          CHECK (rate_limit_per_second BETWEEN 1 AND 1000),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE emails (
        id serial PRIMARY KEY,
        tenant_id varchar(64) NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
        message_id varchar(512) NOT NULL,
        subject text NOT NULL,
        sender text NOT NULL,
        received_at timestamptz NOT NULL,
        email_type varchar(20) NOT NULL CHECK (email_type IN ('reservation', 'stopsale', 'unknown')),
        status varchar(20) NOT NULL DEFAULT 'pending'
          CHECK (status IN ('pending', 'processed', 'failed')),
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_emails_tenant_message UNIQUE (tenant_id, message_id)
      )`);
    // The pending list filters by tenant, status and type, newest first.
    await db.query(
      `CREATE INDEX idx_emails_tenant_status_type ON emails (tenant_id, status, email_type, received_at DESC)`,
    );
    const syncState = `
        status varchar(20) NOT NULL DEFAULT 'pending',
        sedna_hotel_id int,
        sedna_synced boolean NOT NULL DEFAULT false,
        sedna_rec_id int,
        sedna_sync_at timestamptz`;
    await db.query(`
      CREATE TABLE stop_sales (
        id serial PRIMARY KEY,
        tenant_id varchar(64) NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
        email_id int NOT NULL REFERENCES emails(id) ON DELETE CASCADE,
        hotel_name text NOT NULL,
        date_from date NOT NULL,
        date_to date NOT NULL,
        room_types text[],
        board_types text[],
        is_close boolean NOT NULL DEFAULT true,
        reason text,${syncState},
        phase1_declare_date varchar(19),
        phase1_sent_at timestamptz,
        CHECK (date_to >= date_from)
      )`);
    await db.query(`CREATE INDEX idx_stop_sales_email ON stop_sales (tenant_id, email_id)`);
    await db.query(`
      CREATE TABLE reservations (
        id serial PRIMARY KEY,
        tenant_id varchar(64) NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
        email_id int NOT NULL REFERENCES emails(id) ON DELETE CASCADE,
        voucher_no varchar(100) NOT NULL,
        hotel_name text NOT NULL,
        check_in date NOT NULL,
        check_out date NOT NULL,
        room_type varchar(32) NOT NULL,
        board_type varchar(32) NOT NULL,
        adults int NOT NULL,
        children int NOT NULL DEFAULT 0,
        amount numeric(12, 2),
        currency varchar(3),
        guests jsonb NOT NULL DEFAULT '[]',${syncState},
        insert_sent_at timestamptz,
        CONSTRAINT uq_reservations_tenant_voucher UNIQUE (tenant_id, voucher_no),
        CHECK (check_out > check_in)
      )`);
    await db.query(`CREATE INDEX idx_reservations_email ON reservations (tenant_id, email_id)`);
    await db.query(`
      CREATE TABLE sync_runs (
        id serial PRIMARY KEY,
        tenant_id varchar(64) NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
        sync_id uuid NOT NULL UNIQUE,
        workflow_id varchar(200) NOT NULL,
        status varchar(20) NOT NULL DEFAULT 'running',
        trigger varchar(20) NOT NULL DEFAULT 'manual',
        retry_of uuid REFERENCES sync_runs(sync_id),
        requested_by varchar(200),
        total_items int NOT NULL DEFAULT 0,
        successful_count int NOT NULL DEFAULT 0,
        failed_count int NOT NULL DEFAULT 0,
        started_at timestamptz NOT NULL DEFAULT now(),
        completed_at timestamptz,
        duration_seconds double precision,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    // History lists a tenant's runs newest first.
    await db.query(
      `CREATE INDEX idx_sync_runs_tenant_created ON sync_runs (tenant_id, created_at DESC)`,
    );
    await db.query(`
      CREATE TABLE sync_items (
        id serial PRIMARY KEY,
        sync_run_id int NOT NULL REFERENCES sync_runs(id) ON DELETE CASCADE,
        tenant_id varchar(64) NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
        ordinal int NOT NULL,
        email_id int NOT NULL REFERENCES emails(id) ON DELETE CASCADE,
        item_type varchar(20) NOT NULL CHECK (item_type IN ('reservation', 'stop_sale')),
        item_id int NOT NULL,
        status varchar(20) NOT NULL DEFAULT 'pending',
        sedna_rec_id varchar(64),
        phase1_rec_id int,
        attempts int NOT NULL DEFAULT 0,
        error_message text,
        event_seq int,
        processed_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_sync_items_run_ordinal UNIQUE (sync_run_id, ordinal)
      )`);
    // Progress replay reads a run's finished items in event order.
    await db.query(`CREATE INDEX idx_sync_items_run_seq ON sync_items (sync_run_id, event_seq)`);
    await db.query(
      `CREATE INDEX idx_sync_items_item ON sync_items (tenant_id, item_type, item_id)`,
    );
    await db.query(`
      CREATE TABLE hotel_mappings (
        id serial PRIMARY KEY,
        tenant_id varchar(64) NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
        hotel_name text NOT NULL,
        normalized_name text NOT NULL,
        sedna_hotel_id int NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_hotel_mappings_tenant_name UNIQUE (tenant_id, normalized_name)
      )`);
    await db.query(`
      CREATE TABLE sedna_reference_cache (
        tenant_id varchar(64) NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
        kind varchar(20) NOT NULL CHECK (kind IN ('hotels', 'room_types', 'boards')),
        data jsonb NOT NULL,
        fetched_at timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, kind)
      )`);
    // The next free Sedna request slot per tenant, shared by every worker process.
    await db.query(`
      CREATE TABLE sedna_request_slots (
        tenant_id varchar(64) PRIMARY KEY REFERENCES tenants(id) ON DELETE CASCADE,
        next_slot_at timestamptz NOT NULL
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of [
      'sedna_request_slots',
      'sedna_reference_cache',
      'hotel_mappings',
      'sync_items',
      'sync_runs',
      'reservations',
      'stop_sales',
      'emails',
      'tenant_settings',
      'tenants',
    ]) {
      await db.query(`DROP TABLE ${table}`);
    }
  }
}
