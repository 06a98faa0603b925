// The digest's burndown chart: one panel per stream plus the unified total, rendered with no
// browser and no native canvas: vega-lite → vega → SVG → PNG (resvg) with a font shipped in the
// repository (assets/fonts, DejaVu Sans, with its licence), so it looks the same on every machine.
import { fileURLToPath } from 'node:url';
import { Resvg } from '@resvg/resvg-js';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { Burndown } from '../../domain/burndown.js';

const FONT = fileURLToPath(new URL('../../../assets/fonts/DejaVuSans.ttf', import.meta.url));
const FAMILY = 'DejaVu Sans';

// Okabe–Ito: distinguishable with the common colour-vision deficiencies; lines also differ by dash.
const SERIES = [
  { key: 'Remaining', color: '#0072B2', dash: [1, 0] },
  { key: 'Ideal', color: '#7a7a7a', dash: [6, 4] },
  { key: 'Scope added', color: '#E69F00', dash: [2, 2] },
  { key: 'Scope removed', color: '#CC79A7', dash: [8, 3, 2, 3] },
] as const;

interface Row {
  panel: string;
  order: number;
  date: string;
  series: string;
  points: number;
}

function rows(burndowns: readonly Burndown[], names: ReadonlyMap<string, string>): Row[] {
  const out: Row[] = [];
  burndowns.forEach((b, order) => {
    const panel = b.streamKey === null ? 'All streams' : (names.get(b.streamKey) ?? b.streamKey);
    // The total comes first: it is what an executive reads before the streams.
    const rank = b.streamKey === null ? -1 : order;
    for (const d of b.days) {
      // The weekend before a Monday planning is not part of the plan: the lines start at the baseline.
      if (d.date < b.baseline) continue;
      out.push({ panel, order: rank, date: d.date, series: 'Ideal', points: d.ideal });
      if (d.actual === null) continue;
      out.push({ panel, order: rank, date: d.date, series: 'Remaining', points: d.actual.remaining });
      out.push({ panel, order: rank, date: d.date, series: 'Scope added', points: d.actual.added });
      out.push({ panel, order: rank, date: d.date, series: 'Scope removed', points: d.actual.removed });
    }
  });
  return out;
}

/** What a burndown chart is drawn from: the total first, then the streams worth a look. */
export interface BurndownChartInput {
  burndowns: readonly Burndown[];
  names: ReadonlyMap<string, string>;
  today: string;
  title: string;
}

/** The vega-lite spec (exported for tests and for anyone who wants to see the chart's shape). */
export function burndownSpec(o: BurndownChartInput): TopLevelSpec {
  // One column: on a phone Slack shows the image at the screen's width, and a grid of panels
  // would shrink every label below reading size. The caller passes the total and the few streams
  // worth a look (the message lists the rest).
  const columns = 1;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: o.title, fontSize: 18, anchor: 'start' },
    data: { values: rows(o.burndowns, o.names) },
    facet: { field: 'panel', type: 'nominal', title: null, sort: { field: 'order', op: 'min' } },
    columns,
    resolve: { scale: { y: 'independent' } },
    spec: {
      width: 340,
      height: 150,
      layer: [
        {
          mark: { type: 'line', strokeWidth: 2.5, point: false },
          encoding: {
            x: { field: 'date', type: 'temporal', title: null, axis: { format: '%b %d', labelAngle: 0, tickCount: 4, labelFontSize: 12 } },
            y: { field: 'points', type: 'quantitative', title: 'points', axis: { labelFontSize: 12, titleFontSize: 12 } },
            color: {
              field: 'series',
              type: 'nominal',
              title: null,
              scale: { domain: SERIES.map((s) => s.key), range: SERIES.map((s) => s.color) },
              legend: { orient: 'top', columns: 2, labelFontSize: 13, symbolStrokeWidth: 3 },
            },
            strokeDash: {
              field: 'series',
              type: 'nominal',
              // The same field as the colour: vega-lite merges both into one legend, whose symbols
              // then show each line's dash as well as its colour.
              scale: { domain: SERIES.map((s) => s.key), range: SERIES.map((s) => [...s.dash]) },
            },
          },
        },
        {
          // Today, marked on every panel.
          data: { values: [{ date: o.today }] },
          mark: { type: 'rule', color: '#333', strokeDash: [2, 2] },
          encoding: { x: { field: 'date', type: 'temporal' } },
        },
      ],
    },
    config: { font: FAMILY, header: { labelFontSize: 14, labelFontWeight: 'bold', labelFont: FAMILY }, view: { stroke: '#ddd' } },
  };
}

/** The chart as SVG (vega's own renderer, no canvas). */
export async function burndownSvg(o: BurndownChartInput): Promise<string> {
  const view = new vega.View(vega.parse(compile(burndownSpec(o)).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** The chart as a PNG at twice the SVG's size, so it is sharp on a phone's screen. */
export async function burndownPng(o: BurndownChartInput): Promise<Buffer> {
  const svg = await burndownSvg(o);
  const png = new Resvg(svg, {
    background: '#ffffff',
    fitTo: { mode: 'zoom', value: 2 },
    font: { fontFiles: [FONT], loadSystemFonts: false, defaultFontFamily: FAMILY },
  }).render();
  return png.asPng();
}
