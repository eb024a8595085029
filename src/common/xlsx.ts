/**
 * What the xlsx reports share (the run report, the drift-check report): the content type and its
 * OpenAPI answer, formula-safe text, and sheets with a styled, frozen header.
 */
import { ApiOkResponse } from '@nestjs/swagger';
import ExcelJS from 'exceljs';
import type { Response } from 'express';
import type { Writable } from 'node:stream';

/** Date and time of day, as the reports' cells show them. */
export const REPORT_TIME_FORMAT = 'yyyy-mm-dd hh:mm:ss';

export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The 200 of a report route: an xlsx attachment named `fileName`. */
export const ApiXlsxAttachment = (fileName: string) =>
  ApiOkResponse({
    description: `Attachment \`${fileName}\``,
    content: { [XLSX]: { schema: { type: 'string', format: 'binary' } } },
  });

/** Makes the response an xlsx attachment named `fileName` (the workbook is streamed into it). */
export function sendAsXlsx(res: Response, fileName: string): void {
  res.setHeader('Content-Type', XLSX);
  res.setHeader('Content-Disposition', `attachment; filename="${fileName}"`);
}

/** A report's workbook, streamed into `out` (its sheets are written and committed one by one). */
export function reportWorkbook(out: Writable): ExcelJS.stream.xlsx.WorkbookWriter {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true });
  workbook.creator = 'Sedna Sync Orchestrator';
  return workbook;
}

/** A spreadsheet reads text starting with these as a formula (or DDE): formula injection. */
const FORMULA_START = /^[=+\-@\t\r]/;

/** Text from e-mails, Sedna or users, kept as text: a leading apostrophe disarms a formula. */
export function safeText<T>(value: T): T | string {
  return typeof value === 'string' && FORMULA_START.test(value) ? `'${value}` : value;
}

const HEADER_FILL: ExcelJS.Fill = {
  type: 'pattern',
  pattern: 'solid',
  fgColor: { argb: 'FF1F4E78' },
};
const HEADER_FONT: Partial<ExcelJS.Font> = { bold: true, color: { argb: 'FFFFFFFF' } };

/** A sheet with these columns under a frozen, styled header; `filter` adds an autofilter. */
export function addTableSheet(
  workbook: ExcelJS.stream.xlsx.WorkbookWriter,
  name: string,
  columns: Partial<ExcelJS.Column>[],
  filter = false,
): ExcelJS.Worksheet {
  const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns;
  if (filter)
    sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
  const header = sheet.getRow(1);
  header.font = HEADER_FONT;
  header.fill = HEADER_FILL;
  header.alignment = { vertical: 'middle' };
  return sheet;
}

/** A Field/Value sheet of these rows (a Date shows its time of day too), committed. */
export function addFieldSheet(
  workbook: ExcelJS.stream.xlsx.WorkbookWriter,
  name: string,
  rows: [string, string | number | Date | null][],
): void {
  const sheet = addTableSheet(workbook, name, [
    { header: 'Field', key: 'field', width: 22 },
    { header: 'Value', key: 'value', width: 48 },
  ]);
  for (const [field, value] of rows) {
    const row = sheet.addRow({ field, value: safeText(value ?? '') });
    // Date and time of day (a Date cell's default format is the date alone).
    if (value instanceof Date) row.getCell('value').numFmt = REPORT_TIME_FORMAT;
    row.commit();
  }
  sheet.commit();
}
