import { paint, type Io, type Style } from './io.js';

export interface Column<T> {
  header: string;
  value: (row: T) => string;
  align?: 'left' | 'right';
  /** The one column that shrinks (and is cut with "…") when the table is wider than the terminal. */
  flex?: boolean;
  style?: (row: T) => Style | undefined;
}

const MIN_FLEX = 12;

/** Display width, counting each code point as one column (good enough for the Latin text of a catalog). */
function width(text: string): number {
  return [...text].length;
}

function clean(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function cut(text: string, max: number): string {
  if (width(text) <= max) return text;
  return max <= 1 ? '…'.slice(0, max) : `${[...text].slice(0, max - 1).join('')}…`;
}

function pad(text: string, size: number, align: 'left' | 'right'): string {
  const fill = ' '.repeat(Math.max(0, size - width(text)));
  return align === 'right' ? fill + text : text + fill;
}

/**
 * Columns two spaces apart; the flex column gives way so no line is wider than `io.columns`, and is left out
 * when even a narrow one would not fit.
 */
export function renderTable<T>(io: Io, allColumns: Column<T>[], rows: T[]): string {
  const natural = (cols: Column<T>[]) => cols.map((c) => Math.max(width(c.header), ...rows.map((r) => width(clean(c.value(r))))));
  const fixedWidth = allColumns.reduce((sum, c, i) => sum + (c.flex ? 0 : natural(allColumns)[i]), 0) + 2 * (allColumns.length - 1);
  const columns = fixedWidth + MIN_FLEX > io.columns ? allColumns.filter((c) => !c.flex) : allColumns;
  const cells = rows.map((row) => columns.map((c) => clean(c.value(row))));
  const widths = natural(columns);
  const total = widths.reduce((a, b) => a + b, 0) + 2 * (columns.length - 1);
  const flex = columns.findIndex((c) => c.flex);
  if (total > io.columns && flex >= 0) widths[flex] = Math.max(MIN_FLEX, widths[flex] - (total - io.columns));
  const line = (values: string[], styles: (Style | undefined)[]) =>
    values
      .map((v, i) => {
        const last = i === values.length - 1 && columns[i].align !== 'right';
        const text = cut(v, widths[i]);
        const padded = last ? text : pad(text, widths[i], columns[i].align ?? 'left');
        const style = styles[i];
        return style ? paint(io.color, style, padded) : padded;
      })
      .join('  ')
      .trimEnd();
  const header = line(
    columns.map((c) => c.header),
    columns.map(() => 'bold' as const),
  );
  return [header, ...cells.map((r, n) => line(r, columns.map((c) => c.style?.(rows[n]))))].join('\n');
}
