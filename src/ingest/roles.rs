//! Column roles: what each column means, recognised from header names in the languages our users write
//! in (English, Portuguese, Spanish, Czech, Russian, Chinese) and, without a header, from the values.

use serde::{Deserialize, Serialize};

/// The meaning of a column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
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
        SINGLE_ROLES.iter().chain(&ORDER_ROLES).chain(&[Role::Attribute, Role::Ignore]).copied().find(|r| r.name() == s)
    }

    /// True for roles whose values are numbers.
    pub fn is_numeric(self) -> bool {
        matches!(self, Role::Quantity | Role::UnitPrice | Role::Amount | Role::Cost | Role::Discount | Role::ListPrice | Role::Refund)
    }

    /// Header names meaning this role exactly, after [`normalize`].
    fn exact(self) -> &'static [&'static str] {
        match self {
            Role::Customer => &[
                "customerid", "customer", "customerno", "customernumber", "customercode", "custid", "clientid", "client",
                "cliente", "idcliente", "codcliente", "clienteid", "codigocliente", "zakaznik", "idzakaznika",
                "cislozakaznika", "клиент", "idклиента", "покупатель", "кодклиента", "客戶", "客户", "客戶編號",
                "客户id", "顧客", "memberid", "member", "userid", "user", "buyerid", "buyer", "accountid", "account",
                "shopperid", "householdkey", "householdid", "cardid", "loyaltyid", "email",
            ],
            Role::Date => &[
                "invoicedate", "date", "orderdate", "datetime", "timestamp", "transactiondate", "purchasedate",
                "saledate", "salesdate", "time", "createdat", "data", "fecha", "fechacompra", "datacompra",
                "datapedido", "fechapedido", "datum", "datumnakupu", "datumobjednavky", "дата", "датапокупки",
                "датазаказа", "日期", "交易日期", "訂單日期", "时间", "日期時間",
            ],
            Role::Order => &[
                "invoiceno", "invoice", "invoiceid", "invoicenumber", "orderid", "order", "orderno", "ordernumber",
                "transactionid", "transaction", "receipt", "receiptid", "receiptno", "basket", "basketid", "ticket",
                "ticketid", "billno", "pedido", "numpedido", "idpedido", "factura", "numfactura", "fatura", "notafiscal",
                "objednavka", "cisloobjednavky", "faktura", "doklad", "заказ", "номерзаказа", "чек", "номерчека",
                "訂單", "订单", "訂單編號", "订单号", "發票",
            ],
            Role::ItemCode => &[
                "stockcode", "sku", "productid", "productcode", "itemid", "itemcode", "itemno", "articleid",
                "articleno", "article", "ean", "upc", "barcode", "partno", "partnumber", "codproduto", "codigoproduto",
                "codigoproducto", "codproducto", "kodzbozi", "kod", "артикул", "кодтовара", "商品編號", "商品编号",
                "料號",
            ],
            Role::ItemName => &[
                "description", "product", "productname", "itemname", "item", "itemdescription", "name", "title",
                "produto", "producto", "descricao", "descripcion", "nombreproducto", "nomeproduto", "zbozi", "nazev",
                "nazevzbozi", "produkt", "popis", "товар", "наименование", "название", "商品", "品名", "商品名稱",
                "产品",
            ],
            Role::Quantity => &[
                "quantity", "qty", "units", "unitssold", "amountunits", "pieces", "count", "quantidade", "qtd",
                "cantidad", "cant", "mnozstvi", "pocet", "ks", "количество", "колво", "數量", "数量",
            ],
            Role::UnitPrice => &[
                "unitprice", "price", "priceeach", "unitcost_price", "saleprice", "sellingprice", "preco",
                "precounitario", "valorunitario", "precio", "preciounitario", "cena", "jednotkovacena", "cenazaks",
                "цена", "ценазаединицу", "單價", "单价", "價格", "价格",
            ],
            Role::Amount => &[
                "amount", "total", "linetotal", "lineamount", "sales", "revenue", "value", "subtotal", "totalprice",
                "totalamount", "netamount", "net", "sale", "valor", "valortotal", "importe", "total_venta",
                "castka", "celkem", "trzba", "сумма", "выручка", "金額", "金额", "總額", "销售额",
            ],
            Role::Cost => &[
                // Cost only: a margin or profit column is not a cost (margin = amount − cost would be wrong),
                // so such columns stay attributes.
                "cost", "unitcost", "cogs", "costprice", "custo", "costo", "naklady", "себестоимость", "成本",
            ],
            Role::Discount => &[
                "discount", "discountamount", "disc", "promo", "markdown", "desconto", "descuento", "sleva",
                "скидка", "折扣", "優惠",
            ],
            Role::ListPrice => &[
                "listprice", "rrp", "msrp", "originalprice", "regularprice", "fullprice", "catalogprice", "precolista",
                "precodetabela", "preciolista", "preciodelista", "katalogovacena", "puvodnicena", "прайс",
                "базоваяцена", "原價", "原价", "定價", "定价",
            ],
            Role::Attribute | Role::Ignore | Role::Status | Role::Cancelled | Role::Refund => &[],
        }
    }

    /// Words that, contained in a header name, suggest this role.
    fn contains(self) -> &'static [&'static str] {
        match self {
            Role::Customer => &["customer", "client", "cliente", "zakaznik", "клиент", "покупател", "客"],
            Role::Date => &["date", "fecha", "datum", "data", "дата", "日期"],
            Role::Order => &["invoice", "order", "receipt", "transaction", "pedido", "factura", "objednav", "заказ", "訂單", "订单"],
            Role::ItemCode => &["sku", "stockcode", "productid", "itemid", "code", "artikul", "артикул"],
            Role::ItemName => &["description", "product", "produto", "producto", "товар", "商品"],
            Role::Quantity => &["quantity", "qty", "quantidade", "cantidad", "mnozstvi", "количеств", "數量"],
            Role::UnitPrice => &["price", "preco", "precio", "cena", "цена", "價", "价"],
            Role::Amount => &["amount", "total", "revenue", "sales", "importe", "сумм"],
            Role::Cost => &["cost", "custo", "costo"],
            Role::Discount => &["discount", "desconto", "descuento", "sleva", "скидк"],
            Role::ListPrice => &["listprice", "rrp", "msrp", "originalprice", "regularprice"],
            Role::Attribute | Role::Ignore | Role::Status | Role::Cancelled | Role::Refund => &[],
        }
    }
}

/// Lower-cases, folds Latin diacritics (`Zákazník` → `zakaznik`) and keeps only letters and digits (any
/// script), so `Customer ID`, `customer_id` and `CustomerID` compare equal.
pub fn normalize(name: &str) -> String {
    name.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).map(fold).collect()
}

fn fold(c: char) -> char {
    match c {
        'á' | 'à' | 'â' | 'ã' | 'ä' | 'å' => 'a',
        'ç' | 'č' | 'ć' => 'c',
        'ď' => 'd',
        'é' | 'è' | 'ê' | 'ë' | 'ě' => 'e',
        'í' | 'ì' | 'î' | 'ï' => 'i',
        'ñ' | 'ň' => 'n',
        'ó' | 'ò' | 'ô' | 'õ' | 'ö' => 'o',
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

/// Assigns roles from header names: exact names first, then names containing a role word; each of the
/// [`SINGLE_ROLES`] goes to at most one column. Unassigned columns are attributes.
pub fn from_header(names: &[String]) -> Vec<Role> {
    let norm: Vec<String> = names.iter().map(|n| normalize(n)).collect();
    let mut roles = vec![Role::Attribute; names.len()];
    for pass in 0..2 {
        for role in SINGLE_ROLES {
            if roles.contains(&role) {
                continue;
            }
            let hit = norm.iter().enumerate().find(|(i, n)| {
                roles[*i] == Role::Attribute
                    && if pass == 0 {
                        role.exact().contains(&n.as_str())
                    } else {
                        !n.is_empty() && role.contains().iter().any(|w| n.contains(w))
                    }
            });
            if let Some((i, _)) = hit {
                roles[i] = role;
            }
        }
    }
    roles
}

/// True when a header cell names a known role exactly.
pub fn is_known_name(name: &str) -> bool {
    let n = normalize(name);
    SINGLE_ROLES.iter().any(|r| r.exact().contains(&n.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(roles(&["cliente", "fecha", "producto", "cantidad", "precio unitario"]), vec![Customer, Date, ItemName, Quantity, UnitPrice]);
        assert_eq!(roles(&["Клиент", "Дата", "Товар", "Количество", "Цена"]), vec![Customer, Date, ItemName, Quantity, UnitPrice]);
        assert_eq!(roles(&["客戶", "日期", "商品", "數量", "單價"]), vec![Customer, Date, ItemName, Quantity, UnitPrice]);
        assert_eq!(roles(&["customer_id", "Order Date", "Sales Amount", "region"]), vec![Customer, Date, Amount, Attribute]);
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
