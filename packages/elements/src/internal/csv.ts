/**
 * CSV for files the browser makes itself (the server's exports come ready): UTF-8 with a BOM so
 * Excel reads Chinese, CRLF lines, quotes where needed, and cells that a spreadsheet would run
 * as a formula (= + - @, tab, CR) prefixed with an apostrophe — as the server's lib/csv.ts does.
 */
export function toCsv(rows: ReadonlyArray<ReadonlyArray<string | number | null | undefined>>): string {
  const cell = (value: string | number | null | undefined): string => {
    let text = value == null ? '' : String(value);
    if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return `\uFEFF${rows.map((row) => row.map(cell).join(',')).join('\r\n')}\r\n`;
}
