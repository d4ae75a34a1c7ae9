/**
 * The statistics page's charts, drawn on the server as inline SVG: no script, print-friendly, and
 * readable by a screen reader through each chart's title and description. The same numbers are in
 * the tables beside them.
 */

const COLORS = {
  reply: "#1d4f91",
  sign: "#86a8d6",
  intake: "#9aabc2",
  replied: "#1d4f91",
  closed: "#1e7d4f",
  satisfied: "#1e7d4f",
  basicallySatisfied: "#8cc29f",
  unsatisfied: "#b3261e",
  unevaluated: "#b8c0ca",
  grid: "#e3e7ed",
  axis: "#9aa5b1",
  ink: "#1f2933",
  muted: "#616e7c",
};

/** Rough width of a label in pixels at a font size: CJK characters are square, others about half. */
function textWidth(s: string, size: number): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\uffff]/.test(ch) ? size : size * 0.58;
  return w;
}

const pct = (v: number) => `${(v * 100).toFixed(v === 1 || v === 0 ? 0 : 1)}%`;

export interface Legend {
  key: string;
  label: string;
  color: string;
}

function LegendRow({ items }: { items: Legend[] }) {
  return (
    <ul className="chart-legend">
      {items.map((i) => (
        <li key={i.key}>
          <span className="swatch" style={{ background: i.color }} aria-hidden />
          {i.label}
        </li>
      ))}
    </ul>
  );
}

export interface RateRow {
  label: string;
  /** the totals row: drawn below a rule, in bold */
  total?: boolean;
  bars: Array<{ key: string; onTime: number; due: number }>;
}

/** Horizontal bars: each unit's on-time rates (reply, sign-for) with on time / due beside them. */
export function OnTimeChart(props: {
  title: string;
  description: string;
  rows: RateRow[];
  legend: Legend[];
  none: string;
}) {
  const { rows, legend } = props;
  const size = 13;
  const barH = 12;
  const gap = 3;
  const rowGap = 12;
  const labelW = Math.ceil(Math.max(60, ...rows.map((r) => textWidth(r.label, size)))) + 12;
  const plotW = 300;
  const valueW = 118;
  const width = labelW + plotW + valueW;
  const rowH = legend.length * (barH + gap) - gap + rowGap;
  const top = 18;
  const height = top + rows.length * rowH + 8;
  const colorOf = (k: string) => legend.find((l) => l.key === k)?.color ?? COLORS.reply;
  const id = "chart-ontime";
  return (
    <figure className="chart">
      <svg
        viewBox={`0 0 ${width} ${height}`}
        width="100%"
        role="img"
        aria-labelledby={`${id}-t ${id}-d`}
        className="chart-svg"
      >
        <title id={`${id}-t`}>{props.title}</title>
        <desc id={`${id}-d`}>{props.description}</desc>
        {[0, 0.25, 0.5, 0.75, 1].map((f) => (
          <g key={f}>
            <line
              x1={labelW + f * plotW}
              x2={labelW + f * plotW}
              y1={top - 4}
              y2={height - 6}
              stroke={f === 0 ? COLORS.axis : COLORS.grid}
            />
            <text x={labelW + f * plotW} y={top - 7} fontSize={11} fill={COLORS.muted} textAnchor="middle">
              {`${f * 100}%`}
            </text>
          </g>
        ))}
        {rows.map((r, i) => {
          const y0 = top + i * rowH + rowGap / 2;
          return (
            <g key={r.label}>
              {r.total ? (
                <line x1={0} x2={width} y1={y0 - rowGap / 2} y2={y0 - rowGap / 2} stroke={COLORS.axis} />
              ) : null}
              <text
                x={labelW - 10}
                y={y0 + (legend.length * (barH + gap) - gap) / 2 + size * 0.36}
                fontSize={size}
                fontWeight={r.total ? 700 : 400}
                fill={COLORS.ink}
                textAnchor="end"
              >
                {r.label}
              </text>
              {r.bars.map((b, j) => {
                const y = y0 + j * (barH + gap);
                const rate = b.due > 0 ? b.onTime / b.due : null;
                return (
                  <g key={b.key}>
                    {rate !== null ? (
                      <rect
                        x={labelW}
                        y={y}
                        width={Math.max(rate * plotW, rate > 0 ? 2 : 0)}
                        height={barH}
                        fill={colorOf(b.key)}
                        rx={2}
                      />
                    ) : null}
                    <text
                      x={labelW + (rate ?? 0) * plotW + 6}
                      y={y + barH - 2}
                      fontSize={11.5}
                      fill={rate === null ? COLORS.muted : COLORS.ink}
                      fontWeight={r.total ? 700 : 400}
                    >
                      {rate === null ? props.none : `${pct(rate)} (${b.onTime}/${b.due})`}
                    </text>
                  </g>
                );
              })}
            </g>
          );
        })}
      </svg>
      <LegendRow items={legend} />
    </figure>
  );
}

/** A round upper bound for an axis: 1, 2, 5 × 10^n. */
function niceMax(v: number): number {
  if (v <= 4) return Math.max(v, 1);
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

/** Grouped columns per month: cases received, replies released, cases closed. */
export function MonthlyChart(props: {
  title: string;
  description: string;
  months: Array<{ label: string; sub?: string; values: Record<string, number> }>;
  legend: Legend[];
}) {
  const { months, legend } = props;
  const height = 230;
  const left = 36;
  const right = 8;
  const top = 12;
  const bottom = 38;
  const group = Math.max(30, Math.min(90, 1000 / Math.max(months.length, 1)));
  const width = left + right + months.length * group;
  const plotH = height - top - bottom;
  const max = niceMax(Math.max(0, ...months.flatMap((m) => legend.map((l) => m.values[l.key] ?? 0))));
  const ticks = [0, 0.25, 0.5, 0.75, 1]
    .map((f) => Math.round(max * f))
    .filter((v, i, a) => a.indexOf(v) === i);
  const barW = Math.min(16, (group - 10) / legend.length);
  const id = "chart-monthly";
  return (
    <figure className="chart">
      <svg
        viewBox={`0 0 ${width} ${height}`}
        width="100%"
        role="img"
        aria-labelledby={`${id}-t ${id}-d`}
        className="chart-svg"
        style={{ maxWidth: `${Math.max(width, 480)}px` }}
      >
        <title id={`${id}-t`}>{props.title}</title>
        <desc id={`${id}-d`}>{props.description}</desc>
        {ticks.map((v) => {
          const y = top + plotH - (v / max) * plotH;
          return (
            <g key={v}>
              <line x1={left} x2={width - right} y1={y} y2={y} stroke={v === 0 ? COLORS.axis : COLORS.grid} />
              <text x={left - 6} y={y + 4} fontSize={11} fill={COLORS.muted} textAnchor="end">
                {v}
              </text>
            </g>
          );
        })}
        {months.map((m, i) => {
          const gx = left + i * group + (group - barW * legend.length) / 2;
          return (
            <g key={`${m.sub ?? ""}${m.label}`}>
              {legend.map((l, j) => {
                const v = m.values[l.key] ?? 0;
                const h = (v / max) * plotH;
                const x = gx + j * barW;
                return (
                  <g key={l.key}>
                    <rect x={x + 1} y={top + plotH - h} width={barW - 2} height={h} fill={l.color} rx={1.5}>
                      <title>{`${m.sub ?? ""}${m.label} ${l.label}: ${v}`}</title>
                    </rect>
                    {v > 0 && months.length <= 12 ? (
                      <text
                        x={x + barW / 2}
                        y={top + plotH - h - 3}
                        fontSize={10}
                        fill={COLORS.muted}
                        textAnchor="middle"
                      >
                        {v}
                      </text>
                    ) : null}
                  </g>
                );
              })}
              <text
                x={left + i * group + group / 2}
                y={height - bottom + 16}
                fontSize={12}
                fill={COLORS.ink}
                textAnchor="middle"
              >
                {m.label}
              </text>
              {m.sub ? (
                <text
                  x={left + i * group + group / 2}
                  y={height - bottom + 31}
                  fontSize={11}
                  fill={COLORS.muted}
                  textAnchor="middle"
                >
                  {m.sub}
                </text>
              ) : null}
            </g>
          );
        })}
      </svg>
      <LegendRow items={legend} />
    </figure>
  );
}

export interface MixRow {
  label: string;
  total?: boolean;
  parts: Record<string, number>;
}

/** 100 % stacked bars: each unit's ratings, not-rated shown as a part of its own. */
export function SatisfactionChart(props: {
  title: string;
  description: string;
  rows: MixRow[];
  legend: Legend[];
  empty: string;
}) {
  const { legend } = props;
  const rows = props.rows.filter((r) => legend.some((l) => (r.parts[l.key] ?? 0) > 0));
  const id = "chart-satisfaction";
  if (!rows.length)
    return (
      <figure className="chart">
        <p className="muted small chart-empty">{props.empty}</p>
      </figure>
    );
  const size = 13;
  const barH = 18;
  const rowH = 28;
  const top = 6;
  const labelW = Math.ceil(Math.max(60, ...rows.map((r) => textWidth(r.label, size)))) + 12;
  const plotW = 330;
  const countW = 44;
  const width = labelW + plotW + countW;
  const height = top + rows.length * rowH + 4;
  return (
    <figure className="chart">
      <svg
        viewBox={`0 0 ${width} ${height}`}
        width="100%"
        role="img"
        aria-labelledby={`${id}-t ${id}-d`}
        className="chart-svg"
      >
        <title id={`${id}-t`}>{props.title}</title>
        <desc id={`${id}-d`}>{props.description}</desc>
        {rows.map((r, i) => {
          const y = top + i * rowH + (rowH - barH) / 2;
          const sum = legend.reduce((a, l) => a + (r.parts[l.key] ?? 0), 0);
          let x = labelW;
          return (
            <g key={r.label}>
              {r.total ? <line x1={0} x2={width} y1={y - 5} y2={y - 5} stroke={COLORS.axis} /> : null}
              <text
                x={labelW - 10}
                y={y + barH / 2 + size * 0.36}
                fontSize={size}
                fontWeight={r.total ? 700 : 400}
                fill={COLORS.ink}
                textAnchor="end"
              >
                {r.label}
              </text>
              {legend.map((l) => {
                const v = r.parts[l.key] ?? 0;
                if (!v) return null;
                const w = (v / sum) * plotW;
                const seg = (
                  <g key={l.key}>
                    <rect x={x} y={y} width={w} height={barH} fill={l.color}>
                      <title>{`${r.label} ${l.label}: ${v}`}</title>
                    </rect>
                    {w >= 18 ? (
                      <text
                        x={x + w / 2}
                        y={y + barH / 2 + 4}
                        fontSize={11.5}
                        fill={l.key === "basicallySatisfied" || l.key === "unevaluated" ? COLORS.ink : "#fff"}
                        textAnchor="middle"
                      >
                        {v}
                      </text>
                    ) : null}
                  </g>
                );
                x += w;
                return seg;
              })}
              <text
                x={labelW + plotW + 8}
                y={y + barH / 2 + 4}
                fontSize={11.5}
                fill={COLORS.muted}
                fontWeight={r.total ? 700 : 400}
              >
                {sum}
              </text>
            </g>
          );
        })}
      </svg>
      <LegendRow items={legend} />
    </figure>
  );
}

export { COLORS };
