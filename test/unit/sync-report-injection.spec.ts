import ExcelJS from 'exceljs';
import { PassThrough } from 'node:stream';
import type { DataSource } from 'typeorm';
import { EmailsRepository } from '../../src/emails/emails.repository';
import type { SchedulesRepository } from '../../src/schedules/schedules.repository';
import { safeText } from '../../src/common/xlsx';
import { SyncReportService } from '../../src/sync/sync-report.service';
import type { SyncRunsService } from '../../src/sync/sync-runs.service';
import { SyncRepository, type RunRow } from '../../src/sync/sync.repository';

const HOSTILE = ['=HYPERLINK("http://x.example","y")', '+1+1', '-2+3', '@SUM(A1)', '\tx', '\rx'];

// Cast: the report reads only some of a run's fields.
const run = {
  id: 1,
  sync_id: 'sync-1',
  tenant_id: 't',
  workflow_id: 'bulk-sync-sync-1',
  status: 'completed',
  trigger: 'manual',
  retry_of: null,
  retried_by: null,
  requested_by: '=cmd|"/c calc"!A1',
  total_items: HOSTILE.length,
  successful_count: HOSTILE.length,
  failed_count: 0,
  started_at: new Date('2026-11-01T10:00:00Z'),
  completed_at: new Date('2026-11-01T10:01:00Z'),
  duration_seconds: 60,
} as RunRow;

/** The report of a run whose e-mails, hotels and errors carry formulas, read back as cells. */
async function reportCells(): Promise<{ summary: unknown[][]; items: unknown[][] }> {
  const items = HOSTILE.map((text, i) => ({
    email_id: i + 1,
    type: 'stop_sale',
    item_id: i + 1,
    status: 'failed',
    sedna_id: null,
    error_message: text,
    processed_at: new Date('2026-11-01T10:00:30Z'),
  }));
  const subjects = HOSTILE.map((text, i) => ({ id: i + 1, subject: text }));
  const details = HOSTILE.map((text, i) => ({
    type: 'stop_sale',
    item_id: i + 1,
    hotel_name: text,
    voucher_no: null,
    check_in: null,
    check_out: null,
    date_from: text,
    date_to: '2027-01-28',
    room_codes: [text],
  }));
  // The retry chain (summary), the run's items, their e-mails' subjects, their details.
  const answer = (sql: string) => {
    if (sql.includes('RECURSIVE')) return [{ sync_id: 's' }];
    if (sql.includes('FROM sync_items')) return items;
    if (sql.includes('FROM emails')) return subjects;
    return details;
  };
  const dataSource = {
    query: (sql: string) => Promise.resolve(answer(sql)),
  } as unknown as DataSource;
  const runs = {
    summary: () =>
      Promise.resolve({
        status: 'completed',
        summary: { total: 6, successful: 0, failed: 6, duration_seconds: 60 },
      }),
  } as unknown as SyncRunsService;
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise((resolve) => out.on('end', resolve));
  // No schedule settings: the report's times are in UTC.
  const schedules = { timeZone: () => Promise.resolve(null) } as unknown as SchedulesRepository;
  await new SyncReportService(
    new SyncRepository(dataSource),
    new EmailsRepository(dataSource),
    runs,
    schedules,
  ).write(run, out);
  await done;
  const workbook = new ExcelJS.Workbook();
  const data = Buffer.concat(chunks);
  // exceljs's typings take an ArrayBuffer (its own `Buffer`), which JSZip reads as well.
  await workbook.xlsx.load(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength));
  const values = (name: string) => {
    const rows: unknown[][] = [];
    workbook.getWorksheet(name)!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    return rows;
  };
  return { summary: values('Summary'), items: values('Items') };
}

describe('xlsx report: formula injection', () => {
  it('prefixes text that a spreadsheet would run with an apostrophe, and only that', () => {
    for (const text of HOSTILE) expect(safeText(text)).toBe(`'${text}`);
    expect(safeText('Grand Resort')).toBe('Grand Resort');
    expect(safeText('2027-01-01 – 2027-01-28')).toBe('2027-01-01 – 2027-01-28');
    expect(safeText(-5)).toBe(-5);
  });

  it('stores no formula and every hostile text as plain text in the workbook', async () => {
    const { summary, items } = await reportCells();
    const cells = [...summary, ...items].flat();
    expect(
      cells.some((cell) => typeof cell === 'object' && cell !== null && 'formula' in cell),
    ).toBe(false);
    const startedBy = summary.find((row) => row[0] === 'Started by');
    expect(startedBy?.[1]).toBe(`'=cmd|"/c calc"!A1`);
    // Columns: e-mail id, subject, type, item id, hotel, detail, room codes, status, Sedna id,
    // error, …, time.
    const body = items.slice(1);
    expect(body).toHaveLength(HOSTILE.length);
    body.forEach((row, i) => {
      // XML reads a stored CR back as LF; the apostrophe is what matters.
      const prefixed = `'${HOSTILE[i]}`.replace(/\r/g, '\n');
      expect([row[1], row[4], row[6], row[9]]).toEqual([prefixed, prefixed, prefixed, prefixed]);
      expect(row[5]).toBe(`${prefixed} – 2027-01-28`);
      expect(row[0]).toBe(i + 1);
    });
  });
});
