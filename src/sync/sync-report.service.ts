import { Injectable } from '@nestjs/common';
import ExcelJS from 'exceljs';
import type { Writable } from 'node:stream';
import { inSednaWithoutRooms } from '../temporal/contract';
import { SyncRunsService } from './sync-runs.service';
import { RunRow, SyncRepository } from './sync.repository';

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
    private readonly repo: SyncRepository,
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
    const chain = await this.repo.retryChain(run.tenant_id, run.sync_id);
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
    for (const item of await this.repo.reportItems(run.id)) {
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
}
