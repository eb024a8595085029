import type { SednaSimulator } from '../../sedna-sim/sedna-simulator';
import { sleep } from '../../scripts/local-stack';
import { queryDb } from './db';
import { call } from './http';
import { makeToken } from './tokens';

// Tests read simulator and API bodies freely.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const HOTELS = [
  'Mandarin Resort',
  'Grand Resort Antalya',
  'Grand Paradise Resort',
  'Sunrise Beach Hotel',
];
const ROOMS = [['DBL', 'TRP'], ['DBL'], ['SGL', 'DBL', 'FAM'], null];

export interface Tenant {
  id: string;
  token: string;
}

let tenantSeq = 0;

/** A fresh tenant whose Sedna settings point at the simulator's agency. */
export async function createTenant(
  apiUrl: string,
  sim: SednaSimulator,
  opts: { rate?: number; username?: string; password?: string; operatorId?: number } = {},
): Promise<Tenant> {
  const id = `t${Date.now().toString(36)}${++tenantSeq}`;
  const token = makeToken(id, { sub: `ops@${id}` });
  const res = await call(apiUrl, 'PUT', '/api/settings/sedna', {
    token,
    body: {
      api_url: sim.url,
      username: opts.username ?? 'demo',
      password: opts.password ?? 'demo-pass',
      operator_id: opts.operatorId ?? 571,
      operator_code: '7STAR',
      rate_limit_per_second: opts.rate ?? 50,
    },
  });
  if (res.status !== 200) throw new Error(`settings: ${res.status} ${res.text}`);
  return { id, token };
}

/** Distinct, valid stop-sale e-mails: `perEmail` stop sales each, on known hotels and rooms. */
export function stopSaleEmails(
  prefix: string,
  count: number,
  perEmail = 1,
  hotel?: (i: number) => string,
) {
  return Array.from({ length: count }, (_, i) => ({
    message_id: `${prefix}-ss-${i}@test`,
    subject: `STOP SALE ${i}`,
    sender: 'contracts@hotel.example',
    received_at: '2026-11-01T10:00:00Z',
    email_type: 'stopsale',
    stop_sales: Array.from({ length: perEmail }, (_, j) => ({
      hotel_name: hotel?.(i) ?? HOTELS[(i + j) % HOTELS.length],
      date_from: `2027-0${1 + (j % 9)}-${String(1 + (i % 27)).padStart(2, '0')}`,
      date_to: `2027-0${1 + (j % 9)}-28`,
      room_types: ROOMS[(i + j) % ROOMS.length],
      board_types: j % 2 ? ['AI'] : null,
      is_close: true,
    })),
    reservations: [],
  }));
}

/** One stop-sale e-mail for exactly this hotel, dates and rooms. */
export function stopSaleEmail(
  tag: string,
  hotel: string,
  from: string,
  to: string,
  rooms: string[],
) {
  return {
    message_id: `${tag}@test`,
    subject: `STOP SALE ${tag}`,
    sender: 'contracts@hotel.example',
    received_at: '2026-11-01T10:00:00Z',
    email_type: 'stopsale',
    stop_sales: [
      { hotel_name: hotel, date_from: from, date_to: to, room_types: rooms, is_close: true },
    ],
    reservations: [],
  };
}

export function reservationEmails(prefix: string, count: number) {
  return Array.from({ length: count }, (_, i) => ({
    message_id: `${prefix}-res-${i}@test`,
    subject: `New booking ${prefix}${i}`,
    sender: 'booking@partner.example',
    received_at: '2026-11-01T11:00:00Z',
    email_type: 'reservation',
    stop_sales: [],
    reservations: [
      {
        voucher_no: `${prefix.toUpperCase()}${String(i).padStart(4, '0')}`,
        hotel_name: HOTELS[i % 3],
        check_in: '2027-06-10',
        check_out: '2027-06-17',
        room_type: 'DBL',
        board_type: 'AI',
        adults: 2,
        children: 1,
        amount: 1234.56,
        currency: 'EUR',
        guests: [
          {
            title: 'Mr',
            first_name: 'Ali',
            last_name: `Guest${i}`,
            birth_date: '1980-02-03',
            nationality: 'TR',
          },
          {
            title: 'Chd',
            first_name: 'Can',
            last_name: `Guest${i}`,
            birth_date: '2019-05-06',
            nationality: 'TR',
          },
        ],
      },
    ],
  }));
}

export async function importEmails(
  apiUrl: string,
  tenant: Tenant,
  emails: unknown[],
): Promise<number[]> {
  const res = await call(apiUrl, 'POST', '/api/emails', { token: tenant.token, body: { emails } });
  if (res.status !== 201) throw new Error(`import: ${res.status} ${res.text}`);
  return res.body.ids as number[];
}

export async function startSync(
  apiUrl: string,
  tenant: Tenant,
  emailIds: number[],
): Promise<string> {
  const res = await call(apiUrl, 'POST', '/api/sync/emails', {
    token: tenant.token,
    body: { email_ids: emailIds },
  });
  if (res.status !== 200) throw new Error(`sync: ${res.status} ${res.text}`);
  return res.body.sync_id as string;
}

/**
 * A fresh tenant (its Sedna calls paced at 20 a second) imports `stopSales` stop-sale e-mails
 * (`perEmail` stop sales each) and `reservations` reservations and starts their sync; returns
 * once the run has started.
 */
export async function startMixedRun(
  apiUrl: string,
  sim: SednaSimulator,
  prefix: string,
  items: { stopSales: number; reservations: number; perEmail?: number },
): Promise<{ tenant: Tenant; syncId: string }> {
  const tenant = await createTenant(apiUrl, sim, { rate: 20 });
  const ids = await importEmails(apiUrl, tenant, [
    ...stopSaleEmails(prefix, items.stopSales, items.perEmail),
    ...reservationEmails(prefix, items.reservations),
  ]);
  return { tenant, syncId: await startSync(apiUrl, tenant, ids) };
}

/** Waits until the run's row leaves `running`; returns the row. */
export async function waitForRun(syncId: string, timeoutMs = 120_000): Promise<Json> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const [run] = await queryDb('SELECT * FROM sync_runs WHERE sync_id = $1', [syncId]);
    if (run && run.status !== 'running') return run;
    await sleep(250);
  }
  throw new Error(`run ${syncId} did not finish in ${timeoutMs} ms`);
}

export async function simGet(sim: SednaSimulator, path: string): Promise<Json> {
  const res = await fetch(`${sim.url}/__sim/${path}`);
  return res.json();
}

export async function simPost(
  sim: SednaSimulator,
  path: string,
  body: unknown = {},
): Promise<Json> {
  const res = await fetch(`${sim.url}/__sim/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return res.json();
}

/**
 * A fresh tenant with `count` e-mails of one stop sale each on `hotel`, imported; then the
 * simulator breaks as `rules` say (its fault rules) for the sync the test starts next.
 */
export async function importStopSalesWithFaults(
  apiUrl: string,
  sim: SednaSimulator,
  prefix: string,
  rules: unknown[],
  { count = 1, hotel = 'Mandarin Resort' }: { count?: number; hotel?: string } = {},
): Promise<{ tenant: Tenant; ids: number[] }> {
  const tenant = await createTenant(apiUrl, sim);
  const ids = await importEmails(
    apiUrl,
    tenant,
    stopSaleEmails(prefix, count, 1, () => hotel),
  );
  await simPost(sim, 'faults', { rules });
  return { tenant, ids };
}
