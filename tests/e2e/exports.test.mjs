// Shop-platform exports read in the page (tests/data/exports/, sources and hand-worked figures in its
// README): each file recognised ("Read as a …" among the notes), with its customers, orders and revenue as
// worked out by hand, the same as tests/exports.rs checks for the library and the command line.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { waitReport, keyText, browserSuite, ROOT } from './helpers.mjs';

const DIR = path.join(ROOT, 'tests', 'data', 'exports');

/** [file, platform name, customers, orders, revenue as the page writes it] — README's figures. */
const FIXTURES = [
  ['shopify_orders.csv', 'Shopify orders export', '5', '7', '211.50'],
  ['woocommerce_analytics_orders.csv', 'WooCommerce Analytics orders report', '5', '8', '206.00'],
  ['woocommerce_orders.csv', 'WooCommerce orders export (one row per order)', '5', '7', '179.50'],
  ['woocommerce_webtoffee_orders.csv', 'WooCommerce orders export (WebToffee, one row per order)', '4', '6', '227.00'],
  ['square_item_sales.csv', 'Square item sales export', '3', '5', '169.50'],
  ['stripe_payments.csv', 'Stripe payments export', '5', '8', '201.80'],
  ['paypal_activity.csv', 'PayPal activity download', '4', '6', '177.90'],
  ['etsy_sold_order_items.csv', 'Etsy sold order items', '3', '4', '129.50'],
  ['amazon_order_report.txt', 'Amazon seller order report', '3', '3', '132.00'],
  ['ebay_orders.csv', 'eBay orders report', '3', '3', '124.00'],
  ['magento_orders.csv', 'Magento / Adobe Commerce orders export', '4', '6', '179.50'],
  ['prestashop_orders.csv', 'PrestaShop orders export', '4', '6', '129.40'],
  ['shopware_orders.csv', 'Shopware 6 orders export', '3', '4', '196.80'],
  ['lightspeed_sales.csv', 'Lightspeed Retail (X-Series) sales export', '3', '3', '78.00'],
];

describe('platform exports in the page', () => {
  let browser;
  browserSuite((b) => {
    browser = b;
  });

  for (const [file, name, customers, orders, revenue] of FIXTURES) {
    it(`reads ${file} as a ${name}`, async () => {
      const page = await browser.newPage('#data');
      await page.setInputFiles('#file', path.join(DIR, file));
      await waitReport(page);
      const note = await page.locator('#notes li[data-code="platform"]').innerText();
      assert.ok(note.includes(`Read as a ${name}`), note);
      assert.equal(await keyText(page, 'summary.customers'), customers);
      assert.equal(await keyText(page, 'summary.orders'), orders);
      assert.equal(await keyText(page, 'summary.revenue'), revenue);
      await page.close();
    });
  }
});
