//! The money columns: which column is the unit price and which the line amount (quantity × price = amount
//! row by row), and an order-level total repeated on an order's lines.

use super::*;

/// Share (percent) of rows where quantity × price = amount, among rows where the three read; `None`
/// with fewer than five such rows.
pub(super) fn product_share(t: &Table<'_>, fmt: NumberFormat, q: Option<usize>, p: usize, a: usize) -> Option<usize> {
    let (mut n, mut ok) = (0usize, 0usize);
    for r in 0..t.rows.len() {
        let qv = match q {
            Some(q) => match number::parse(t.cell(r, q).as_bytes(), fmt) {
                Some(x) => x,
                None => continue,
            },
            None => 1.0,
        };
        let (Some(pv), Some(av)) = (number::parse(t.cell(r, p).as_bytes(), fmt), number::parse(t.cell(r, a).as_bytes(), fmt)) else {
            continue;
        };
        n += 1;
        // Amounts are rounded to cents: allow one cent and a relative rounding error.
        if (qv * pv - av).abs() <= 0.011 + av.abs() * 1e-6 {
            ok += 1;
        }
    }
    (n >= 5).then(|| pct(ok, n))
}

/// Same item at different quantities: (pairs with the same value, pairs whose value per unit is the same).
pub(super) fn item_evidence(t: &Table<'_>, fmt: NumberFormat, item: usize, q: usize, m: usize) -> (usize, usize) {
    let mut first: HashMap<&str, (f64, f64)> = HashMap::default();
    let (mut same_value, mut same_per_unit) = (0, 0);
    for r in 0..t.rows.len() {
        let (Some(qv), Some(mv)) = (number::parse(t.cell(r, q).as_bytes(), fmt), number::parse(t.cell(r, m).as_bytes(), fmt)) else {
            continue;
        };
        let key = t.cell(r, item);
        if key.is_empty() || qv == 0.0 {
            continue;
        }
        match first.get(key) {
            None => {
                first.insert(key, (qv, mv));
            }
            Some(&(q0, m0)) if q0 != qv => {
                let tol = 0.011 + m0.abs().max(mv.abs()) * 1e-6;
                if (m0 - mv).abs() <= tol {
                    same_value += 1;
                } else if (m0 / q0 - mv / qv).abs() <= tol {
                    same_per_unit += 1;
                }
            }
            Some(_) => {}
        }
    }
    (same_value, same_per_unit)
}

pub(super) fn find_money(t: &Table<'_>, profiles: &[Profile], fmt: NumberFormat, d: &mut Decisions<'_>) {
    // At most 12 candidates: the pairs checked below stay few however wide the table.
    let money: Vec<usize> = (0..d.roles.len()).filter(|&c| d.free(c) && profiles[c].money_like()).take(12).collect();
    if money.is_empty() {
        return;
    }
    let q = d.col(Role::Quantity);
    let check = |p: usize, a: usize, d: &mut Decisions<'_>, set: Role, c: usize, other: usize| {
        let Some(share) = product_share(t, fmt, q, p, a).filter(|s| *s >= 90) else { return false };
        let text = format!("quantity × unit price = amount on {share}% of sampled rows (with column {})", other + 1);
        d.set(c, set, RoleReason::new("content_price_times_quantity", &[("share", json!(share)), ("with", json!(other + 1))], text));
        true
    };
    match (d.col(Role::UnitPrice), d.col(Role::Amount)) {
        (Some(p), None) => {
            for &a in &money {
                if check(p, a, d, Role::Amount, a, p) {
                    return;
                }
            }
        }
        (None, Some(a)) => {
            for &p in &money {
                if check(p, a, d, Role::UnitPrice, p, a) {
                    return;
                }
            }
        }
        (Some(_), Some(_)) => {}
        (None, None) => {
            for &p in &money {
                for &a in &money {
                    if p != a && product_share(t, fmt, q, p, a).is_some_and(|s| s >= 90) {
                        check(p, a, d, Role::UnitPrice, p, a);
                        check(p, a, d, Role::Amount, a, p);
                        return;
                    }
                }
            }
            let m = money[0];
            let item = d.col(Role::ItemCode).or(d.col(Role::ItemName));
            if let (Some(q), Some(item)) = (q, item) {
                let (same_value, same_per_unit) = item_evidence(t, fmt, item, q, m);
                let params = [("pairs", json!(same_value.max(same_per_unit))), ("against", json!(same_value.min(same_per_unit)))];
                if same_value > same_per_unit {
                    let text = format!(
                        "money-shaped numbers; the same item keeps its value at another quantity ({same_value} pairs, {same_per_unit} against): the unit price"
                    );
                    d.set(m, Role::UnitPrice, RoleReason::new("content_price_by_item", &params, text));
                    return;
                }
                if same_per_unit > same_value {
                    let text = format!(
                        "money-shaped numbers; the same item's value grows with the quantity ({same_per_unit} pairs, {same_value} against): the line amount"
                    );
                    d.set(m, Role::Amount, RoleReason::new("content_amount_by_item", &params, text));
                    return;
                }
            }
            let n = profiles[m].n;
            let text = format!("{} money-shaped numbers (with decimals); no unit price pattern: read as the line amount", thousands(n));
            d.set(m, Role::Amount, RoleReason::new("content_money_amount", &[("values", json!(n))], text));
        }
    }
}

/// An amount column that holds the order's total (the same on every line of an order while quantity ×
/// price differs, or filled on the order's first line only) is not a line amount: with a unit price to
/// value the lines, it is dropped. Returns a note when it is.
pub(super) fn order_level_total(t: &Table<'_>, fmt: NumberFormat, d: &mut Decisions<'_>) -> Option<RoleReason> {
    let (a, p, o) = (d.col(Role::Amount)?, d.col(Role::UnitPrice)?, d.col(Role::Order)?);
    if d.sources[a] == RoleSource::User {
        return None;
    }
    let q = d.col(Role::Quantity);
    // Per order: (lines, amount of the first line, amounts on later lines equal to it, blank later amounts,
    // distinct line values seen).
    let mut orders: HashMap<&str, (usize, String, usize, usize, bool)> = HashMap::default();
    let mut firsts: HashMap<&str, f64> = HashMap::default();
    for r in 0..t.rows.len() {
        let key = t.cell(r, o);
        if key.is_empty() {
            continue;
        }
        let amount = t.cell(r, a);
        let value = number::parse(t.cell(r, p).as_bytes(), fmt).unwrap_or(f64::NAN)
            * q.map_or(Some(1.0), |q| number::parse(t.cell(r, q).as_bytes(), fmt)).unwrap_or(f64::NAN);
        match orders.get_mut(key) {
            None => {
                orders.insert(key, (1, amount.to_string(), 0, 0, false));
                firsts.insert(key, value);
            }
            Some(e) => {
                e.0 += 1;
                if amount.is_empty() {
                    e.3 += 1;
                } else if amount == e.1 {
                    e.2 += 1;
                }
                if firsts.get(key).is_some_and(|v| (v - value).abs() > 0.011) {
                    e.4 = true;
                }
            }
        }
    }
    let multi: Vec<_> = orders.values().filter(|e| e.0 >= 2).collect();
    let order_level = multi.iter().filter(|e| e.3 == e.0 - 1 || (e.2 == e.0 - 1 && e.4)).count();
    if multi.len() < 2 || order_level * 10 < multi.len() * 8 {
        return None;
    }
    let name_reason = d.reasons[a].text.clone();
    let text = format!(
        "{order_level} of {} sampled orders with several lines have one value for the whole order: an order total, not a line amount (lines are valued by quantity × unit price)",
        multi.len()
    );
    d.roles[a] = Role::Attribute;
    d.sources[a] = RoleSource::Content;
    d.reasons[a] = RoleReason::new("content_order_level_total", &[("orders", json!(order_level))], text.clone());
    Some(RoleReason::new(
        "order_level_total",
        &[("column", json!(a + 1)), ("orders", json!(order_level)), ("multi", json!(multi.len()))],
        format!("column {} ({name_reason}) is an order total: {text}", a + 1),
    ))
}
