// The printable report ("Print report" → the browser's print dialog → Save as PDF). The print stylesheet
// (@media print in style.css) shows every view one after the other and hides the controls; before
// printing, every view is shown on screen for a moment (body.print-all) so that the charts of views never
// opened get a width and are drawn.

export async function printReport() {
  document.body.classList.add('print-all');
  // What sits behind a "details" disclosure on screen (formulas, model parameters, diagnostics, timings)
  // is printed too: opened for the print, folded again after it.
  const folded = [...document.querySelectorAll('details.more:not([open])')];
  for (const d of folded) d.open = true;
  // Two frames for the ResizeObservers to draw the charts, then a little for uPlot's own frame.
  await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  await new Promise((r) => setTimeout(r, 150));
  let printed = false;
  const done = () => {
    if (printed) return;
    printed = true;
    for (const d of folded) d.open = false;
    document.body.classList.remove('print-all');
    window.removeEventListener('afterprint', done);
  };
  window.addEventListener('afterprint', done);
  window.print();
  // Some browsers return from print() without an afterprint event.
  setTimeout(done, 1000);
}
