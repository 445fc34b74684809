// A 390 px phone check for the browser tests (no tests in this file): the elements a test names fit the
// width of the screen, with nothing of them cut off or scrolling sideways.

import assert from 'node:assert/strict';

/**
 * Sets a 390 × 844 viewport and asserts that every visible element matching each selector lies within it
 * (its right edge at most the viewport's width) and does not overflow itself; at least one must match.
 */
export async function assertFitsPhone(page, selectors) {
  await page.setViewportSize({ width: 390, height: 844 });
  for (const sel of selectors) {
    const boxes = await page.$$eval(sel, (els) =>
      els
        .filter((e) => e.offsetParent !== null)
        .map((e) => {
          const r = e.getBoundingClientRect();
          return { right: r.right, left: r.left, scroll: e.scrollWidth, client: e.clientWidth, vw: document.documentElement.clientWidth };
        }),
    );
    assert.ok(boxes.length > 0, `${sel}: nothing visible to check`);
    for (const b of boxes) {
      assert.ok(b.left >= -0.5 && b.right <= b.vw + 0.5, `${sel} lies outside the 390 px screen: ${JSON.stringify(b)}`);
      assert.ok(b.scroll <= b.client + 1, `${sel} overflows itself: ${JSON.stringify(b)}`);
    }
  }
  await page.setViewportSize({ width: 1200, height: 900 });
}
