//! Column roles: what each column means, recognised from header names in the languages shops and their
//! ERP/POS systems write exports in — English, German, French, Spanish, Portuguese, Italian, Dutch, Polish,
//! Czech, Russian, Chinese (simplified and traditional) and Japanese — and, where no name matches, from
//! the values (see [`super::content`]).
//!
//! A name is first [`normalize`]d (`Prix unitaire HT` → `prixunitaireht`), then compared with each role's
//! exact words; a name that equals none is matched by the words it contains, the longest contained word
//! deciding (`Total Discounts` is a discount, not a total). Words that mean different things in different
//! files are left out on purpose: `Name` alone (Shopify's order number, a person, a product), `Code`
//! alone (`Discount Code`, `Zip Code`), `nombre` (a count in French, a name in Spanish). `Data` is the date
//! in Portuguese, Italian and Polish and is kept; `Total`/`Summe` may be an order total repeated on each
//! line, which content checks catch (an order-level total is not a line amount).

use serde::{Deserialize, Serialize};

/// The meaning of a column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Customer id.
    Customer,
    /// Date or date-time of the purchase.
    Date,
    /// Order, invoice, receipt or basket id.
    Order,
    /// Item code (SKU, stock code).
    ItemCode,
    /// Item name or description.
    ItemName,
    /// Quantity.
    Quantity,
    /// Unit price.
    UnitPrice,
    /// Line amount (quantity × price, as the file gives it).
    Amount,
    /// Cost (per line).
    Cost,
    /// Discount (per line).
    Discount,
    /// List (regular, undiscounted) unit price: a unit price below it was bought on discount.
    ListPrice,
    /// Any other column, kept as a named attribute.
    Attribute,
    /// A column the user chose to ignore.
    Ignore,
    /// Order or payment status (`refunded`, `partially_refunded`, `cancelled`, `failed`, …): refunded,
    /// cancelled and failed orders are returns, not revenue (see `ingest::platform`).
    Status,
    /// Cancellation date or flag of an order: any value marks the order cancelled.
    Cancelled,
    /// Amount refunded on an order (counted once per order, not per line).
    Refund,
}

/// Order-level roles that no header vocabulary assigns: a recognised platform export or the user does.
pub const ORDER_ROLES: [Role; 3] = [Role::Status, Role::Cancelled, Role::Refund];

/// The roles that take at most one column, in the order detection assigns them.
pub const SINGLE_ROLES: [Role; 11] = [
    Role::Customer,
    Role::Date,
    Role::Order,
    Role::ItemCode,
    Role::ItemName,
    Role::Quantity,
    Role::UnitPrice,
    Role::Amount,
    Role::Cost,
    Role::Discount,
    Role::ListPrice,
];

/// The roles a user may give a column, in the order the page's column editor lists them: the single
/// roles, the order-level ones, then an attribute and ignored.
pub const CHOOSABLE_ROLES: [Role; SINGLE_ROLES.len() + ORDER_ROLES.len() + 2] = {
    // Built from the two lists, so that it cannot drift from them.
    let mut out = [Role::Ignore; SINGLE_ROLES.len() + ORDER_ROLES.len() + 2];
    let mut i = 0;
    while i < SINGLE_ROLES.len() {
        out[i] = SINGLE_ROLES[i];
        i += 1;
    }
    let mut j = 0;
    while j < ORDER_ROLES.len() {
        out[i + j] = ORDER_ROLES[j];
        j += 1;
    }
    out[i + j] = Role::Attribute;
    out[i + j + 1] = Role::Ignore;
    out
};

impl Role {
    /// Snake-case name, as in JSON.
    pub fn name(self) -> &'static str {
        match self {
            Role::Customer => "customer",
            Role::Date => "date",
            Role::Order => "order",
            Role::ItemCode => "item_code",
            Role::ItemName => "item_name",
            Role::Quantity => "quantity",
            Role::UnitPrice => "unit_price",
            Role::Amount => "amount",
            Role::Cost => "cost",
            Role::Discount => "discount",
            Role::ListPrice => "list_price",
            Role::Attribute => "attribute",
            Role::Ignore => "ignore",
            Role::Status => "status",
            Role::Cancelled => "cancelled",
            Role::Refund => "refund",
        }
    }

    /// Parses a role name.
    pub fn from_name(s: &str) -> Option<Role> {
        CHOOSABLE_ROLES.iter().copied().find(|r| r.name() == s)
    }

    /// True for roles whose values are numbers.
    pub fn is_numeric(self) -> bool {
        matches!(self, Role::Quantity | Role::UnitPrice | Role::Amount | Role::Cost | Role::Discount | Role::ListPrice | Role::Refund)
    }
}

/// The language codes of [`VOCABULARY`] (BCP 47), in the order a word's languages are listed.
pub const LANGUAGES: [&str; 13] = ["en", "de", "fr", "es", "pt", "it", "nl", "pl", "cs", "ru", "zh-Hans", "zh-Hant", "ja"];

/// One language's words for one role, already [`normalize`]d: `exact` names mean the role; `contains`
/// words suggest it when found inside a longer name.
struct Words {
    lang: &'static str,
    role: Role,
    exact: &'static [&'static str],
    contains: &'static [&'static str],
}

const fn w(lang: &'static str, role: Role, exact: &'static [&'static str], contains: &'static [&'static str]) -> Words {
    Words { lang, role, exact, contains }
}

/// Header words by language and role: the column names shop platforms, accounting/ERP and point-of-sale
/// systems of each language put in their sales and invoice exports, written down by hand. A word missing
/// here is added when an export shows it (with a test in this module naming the export).
#[rustfmt::skip] // One line per language and role: the table reads as a dictionary.
const VOCABULARY: &[Words] = {
    use Role::*;
    &[
        // ---- customer
        w("en", Customer, &["customerid", "customer", "customerno", "customernumber", "customercode", "custid", "clientid", "client", "clientno",
            "clientnumber", "memberid", "member", "memberno", "userid", "user", "buyerid", "buyer", "buyeremail", "accountid", "account",
            "accountnumber", "shopperid", "householdkey", "householdid", "cardid", "loyaltyid", "loyaltynumber", "email", "emailaddress",
            "customeremail", "contactid", "guestid"], &["customer", "client", "buyer", "shopper"]),
        w("de", Customer, &["kundennummer", "kunde", "kundenid", "kundennr", "kdnr", "kundenkennung", "debitor", "debitornummer",
            "debitorennummer", "kaufer", "mitgliedsnummer", "emailadresse"], &["kunde", "kundennr", "debitor", "kaufer"]),
        w("fr", Customer, &["codeclient", "client", "idclient", "numeroclient", "nclient", "noclient", "refclient", "referenceclient",
            "acheteur", "adherent", "numeroadherent", "courriel", "adresseemail", "emailclient"], &["client", "acheteur"]),
        w("es", Customer, &["cliente", "idcliente", "codcliente", "codigocliente", "codigodecliente", "numerocliente", "numerodecliente",
            "nrocliente", "comprador", "socio", "correo", "correoelectronico"], &["cliente", "comprador"]),
        w("pt", Customer, &["cliente", "idcliente", "codcliente", "codigocliente", "codigodocliente", "clienteid", "comprador", "consumidor",
            "cpf", "email"], &["cliente", "comprador", "consumidor"]),
        w("it", Customer, &["cliente", "codicecliente", "codcliente", "idcliente", "clienteid", "ncliente", "numerocliente", "acquirente"],
            &["cliente", "acquirente"]),
        w("nl", Customer, &["klant", "klantnummer", "klantnr", "klantid", "klantcode", "debiteur", "debiteurnummer", "koper",
            "relatienummer", "relatie"], &["klant", "debiteur", "koper"]),
        w("pl", Customer, &["klient", "idklienta", "nrklienta", "numerklienta", "kodklienta", "kontrahent", "kodkontrahenta", "nabywca",
            "odbiorca", "kupujacy"], &["klient", "kontrahent", "nabywc"]),
        w("cs", Customer, &["zakaznik", "idzakaznika", "cislozakaznika", "kodzakaznika", "odberatel", "klient"], &["zakaznik", "odberatel"]),
        w("ru", Customer, &["клиент", "idклиента", "кодклиента", "номерклиента", "покупатель", "контрагент", "заказчик", "idпокупателя"],
            &["клиент", "покупател", "контрагент", "заказчик"]),
        w("zh-Hans", Customer, &["客户", "客户id", "客户编号", "客户号", "客户代码", "会员", "会员id", "会员编号", "买家", "买家id", "用户id",
            "顾客"], &["客户", "会员", "买家", "顾客"]),
        w("zh-Hant", Customer, &["客戶", "客戶id", "客戶編號", "客戶代號", "會員", "會員編號", "買家", "顧客"], &["客戶", "會員", "買家", "顧客"]),
        w("ja", Customer, &["顧客", "顧客id", "顧客番号", "顧客コード", "会員id", "会員番号", "得意先", "得意先コード", "購入者",
            "お客様番号"], &["顧客", "会員", "得意先", "購入者"]),
        // ---- date
        w("en", Date, &["date", "invoicedate", "orderdate", "datetime", "timestamp", "transactiondate", "purchasedate", "saledate",
            "salesdate", "time", "createdat", "created", "orderedat", "dateplaced", "dateordered", "datecreated"], &["date"]),
        w("de", Date, &["datum", "rechnungsdatum", "bestelldatum", "belegdatum", "verkaufsdatum", "kaufdatum", "auftragsdatum",
            "buchungsdatum", "zeitpunkt", "erstelltam"], &["datum"]),
        w("fr", Date, &["date", "datedecommande", "datedefacture", "datefacture", "datecommande", "datedachat", "datedevente",
            "datedetransaction", "dateheure", "horodatage"], &["date"]),
        w("es", Date, &["fecha", "fechapedido", "fechadepedido", "fechacompra", "fechadecompra", "fechafactura", "fechadefactura",
            "fechaventa", "fechadeventa", "fechahora"], &["fecha"]),
        w("pt", Date, &["data", "datapedido", "datadopedido", "datacompra", "datadacompra", "datavenda", "datadavenda", "dataemissao",
            "datadeemissao", "datahora"], &["data"]),
        w("it", Date, &["data", "dataordine", "datadellordine", "datafattura", "datadocumento", "dataacquisto", "datavendita", "dataora"],
            &["data"]),
        w("nl", Date, &["datum", "orderdatum", "besteldatum", "factuurdatum", "aankoopdatum", "verkoopdatum", "transactiedatum"], &["datum"]),
        w("pl", Date, &["data", "datazamowienia", "datasprzedazy", "datawystawienia", "datazakupu", "datafaktury", "datatransakcji"],
            &["data"]),
        w("cs", Date, &["datum", "datumnakupu", "datumobjednavky", "datumprodeje", "datumvystaveni", "datumuskutecneni"], &["datum"]),
        w("ru", Date, &["дата", "датапокупки", "датазаказа", "датапродажи", "датадокумента", "датаивремя", "времязаказа"], &["дата"]),
        w("zh-Hans", Date, &["日期", "交易日期", "订单日期", "下单时间", "下单日期", "销售日期", "购买日期", "时间", "创建时间", "付款时间",
            "交易时间"], &["日期", "时间"]),
        w("zh-Hant", Date, &["日期", "交易日期", "訂單日期", "下單時間", "下單日期", "銷售日期", "購買日期", "時間", "日期時間", "建立時間"],
            &["日期", "時間"]),
        w("ja", Date, &["日付", "注文日", "注文日時", "購入日", "購入日時", "売上日", "受注日", "取引日", "日時", "伝票日付", "作成日時"],
            &["日付", "日時", "注文日", "購入日", "売上日", "受注日"]),
        // ---- order
        w("en", Order, &["invoiceno", "invoice", "invoiceid", "invoicenumber", "orderid", "order", "orderno", "ordernumber", "orderref",
            "orderreference", "transactionid", "transaction", "transactionno", "receipt", "receiptid", "receiptno", "receiptnumber", "basket",
            "basketid", "ticket", "ticketid", "ticketno", "billno", "billnumber", "salesorder", "salesorderno", "documentno", "documentnumber"],
            &["invoice", "order", "receipt", "transaction", "basket"]),
        w("de", Order, &["rechnungsnummer", "rechnungsnr", "rechnung", "bestellnummer", "bestellnr", "bestellung", "auftragsnummer",
            "auftragsnr", "auftrag", "belegnummer", "belegnr", "beleg", "bonnummer", "bon", "kassenbon", "vorgangsnummer",
            "transaktionsnummer"], &["rechnungsn", "bestelln", "auftragsn", "belegn", "bestellung", "auftrag"]),
        w("fr", Order, &["ndecommande", "nodecommande", "numerodecommande", "commande", "numerocommande", "refcommande",
            "referencecommande", "idcommande", "nfacture", "ndefacture", "nodefacture", "numerodefacture", "numerofacture", "facture",
            "nticket", "numeroticket", "ticket"], &["commande", "facture"]),
        w("es", Order, &["pedido", "numpedido", "numerodepedido", "numeropedido", "idpedido", "npedido", "nropedido", "factura",
            "numfactura", "numerodefactura", "numerofactura", "nfactura", "ticket", "albaran", "numeroalbaran", "recibo"],
            &["pedido", "factura", "albaran"]),
        w("pt", Order, &["pedido", "numeropedido", "numerodopedido", "idpedido", "npedido", "fatura", "numerofatura", "notafiscal", "nf",
            "nfe", "numeronota", "cupom", "cupomfiscal", "idvenda", "recibo"], &["pedido", "fatura", "notafiscal"]),
        w("it", Order, &["ordine", "numeroordine", "nordine", "idordine", "codiceordine", "fattura", "numerofattura", "nfattura",
            "scontrino", "numeroscontrino", "numerodocumento", "ndocumento"], &["ordine", "fattura", "scontrino"]),
        w("nl", Order, &["ordernummer", "ordernr", "bestelnummer", "bestelling", "bestellingnummer", "factuurnummer", "factuurnr",
            "factuur", "bonnummer", "kassabon", "transactienummer"], &["order", "bestelnummer", "bestelling", "factuur"]),
        w("pl", Order, &["numerzamowienia", "nrzamowienia", "zamowienie", "idzamowienia", "numerfaktury", "nrfaktury", "faktura",
            "paragon", "nrparagonu", "numerparagonu", "numerdokumentu", "nrdokumentu", "dokument"], &["zamowien", "faktur", "paragon"]),
        w("cs", Order, &["objednavka", "cisloobjednavky", "faktura", "cislofaktury", "doklad", "cislodokladu", "uctenka", "cislouctenky"],
            &["objednav", "faktur", "doklad", "uctenk"]),
        w("ru", Order, &["заказ", "номерзаказа", "idзаказа", "чек", "номерчека", "счет", "номерсчета", "номердокумента", "накладная",
            "номернакладной"], &["заказ", "номерчека", "номерсчета"]),
        w("zh-Hans", Order, &["订单", "订单号", "订单编号", "订单id", "单号", "发票号", "发票", "交易号", "流水号", "小票号"],
            &["订单", "发票", "单号"]),
        w("zh-Hant", Order, &["訂單", "訂單編號", "訂單號", "單號", "發票", "發票號碼", "交易編號"], &["訂單", "發票", "單號"]),
        w("ja", Order, &["注文番号", "注文id", "注文no", "受注番号", "伝票番号", "請求書番号", "取引id", "取引番号", "レシート番号", "注文"],
            &["注文番号", "受注番号", "伝票番号", "注文"]),
        // ---- item code
        w("en", ItemCode, &["stockcode", "sku", "productid", "productcode", "productno", "productnumber", "itemid", "itemcode", "itemno",
            "itemnumber", "articleid", "articleno", "articlenumber", "article", "ean", "upc", "gtin", "barcode", "partno", "partnumber", "plu",
            "asin", "variantsku", "lineitemsku", "modelnumber"],
            &["sku", "stockcode", "productid", "productcode", "itemid", "itemcode", "ean", "barcode", "gtin"]),
        w("de", ItemCode, &["artikelnummer", "artikelnr", "artnr", "artikel", "artikelid", "artikelcode", "materialnummer", "materialnr",
            "produktnummer", "produktid", "warennummer", "sachnummer", "teilenummer"],
            &["artikelnummer", "artikelnr", "artnr", "materialnummer", "produktnummer"]),
        w("fr", ItemCode, &["reference", "ref", "refproduit", "referenceproduit", "referencearticle", "codearticle", "codeproduit",
            "gencod", "codebarre", "codeean"], &["refproduit", "referenceproduit", "referencearticle", "codearticle", "codeproduit"]),
        w("es", ItemCode, &["codigo", "codigoproducto", "codproducto", "codigoarticulo", "codarticulo", "referencia", "codigodebarras"],
            &["codigoproducto", "codigoarticulo", "codproducto", "codarticulo"]),
        w("pt", ItemCode, &["codigo", "codproduto", "codigoproduto", "codigodoproduto", "referencia", "codigodebarras", "codigoitem"],
            &["codproduto", "codigoproduto", "codigodoproduto"]),
        w("it", ItemCode, &["codice", "codicearticolo", "codarticolo", "codiceprodotto", "codprodotto", "articolo", "riferimento"],
            &["codicearticolo", "codiceprodotto", "codarticolo"]),
        w("nl", ItemCode, &["artikelnummer", "artikelnr", "artikelcode", "productcode", "productnummer"],
            &["artikelnummer", "artikelcode", "productcode"]),
        w("pl", ItemCode, &["kod", "kodproduktu", "kodtowaru", "indeks", "indekstowaru", "symbol", "symboltowaru", "kodkreskowy",
            "numerkatalogowy"], &["kodproduktu", "kodtowaru", "indeks"]),
        w("cs", ItemCode, &["kod", "kodzbozi", "kodproduktu", "katalogovecislo", "cislozbozi"], &["kodzbozi", "kodproduktu"]),
        w("ru", ItemCode, &["артикул", "кодтовара", "кодпродукта", "штрихкод"], &["артикул", "кодтовара"]),
        w("zh-Hans", ItemCode, &["商品编号", "商品编码", "商品id", "商品代码", "货号", "产品编号", "产品编码", "物料编码", "条码", "条形码"],
            &["商品编号", "商品编码", "货号", "产品编号", "产品编码"]),
        w("zh-Hant", ItemCode, &["商品編號", "商品代號", "貨號", "料號", "產品編號", "條碼"], &["商品編號", "貨號", "料號", "產品編號"]),
        w("ja", ItemCode, &["商品コード", "商品番号", "商品id", "品番", "品目コード", "型番", "janコード", "商品cd"],
            &["商品コード", "商品番号", "品番", "型番"]),
        // ---- item name
        w("en", ItemName, &["description", "product", "productname", "itemname", "item", "itemdescription", "title", "producttitle",
            "productdescription", "lineitemname"], &["description", "product", "itemname"]),
        w("de", ItemName, &["artikelbezeichnung", "bezeichnung", "artikelname", "produktname", "produkt", "produktbezeichnung",
            "artikelbeschreibung", "beschreibung", "ware", "warenbezeichnung", "kurztext", "materialkurztext"],
            &["bezeichnung", "produktname", "artikelname", "beschreibung"]),
        w("fr", ItemName, &["designation", "libelle", "produit", "nomduproduit", "nomproduit", "article", "description", "libellearticle",
            "libelleproduit", "intitule"], &["designation", "libelle", "produit"]),
        w("es", ItemName, &["producto", "descripcion", "nombreproducto", "nombredelproducto", "articulo", "concepto", "denominacion"],
            &["producto", "descripcion"]),
        w("pt", ItemName, &["produto", "descricao", "nomeproduto", "nomedoproduto", "item", "descricaodoproduto", "mercadoria"],
            &["produto", "descricao"]),
        w("it", ItemName, &["descrizione", "prodotto", "nomeprodotto", "descrizionearticolo", "denominazione"], &["descrizione", "prodotto"]),
        w("nl", ItemName, &["omschrijving", "product", "productnaam", "artikelomschrijving", "artikelnaam", "benaming"],
            &["omschrijving", "productnaam", "artikelnaam"]),
        w("pl", ItemName, &["nazwa", "nazwatowaru", "nazwaproduktu", "towar", "produkt", "opis", "opistowaru", "asortyment"],
            &["nazwatowaru", "nazwaproduktu", "towar", "produkt"]),
        w("cs", ItemName, &["nazev", "nazevzbozi", "nazevproduktu", "zbozi", "produkt", "popis", "polozka"], &["nazevzbozi", "zbozi", "produkt"]),
        w("ru", ItemName, &["товар", "наименование", "наименованиетовара", "название", "номенклатура", "продукт", "описание"],
            &["товар", "наименован", "номенклатур"]),
        w("zh-Hans", ItemName, &["商品", "商品名称", "品名", "产品", "产品名称", "商品名", "宝贝标题", "商品标题", "货品名称"],
            &["商品名", "品名", "产品名", "标题"]),
        w("zh-Hant", ItemName, &["商品", "商品名稱", "品名", "產品", "產品名稱"], &["商品名", "品名", "產品名"]),
        w("ja", ItemName, &["商品名", "品名", "商品", "品目", "品目名", "商品名称", "製品名"], &["商品名", "品名", "品目名"]),
        // ---- quantity
        w("en", Quantity, &["quantity", "qty", "units", "unitssold", "amountunits", "pieces", "count", "itemcount", "quantityordered",
            "qtyordered", "lineitemquantity", "numberofitems", "numitems", "noofitems", "pcs"], &["quantity", "qty"]),
        w("de", Quantity, &["menge", "anzahl", "stuck", "stuckzahl", "bestellmenge", "verkaufsmenge"], &["menge", "anzahl", "stuckzahl"]),
        w("fr", Quantity, &["quantite", "qte", "nbarticles", "quantitecommandee", "qtecommandee", "nbre"], &["quantite", "qte"]),
        w("es", Quantity, &["cantidad", "cant", "unidades", "cantidadvendida", "uds", "piezas"], &["cantidad", "unidades"]),
        w("pt", Quantity, &["quantidade", "qtd", "qtde", "quant", "unidades", "pecas"], &["quantidade", "qtd"]),
        w("it", Quantity, &["quantita", "qta", "pezzi", "nrpezzi", "quantitavenduta"], &["quantita"]),
        w("nl", Quantity, &["aantal", "hoeveelheid", "stuks", "aantalstuks"], &["aantal", "hoeveelheid"]),
        w("pl", Quantity, &["ilosc", "liczba", "sztuki", "szt", "iloscsztuk"], &["ilosc"]),
        w("cs", Quantity, &["mnozstvi", "pocet", "ks", "pocetks", "kusy"], &["mnozstvi", "pocet"]),
        w("ru", Quantity, &["количество", "колво", "кол", "штук", "шт"], &["количеств", "колво"]),
        w("zh-Hans", Quantity, &["数量", "件数", "购买数量", "销售数量", "商品数量"], &["数量", "件数"]),
        w("zh-Hant", Quantity, &["數量", "件數", "購買數量"], &["數量", "件數"]),
        w("ja", Quantity, &["数量", "個数", "注文数", "購入数", "数"], &["数量", "個数", "注文数", "購入数"]),
        // ---- unit price
        w("en", UnitPrice, &["unitprice", "price", "priceeach", "saleprice", "sellingprice", "itemprice", "lineitemprice", "priceperunit",
            "unitamount"], &["price"]),
        w("de", UnitPrice, &["einzelpreis", "preis", "stuckpreis", "verkaufspreis", "vkpreis", "vk", "nettopreis", "bruttopreis",
            "einheitspreis", "preisprostuck", "epreis"], &["preis"]),
        w("fr", UnitPrice, &["prixunitaire", "prixunitaireht", "prixunitairettc", "prix", "pu", "puht", "puttc", "prixdevente", "prixht",
            "prixttc"], &["prix"]),
        w("es", UnitPrice, &["precio", "preciounitario", "preciodeventa", "preciounit"], &["precio"]),
        w("pt", UnitPrice, &["preco", "precounitario", "valorunitario", "precodevenda", "vlunitario", "vlrunitario", "precounit"],
            &["preco", "valorunit"]),
        w("it", UnitPrice, &["prezzo", "prezzounitario", "prezzodivendita", "prezzounit"], &["prezzo"]),
        w("nl", UnitPrice, &["prijs", "stukprijs", "stuksprijs", "eenheidsprijs", "verkoopprijs", "prijsperstuk"], &["prijs"]),
        w("pl", UnitPrice, &["cena", "cenajednostkowa", "cenanetto", "cenabrutto", "cenasprzedazy", "cenajedn"], &["cena"]),
        w("cs", UnitPrice, &["cena", "jednotkovacena", "cenazaks", "cenazamj", "prodejnicena", "cenasdph", "cenabezdph"], &["cena"]),
        w("ru", UnitPrice, &["цена", "ценазаединицу", "ценапродажи", "ценазашт"], &["цена", "цены"]),
        w("zh-Hans", UnitPrice, &["单价", "价格", "售价", "销售单价", "成交价", "商品单价"], &["单价", "价格", "售价"]),
        w("zh-Hant", UnitPrice, &["單價", "價格", "售價", "銷售單價"], &["單價", "價格", "售價"]),
        w("ja", UnitPrice, &["単価", "価格", "販売価格", "売価", "税込単価", "税抜単価", "販売単価"], &["単価", "価格", "売価"]),
        // ---- amount (a line's value; see the module doc about order totals)
        w("en", Amount, &["amount", "total", "linetotal", "lineamount", "sales", "revenue", "value", "subtotal", "totalprice", "totalamount",
            "netamount", "net", "sale", "grossamount", "grosssales", "netsales", "extendedprice", "extprice", "linevalue", "salesamount",
            "totalsales"], &["amount", "total", "revenue", "sales"]),
        w("de", Amount, &["betrag", "gesamtbetrag", "gesamtpreis", "umsatz", "summe", "positionsbetrag", "nettobetrag", "bruttobetrag",
            "wert", "warenwert", "gesamt", "endbetrag", "zeilenbetrag", "rechnungsbetrag"], &["betrag", "umsatz", "summe", "gesamtpreis"]),
        w("fr", Amount, &["montant", "montantttc", "montantht", "total", "totalttc", "totalht", "prixtotal", "chiffredaffaires",
            "valeur", "montantligne"], &["montant", "total"]),
        w("es", Amount, &["importe", "total", "importetotal", "subtotal", "valor", "ventas", "monto", "montototal", "totallinea"],
            &["importe", "monto", "total"]),
        w("pt", Amount, &["valor", "valortotal", "total", "subtotal", "valordavenda", "vltotal", "vlrtotal", "montante", "faturamento",
            "receita"], &["valortotal", "vltotal", "vlrtotal", "total"]),
        w("it", Amount, &["importo", "totale", "importototale", "valore", "fatturato", "imponibile", "totaleriga"], &["importo", "totale"]),
        w("nl", Amount, &["bedrag", "totaal", "totaalbedrag", "omzet", "waarde", "regelbedrag", "subtotaal"], &["bedrag", "totaal", "omzet"]),
        w("pl", Amount, &["wartosc", "kwota", "wartoscnetto", "wartoscbrutto", "suma", "razem", "obrot", "przychod"], &["wartosc", "kwota"]),
        w("cs", Amount, &["castka", "celkem", "trzba", "cenacelkem", "hodnota", "obrat", "suma"], &["castka", "celkem", "trzba"]),
        w("ru", Amount, &["сумма", "выручка", "стоимость", "итого", "суммапродажи", "всего"], &["сумм", "выручк", "итог"]),
        w("zh-Hans", Amount, &["金额", "总额", "销售额", "总价", "小计", "实付金额", "合计", "总金额", "营业额"],
            &["金额", "总额", "总价", "小计", "合计", "销售额"]),
        w("zh-Hant", Amount, &["金額", "總額", "銷售額", "總價", "小計", "合計", "總金額"], &["金額", "總額", "總價", "小計", "合計"]),
        w("ja", Amount, &["金額", "合計", "小計", "売上", "売上金額", "合計金額", "税込金額", "販売金額", "売上高"], &["金額", "合計", "小計", "売上"]),
        // ---- cost (a margin or profit column is not a cost: margin = amount − cost would be wrong)
        w("en", Cost, &["cost", "unitcost", "cogs", "costprice", "purchaseprice", "costofgoods", "buyprice", "costperitem"], &["cost", "cogs"]),
        w("de", Cost, &["kosten", "einkaufspreis", "ekpreis", "ek", "selbstkosten", "wareneinsatz", "einstandspreis", "herstellkosten"],
            &["einkaufspreis", "selbstkosten", "wareneinsatz", "einstandspreis"]),
        w("fr", Cost, &["cout", "coutunitaire", "prixdachat", "prixdachatht", "pru", "coutdachat", "prixderevient"],
            &["cout", "prixdachat", "prixderevient"]),
        w("es", Cost, &["costo", "coste", "costounitario", "costeunitario", "preciodecompra", "preciocompra"], &["costo", "coste"]),
        w("pt", Cost, &["custo", "custounitario", "precodecusto", "precocusto", "cmv"], &["custo"]),
        w("it", Cost, &["costo", "costounitario", "prezzodiacquisto", "prezzoacquisto"], &["costo", "prezzodiacquisto"]),
        w("nl", Cost, &["kostprijs", "inkoopprijs", "kosten"], &["kostprijs", "inkoopprijs"]),
        w("pl", Cost, &["koszt", "kosztjednostkowy", "cenazakupu", "kosztwlasny"], &["koszt", "cenazakupu"]),
        w("cs", Cost, &["naklady", "nakupnicena", "nakladovacena"], &["naklad", "nakupnicena"]),
        w("ru", Cost, &["себестоимость", "закупочнаяцена", "ценазакупки", "затраты"], &["себестоимост", "закупочн"]),
        w("zh-Hans", Cost, &["成本", "进价", "采购价", "成本价"], &["成本", "进价"]),
        w("zh-Hant", Cost, &["成本", "進價", "採購價", "成本價"], &["成本", "進價"]),
        w("ja", Cost, &["原価", "仕入価格", "仕入単価", "原価単価"], &["原価", "仕入"]),
        // ---- discount
        w("en", Discount, &["discount", "discountamount", "disc", "promo", "markdown", "rebate", "lineitemdiscount"], &["discount", "markdown"]),
        w("de", Discount, &["rabatt", "nachlass", "skonto", "rabattbetrag"], &["rabatt", "nachlass"]),
        w("fr", Discount, &["remise", "reduction", "rabais", "escompte", "montantremise"], &["remise", "reduction", "rabais"]),
        w("es", Discount, &["descuento", "dto", "rebaja", "bonificacion"], &["descuento"]),
        w("pt", Discount, &["desconto", "abatimento"], &["desconto"]),
        w("it", Discount, &["sconto", "abbuono", "scontoimporto"], &["sconto"]),
        w("nl", Discount, &["korting", "kortingsbedrag"], &["korting"]),
        w("pl", Discount, &["rabat", "upust", "znizka", "obnizka"], &["rabat", "upust"]),
        w("cs", Discount, &["sleva", "zlevneni"], &["sleva"]),
        w("ru", Discount, &["скидка", "скидкасумма"], &["скидк"]),
        w("zh-Hans", Discount, &["折扣", "优惠", "优惠金额", "折扣金额"], &["折扣", "优惠"]),
        w("zh-Hant", Discount, &["折扣", "優惠", "優惠金額"], &["折扣", "優惠"]),
        w("ja", Discount, &["割引", "値引", "値引き", "割引額", "値引額"], &["割引", "値引"]),
        // ---- list price
        w("en", ListPrice, &["listprice", "rrp", "msrp", "originalprice", "regularprice", "fullprice", "catalogprice", "compareatprice",
            "retailprice", "srp"], &["listprice", "rrp", "msrp", "originalprice", "regularprice", "compareatprice"]),
        w("de", ListPrice, &["listenpreis", "uvp", "katalogpreis", "ursprunglicherpreis", "normalpreis", "streichpreis"],
            &["listenpreis", "uvp", "katalogpreis", "normalpreis"]),
        w("fr", ListPrice, &["prixcatalogue", "prixpublic", "prixbarre", "prixdebase", "prixconseille", "pvc", "prixinitial"],
            &["prixcatalogue", "prixpublic", "prixbarre"]),
        w("es", ListPrice, &["preciolista", "preciodelista", "pvp", "preciooriginal", "preciodetarifa", "preciorecomendado"],
            &["preciolista", "preciodelista", "preciooriginal"]),
        w("pt", ListPrice, &["precolista", "precodetabela", "precotabela", "precooriginal", "precocheio"],
            &["precodetabela", "precotabela", "precolista"]),
        w("it", ListPrice, &["prezzodilistino", "prezzolistino", "listino", "prezzopieno", "prezzooriginale"], &["listino"]),
        w("nl", ListPrice, &["catalogusprijs", "adviesprijs", "lijstprijs", "normaleprijs", "oorspronkelijkeprijs"],
            &["catalogusprijs", "adviesprijs", "lijstprijs"]),
        w("pl", ListPrice, &["cenakatalogowa", "cenaregularna", "cenabazowa", "cenapierwotna"], &["cenakatalogowa", "cenaregularna"]),
        w("cs", ListPrice, &["katalogovacena", "puvodnicena", "doporucenacena", "beznacena"], &["katalogov", "puvodnicena"]),
        w("ru", ListPrice, &["прайс", "базоваяцена", "прайсоваяцена", "розничнаяцена", "ценапопрайсу"], &["прайс", "базоваяцена"]),
        w("zh-Hans", ListPrice, &["原价", "定价", "市场价", "吊牌价", "标价"], &["原价", "定价", "市场价", "吊牌价"]),
        w("zh-Hant", ListPrice, &["原價", "定價", "市價", "標價"], &["原價", "定價"]),
        w("ja", ListPrice, &["定価", "希望小売価格", "通常価格", "参考価格"], &["定価", "通常価格", "希望小売"]),
    ]
};

/// How a header name matched a role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeaderMatch {
    /// The role.
    pub role: Role,
    /// The vocabulary word that matched (normalized).
    pub word: &'static str,
    /// The languages that have this word for this role, in [`LANGUAGES`] order.
    pub languages: Vec<&'static str>,
    /// The name equals the word (else it contains it).
    pub exact: bool,
}

/// Exact words → role, built once: a header of 80 columns (Shopify's) is then 80 lookups instead of 80
/// scans of the vocabulary. A word listed for two roles goes to the earlier role in [`SINGLE_ROLES`].
fn exact_index() -> &'static hashbrown::HashMap<&'static str, Role, foldhash::fast::FixedState> {
    static INDEX: std::sync::OnceLock<hashbrown::HashMap<&'static str, Role, foldhash::fast::FixedState>> = std::sync::OnceLock::new();
    INDEX.get_or_init(|| {
        let mut m = hashbrown::HashMap::with_hasher(foldhash::fast::FixedState::default());
        // Roles in SINGLE_ROLES order, so a word listed for two roles goes to the earlier one.
        for role in SINGLE_ROLES {
            for v in VOCABULARY.iter().filter(|v| v.role == role) {
                for word in v.exact {
                    m.entry(*word).or_insert(role);
                }
            }
        }
        m
    })
}

fn languages_of(role: Role, word: &str, exact: bool) -> Vec<&'static str> {
    VOCABULARY.iter().filter(|v| v.role == role && (if exact { v.exact } else { v.contains }).contains(&word)).map(|v| v.lang).collect()
}

/// The role an exact header name means, if any.
fn exact_role(norm: &str) -> Option<(Role, &'static str)> {
    exact_index().get_key_value(norm).map(|(w, r)| (*r, *w))
}

/// The longest vocabulary word contained in a normalized name (ties: the earlier role in [`SINGLE_ROLES`]).
fn contained_role(norm: &str) -> Option<(Role, &'static str)> {
    let mut best: Option<(usize, usize, Role, &'static str)> = None;
    for v in VOCABULARY {
        let rank = SINGLE_ROLES.iter().position(|r| *r == v.role).unwrap_or(usize::MAX);
        for word in v.contains {
            if norm.contains(word) {
                let len = word.chars().count();
                let better = match best {
                    None => true,
                    Some((l, k, _, _)) => len > l || (len == l && rank < k),
                };
                if better {
                    best = Some((len, rank, v.role, word));
                }
            }
        }
    }
    best.map(|(_, _, r, w)| (r, w))
}

/// Matches header names to roles: exact names first, then names containing a role word (the longest
/// contained word decides a name's role); each of the [`SINGLE_ROLES`] goes to at most one column, the
/// leftmost. Unmatched columns are `None`.
pub fn match_header(names: &[String]) -> Vec<Option<HeaderMatch>> {
    let norm: Vec<String> = names.iter().map(|n| normalize(n)).collect();
    let mut out: Vec<Option<HeaderMatch>> = vec![None; names.len()];
    let exact: Vec<Option<(Role, &'static str)>> = norm.iter().map(|n| exact_role(n)).collect();
    for role in SINGLE_ROLES {
        if let Some(i) = (0..names.len()).find(|&i| out[i].is_none() && exact[i].is_some_and(|(r, _)| r == role)) {
            let word = exact[i].map(|(_, w)| w).unwrap_or_default();
            out[i] = Some(HeaderMatch { role, word, languages: languages_of(role, word, true), exact: true });
        }
    }
    let contained: Vec<Option<(Role, &'static str)>> =
        norm.iter().enumerate().map(|(i, n)| if out[i].is_none() && !n.is_empty() { contained_role(n) } else { None }).collect();
    for role in SINGLE_ROLES {
        if out.iter().flatten().any(|m| m.role == role) {
            continue;
        }
        if let Some(i) = (0..names.len()).find(|&i| out[i].is_none() && contained[i].is_some_and(|(r, _)| r == role)) {
            let word = contained[i].map(|(_, w)| w).unwrap_or_default();
            out[i] = Some(HeaderMatch { role, word, languages: languages_of(role, word, false), exact: false });
        }
    }
    out
}

/// Lower-cases, folds Latin diacritics (`Zákazník` → `zakaznik`, `Ilość` → `ilosc`) and full-width
/// letters and digits (`顧客ＩＤ` → `顧客id`), and keeps only letters and digits (any script), so
/// `Customer ID`, `customer_id` and `CustomerID` compare equal.
pub fn normalize(name: &str) -> String {
    name.chars().map(fold_width).filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).map(fold).collect()
}

/// Full-width ASCII forms (U+FF01–U+FF5E), common in Japanese and Chinese headers, as ASCII.
fn fold_width(c: char) -> char {
    match c {
        '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
        _ => c,
    }
}

fn fold(c: char) -> char {
    match c {
        'á' | 'à' | 'â' | 'ã' | 'ä' | 'å' | 'ą' => 'a',
        'ç' | 'č' | 'ć' => 'c',
        'ď' => 'd',
        'é' | 'è' | 'ê' | 'ë' | 'ě' | 'ę' => 'e',
        'í' | 'ì' | 'î' | 'ï' => 'i',
        'ñ' | 'ň' | 'ń' => 'n',
        'ó' | 'ò' | 'ô' | 'õ' | 'ö' | 'º' => 'o',
        'ř' => 'r',
        'š' | 'ś' => 's',
        'ť' => 't',
        'ú' | 'ù' | 'û' | 'ü' | 'ů' => 'u',
        'ý' | 'ÿ' => 'y',
        'ž' | 'ź' | 'ż' => 'z',
        'ł' => 'l',
        'ё' => 'е',
        _ => c,
    }
}

/// Assigns roles from header names (see [`match_header`]). Unassigned columns are attributes.
pub fn from_header(names: &[String]) -> Vec<Role> {
    match_header(names).into_iter().map(|m| m.map_or(Role::Attribute, |m| m.role)).collect()
}

/// True when a header cell names a known role exactly.
pub fn is_known_name(name: &str) -> bool {
    exact_role(&normalize(name)).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The roles a user may choose are every role once: the single ones and the order-level ones in
    /// their own order, then attribute and ignore; each is named as serde names it and parses back.
    #[test]
    fn choosable_roles_are_every_role_once() {
        // Adding a role stops this match from compiling until the role is placed in the list.
        let every = |r: Role| match r {
            Role::Customer | Role::Date | Role::Order | Role::ItemCode | Role::ItemName | Role::Quantity | Role::UnitPrice => r,
            Role::Amount | Role::Cost | Role::Discount | Role::ListPrice | Role::Attribute | Role::Ignore => r,
            Role::Status | Role::Cancelled | Role::Refund => r,
        };
        let expected: Vec<Role> =
            SINGLE_ROLES.iter().chain(&ORDER_ROLES).chain(&[Role::Attribute, Role::Ignore]).copied().map(every).collect();
        assert_eq!(CHOOSABLE_ROLES.to_vec(), expected);
        let unique: std::collections::BTreeSet<Role> = CHOOSABLE_ROLES.into_iter().collect();
        assert_eq!(unique.len(), CHOOSABLE_ROLES.len());
        for r in CHOOSABLE_ROLES {
            assert_eq!(serde_json::to_value(r).unwrap(), r.name());
            assert_eq!(Role::from_name(r.name()), Some(r));
        }
    }

    fn roles(names: &[&str]) -> Vec<Role> {
        from_header(&names.iter().map(|s| s.to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn online_retail_header() {
        // The header of the UCI Online Retail file.
        let r = roles(&["InvoiceNo", "StockCode", "Description", "Quantity", "InvoiceDate", "UnitPrice", "CustomerID", "Country"]);
        use Role::*;
        assert_eq!(r, vec![Order, ItemCode, ItemName, Quantity, Date, UnitPrice, Customer, Attribute]);
    }

    #[test]
    fn other_languages_and_spellings() {
        use Role::*;
        assert_eq!(roles(&["Zákazník", "Datum", "Číslo objednávky", "Množství", "Cena"]), vec![Customer, Date, Order, Quantity, UnitPrice]);
        assert_eq!(
            roles(&["cliente", "fecha", "producto", "cantidad", "precio unitario"]),
            vec![Customer, Date, ItemName, Quantity, UnitPrice]
        );
        assert_eq!(roles(&["Клиент", "Дата", "Товар", "Количество", "Цена"]), vec![Customer, Date, ItemName, Quantity, UnitPrice]);
        assert_eq!(roles(&["客戶", "日期", "商品", "數量", "單價"]), vec![Customer, Date, ItemName, Quantity, UnitPrice]);
        assert_eq!(roles(&["customer_id", "Order Date", "Sales Amount", "region"]), vec![Customer, Date, Amount, Attribute]);
    }

    #[test]
    fn normalized_forms() {
        assert_eq!(normalize("顧客ＩＤ"), "顧客id", "full-width letters");
        assert_eq!(normalize("Ilość"), "ilosc");
        assert_eq!(normalize("N° de commande"), "ndecommande");
        assert_eq!(normalize("Nº pedido"), "nopedido");
        assert_eq!(normalize("Prix unitaire HT"), "prixunitaireht");
    }

    #[test]
    fn the_matched_word_and_its_languages() {
        let m = match_header(&["Datum".to_string(), "Wartość brutto".to_string(), "Gesamtbetrag".to_string()]);
        let m0 = m[0].as_ref().unwrap();
        assert_eq!((m0.role, m0.word, m0.exact), (Role::Date, "datum", true));
        assert_eq!(m0.languages, ["de", "nl", "cs"]);
        let m1 = m[1].as_ref().unwrap();
        assert_eq!((m1.role, m1.word, m1.exact), (Role::Amount, "wartoscbrutto", true));
        // A second amount column: not taken (each role once).
        assert!(m[2].is_none());
    }

    #[test]
    fn each_role_once() {
        use Role::*;
        assert_eq!(roles(&["date", "ship date", "price", "list price"]), vec![Date, Attribute, UnitPrice, ListPrice]);
        assert_eq!(roles(&["price", "unit price", "rrp"]), vec![UnitPrice, Attribute, ListPrice]);
        // A margin is not a cost: it stays an attribute.
        assert_eq!(roles(&["unit cost", "margin", "gross margin"]), vec![Cost, Attribute, Attribute]);
    }
}
