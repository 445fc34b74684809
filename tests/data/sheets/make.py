"""Writes the spreadsheet fixtures of tests/sheets.rs (see README.md here).

The rows are the first rows of the UCI Online Retail data set (invoices 536365-536370, taken from
online_retail.csv.gz as distributed, see tests/online_retail_variants.rs). Run with openpyxl 3.1.5,
xlwt 1.3.0 and odfpy 1.4.1 installed:  python3 make.py
"""
import csv
import datetime as dt
import io

HEADER = ["InvoiceNo", "StockCode", "Description", "Quantity", "InvoiceDate", "UnitPrice", "CustomerID", "Country"]

# online_retail.csv.gz, lines 2-30 (the first 29 data rows), as they are in the file.
SOURCE = '''"536365","85123A","WHITE HANGING HEART T-LIGHT HOLDER",6,"2010-12-01 08:26:00",2.55,17850,"United Kingdom"
"536365","71053","WHITE METAL LANTERN",6,"2010-12-01 08:26:00",3.39,17850,"United Kingdom"
"536365","84406B","CREAM CUPID HEARTS COAT HANGER",8,"2010-12-01 08:26:00",2.75,17850,"United Kingdom"
"536365","84029G","KNITTED UNION FLAG HOT WATER BOTTLE",6,"2010-12-01 08:26:00",3.39,17850,"United Kingdom"
"536365","84029E","RED WOOLLY HOTTIE WHITE HEART.",6,"2010-12-01 08:26:00",3.39,17850,"United Kingdom"
"536365","22752","SET 7 BABUSHKA NESTING BOXES",2,"2010-12-01 08:26:00",7.65,17850,"United Kingdom"
"536365","21730","GLASS STAR FROSTED T-LIGHT HOLDER",6,"2010-12-01 08:26:00",4.25,17850,"United Kingdom"
"536366","22633","HAND WARMER UNION JACK",6,"2010-12-01 08:28:00",1.85,17850,"United Kingdom"
"536366","22632","HAND WARMER RED POLKA DOT",6,"2010-12-01 08:28:00",1.85,17850,"United Kingdom"
"536367","84879","ASSORTED COLOUR BIRD ORNAMENT",32,"2010-12-01 08:34:00",1.69,13047,"United Kingdom"
"536367","22745","POPPY'S PLAYHOUSE BEDROOM",6,"2010-12-01 08:34:00",2.1,13047,"United Kingdom"
"536367","22748","POPPY'S PLAYHOUSE KITCHEN",6,"2010-12-01 08:34:00",2.1,13047,"United Kingdom"
"536367","22749","FELTCRAFT PRINCESS CHARLOTTE DOLL",8,"2010-12-01 08:34:00",3.75,13047,"United Kingdom"
"536367","22310","IVORY KNITTED MUG COSY",6,"2010-12-01 08:34:00",1.65,13047,"United Kingdom"
"536367","84969","BOX OF 6 ASSORTED COLOUR TEASPOONS",6,"2010-12-01 08:34:00",4.25,13047,"United Kingdom"
"536367","22623","BOX OF VINTAGE JIGSAW BLOCKS",3,"2010-12-01 08:34:00",4.95,13047,"United Kingdom"
"536367","22622","BOX OF VINTAGE ALPHABET BLOCKS",2,"2010-12-01 08:34:00",9.95,13047,"United Kingdom"
"536367","21754","HOME BUILDING BLOCK WORD",3,"2010-12-01 08:34:00",5.95,13047,"United Kingdom"
"536367","21755","LOVE BUILDING BLOCK WORD",3,"2010-12-01 08:34:00",5.95,13047,"United Kingdom"
"536367","21777","RECIPE BOX WITH METAL HEART",4,"2010-12-01 08:34:00",7.95,13047,"United Kingdom"
"536367","48187","DOORMAT NEW ENGLAND",4,"2010-12-01 08:34:00",7.95,13047,"United Kingdom"
"536368","22960","JAM MAKING SET WITH JARS",6,"2010-12-01 08:34:00",4.25,13047,"United Kingdom"
"536368","22913","RED COAT RACK PARIS FASHION",3,"2010-12-01 08:34:00",4.95,13047,"United Kingdom"
"536368","22912","YELLOW COAT RACK PARIS FASHION",3,"2010-12-01 08:34:00",4.95,13047,"United Kingdom"
"536368","22914","BLUE COAT RACK PARIS FASHION",3,"2010-12-01 08:34:00",4.95,13047,"United Kingdom"
"536369","21756","BATH BUILDING BLOCK WORD",3,"2010-12-01 08:35:00",5.95,13047,"United Kingdom"
"536370","22728","ALARM CLOCK BAKELIKE PINK",24,"2010-12-01 08:45:00",3.75,12583,"France"
"536370","22727","ALARM CLOCK BAKELIKE RED",24,"2010-12-01 08:45:00",3.75,12583,"France"
"536370","22726","ALARM CLOCK BAKELIKE GREEN",12,"2010-12-01 08:45:00",3.75,12583,"France"
'''


def rows():
    """Typed rows as a spreadsheet holds them: invoice and stock code as text, quantity a whole number, the
    date a date-time, the price and the customer id floats (a CustomerID column read from CSV by Excel)."""
    out = []
    for r in csv.reader(io.StringIO(SOURCE)):
        out.append([r[0], r[1], r[2], int(r[3]), dt.datetime.strptime(r[4], "%Y-%m-%d %H:%M:%S"),
                    float(r[5]), float(r[6]), r[7]])
    return out


ROWS = rows()
UK = ROWS[:26]        # invoices 536365-536369, customers 17850 and 13047
FRANCE = ROWS[26:]    # invoice 536370, customer 12583
BLANK_AT = 12         # sheet row left empty in "Orders", as people leave them (row 1 is the header)


def with_blank(data):
    """The UK rows with sheet row BLANK_AT left empty: (sheet row, values) pairs, 1-based."""
    out, r = [], 2
    for values in data:
        if r == BLANK_AT:
            r += 1
        out.append((r, values))
        r += 1
    return out


def xlsx():
    import openpyxl
    wb = openpyxl.Workbook()
    wb.active.title = "Notes"             # an empty first sheet
    for title, data in (("Orders", with_blank(UK)), ("France", list(enumerate(FRANCE, start=2)))):
        ws = wb.create_sheet(title)
        for c, name in enumerate(HEADER, start=1):
            ws.cell(row=1, column=c, value=name)
        for r, values in data:
            for c, v in enumerate(values, start=1):
                cell = ws.cell(row=r, column=c, value=v)
                if isinstance(v, dt.datetime):
                    cell.number_format = "dd/mm/yyyy hh:mm"   # a date-formatted cell holding a serial
    wb.save("orders.xlsx")


def xls():
    import xlwt
    wb = xlwt.Workbook()
    ws = wb.add_sheet("Orders")
    date = xlwt.easyxf(num_format_str="dd/mm/yyyy hh:mm")
    for c, name in enumerate(HEADER):
        ws.write(0, c, name)
    for r, values in with_blank(UK):
        for c, v in enumerate(values):
            if isinstance(v, dt.datetime):
                ws.write(r - 1, c, v, date)
            else:
                ws.write(r - 1, c, v)
    wb.save("orders.xls")


def xls_formulas():
    """orders.xls's sheet with what calamine's .xls reader is made safe against (ingest::sheet::ole):
    an Amount column of formulas (Quantity x UnitPrice), long distinct notes that make the shared strings
    run on into Continue records, and a second sheet with a merged range."""
    import xlwt
    wb = xlwt.Workbook()
    ws = wb.add_sheet("Orders")
    date = xlwt.easyxf(num_format_str="dd/mm/yyyy hh:mm")
    for c, name in enumerate(HEADER + ["Amount", "Note"]):
        ws.write(0, c, name)
    for i, values in enumerate(UK):
        r = i + 1
        for c, v in enumerate(values):
            if isinstance(v, dt.datetime):
                ws.write(r, c, v, date)
            else:
                ws.write(r, c, v)
        ws.write(r, 8, xlwt.Formula("D%d*F%d" % (r + 1, r + 1)))
        ws.write(r, 9, ("note %d: " % i) + "packed with care and sent on the same day; " * 12)
    notes = wb.add_sheet("Notes")
    notes.write_merge(0, 1, 0, 3, "Orders of December 2010")
    wb.save("formulas.xls")


def ods():
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableRow, TableCell
    from odf.text import P
    doc = OpenDocumentSpreadsheet()
    table = Table(name="Orders")

    def row(values):
        tr = TableRow()
        for v in values:
            if isinstance(v, dt.datetime):
                cell = TableCell(valuetype="date", datevalue=v.strftime("%Y-%m-%dT%H:%M:%S"))
                cell.addElement(P(text=v.strftime("%d/%m/%Y %H:%M")))
            elif isinstance(v, (int, float)):
                cell = TableCell(valuetype="float", value=repr(v))
                cell.addElement(P(text=repr(v)))
            else:
                cell = TableCell(valuetype="string")
                cell.addElement(P(text=v))
            tr.addElement(cell)
        table.addElement(tr)

    row(HEADER)
    last = 1
    for r, values in with_blank(UK):
        for _ in range(last + 1, r):
            table.addElement(TableRow())
        row(values)
        last = r
    doc.spreadsheet.addElement(table)
    doc.save("orders.ods")


if __name__ == "__main__":
    xlsx()
    xls()
    xls_formulas()
    ods()
