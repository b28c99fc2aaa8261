import { useId } from 'react';
import { formatShare } from './stats-format';

export interface Bar {
  key: string;
  label: string;
  value: number;
}

/**
 * A horizontal bar chart that is a table underneath: screen readers read
 * label, count and share as cells; the SVG bars are decoration beside the
 * numbers. Plain SVG attributes, so the strict CSP (no inline styles) is happy.
 */
export function BarChart({
  title,
  bars,
  tone = 'accent',
}: {
  title: string;
  bars: Bar[];
  tone?: 'accent' | 'status' | 'priority';
}) {
  const id = useId();
  const total = bars.reduce((n, b) => n + b.value, 0);
  const max = Math.max(1, ...bars.map((b) => b.value));
  return (
    <section className="chart" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="chart__title">
        {title}
      </h2>
      {bars.length === 0 ? (
        <p className="muted">Nothing to show yet.</p>
      ) : (
        <table className="chart__table" aria-labelledby={`${id}-title`}>
          <thead className="sr-only">
            <tr>
              <th scope="col">{title.replace(/^By /, '')}</th>
              <th scope="col">Bar</th>
              <th scope="col">Assignments</th>
              <th scope="col">Share</th>
            </tr>
          </thead>
          <tbody>
            {bars.map((b) => (
              <tr key={b.key}>
                <th scope="row" className="chart__label">
                  {b.label}
                </th>
                <td className="chart__bar-cell">
                  <svg
                    className="chart__bar"
                    viewBox="0 0 100 10"
                    preserveAspectRatio="none"
                    aria-hidden="true"
                    focusable="false"
                  >
                    <rect className="chart__track" x="0" y="0" width="100" height="10" rx="1.5" />
                    <rect
                      className={`chart__fill chart__fill--${tone} chart__fill--${b.key}`}
                      x="0"
                      y="0"
                      width={(b.value / max) * 100}
                      height="10"
                      rx="1.5"
                    />
                  </svg>
                </td>
                <td className="chart__value">{b.value.toLocaleString()}</td>
                <td className="chart__share muted">{formatShare(b.value, total)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
