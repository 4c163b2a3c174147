/**
 * A dependency-free SVG line plot (CPU per participant against participants), with dashed
 * reference lines for the comparison figures.
 */

/** One series of (x, y) points. */
export interface PlotSeries {
  readonly label: string;
  readonly points: ReadonlyArray<readonly [number, number]>;
  readonly color: string;
}

/** A horizontal reference line. */
export interface PlotReference {
  readonly label: string;
  readonly y: number;
  readonly color: string;
}

/** Renders the plot as an SVG document. */
export function plotSvg(options: { title: string; xLabel: string; yLabel: string; series: readonly PlotSeries[]; references: readonly PlotReference[] }): string {
  const width = 720;
  const height = 420;
  const left = 80;
  const right = 180;
  const top = 40;
  const bottom = 60;
  const xs = options.series.flatMap((s) => s.points.map(([x]) => x));
  const ys = [...options.series.flatMap((s) => s.points.map(([, y]) => y)), ...options.references.map((r) => r.y)];
  const xMax = Math.max(1, ...xs) * 1.05;
  const yMax = Math.max(1, ...ys) * 1.1;
  const px = (x: number): number => left + (x / xMax) * (width - left - right);
  const py = (y: number): number => height - bottom - (y / yMax) * (height - top - bottom);
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="12">`);
  parts.push(`<rect width="100%" height="100%" fill="white"/>`);
  parts.push(`<text x="${width / 2}" y="22" text-anchor="middle" font-size="15">${options.title}</text>`);
  parts.push(`<line x1="${left}" y1="${py(0)}" x2="${width - right}" y2="${py(0)}" stroke="black"/>`);
  parts.push(`<line x1="${left}" y1="${py(0)}" x2="${left}" y2="${top}" stroke="black"/>`);
  for (let i = 0; i <= 5; i++) {
    const x = (xMax / 1.05) * (i / 5);
    const y = (yMax / 1.1) * (i / 5);
    parts.push(`<text x="${px(x)}" y="${py(0) + 18}" text-anchor="middle">${Math.round(x)}</text>`);
    parts.push(`<text x="${left - 8}" y="${py(y) + 4}" text-anchor="end">${Math.round(y)}</text>`);
    parts.push(`<line x1="${left}" y1="${py(y)}" x2="${width - right}" y2="${py(y)}" stroke="#ddd"/>`);
  }
  parts.push(`<text x="${(left + width - right) / 2}" y="${height - 18}" text-anchor="middle">${options.xLabel}</text>`);
  parts.push(`<text transform="translate(20 ${(top + height - bottom) / 2}) rotate(-90)" text-anchor="middle">${options.yLabel}</text>`);
  let legendY = top + 10;
  for (const ref of options.references) {
    parts.push(`<line x1="${left}" y1="${py(ref.y)}" x2="${width - right}" y2="${py(ref.y)}" stroke="${ref.color}" stroke-dasharray="6 4"/>`);
    parts.push(`<text x="${width - right + 8}" y="${py(ref.y) + 4}" fill="${ref.color}">${ref.label}</text>`);
  }
  for (const series of options.series) {
    const path = series.points.map(([x, y], i) => `${i === 0 ? 'M' : 'L'}${px(x).toFixed(1)},${py(y).toFixed(1)}`).join(' ');
    parts.push(`<path d="${path}" fill="none" stroke="${series.color}" stroke-width="2"/>`);
    for (const [x, y] of series.points) parts.push(`<circle cx="${px(x).toFixed(1)}" cy="${py(y).toFixed(1)}" r="3.5" fill="${series.color}"/>`);
    parts.push(`<text x="${width - right + 8}" y="${legendY}" fill="${series.color}">${series.label}</text>`);
    legendY += 16;
  }
  parts.push('</svg>');
  return parts.join('\n') + '\n';
}
