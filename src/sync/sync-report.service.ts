import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import ExcelJS from 'exceljs';
import type { Writable } from 'node:stream';
import { DataSource } from 'typeorm';
import { inSednaWithoutRooms, type ItemErrorCode, type ItemStage } from '../temporal/contract';
import { RunRow, SyncRunsService } from './sync-runs.service';

interface ReportItem {
  email_id: number;
  subject: string;
  type: string;
  item_id: number;
  hotel_name: string;
  detail: string;
  status: string;
  /** The record's id; of an unfinished stop sale, its Phase 1 header's RecId. */
  sedna_rec_id: string | null;
  error_message: string | null;
  error_code?: ItemErrorCode | null;
  error_stage?: ItemStage | null;
  processed_at: Date | null;
}

const HEADER_FILL: ExcelJS.Fill = {
  type: 'pattern',
  pattern: 'solid',
  fgColor: { argb: 'FF1F4E78' },
};
const HEADER_FONT: Partial<ExcelJS.Font> = { bold: true, color: { argb: 'FFFFFFFF' } };
const STATUS_COLOURS: Record<string, string> = {
  success: 'FFE2EFDA',
  failed: 'FFFCE4D6',
  cancelled: 'FFEDEDED',
};

/** A spreadsheet reads text starting with these as a formula (or DDE): formula injection. */
const FORMULA_START = /^[=+\-@\t\r]/;

/** Text from e-mails, Sedna or users, kept as text: a leading apostrophe disarms a formula. */
export function safeText<T>(value: T): T | string {
  return typeof value === 'string' && FORMULA_START.test(value) ? `'${value}` : value;
}

function styleHeader(sheet: ExcelJS.Worksheet) {
  const header = sheet.getRow(1);
  header.font = HEADER_FONT;
  header.fill = HEADER_FILL;
  header.alignment = { vertical: 'middle' };
}

/** The run report as an xlsx workbook, streamed row by row. */
@Injectable()
export class SyncReportService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly runs: SyncRunsService,
  ) {}

  async write(run: RunRow, out: Writable): Promise<void> {
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true });
    workbook.creator = 'Sedna Sync Orchestrator';
    await this.writeSummary(workbook, run);
    await this.writeItems(workbook, run);
    await workbook.commit();
  }

  private async writeSummary(workbook: ExcelJS.stream.xlsx.WorkbookWriter, run: RunRow) {
    const { status, summary } = await this.runs.summary(run);
    const chain = await this.retryChain(run);
    const sheet = workbook.addWorksheet('Summary', { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = [
      { header: 'Field', key: 'field', width: 22 },
      { header: 'Value', key: 'value', width: 48 },
    ];
    styleHeader(sheet);
    const rows: [string, string | number | Date | null][] = [
      ['Sync id', run.sync_id],
      ['Status', status],
      ['Trigger', run.trigger],
      ['Total items', summary.total],
      ['Successful', summary.successful],
      ['Failed', summary.failed],
      ['Duration (s)', summary.duration_seconds],
      ['Started by', run.requested_by ?? 'unknown'],
      ['Started at', run.started_at],
      ['Completed at', run.completed_at],
      ['Retry of', run.retry_of],
      ['Retry chain', chain.join(' → ')],
    ];
    for (const [field, value] of rows)
      sheet.addRow({ field, value: safeText(value ?? '') }).commit();
    sheet.commit();
  }

  private async writeItems(workbook: ExcelJS.stream.xlsx.WorkbookWriter, run: RunRow) {
    const sheet = workbook.addWorksheet('Items', { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = [
      { header: 'Email id', key: 'email_id', width: 10 },
      { header: 'Email subject', key: 'subject', width: 40 },
      { header: 'Type', key: 'type', width: 12 },
      { header: 'Item id', key: 'item_id', width: 10 },
      { header: 'Hotel', key: 'hotel_name', width: 30 },
      { header: 'Dates / voucher', key: 'detail', width: 34 },
      { header: 'Status', key: 'status', width: 11 },
      { header: 'Sedna id', key: 'sedna_rec_id', width: 12 },
      { header: 'Error', key: 'error_message', width: 60 },
      { header: 'Code', key: 'error_code', width: 22 },
      { header: 'Stage', key: 'error_stage', width: 9 },
      { header: 'In Sedna without rooms', key: 'header_only', width: 14 },
      { header: 'Time', key: 'processed_at', width: 21, style: { numFmt: 'yyyy-mm-dd hh:mm:ss' } },
    ];
    sheet.autoFilter = {
      from: { row: 1, column: 1 },
      to: { row: 1, column: sheet.columns.length },
    };
    styleHeader(sheet);
    for (const item of await this.items(run.id)) {
      const row = sheet.addRow({
        ...item,
        subject: safeText(item.subject),
        hotel_name: safeText(item.hotel_name),
        detail: safeText(item.detail),
        sedna_rec_id: safeText(item.sedna_rec_id ?? ''),
        error_message: safeText(item.error_message ?? ''),
        error_code: item.error_code ?? '',
        error_stage: item.error_stage ?? '',
        // The Phase 1 header exists, its rooms do not: Sedna may read it as all rooms closed.
        header_only: inSednaWithoutRooms({ ...item, sedna_id: item.sedna_rec_id }) ? 'yes' : '',
      });
      const colour = STATUS_COLOURS[item.status];
      if (colour)
        row.getCell('status').fill = {
          type: 'pattern',
          pattern: 'solid',
          fgColor: { argb: colour },
        };
      row.commit();
    }
    sheet.commit();
  }

  private items(runId: number): Promise<ReportItem[]> {
    return this.dataSource.query(
      `SELECT i.email_id, e.subject, i.item_type AS type, i.item_id,
              COALESCE(s.hotel_name, r.hotel_name) AS hotel_name,
              CASE WHEN i.item_type = 'stop_sale'
                   THEN to_char(s.date_from, 'YYYY-MM-DD') || ' – ' || to_char(s.date_to, 'YYYY-MM-DD')
                   ELSE r.voucher_no || ' (' || to_char(r.check_in, 'YYYY-MM-DD') || ' – ' || to_char(r.check_out, 'YYYY-MM-DD') || ')'
              END AS detail,
              i.status, i.error_message, i.error_code, i.error_stage, i.processed_at,
              CASE WHEN i.status = 'success' THEN i.sedna_rec_id ELSE i.phase1_rec_id::text END AS sedna_rec_id
         FROM sync_items i
         JOIN emails e ON e.id = i.email_id
         LEFT JOIN stop_sales s ON i.item_type = 'stop_sale' AND s.id = i.item_id
         LEFT JOIN reservations r ON i.item_type = 'reservation' AND r.id = i.item_id
        WHERE i.sync_run_id = $1 ORDER BY i.ordinal`,
      [runId],
    );
  }

  /** The runs this one descends from, oldest first, then this one. */
  private async retryChain(run: RunRow): Promise<string[]> {
    const rows: { sync_id: string }[] = await this.dataSource.query(
      `WITH RECURSIVE chain AS (
         SELECT sync_id, retry_of, 0 AS depth FROM sync_runs WHERE sync_id = $1 AND tenant_id = $2
         UNION ALL
         SELECT r.sync_id, r.retry_of, c.depth + 1 FROM sync_runs r JOIN chain c ON r.sync_id = c.retry_of
          WHERE c.depth < 50)
       SELECT sync_id FROM chain ORDER BY depth DESC`,
      [run.sync_id, run.tenant_id],
    );
    return rows.map((r) => r.sync_id);
  }
}
