import { Injectable } from '@nestjs/common';
import ExcelJS from 'exceljs';
import type { Writable } from 'node:stream';
import { addFieldSheet, addTableSheet, reportWorkbook, safeText } from '../common/xlsx';
import { SchedulesRepository } from '../schedules/schedules.repository';
import { tenantTimeZone, wallClock } from '../sync/report-time';
import { DRIFT_OUTCOMES, ReconcileItemDto } from './reconcile.dto';
import { ReconcileRepository, ReconcileRunRow } from './reconcile.repository';
import { itemView, runView } from './reconcile.service';

/** Items read from the database per query while the sheet is written. */
const PAGE = 500;

const OUTCOME_COLOURS: Record<string, string> = {
  missing_in_sedna: 'FFFCE4D6',
  different: 'FFFFF2CC',
  only_in_sedna: 'FFDDEBF7',
};

type Facts = Record<string, unknown> | null;

/** A list of codes as the report shows it: comma-joined, or "all" for none (all rooms). */
const codes = (value: unknown) =>
  Array.isArray(value) ? value.join(',') || 'all' : String(value ?? '');

/**
 * The compared facts in one line, `key: value; …` by key (stored as jsonb, they keep no order);
 * null: "not there".
 */
export function factsText(facts: Facts): string {
  if (!facts) return 'not there';
  return Object.entries(facts)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, value]) => `${key}: ${Array.isArray(value) ? codes(value) : String(value)}`)
    .join('; ');
}

/** The item's dates, from the database's side (Sedna's for a record with no row here). */
function datesText(facts: Facts): string {
  if (!facts) return '';
  const [from, to] =
    'date_from' in facts ? [facts.date_from, facts.date_to] : [facts.check_in, facts.check_out];
  return from || to ? `${String(from ?? '')} → ${String(to ?? '')}` : '';
}

/** The item's rooms (and boards), from the same side. */
function roomsText(facts: Facts): string {
  if (!facts) return '';
  if ('room_types' in facts) return codes(facts.room_types);
  return String(facts.room_type ?? '');
}

/**
 * A drift check as an xlsx workbook: a Summary sheet (the check and its counts) and a Differences
 * sheet (every item but the matching ones: outcome, kind, hotel, dates, rooms, which fields
 * differ, sedna_id, and what the database and Sedna each say), streamed.
 */
@Injectable()
export class ReconcileReportService {
  constructor(
    private readonly repo: ReconcileRepository,
    private readonly schedules: SchedulesRepository,
  ) {}

  async write(run: ReconcileRunRow, out: Writable): Promise<void> {
    const workbook = reportWorkbook(out);
    // Times in the tenant's zone (its schedule settings), else UTC, each labelled with it.
    const zone = await tenantTimeZone(this.schedules, run.tenant_id);
    const view = runView(run, await this.repo.counts(run.id));
    const at = (time: Date | null) => (time ? wallClock(time, zone) : null);
    addFieldSheet(workbook, 'Summary', [
      ['Drift check id', view.reconcile_id],
      ['Status', view.status],
      ['Trigger', view.trigger],
      ['Window (days)', view.window_days],
      [`Synced since (${zone})`, at(run.window_start)],
      [`Started at (${zone})`, at(run.started_at)],
      [`Finished at (${zone})`, at(run.finished_at)],
      ['Error', view.error],
      ['Match', view.counts.match],
      ['Missing in Sedna', view.counts.missing_in_sedna],
      ['Different', view.counts.different],
      ['Only in Sedna', view.counts.only_in_sedna],
      ['Total', view.counts.total],
      ['Workflow id', view.workflow_id],
    ]);
    await this.writeDifferences(workbook, run);
    await workbook.commit();
  }

  private async writeDifferences(
    workbook: ExcelJS.stream.xlsx.WorkbookWriter,
    run: ReconcileRunRow,
  ) {
    const sheet = addTableSheet(
      workbook,
      'Differences',
      [
        { header: 'Outcome', key: 'outcome', width: 18 },
        { header: 'Kind', key: 'type', width: 12 },
        { header: 'Item id', key: 'item_id', width: 10 },
        { header: 'Email id', key: 'email_id', width: 10 },
        { header: 'Hotel', key: 'hotel_name', width: 30 },
        { header: 'Sedna hotel id', key: 'sedna_hotel_id', width: 12 },
        { header: 'Dates', key: 'dates', width: 26 },
        { header: 'Rooms', key: 'rooms', width: 16 },
        { header: 'Fields that differ', key: 'fields', width: 20 },
        { header: 'Sedna id', key: 'sedna_id', width: 12 },
        { header: 'Database says', key: 'ours', width: 70 },
        { header: 'Sedna says', key: 'sedna', width: 70 },
      ],
      true,
    );
    for (let offset = 0; ; offset += PAGE) {
      const page = await this.repo.items(run.id, DRIFT_OUTCOMES, offset, PAGE);
      for (const item of page.rows.map(itemView)) this.addItem(sheet, item);
      if (offset + PAGE >= page.total) break;
    }
    sheet.commit();
  }

  private addItem(sheet: ExcelJS.Worksheet, item: ReconcileItemDto) {
    // What the item is, as stored here; a Sedna record with no row here, as Sedna has it.
    const facts = item.ours ?? item.sedna;
    const row = sheet.addRow({
      outcome: item.outcome,
      type: item.type,
      item_id: item.item_id ?? '',
      email_id: item.email_id ?? '',
      hotel_name: safeText(item.hotel_name ?? ''),
      sedna_hotel_id: item.sedna_hotel_id ?? '',
      dates: safeText(datesText(facts)),
      rooms: safeText(roomsText(facts)),
      fields: item.fields.join(', '),
      sedna_id: item.sedna_id ?? '',
      ours: safeText(item.ours ? factsText(item.ours) : 'no row here'),
      sedna: safeText(factsText(item.sedna)),
    });
    row.getCell('outcome').fill = {
      type: 'pattern',
      pattern: 'solid',
      fgColor: { argb: OUTCOME_COLOURS[item.outcome] ?? 'FFFFFFFF' },
    };
    row.commit();
  }
}
