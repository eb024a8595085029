import { Injectable } from '@nestjs/common';
import ExcelJS from 'exceljs';
import type { Writable } from 'node:stream';
import { EmailsRepository } from '../emails/emails.repository';
import { SchedulesRepository } from '../schedules/schedules.repository';
import { inSednaWithoutRooms } from '../contract/item-events';
import { datesOrVoucherText, detailsKey, itemDetailsOf, roomCodesText } from './item-details';
import {
  addFieldSheet,
  addTableSheet,
  reportWorkbook,
  REPORT_TIME_FORMAT,
  safeText,
} from '../common/xlsx';
import { tenantTimeZone, wallClock } from './report-time';
import { SyncRunsService } from './sync-runs.service';
import { ReportItemRow, RunRow, SyncRepository } from './sync.repository';

const STATUS_COLOURS: Record<string, string> = {
  success: 'FFE2EFDA',
  failed: 'FFFCE4D6',
  cancelled: 'FFEDEDED',
};

/** The run report as an xlsx workbook, streamed row by row. */
@Injectable()
export class SyncReportService {
  constructor(
    private readonly repo: SyncRepository,
    private readonly emails: EmailsRepository,
    private readonly runs: SyncRunsService,
    private readonly schedules: SchedulesRepository,
  ) {}

  async write(run: RunRow, out: Writable): Promise<void> {
    const workbook = reportWorkbook(out);
    // Times in the tenant's zone (its schedule settings), else UTC, each labelled with it.
    const zone = await tenantTimeZone(this.schedules, run.tenant_id);
    const items = await this.repo.reportItems(run.id);
    await this.writeSummary(workbook, run, zone, items.filter(inSednaWithoutRooms).length);
    await this.writeItems(workbook, run, zone, items);
    await workbook.commit();
  }

  private async writeSummary(
    workbook: ExcelJS.stream.xlsx.WorkbookWriter,
    run: RunRow,
    zone: string,
    withoutRooms: number,
  ) {
    const { status, summary } = await this.runs.summary(run);
    const chain = await this.repo.retryChain(run.tenant_id, run.sync_id);
    addFieldSheet(workbook, 'Summary', [
      ['Sync id', run.sync_id],
      ['Status', status],
      ['Trigger', run.trigger],
      ['Total items', summary.total],
      ['Successful', summary.successful],
      ['Failed', summary.failed],
      // Failed, cancelled or still in Phase 2: Sedna may read such a header as all rooms closed.
      ['In Sedna without rooms', withoutRooms],
      ['Duration (s)', summary.duration_seconds],
      ['Started by', run.requested_by ?? 'unknown'],
      [`Started at (${zone})`, wallClock(run.started_at, zone)],
      [`Completed at (${zone})`, run.completed_at ? wallClock(run.completed_at, zone) : null],
      ['Retry of', run.retry_of],
      ['Retry chain', chain.join(' → ')],
    ]);
  }

  private async writeItems(
    workbook: ExcelJS.stream.xlsx.WorkbookWriter,
    run: RunRow,
    zone: string,
    items: ReportItemRow[],
  ) {
    // The run's items in order; their e-mails' subjects and what they are about beside them.
    const [details, subjects] = await Promise.all([
      itemDetailsOf(this.emails, run.tenant_id, items),
      this.emails.subjects(run.tenant_id, [...new Set(items.map((item) => item.email_id))]),
    ]);
    const sheet = addTableSheet(
      workbook,
      'Items',
      [
        { header: 'Email id', key: 'email_id', width: 10 },
        { header: 'Email subject', key: 'subject', width: 40 },
        { header: 'Type', key: 'type', width: 12 },
        { header: 'Item id', key: 'item_id', width: 10 },
        { header: 'Hotel', key: 'hotel_name', width: 30 },
        { header: 'Dates / voucher', key: 'detail', width: 34 },
        { header: 'Room codes', key: 'room_codes', width: 18 },
        { header: 'Status', key: 'status', width: 11 },
        { header: 'Sedna id', key: 'sedna_id', width: 12 },
        { header: 'Error', key: 'error_message', width: 60 },
        { header: 'Code', key: 'error_code', width: 22 },
        { header: 'Stage', key: 'error_stage', width: 9 },
        { header: 'In Sedna without rooms', key: 'header_only', width: 14 },
        {
          header: `Time (${zone})`,
          key: 'processed_at',
          width: 21,
          style: { numFmt: REPORT_TIME_FORMAT },
        },
      ],
      true,
    );
    for (const item of items) {
      const about = details.get(detailsKey(item.type, item.item_id));
      const row = sheet.addRow({
        ...item,
        room_codes: safeText(roomCodesText(about)),
        processed_at: item.processed_at ? wallClock(item.processed_at, zone) : null,
        // An item's e-mail is there while the item is (sync_items cascade with their e-mail).
        subject: safeText(subjects.get(item.email_id) ?? ''),
        hotel_name: safeText(about?.hotel_name ?? null),
        detail: safeText(datesOrVoucherText(item.type, about)),
        sedna_id: item.sedna_id ?? '',
        error_message: safeText(item.error_message ?? ''),
        error_code: item.error_code ?? '',
        error_stage: item.error_stage ?? '',
        // The Phase 1 header exists, its rooms do not: Sedna may read it as all rooms closed.
        header_only: inSednaWithoutRooms(item) ? 'yes' : '',
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
