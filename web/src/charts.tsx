/**
 * The dashboard's charts: plain SVG and HTML rendered on the server like the rest of the page (no chart library, no
 * script). Every chart carries its figures in a table, so screen readers and text browsers read the numbers.
 */

export interface Point {
  /** The x label: a day or a month. */
  label: string;
  value: number;
}

const n = (value: number) => value.toLocaleString('en-US');

/** A series over time as columns, with a caption saying what it shows and the figures in a table below. */
export function ColumnChart({ id, caption, points, unit, max, format = n }: { id: string; caption: string; points: Point[]; unit: string; max?: number; format?: (v: number) => string }) {
  const width = 600;
  const height = 120;
  const top = Math.max(1, max ?? Math.max(0, ...points.map((p) => p.value)));
  const step = width / Math.max(1, points.length);
  // a few months are columns, not walls
  const bar = Math.max(1, Math.min(step * 0.8, 48));
  return (
    <figure className="chart" id={id}>
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={`${id}-caption`} preserveAspectRatio="none">
        {points.map((p, i) => {
          const h = Math.max(p.value > 0 ? 1 : 0, (p.value / top) * (height - 4));
          return (
            <rect key={p.label} x={i * step + (step - bar) / 2} y={height - h} width={bar} height={h}>
              <title>{`${p.label}: ${format(p.value)}`}</title>
            </rect>
          );
        })}
      </svg>
      {points.length > 0 && (
        <div className="axis" aria-hidden="true">
          <span>{points[0].label}</span>
          {points.length > 1 && <span>{points[points.length - 1].label}</span>}
        </div>
      )}
      <figcaption id={`${id}-caption`}>{caption}</figcaption>
      <details>
        <summary>The figures</summary>
        <FigureTable head={['', unit]} rows={points.map((p) => [p.label, format(p.value)])} />
      </details>
    </figure>
  );
}

/** Counts per thing (a version, a country) as a table whose last column draws each count as a bar. */
export function BarTable({ id, caption, head, rows, empty }: { id: string; caption: string; head: [string, string]; rows: { key: string; count: number }[]; empty: string }) {
  const top = Math.max(1, ...rows.map((r) => r.count));
  const total = rows.reduce((a, r) => a + r.count, 0);
  if (rows.length === 0) {
    return (
      <p className="muted" id={id}>
        {empty}
      </p>
    );
  }
  return (
    <div className="table-scroll">
      <table className="bar-table" id={id}>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{head[0]}</th>
            <th scope="col">{head[1]}</th>
            <th scope="col">Share</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key}>
              <th scope="row">{r.key}</th>
              <td className="num">{n(r.count)}</td>
              <td className="bar-cell">
                <span className="bar" aria-hidden="true" style={{ width: `${(r.count / top) * 100}%` }} />
                <span className="share">{total ? `${Math.round((r.count / total) * 1000) / 10}%` : '—'}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function FigureTable({ head, rows }: { head: string[]; rows: string[][] }) {
  return (
    <table>
      <thead>
        <tr>
          {head.map((h, i) => (
            <th key={i} scope="col">
              {h || <span className="visually-hidden">Period</span>}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r[0]}>
            {r.map((cell, i) => (
              <td key={i}>{cell}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
