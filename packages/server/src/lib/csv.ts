/**
 * A small RFC 4180 reader that remembers the line each record starts on.
 *
 * Written here rather than taken from csv-parse because the import's promise is line-numbered
 * errors: csv-parse reports an unclosed quote at the end of the file, not on the line where the
 * quote was opened, which is the line a person has to fix.
 */

export interface CsvRecord {
  /** 1-based line where the record starts */
  line: number;
  fields: string[];
}

export interface CsvSyntaxError {
  line: number;
  message: string;
}

export interface CsvReadResult {
  records: CsvRecord[];
  errors: CsvSyntaxError[];
}

/**
 * Reads `text` into records. Line breaks may be CRLF, LF or a lone CR (old Excel for Mac).
 * Blank lines are skipped. Quoted fields may hold delimiters, doubled quotes and line breaks.
 * A quote inside an unquoted field is kept as text (Excel never writes one, people do).
 */
export function readCsv(text: string, delimiter = ','): CsvReadResult {
  const records: CsvRecord[] = [];
  const errors: CsvSyntaxError[] = [];
  const n = text.length;
  let i = 0;
  let line = 1;

  while (i < n) {
    const recordLine = line;
    const fields: string[] = [];
    let broken = false;
    // one record
    for (;;) {
      let value = '';
      if (text[i] === '"') {
        const openedOn = line;
        i++;
        let closed = false;
        while (i < n) {
          const c = text[i]!;
          if (c === '"') {
            if (text[i + 1] === '"') {
              value += '"';
              i += 2;
              continue;
            }
            i++;
            closed = true;
            break;
          }
          if (c === '\r' || c === '\n') {
            line++;
            if (c === '\r' && text[i + 1] === '\n') {
              value += '\r';
              i++;
            }
          }
          value += text[i]!;
          i++;
        }
        if (!closed) {
          errors.push({ line: openedOn, message: `a quoted field opened on line ${openedOn} is never closed` });
          return { records, errors };
        }
        if (i < n && text[i] !== delimiter && text[i] !== '\r' && text[i] !== '\n') {
          errors.push({ line, message: `unexpected text after a closing quote on line ${line}` });
          broken = true;
        }
      } else {
        const start = i;
        while (i < n && text[i] !== delimiter && text[i] !== '\r' && text[i] !== '\n') i++;
        value = text.slice(start, i);
      }
      if (broken) {
        // Skip to the end of this physical line and go on looking for further errors.
        while (i < n && text[i] !== '\r' && text[i] !== '\n') i++;
      } else {
        fields.push(value);
      }
      if (i < n && text[i] === delimiter && !broken) {
        i++;
        continue;
      }
      break;
    }
    // the record's line break
    if (i < n) {
      if (text[i] === '\r' && text[i + 1] === '\n') i += 2;
      else i++;
      line++;
    }
    if (broken) continue;
    if (fields.every((f) => f.trim() === '')) continue; // blank line, or only delimiters
    records.push({ line: recordLine, fields });
  }
  return { records, errors };
}

export type CsvCell = string | number | boolean | null;

/**
 * A CSV file for spreadsheets: UTF-8 with a byte order mark (without it Excel reads UTF-8 as the
 * system's code page, and Chinese names turn to mojibake), CRLF line ends, RFC 4180 quoting.
 *
 * Text that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is prefixed with `'`, so a
 * spreadsheet shows it instead of running it as a formula (CSV injection:
 * https://owasp.org/www-community/attacks/CSV_Injection). Numbers are written as numbers.
 */
export function writeCsv(header: readonly string[], rows: Iterable<readonly CsvCell[]>): string {
  const lines = [header.map(csvCell).join(',')];
  for (const row of rows) lines.push(row.map(csvCell).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

function csvCell(value: CsvCell): string {
  if (value === null) return '';
  if (typeof value !== 'string') return String(value);
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
