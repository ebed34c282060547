/**
 * A proper CSV (RFC 4180): every cell quoted when it needs to be, and cells that a spreadsheet
 * would run as a formula (starting with = + - @, tab or carriage return) neutralised with a
 * leading apostrophe. Numbers given as numbers are written as they are.
 */
export function toCsv(
  header: string[],
  rows: Array<Array<string | number | boolean | undefined | null>>,
): string {
  const cell = (
    value: string | number | boolean | undefined | null,
  ): string => {
    if (value === undefined || value === null) {
      return '';
    }
    if (typeof value === 'number' || typeof value === 'boolean') {
      return String(value);
    }
    let text = value;
    if (/^[=+\-@\t\r]/.test(text) && !/^-?\d+(\.\d+)?$/.test(text)) {
      text = `'${text}`;
    }
    return /[",\r\n']/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  const lines = [header, ...rows].map(row => row.map(cell).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
