// @ts-check
// Every chart the page draws is made here, from the views' numbers, labels and captions; the views import
// no chart library. The parts, in www/charts/:
//   base.js     the figure around a canvas chart (caption, PNG and SVG downloads, drawn once it has a
//               width), the height, colours, axis style and axis of categories (the only uPlot import)
//   xy.js       the general charts: bars over categories, lines and points over categories or a numeric x
//               with an optional range band
//   report.js   the Segments view's charts (Pareto, Lorenz, spend bands, returning rate, silhouette)
//   monthly.js  revenue per month: the Overview's stacked bars and the Predict view's forecast
//   baskets.js  the Baskets view's SVG drawings (the rules' scatter and network)
// svg.js writes a chart's SVG download from the same numbers.

export { figure, disposeCharts, categoryAxis, axisStyle, HEIGHT, ACCENT, ACCENT_FILL, SECOND, SECOND_FILL, MUTED } from './charts/base.js';
export { barChart, lineChart, xyChart } from './charts/xy.js';
export { paretoChart, lorenzChart, bandChart, returningChart, silhouetteChart } from './charts/report.js';
export { monthlyChart, forecastChart, GROUP_COLOURS } from './charts/monthly.js';
export { scatterSvg, liftLegend, networkSvg, networkEdges, networkNodes, liftColour, liftRange } from './charts/baskets.js';
