import type { ReactNode } from 'react';
import type { ConformanceReport } from '../../conformance/report.js';

/** How a page shows a check's result: the author's page a mark and the word, the reviewer's a badge. */
type Result = (status: string) => ReactNode;

/** A submission's automated checks, as the author's /submissions/:id and the reviewer's /review/:id both show them. */
export function ChecksTable({ checks, result }: { checks: readonly { name: string; status: string; message: string }[]; result: Result }) {
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-label="Automated checks">
      <table className="checks">
        <thead>
          <tr>
            <th scope="col">Check</th>
            <th scope="col">Result</th>
            <th scope="col">Details</th>
          </tr>
        </thead>
        <tbody>
          {checks.map((c) => (
            <tr key={c.name}>
              <th scope="row">{c.name}</th>
              <td className={`check-${c.status}`}>{result(c.status)}</td>
              <td className="hash">{c.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The checks of a conformance report (`loom plugin test`'s, or the registry's own run), for the same two pages. */
export function ConformanceTable({ report, result }: { report: ConformanceReport; result: Result }) {
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-label="Conformance checks">
      <table>
        <thead>
          <tr>
            <th scope="col">Check</th>
            <th scope="col">Result</th>
            <th scope="col">Details</th>
          </tr>
        </thead>
        <tbody>
          {(report.checks ?? []).map((c) => (
            <tr key={c.id}>
              <th scope="row">
                {c.title} {!c.required && <span className="muted">(optional)</span>}
              </th>
              <td className={`check-${c.status}`}>{result(c.status)}</td>
              <td>
                {c.message}
                {c.fix && <div className="hint">Fix: {c.fix}</div>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
