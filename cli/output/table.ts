import { paint, type Io, type Style } from './io.js';

export interface Column<T> {
  header: string;
  value: (row: T) => string;
  align?: 'left' | 'right';
  /** The one column that shrinks (and is cut with "…") when the table is wider than the terminal. */
  flex?: boolean;
  /** Left out when the table does not fit even without the flex column: the highest number first. */
  drop?: number;
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
 * Columns two spaces apart, indented by `indent`; the flex column gives way so no line is wider than `io.columns`,
 * and is left out when even a narrow one would not fit; then the droppable columns go, highest `drop` first. No
 * other column is ever cut: an id is what the reader types.
 */
export function renderTable<T>(io: Io, allColumns: Column<T>[], rows: T[], indent = ''): string {
  const room = io.columns - indent.length;
  const natural = (cols: Column<T>[]) => cols.map((c) => Math.max(width(c.header), ...rows.map((r) => width(clean(c.value(r))))));
  const sum = (cols: Column<T>[], flexWidth: number) => natural(cols).reduce((total, w, i) => total + (cols[i].flex ? flexWidth : w), 0) + 2 * (cols.length - 1);
  let columns = sum(allColumns, MIN_FLEX) > room ? allColumns.filter((c) => !c.flex) : allColumns;
  const droppable = columns.filter((c) => c.drop !== undefined).sort((a, b) => b.drop! - a.drop!);
  for (const c of droppable) {
    if (sum(columns, MIN_FLEX) <= room) break;
    columns = columns.filter((kept) => kept !== c);
  }
  const cells = rows.map((row) => columns.map((c) => clean(c.value(row))));
  const widths = natural(columns);
  const total = widths.reduce((a, b) => a + b, 0) + 2 * (columns.length - 1);
  const flex = columns.findIndex((c) => c.flex);
  if (total > room && flex >= 0) widths[flex] = Math.max(MIN_FLEX, widths[flex] - (total - room));
  const line = (values: string[], styles: (Style | undefined)[]) =>
    indent +
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
