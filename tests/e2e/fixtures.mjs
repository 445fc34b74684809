// Small test files for the browser tests (no tests in this file). Each says what the report must show.

/**
 * Online Retail style, 12 rows. Line 3 has a price that is not a number; line 7 has one field too many (an
 * unquoted comma in the description). Used rows: 10, with customers 17850 and 13047, orders 536365-536370.
 */
export const SMALL_CSV = [
  'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country',
  '536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,2010-12-01 08:26,2.55,17850,United Kingdom',
  '536365,71053,WHITE METAL LANTERN,6,2010-12-01 08:26,abc,17850,United Kingdom',
  '536365,84406B,CREAM CUPID HEARTS COAT HANGER,8,2010-12-01 08:26,2.75,17850,United Kingdom',
  '536366,22633,HAND WARMER UNION JACK,6,2010-12-01 08:28,1.85,13047,United Kingdom',
  '536366,22632,HAND WARMER RED POLKA DOT,6,2010-12-01 08:28,1.85,13047,United Kingdom',
  '536367,84879,ASSORTED COLOUR BIRD ORNAMENT, LARGE,32,2010-12-01 08:34,1.69,13047,United Kingdom',
  '536367,22745,POPPY\'S PLAYHOUSE BEDROOM,6,2010-12-01 08:34,2.10,13047,United Kingdom',
  '536368,22960,JAM MAKING SET WITH JARS,6,2010-12-01 08:34,4.25,13047,United Kingdom',
  '536368,22913,RED COAT RACK PARIS FASHION,3,2010-12-01 08:34,4.95,13047,United Kingdom',
  '536369,21756,BATH BUILDING BLOCK WORD,3,2010-12-01 08:35,5.95,13047,United Kingdom',
  '536370,22728,ALARM CLOCK BAKELIKE PINK,24,2010-12-01 08:45,3.75,12583,France',
  '536370,22727,ALARM CLOCK BAKELIKE RED,24,2010-12-01 08:45,3.75,12583,France',
  '',
].join('\n');

/** Dates a/b/yyyy with no day above 12: the core cannot tell dmy from mdy and asks. */
export const AMBIGUOUS_DATES_CSV = [
  'Order,Date,Customer,Item,Qty,Price',
  '1,03/04/2011,A,X,1,2.50',
  '2,05/06/2011,B,Y,2,1.50',
  '3,01/02/2011,A,Z,1,3.00',
  '4,11/12/2011,C,X,4,2.50',
  '',
].join('\n');

/** One value per line and no delimiter. */
export const ONE_COLUMN_CSV = "customer\nalice\nbob\ncarol\n";

/** The first bytes of a PNG image. */
export const PNG_BYTES = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0]);

/** The first bytes of an .xlsx workbook (a ZIP archive). */
export const XLSX_BYTES = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0x06, 0]), Buffer.from('[Content_Types].xml'), Buffer.alloc(64)]);
