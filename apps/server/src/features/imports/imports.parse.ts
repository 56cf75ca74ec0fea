import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { AppError } from '../../core/errors.ts';

export type Table = { headers: string[]; rows: Record<string, string>[] };
export const MAX_IMPORT_ROWS = 200_000;

const isXlsx = (b: Buffer) =>
  b.length > 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;

/** Text of a CSV: UTF-8 (with or without BOM), else GB18030, which Chinese Excel still writes. */
function decode(b: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(b).replace(/^\uFEFF/, '');
  } catch {
    return new TextDecoder('gb18030').decode(b);
  }
}

function table(records: string[][]): Table {
  const [head, ...body] = records;
  if (!head || head.every((h) => h.trim() === '')) {
    throw new AppError(
      'request.invalid',
      'The file has no header row: put the column names in the first row.',
      { field: 'file' },
    );
  }
  const headers = head.map((h, i) => h.trim() || `column ${i + 1}`);
  if (body.length > MAX_IMPORT_ROWS) {
    throw new AppError(
      'request.invalid',
      `The file has ${body.length} rows; import at most ${MAX_IMPORT_ROWS} at a time.`,
      { field: 'file' },
    );
  }
  const rows = body
    .map((r) => Object.fromEntries(headers.map((h, i) => [h, (r[i] ?? '').trim()])))
    // Trailing blank lines are not rows.
    .filter((r) => Object.values(r).some((v) => v !== ''));
  return { headers, rows };
}

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((t) => t.text).join('');
    if ('result' in v) return cellText(v.result as ExcelJS.CellValue);
    if ('text' in v) return String(v.text);
    return '';
  }
  return String(v);
}

/** Reads the first sheet of an XLSX workbook, or a CSV (comma, semicolon or tab separated). */
export async function readTable(file: Buffer): Promise<Table> {
  if (file.length === 0) throw new AppError('request.invalid', 'The file is empty.', { field: 'file' });
  if (isXlsx(file)) {
    const wb = new ExcelJS.Workbook();
    try {
      await wb.xlsx.load(file as unknown as ExcelJS.Buffer);
    } catch {
      throw new AppError(
        'request.invalid',
        'The file looks like XLSX but cannot be read. Save it again from Excel or as CSV.',
        { field: 'file' },
      );
    }
    const sheet = wb.worksheets[0];
    if (!sheet) throw new AppError('request.invalid', 'The workbook has no sheet.', { field: 'file' });
    const records: string[][] = [];
    sheet.eachRow({ includeEmpty: true }, (row) => {
      const values = row.values as ExcelJS.CellValue[];
      records.push(values.slice(1).map(cellText));
    });
    return table(records);
  }
  const text = decode(file);
  const firstLine = text.slice(0, text.indexOf('\n') === -1 ? text.length : text.indexOf('\n'));
  const delimiter = [',', ';', '\t'].sort(
    (a, b) => firstLine.split(b).length - firstLine.split(a).length,
  )[0]!;
  try {
    return table(
      parse(text, { delimiter, relax_column_count: true, skip_empty_lines: true, bom: true }) as string[][],
    );
  } catch (err) {
    if (err instanceof AppError) throw err;
    const line = (err as { lines?: number }).lines;
    throw new AppError(
      'request.invalid',
      `The CSV cannot be read${line ? ` near line ${line}` : ''}: ${(err as Error).message.split('\n')[0]}`,
      { field: 'file' },
    );
  }
}
