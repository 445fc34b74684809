// Generated from the core's Rust types by src/ts.rs (ts-rs); do not edit.
// Write it again with: CLIENTELA_WRITE_TYPES=1 cargo test --lib ts::

/**
 * The "valuable but probably gone" list.
 */
export type AtRisk = { 
/**
 * The rule in words.
 */
rule: string, 
/**
 * Past value from which a customer is valuable (the value of the last customer in the top share).
 */
value_threshold: number, 
/**
 * P(alive) below which they are probably gone.
 */
p_alive_threshold: number, 
/**
 * Valuable customers (the top share).
 */
valuable: number, 
/**
 * The list, highest past value first (indices into nothing: full rows).
 */
customers: Array<CustomerValue>, };

/**
 * One attribute's rows.
 */
export type AttributeProfile = { 
/**
 * Column name.
 */
name: string, 
/**
 * `sales` (a column of the sales file) or `customers` (of the customers file).
 */
source: string, 
/**
 * How its values were grouped.
 */
kind: Kind, 
/**
 * The rows; their `customers` sum to all customers, their `customers_best` to the group.
 */
values: Array<ValueRow>, };

/**
 * The `band_migration` section of the report.
 */
export type BandMigration = { 
/**
 * First day of the "after" part, `YYYY-MM-DD` (`None` when the table has no dates).
 */
split_date: string | null, 
/**
 * Periods in the "before" part (at least 1).
 */
periods_before: number, 
/**
 * Periods in the "after" part (at least 1).
 */
periods_after: number, 
/**
 * Row and column labels: the bands, lowest first, then `none`.
 */
labels: Array<string>, 
/**
 * `matrix[before][after]`: customers by band before (row) and band after (column).
 */
matrix: Array<Array<number>>, 
/**
 * Sum of the matrix: the number of customers.
 */
customers: number, 
/**
 * Customers in the same band on both sides.
 */
stayed: number, 
/**
 * Customers in a higher band after.
 */
moved_up: number, 
/**
 * Customers in a lower band after.
 */
moved_down: number, 
/**
 * Customers who bought only after the split.
 */
started: number, 
/**
 * Customers who bought only before the split.
 */
stopped: number, };

/**
 * What "spend per period" is measured over.
 */
export type BandPeriod = "week" | "month" | "period";

/**
 * One spend band.
 */
export type BandRow = { 
/**
 * Label, e.g. `10–25` or `10k+`.
 */
band: string, 
/**
 * Lower edge (inclusive).
 */
lower: number, 
/**
 * Upper edge (exclusive); `None` for the last band.
 */
upper: number | null, 
/**
 * Customers in the band.
 */
customers: number, 
/**
 * Share of all customers.
 */
customer_share: number, 
/**
 * Their revenue over the whole window (turnover).
 */
revenue: number, 
/**
 * Share of the revenue.
 */
revenue_share: number, };

/**
 * Which period a change is against.
 */
export type Basis = "previous" | "year_ago";

/**
 * The fitted purchase model. `r`, `alpha`, `a`, `b`, `log_likelihood` are contracts.
 */
export type BgNbdSection = { 
/**
 * Shape of the purchase-rate distribution.
 */
r: number, 
/**
 * Scale of the purchase-rate distribution (time units).
 */
alpha: number, 
/**
 * Drop-out Beta shape a.
 */
a: number, 
/**
 * Drop-out Beta shape b.
 */
b: number, 
/**
 * Total log-likelihood.
 */
log_likelihood: number, 
/**
 * Customers fitted.
 */
customers: number, 
/**
 * The parameters with their meaning.
 */
parameters: Array<Meaning>, 
/**
 * The search.
 */
diagnostics: Diagnostics, };

/**
 * One bin of the P(alive) histogram.
 */
export type Bin = { 
/**
 * Lower edge.
 */
from: number, 
/**
 * Upper edge (the last bin includes 1).
 */
to: number, 
/**
 * Customers.
 */
customers: number, };

/**
 * One bin of the calibration table.
 */
export type CalibrationRow = { 
/**
 * Lower edge of the predicted probability.
 */
from: number, 
/**
 * Upper edge (exclusive, except 1.0 in the last bin).
 */
to: number, 
/**
 * Customers predicted in the bin.
 */
customers: number, 
/**
 * Their mean prediction.
 */
mean_probability: number, 
/**
 * The share of them with the label.
 */
observed_rate: number, };

/**
 * One cell of the grid.
 */
export type Cell = { 
/**
 * `loyal`, `growth`, `convenience` or `low`.
 */
key: string, 
/**
 * Customers in it.
 */
customers: number, 
/**
 * Their spend with you.
 */
spend: number, 
/**
 * Their surveyed spend.
 */
category_spend: number, };

/**
 * A change against a base.
 */
export type Change = { 
/**
 * `current − base`.
 */
absolute: number, 
/**
 * `(current − base) / base` (`null` when the base is 0).
 */
relative: number | null, };

/**
 * Options of [`choose_k`] and [`cluster`].
 */
export type ChooseKParams = { 
/**
 * Smallest k tried (default 2).
 */
k_min: number, 
/**
 * Largest k tried (default 10).
 */
k_max: number, 
/**
 * Starts per k (default 5).
 */
restarts: number, 
/**
 * Iteration bound per start (default 300).
 */
max_iter: number, 
/**
 * See [`KMeansParams::tolerance`] (default 1e-4).
 */
tolerance: number, 
/**
 * See [`KMeansParams::hartigan_passes`] (default 20).
 */
hartigan_passes: number, 
/**
 * Seed (default 0).
 */
seed: number, };

/**
 * How the period was chosen.
 */
export type Chosen = "latest" | "given";

/**
 * Customers ranked by what their leaving would cost.
 */
export type ChurnRisk = { 
/**
 * The rule in words.
 */
rule: string, 
/**
 * `value_at_risk`, or `purchases_at_risk` without a spend model.
 */
ranked_by: string, 
/**
 * Customers with something at risk.
 */
customers_at_risk: number, 
/**
 * Sum over all customers of what is at risk.
 */
total_at_risk: number, 
/**
 * The list, largest risk first (at most [`super::RISK_LIST`]).
 */
customers: Array<CustomerValue>, 
/**
 * Why the list is empty or uninformative, in words (`null` otherwise).
 */
note: string | null, };

/**
 * Where the three profitable classes are cut.
 */
export type ClassParams = { 
/**
 * Share of revenue made by the top class (default 0.10).
 */
top_share: number, 
/**
 * Share of revenue made by the next class (default 0.50, the upper end of "the next 40–50 %").
 */
next_share: number, };

/**
 * Where a centre stands on one feature.
 */
export type ClusterLevel = "high" | "average" | "low";

/**
 * Clustering options of the segmentation (`{}` = on, k over 2..=10, 3 starts per k, seed 0); ranges:
 * `2 <= k_min <= k_max <= `[`MAX_K`], `1 <= restarts <= `[`MAX_RESTARTS`] (checked in
 * [`crate::segment::params`]). The segmentation limits
 * Hartigan's refinement to [`HARTIGAN_PASSES`] passes: with several starts per k, more passes change the
 * chosen clustering little and cost most of the time.
 */
export type ClusterOptions = { 
/**
 * Run the clustering.
 */
enabled: boolean, 
/**
 * Smallest k tried.
 */
k_min: number, 
/**
 * Largest k tried.
 */
k_max: number, 
/**
 * Starts per k.
 */
restarts: number, 
/**
 * Seed.
 */
seed: number, };

/**
 * One cluster with the revenue it makes.
 */
export type ClusterRevenue = { 
/**
 * Cluster number.
 */
cluster: number, 
/**
 * Revenue of its customers.
 */
revenue: number, 
/**
 * Share of all customers' revenue.
 */
revenue_share: number, };

/**
 * The clustering section.
 */
export type ClusterSection = { 
/**
 * Revenue per cluster, in cluster order.
 */
revenue: Array<ClusterRevenue>, 
/**
 * The options used.
 */
params: ChooseKParams, 
/**
 * How the features were scaled (zero-variance columns, imputed values).
 */
features: Features, 
/**
 * Silhouette and inertia per k.
 */
curve: Array<KPoint>, 
/**
 * The chosen k.
 */
best_k: number, 
/**
 * The chosen k's silhouette.
 */
silhouette: number | null, 
/**
 * The chosen k's inertia (in z-score units).
 */
inertia: number, 
/**
 * The clusters.
 */
clusters: Array<ClusterSummary>, };

/**
 * One cluster of a [`Clustering`].
 */
export type ClusterSummary = { 
/**
 * Cluster number (the label).
 */
cluster: number, 
/**
 * Customers in it.
 */
size: number, 
/**
 * Share of all customers.
 */
share: number, 
/**
 * Centre in z-scores.
 */
centre_z: Array<number>, 
/**
 * Centre in the features' own units (log and z-score undone).
 */
centre: Array<number>, 
/**
 * In words.
 */
description: Description, };

/**
 * Options (all optional from the page; `{}` means the defaults).
 */
export type ClvOptions = { 
/**
 * Last day of the calibration period `YYYY-MM-DD` (inclusive: purchases on that day and before it
 * calibrate the models, as lifetimes' `calibration_period_end`). Default: the last date in the file (no
 * holdout).
 */
calibration_end: string | null, 
/**
 * Last day of the holdout period `YYYY-MM-DD` (inclusive). Default: the last date in the file.
 */
holdout_end: string | null, 
/**
 * `day` or `week` (default `week`).
 */
time_unit: TimeUnit | null, 
/**
 * Horizon of the predictions and of the CLV, in time units (default one year: 52 weeks or 365 days).
 */
horizon: number | null, 
/**
 * Annual discount rate of the CLV (default 0.10).
 */
discount_rate: number | null, 
/**
 * Margin: the share of spend that is profit (default 1, i.e. the CLV is in revenue, not profit).
 */
margin: number | null, 
/**
 * Share of customers with the highest past value that count as valuable (default 0.2).
 */
at_risk_value_share: number | null, 
/**
 * P(alive) below which a valuable customer is listed as probably gone (default 0.3).
 */
at_risk_p_alive: number | null, 
/**
 * List only the best `top` customers by CLV in `customers` (default: all).
 */
top: number | null, 
/**
 * Purchase model for the values: `bgnbd`, `pareto_nbd`, `mbg_nbd` or `auto` (default: chosen on the
 * holdout when there is one, otherwise by BIC).
 */
model: string | null, };

/**
 * The lifetime-value report (the page's and `clientela clv --json`). Keys are contracts: add, don't rename.
 */
export type ClvReport = { 
/**
 * The options that produced the report.
 */
options: ClvOptions, 
/**
 * `day` or `week`.
 */
time_unit: TimeUnit, 
/**
 * First purchase of the calibration customers.
 */
calibration_start: string, 
/**
 * Last day of the calibration period (inclusive: purchases on this day and before calibrate).
 */
calibration_end: string, 
/**
 * Last day of the holdout (inclusive), `null` without a holdout.
 */
holdout_end: string | null, 
/**
 * Horizon of the predictions (units).
 */
horizon: number, 
/**
 * Annual discount rate.
 */
discount_rate: number, 
/**
 * Margin applied to spend (1 = revenue).
 */
margin: number, 
/**
 * How the CLV is computed, for people.
 */
clv_rule: string, 
/**
 * Customers with a purchase before the calibration end.
 */
calibration_customers: number, 
/**
 * Of these, customers with at least one repeat purchase.
 */
repeat_buyers: number, 
/**
 * Customers whose first purchase falls in the holdout (not scored).
 */
first_purchase_in_holdout: number, 
/**
 * Used rows without a customer id, left out.
 */
excluded_no_customer: number, 
/**
 * The purchase model.
 */
bgnbd: BgNbdSection, 
/**
 * Pareto/NBD on the calibration period (`null` when it cannot be fitted; see `warnings`).
 */
pareto_nbd: ParetoNbdSection | null, 
/**
 * MBG/NBD on the calibration period (`null` when it cannot be fitted; see `warnings`).
 */
mbg_nbd: MbgNbdSection | null, 
/**
 * The purchase model used for the values: `bgnbd`, `pareto_nbd` or `mbg_nbd`.
 */
model: string, 
/**
 * Its name for people.
 */
model_label: string, 
/**
 * Why that model, in words.
 */
model_reason: string, 
/**
 * Every fitted model's likelihood, BIC and holdout error.
 */
model_comparison: Array<ModelComparison>, 
/**
 * What the values are scored with and as of when.
 */
scoring: Scoring, 
/**
 * The spend model on the calibration period (`null` when it cannot be fitted; see `warnings`); the
 * values use its refit as of `scoring.as_of` (`scoring.spend`).
 */
gamma_gamma: GammaGammaSection | null, 
/**
 * Totals.
 */
totals: Totals, 
/**
 * What `rank` orders by: `clv`, or `expected_purchases` without a spend model.
 */
rank_by: string, 
/**
 * Customers, best first (all, or the best `options.top`).
 */
customers: Array<CustomerValue>, 
/**
 * Customers listed in `customers` / all scored.
 */
customers_total: number, 
/**
 * P(alive) distribution.
 */
p_alive_histogram: Array<Bin>, 
/**
 * How to read P(alive), for people.
 */
p_alive_note: string, 
/**
 * Valuable customers who are probably gone.
 */
at_risk: AtRisk, 
/**
 * Customers ranked by value at risk, with the reason in words.
 */
churn_risk: ChurnRisk, 
/**
 * When customers buy next, how far apart purchases are, who is overdue.
 */
timing: Timing, 
/**
 * Expected repeat purchases of a new customer over time.
 */
new_customer_curve: Array<CurvePoint>, 
/**
 * Predicted vs actual after the calibration end (`null` without a holdout).
 */
holdout: Holdout | null, 
/**
 * Things to know before trusting the numbers.
 */
warnings: Array<Notice>, };

/**
 * One cohort (first-purchase month).
 */
export type CohortRow = { 
/**
 * `YYYY-MM` of the first purchase.
 */
cohort: string, 
/**
 * Customers whose first purchase was in that month.
 */
customers: number, 
/**
 * `counts[k]`: of them, customers with a purchase `k` months later (`counts[0] = customers`).
 */
counts: Array<number>, 
/**
 * `counts[k] / customers`.
 */
shares: Array<number>, };

/**
 * The `cohorts` section of the report.
 */
export type Cohorts = { 
/**
 * Columns after month 0 at most.
 */
months: number, 
/**
 * The last month of the window, `YYYY-MM` (may be partial: the as-of date can fall inside it).
 */
last_month: string | null, 
/**
 * One row per first-purchase month that has customers, oldest first.
 */
rows: Array<CohortRow>, };

/**
 * One column as detected.
 */
export type Column = { 
/**
 * 0-based position.
 */
index: number, 
/**
 * Header name, or `column N` without a header.
 */
name: string, 
/**
 * Role.
 */
role: Role, 
/**
 * How the role was decided.
 */
source: RoleSource, 
/**
 * Why: a stable code with its parameters and the English text (codes listed in [`super::content`]).
 */
reason: Notice, 
/**
 * First few non-empty values from the sample.
 */
examples: Array<string>, };

/**
 * A column choice made by the user: `column` is a header name (case-insensitive) or a 1-based number.
 */
export type ColumnChoice = { 
/**
 * Header name or 1-based column number.
 */
column: string, 
/**
 * Role to give it; `ignore` or `attribute` to take a role away.
 */
role: Role, };

/**
 * How one column was scaled, to undo it and to report it.
 */
export type ColumnScaling = { 
/**
 * The column name.
 */
name: string, 
/**
 * Whether [`signed_log1p`] was applied first.
 */
log: boolean, 
/**
 * Mean of the (logged) finite values.
 */
mean: number, 
/**
 * Population standard deviation of the (logged) finite values; 0 for a constant column.
 */
sd: number, 
/**
 * The column has no variance (or no finite value): all its z-scores are 0.
 */
zero_variance: boolean, 
/**
 * Values that were missing and were replaced by the mean.
 */
imputed: number, };

/**
 * A figure compared.
 */
export type CompareMetric = "customers" | "new_customers" | "returning_customers" | "orders" | "average_order_value" | "repeat_rate" | "revenue" | "returns_value" | "net_revenue";

/**
 * Options of the comparison (all optional; `{}` from the page means the latest complete month).
 */
export type CompareOptions = { 
/**
 * As-of date `YYYY-MM-DD` (default: the day after the last date in the file). Lines dated on or
 * after it are left out.
 */
as_of: string | null, 
/**
 * The length of the periods: `month` (default), `quarter` or `year`.
 */
period: ComparePeriod, 
/**
 * The period to look at, written as its label (`2011-11`, `2011-Q4`, `2011`) or as a date
 * `YYYY-MM-DD` inside it (default: the latest complete period before the as-of date).
 */
at: string | null, };

/**
 * The length of the periods compared.
 */
export type ComparePeriod = "month" | "quarter" | "year";

/**
 * The comparison (the page's and the CLI's `compare --json`). Keys are contracts: add, don't rename.
 */
export type CompareReport = { 
/**
 * The options that produced the report.
 */
options: CompareOptions, 
/**
 * The length of the periods.
 */
period: ComparePeriod, 
/**
 * The as-of date used.
 */
as_of: string, 
/**
 * The file's first date.
 */
window_start: string, 
/**
 * The periods of each length a user may choose, from the window's start to the day before the as-of
 * date, latest first (the page's list of periods).
 */
choices: PeriodChoices, 
/**
 * How the period was chosen.
 */
chosen: Chosen, 
/**
 * The partial period skipped for the default choice (`null` when none was).
 */
skipped_partial: SkippedPeriod | null, 
/**
 * The period looked at.
 */
current: PeriodFigures, 
/**
 * The period before it.
 */
previous: PeriodFigures, 
/**
 * The same period a year earlier (`null` when periods are years: it is `previous`).
 */
year_ago: PeriodFigures | null, 
/**
 * Every metric in the three periods, with the changes, in the order of [`METRICS`].
 */
changes: Array<MetricChange>, 
/**
 * What changed most.
 */
headline: Headline, 
/**
 * The RFM segment migration across the period.
 */
migration: Migration, 
/**
 * Notes on the choices made (see the module doc for the codes).
 */
notices: Array<Notice>, };

/**
 * One rule across the groups.
 */
export type ComparedRule = { 
/**
 * Antecedent.
 */
antecedent: Array<string>, 
/**
 * Consequent.
 */
consequent: Array<string>, 
/**
 * Lift over all baskets.
 */
lift: number, 
/**
 * Lift in each group (same order as `groups`); `null` when the group has no basket with the
 * antecedent or none with the consequent.
 */
group_lift: Array<number | null>, 
/**
 * Confidence in each group; `null` when no basket of the group has the antecedent.
 */
group_confidence: Array<number | null>, 
/**
 * Baskets of each group with every item of the rule.
 */
group_count: Array<number>, };

/**
 * The lift of the same rules in every group of a grouping.
 */
export type Comparison = { 
/**
 * The grouping.
 */
by: string, 
/**
 * The groups, sorted by name.
 */
groups: Array<GroupColumn>, 
/**
 * The rules (the first of `top_rules`).
 */
rules: Array<ComparedRule>, 
/**
 * Baskets without a customer, or of customers in no group, left out of every group.
 */
baskets_without_group: number, };

/**
 * How much of a period the file covers.
 */
export type Coverage = "full" | "partial" | "none";

/**
 * A point of the new-customer curve.
 */
export type CurvePoint = { 
/**
 * Time since the first purchase (units).
 */
t: number, 
/**
 * Expected repeat purchases by then.
 */
expected_purchases: number, 
/**
 * Its 80 % range from the uncertainty of the fitted parameters (`null` without a covariance).
 */
expected_purchases_range: [number, number] | null, };

/**
 * A page of customers.
 */
export type CustomerPage = { 
/**
 * Customers in the group.
 */
total: number, 
/**
 * First row of this page.
 */
offset: number, 
/**
 * The rows.
 */
rows: Array<CustomerRow>, };

/**
 * A page request.
 */
export type CustomerQuery = { 
/**
 * The grouping.
 */
by: GroupBy, 
/**
 * The group (ignored for `all`).
 */
value: string | null, 
/**
 * First row of the page (0-based).
 */
offset: number, 
/**
 * Rows per page (at most [`MAX_LIMIT`]).
 */
limit: number, };

/**
 * One customer as listed.
 */
export type CustomerRow = { 
/**
 * Customer id as in the file.
 */
customer: string, 
/**
 * First purchase.
 */
first_purchase: string, 
/**
 * Last purchase.
 */
last_purchase: string, 
/**
 * Days since the last purchase.
 */
recency_days: number, 
/**
 * Orders.
 */
frequency: number, 
/**
 * Revenue.
 */
monetary: number, 
/**
 * Average order value.
 */
average_order_value: number, 
/**
 * R, F, M scores as `"455"`.
 */
rfm: string, 
/**
 * RFM segment.
 */
segment: string, 
/**
 * Profitable class key (empty for none).
 */
class: string, 
/**
 * Spend band label.
 */
band: string, 
/**
 * Lifecycle stage key.
 */
stage: string, 
/**
 * Cluster, when clustering ran.
 */
cluster: number | null, 
/**
 * Rule label, when rules were applied.
 */
rule: string | null, };

/**
 * One scored customer.
 */
export type CustomerScore = { 
/**
 * Customer id.
 */
customer: string, 
/**
 * Chance of the target within the horizon.
 */
probability: number, 
/**
 * Expected spend within the horizon.
 */
expected_spend: number, 
/**
 * Decile by probability (1 = highest; ties by customer id).
 */
decile: number, 
/**
 * Why, strongest first.
 */
reasons: Array<PredictReason>, };

/**
 * One customer's row (the page's table and the CSV).
 */
export type CustomerValue = { 
/**
 * Customer id.
 */
customer: string, 
/**
 * Repeat purchases in the calibration period.
 */
x: number, 
/**
 * Time of the last purchase after the first (units).
 */
t_x: number, 
/**
 * Time from the first purchase to the calibration end (units).
 */
T: number, 
/**
 * Mean value of the repeat purchases.
 */
monetary: number, 
/**
 * Value of all calibration purchases (the past value).
 */
past_value: number, 
/**
 * Probability of being active at the calibration end.
 */
p_alive: number, 
/**
 * Expected purchases over the horizon.
 */
expected_purchases: number, 
/**
 * Its 80 % range from the uncertainty of the fitted parameters, `[low, high]` (`null` when the fit
 * gives no covariance). Not the spread of what the customer will do: the model's own estimate.
 */
expected_purchases_range: [number, number] | null, 
/**
 * Expected spend per purchase (`null` without a spend model).
 */
expected_spend: number | null, 
/**
 * Discounted lifetime value over the horizon (`null` without a spend model).
 */
clv: number | null, 
/**
 * Its 80 % range (`null` without a spend model or a covariance).
 */
clv_range: [number, number] | null, 
/**
 * 1 = most valuable.
 */
rank: number, 
/**
 * Purchases in the holdout (`null` without a holdout).
 */
holdout_purchases: number | null, 
/**
 * Expected purchases over the holdout length (`null` without a holdout).
 */
holdout_predicted: number | null, 
/**
 * CLV if still active × P(not alive) (`null` without a spend model).
 */
value_at_risk: number | null, 
/**
 * Expected purchases if still active × P(not alive).
 */
purchases_at_risk: number, 
/**
 * Mean time between purchases, `t_x / x` in units (`null` for one purchase).
 */
typical_gap: number | null, 
/**
 * Time since the last purchase, `T − t_x` in units.
 */
silent_for: number, 
/**
 * The above in words.
 */
risk_reason: string, 
/**
 * P(at least one purchase within 30 days of the as-of date) (see [`timing`]).
 */
p_purchase_30: number, 
/**
 * … within 60 days.
 */
p_purchase_60: number, 
/**
 * … within 90 days.
 */
p_purchase_90: number, 
/**
 * If still a customer, the likely date of the next purchase (the median wait; `null` beyond 10 years).
 */
next_purchase: string | null, 
/**
 * Time since the last purchase beyond the customer's own mean gap, in units (`null` unless at least
 * three purchases and past that gap).
 */
overdue_by: number | null, 
/**
 * Place in the whole churn-risk list (1 = most at risk; [`super::lists`]), `null` when nothing is at
 * risk. The report's `churn_risk.customers` are its first [`super::RISK_LIST`].
 */
risk_rank: number | null, 
/**
 * Place in the whole overdue list (1 = largest past value; [`super::lists`]), `null` when not overdue.
 * The report's `timing.overdue` are its first [`super::timing::OVERDUE_LIST`].
 */
overdue_rank: number | null, };

/**
 * How to read the customers file. `{}` detects everything.
 */
export type CustomersOptions = { 
/**
 * Reading choices (encoding, delimiter, header, sheet, columns to ignore…), as for the sales file.
 */
ingest: IngestOptions, 
/**
 * The column holding the customer id (header name or 1-based number); detected by default.
 */
id_column: string | null, };

/**
 * What reading the customers file found, for the join report.
 */
export type CustomersSummary = { 
/**
 * The id column's name.
 */
id_column: string, 
/**
 * The attribute columns, in file order.
 */
columns: Array<string>, 
/**
 * Data rows read (used by the reader).
 */
rows: number, 
/**
 * Rows the reader rejected (a broken line), not joined.
 */
rows_rejected: number, 
/**
 * Rows without a customer id, not joined.
 */
rows_without_id: number, 
/**
 * Distinct customer ids.
 */
ids: number, 
/**
 * Ids on more than one row (their first non-empty value of each attribute is kept).
 */
duplicate_ids: number, 
/**
 * Rows beyond the first of those ids.
 */
duplicate_rows: number, 
/**
 * Decimal separator of the file's numbers (`.` or `,`).
 */
decimal: string, };

/**
 * The whole report.
 */
export type DataReport = { 
/**
 * The file.
 */
source: Source, 
/**
 * Its dialect.
 */
dialect: DialectReport, 
/**
 * `line_items` or `baskets`.
 */
layout: Layout | null, 
/**
 * Columns and roles.
 */
columns: Array<Column>, 
/**
 * Row accounting.
 */
rows: Rows, 
/**
 * Rejections with examples, most frequent first.
 */
rejections: Array<Rejection>, 
/**
 * Used lines by kind.
 */
lines: Lines, 
/**
 * Headline numbers.
 */
summary: Summary, 
/**
 * Table size.
 */
table: Table, 
/**
 * How detection decided (codes listed in the module doc).
 */
notes: Array<Notice>, 
/**
 * Decisions for the user.
 */
questions: Array<Question>, 
/**
 * Things to know that are not rejections (codes listed in the module doc).
 */
warnings: Array<Notice>, 
/**
 * Why nothing in the file can be analysed, when that is so (see [`DataReport::check`]).
 */
problem: Problem | null, 
/**
 * The shop platform whose export this is (`{"id": "shopify_orders", "name": "Shopify orders export"}`).
 */
platform: Platform | null, 
/**
 * Lines whose blank order-level cells were taken from their order's first line.
 */
filled_down: FilledDown, 
/**
 * Refunds, cancellations and failed payments taken out of revenue (files with a status, cancellation
 * or refund column).
 */
refunds: Refunds | null, };

/**
 * The day/month order of the date column, as far as the sample could tell.
 */
export type DateDecision = { "known": DateFormat } | "day_month_undecided" | "none";

/**
 * How the date column is written. `DayMonth` and `MonthDay` cover `d/m/y` and `m/d/y` with `/`, `-` or
 * `.` separators and 2- or 4-digit years; all formats accept an optional time `HH:MM[:SS[.fff]]`, with
 * `AM`/`PM`, after a space or `T`, and an ignored trailing `Z` or UTC offset.
 */
export type DateFormat = "ymd" | "dmy" | "mdy" | "yyyymmdd";

/**
 * One row of the monetary decile table.
 */
export type DecileRow = { 
/**
 * 1 = the best tenth of the customers.
 */
decile: number, 
/**
 * Customers in the decile.
 */
customers: number, 
/**
 * Their revenue.
 */
revenue: number, 
/**
 * Share of the total revenue.
 */
revenue_share: number, 
/**
 * Share of the revenue of this decile and the better ones.
 */
cumulative_share: number, 
/**
 * Their margin, when the file has costs.
 */
margin: number | null, 
/**
 * Share of the total margin, when the file has costs.
 */
margin_share: number | null, };

/**
 * A cluster in plain words.
 */
export type Description = { 
/**
 * Per feature, in column order.
 */
traits: Array<Trait>, 
/**
 * The non-average words joined by ", " (e.g. "recent, frequent, high spend"), or "average" when
 * every feature is average.
 */
summary: string, };

/**
 * What detection found, before any row is read.
 */
export type Detection = { 
/**
 * The first record is a header.
 */
header: boolean, 
/**
 * Line items or baskets.
 */
layout: Layout, 
/**
 * Columns with roles (for baskets: the columns before the items, if any).
 */
columns: Array<Column>, 
/**
 * Number format for numeric columns.
 */
number: NumberFormat, 
/**
 * Date format decision.
 */
date: DateDecision, 
/**
 * Order ids `C` + digits mark cancellations (as in the UCI Online Retail data).
 */
cancel_prefix: boolean, 
/**
 * The file starts with Excel's `sep=X` line, which is not data (nor the header).
 */
sep_line: boolean, 
/**
 * The shop platform whose export this is, when its header is recognised.
 */
platform: Platform | null, };

/**
 * How the search went, for the report.
 */
export type Diagnostics = { 
/**
 * Iterations of the best start (with more than [`SUBSAMPLE`] customers: of the final search on all
 * customers, the starts having run on a subsample).
 */
iterations: number, 
/**
 * The best start met the gradient tolerance.
 */
converged: boolean, 
/**
 * Largest absolute gradient component at the optimum (mean log-likelihood per customer, with respect
 * to the log-parameters).
 */
gradient_norm: number, 
/**
 * Starts tried (on a subsample of [`SUBSAMPLE`] customers when there are more).
 */
starts_tried: number, 
/**
 * Starts that converged.
 */
starts_converged: number, 
/**
 * Mean log-likelihood per customer at each start's end point (the spread shows whether the surface has
 * several optima).
 */
start_log_likelihoods: Array<number>, 
/**
 * Names of parameters that ended at the box bound (→ 0 or ∞).
 */
at_bound: Array<string>, 
/**
 * The tolerance used.
 */
gradient_tolerance: number, };

/**
 * How the file is written.
 */
export type DialectReport = { 
/**
 * Field delimiter (`,` `;` `tab` `|` `space`).
 */
delimiter: string, 
/**
 * Quote character.
 */
quote: string, 
/**
 * `LF`, `CRLF` or `CR`.
 */
line_ending: string, 
/**
 * First line is a header.
 */
header: boolean, 
/**
 * Decimal separator.
 */
decimal: string, 
/**
 * Date format (`ymd`, `dmy`, `mdy`, `yyyymmdd`), or `undecided`.
 */
date_format: string | null, 
/**
 * Order ids `C` + digits are cancellations.
 */
cancel_prefix: boolean, };

/**
 * Which way a reason pushes the chance.
 */
export type Effect = "raises" | "lowers";

/**
 * What one element of a customer's sequence is.
 */
export type ElementKind = "day" | "order";

/**
 * Text encoding of the file.
 */
export type Encoding = "utf-8" | "utf-16le" | "utf-16be" | "windows-1252";

/**
 * Serialisable form of an error: `code` and `message` always, the other fields where they apply.
 */
export type ErrorJson = { 
/**
 * Stable code.
 */
code: string, 
/**
 * Human message (English).
 */
message: string, 
/**
 * The option out of range.
 */
option: string | null, 
/**
 * The value given.
 */
value: string | null, 
/**
 * Line of the input (1-based), where the error has a position.
 */
line: number | null, 
/**
 * Column of the input (1-based), where the error has a position.
 */
column: number | null, 
/**
 * What would work (a range, the expected form), for a caller that words the message itself.
 */
hint: string | null, };

/**
 * One example of a rejected row.
 */
export type Example = { 
/**
 * 1-based line number in the file.
 */
line: number, 
/**
 * The raw line (shortened to 300 characters).
 */
text: string, 
/**
 * Which column and value, when it is about one cell.
 */
detail: string, };

/**
 * What a feature column is.
 */
export type FeatureName = { 
/**
 * One of [`NUMERIC`], or `attribute`.
 */
key: string, 
/**
 * The attribute's column name (attributes only).
 */
attribute: string | null, 
/**
 * The attribute's value this column stands for (attributes only).
 */
value: string | null, };

/**
 * The standardised matrix and how it was made.
 */
export type Features = { 
/**
 * Number of columns.
 */
dims: number, 
/**
 * Number of rows.
 */
rows: number, 
/**
 * Per column scaling.
 */
columns: Array<ColumnScaling>, 
/**
 * Rows that had at least one missing value.
 */
rows_imputed: number, };

/**
 * The contact fields a list can carry, in the order of [`Field::ALL`].
 */
export type Field = "email" | "first_name" | "last_name" | "phone" | "country" | "zip";

/**
 * A field rules may use.
 */
export type FieldInfo = { 
/**
 * Its name in the rules.
 */
name: string, 
/**
 * Its kind.
 */
kind: FieldKind, };

/**
 * What a field holds.
 */
export type FieldKind = "number" | "text";

/**
 * Lines whose blank order-level cells were filled from their order's first line.
 */
export type FilledDown = { 
/**
 * Lines with at least one cell filled.
 */
lines: number, 
/**
 * Column name → cells filled in it.
 */
by_column: { [key in string]: number }, };

/**
 * The back-test's result.
 */
export type ForecastBacktest = { 
/**
 * Origins used.
 */
origins: number, 
/**
 * Steps ahead forecast from each origin (at most).
 */
horizon: number, 
/**
 * Forecast points with a non-zero actual (the MAPEs' denominator).
 */
points: number, 
/**
 * Forecast points whose actual value is zero, left out of the MAPEs.
 */
zero_actuals: number, 
/**
 * MAPE of the model (fraction; `null` without points).
 */
model_mape: number | null, 
/**
 * MAPE of the seasonal-naive forecast (`null` when the history is shorter than a season plus one
 * period, or without points).
 */
seasonal_naive_mape: number | null, 
/**
 * MAPE of the naive forecast (the last value), for reference.
 */
naive_mape: number | null, 
/**
 * The factor the intervals are widened by (1: as the model says; see the module doc).
 */
interval_scale: number, };

/**
 * The model chosen.
 */
export type ForecastModelSummary = { 
/**
 * ETS name: error, trend, season (`ANN`, `AAN`, `AAdN`, `ANA`, `AAA`, `AAdA`).
 */
name: string, 
/**
 * `none`, `additive` or `damped`.
 */
trend: Trend, 
/**
 * A season is modelled.
 */
seasonal: boolean, 
/**
 * Fitted to the logarithm of revenue: season, trend and errors in proportion to the level (a
 * multiplicative model); `value` is then the median forecast and `sigma` is in log units.
 */
log: boolean, 
/**
 * Level smoothing.
 */
alpha: number, 
/**
 * Slope smoothing (`null` without trend).
 */
beta: number | null, 
/**
 * Season smoothing (`null` without season).
 */
gamma: number | null, 
/**
 * Damping (`null` without damping).
 */
phi: number | null, 
/**
 * Standard deviation of the one-step error, in revenue.
 */
sigma: number, 
/**
 * AICc of the chosen member (likelihood of revenue in its own units, so members fitted to revenue and
 * to its logarithm compare).
 */
aicc: number, 
/**
 * Periods fitted.
 */
periods: number, };

/**
 * Options of the forecast (all optional; `{}` from the page means the defaults).
 */
export type ForecastOptions = { 
/**
 * As-of date `YYYY-MM-DD` (default: the day after the last date in the file). Lines dated on or
 * after it are left out.
 */
as_of: string | null, 
/**
 * Months to forecast, 1 to [`MAX_HORIZON_MONTHS`] (default 6). The weekly forecast covers the same
 * span in weeks (`⌈months × 52 / 12⌉`).
 */
horizon_months: number, 
/**
 * Forecast each group of this grouping of the segmentation too (RFM `segment`, `cluster`, `rule`,
 * `stage`, `band`, `class`); `null` or `all`: the total only.
 */
by: GroupBy | null, 
/**
 * Rolling origins of the back-test, 1 to [`MAX_ORIGINS`] (default 12).
 */
backtest_origins: number, };

/**
 * The length of a period.
 */
export type ForecastPeriod = "month" | "week";

/**
 * One forecast period.
 */
export type ForecastPoint = { 
/**
 * `YYYY-MM` or `YYYY-Www`.
 */
period: string, 
/**
 * Point forecast (at least 0).
 */
value: number, 
/**
 * Lower bound of the 80 % interval.
 */
lower: number, 
/**
 * Upper bound of the 80 % interval.
 */
upper: number, 
/**
 * Lower bound of the 95 % interval.
 */
lower_95: number, 
/**
 * Upper bound of the 95 % interval.
 */
upper_95: number, };

/**
 * The forecast report (the page's and the CLI's `--json`). Keys are contracts: add, don't rename.
 */
export type ForecastReport = { 
/**
 * The options that produced the report.
 */
options: ForecastOptions, 
/**
 * The as-of date used.
 */
as_of: string, 
/**
 * First date of the observation window.
 */
window_start: string, 
/**
 * Level of `lower`/`upper` (0.8).
 */
interval_level: number, 
/**
 * Level of `lower_95`/`upper_95` (0.95).
 */
wide_interval_level: number, 
/**
 * The total's weekly forecast (`null` with fewer than [`MIN_PERIODS`] complete weeks).
 */
weekly: SeriesForecast | null, 
/**
 * The grouping of `groups` (`null`: none asked).
 */
by: GroupBy | null, 
/**
 * Each group's monthly forecast, most revenue first (equal revenue by name).
 */
groups: Array<GroupForecast>, 
/**
 * Whether the groups' forecasts add up to the total's: always false, they are fitted separately.
 */
groups_sum_to_total: boolean, 
/**
 * Notes on the choices made (see the module doc for the codes).
 */
notices: Array<Notice>, 
/**
 * `month` or `week`.
 */
period: ForecastPeriod, 
/**
 * Periods per season (12 or 52).
 */
season_length: number, 
/**
 * The model fitted to the complete periods.
 */
model: ForecastModelSummary, 
/**
 * The complete periods fitted, oldest first.
 */
history: Array<PeriodValue>, 
/**
 * The as-of period when it has begun (`null` otherwise); it is the forecast's first period.
 */
partial: PartialPeriod | null, 
/**
 * The forecast, from the first period not completely observed.
 */
forecast: Array<ForecastPoint>, 
/**
 * The rolling-origin back-test (`null` when the history is too short for one).
 */
backtest: ForecastBacktest | null, };

/**
 * What the page's forms start from (see the module doc).
 */
export type FormDefaults = { 
/**
 * The RFM segments by group, groups best first and segments in report order: `[group, [segment]]`
 * pairs, from [`Segment::group`].
 */
segment_groups: Array<[string, Array<Segment>]>, 
/**
 * The lifecycle rules' defaults ([`LifecycleParams::default`]).
 */
lifecycle: LifecycleParams, 
/**
 * The clustering's defaults ([`ClusterOptions::default`]).
 */
clusters: ClusterOptions, 
/**
 * The rule text offered when the table has the credit-card fields ([`CREDIT_CARD_PRESET`]).
 */
credit_card_preset: string, 
/**
 * The Baskets view's options: what its first run sends (`min_support`, `min_confidence`) and what
 * its form shows for options left unset ([`RulesOptions::page_preset`]).
 */
rules: RulesOptions, 
/**
 * The Sequences view's options ([`SequenceOptions::page_preset`]).
 */
sequences: SequenceOptions, 
/**
 * The Predict view's prediction options: the defaults written out ([`PredictOptions::written_out`]).
 */
predict: PredictOptions, 
/**
 * The forecast's options (the Predict view's and the Overview's: [`ForecastOptions::default`]).
 */
forecast: ForecastOptions, 
/**
 * The lifetime value's horizon in weeks and in days (the Value view's form, [`HorizonDefaults`]).
 */
clv_horizon: HorizonDefaults, 
/**
 * The Value view's other options: the defaults written out ([`ClvOptions::written_out`]).
 */
clv: ClvOptions, 
/**
 * The comparison's options: the period length the Overview starts from ([`CompareOptions::default`]).
 */
compare: CompareOptions, 
/**
 * The largest horizons the core accepts, for the Predict view's fields: days of the prediction
 * ([`MAX_HORIZON_DAYS`]) and months of the forecast ([`MAX_HORIZON_MONTHS`]).
 */
max_horizon: MaxHorizon, 
/**
 * The column roles a user may choose, in the order the Data view's column editor lists them
 * ([`CHOOSABLE_ROLES`]).
 */
roles: Array<Role>, };

/**
 * Where a field's values were found.
 */
export type Found = { 
/**
 * The field.
 */
field: Field, 
/**
 * `sales`, `customers`, `prospects`, or `customer_id` (the ids are e-mails).
 */
source: string, 
/**
 * The column's header.
 */
column: string, };

/**
 * What the frequency counts.
 */
export type FrequencyBasis = "orders" | "days";

/**
 * One row of the frequency comparison.
 */
export type FrequencyRow = { 
/**
 * `0` … `6`, `7+`.
 */
frequency: string, 
/**
 * Customers with that calibration frequency.
 */
customers: number, 
/**
 * Mean holdout purchases.
 */
actual_mean: number, 
/**
 * Mean conditional expectation.
 */
predicted_mean: number, };

/**
 * One decile of the gains table.
 */
export type GainsRow = { 
/**
 * 1 = the highest scores.
 */
decile: number, 
/**
 * Customers in it.
 */
customers: number, 
/**
 * Their mean predicted probability.
 */
mean_probability: number, 
/**
 * Of them with the label (bought, or in the top decile).
 */
positives: number, 
/**
 * positives / customers.
 */
rate: number, 
/**
 * rate / the overall rate (`null` when nobody has the label).
 */
lift: number | null, 
/**
 * Share of all positives in this decile and the ones above (`null` when nobody has the label).
 */
cumulative_gain: number | null, };

/**
 * The fitted spend model. `p`, `q`, `gamma` are contracts.
 */
export type GammaGammaSection = { 
/**
 * Shape of transaction values around a customer's mean.
 */
p: number, 
/**
 * Shape of the spread of customers' means.
 */
q: number, 
/**
 * Scale of the spread of customers' means.
 */
gamma: number, 
/**
 * Total log-likelihood.
 */
log_likelihood: number, 
/**
 * Repeat buyers with a positive spend, fitted.
 */
customers: number, 
/**
 * Population mean spend per purchase `p·gamma/(q−1)` (`null` when q ≤ 1).
 */
mean_spend: number | null, 
/**
 * Pearson correlation of repeat purchases and mean spend (the model assumes none).
 */
frequency_spend_correlation: number | null, 
/**
 * The |correlation| above which a warning is given.
 */
correlation_threshold: number, 
/**
 * Whether customers' mean spends differ at all (the likelihood-ratio test against one common mean).
 */
heterogeneity: Heterogeneity | null, 
/**
 * The parameters with their meaning.
 */
parameters: Array<Meaning>, 
/**
 * The search.
 */
diagnostics: Diagnostics, };

/**
 * One bin of the gap histogram.
 */
export type GapBin = { 
/**
 * First day of the bin.
 */
from: number, 
/**
 * Last day of the bin (`null`: open).
 */
to: number | null, 
/**
 * Gaps in it.
 */
gaps: number, };

/**
 * How far apart a shop's purchases are: gaps in days between one customer's consecutive purchase days.
 */
export type Gaps = { 
/**
 * Gaps counted (repeat purchase days up to the as-of date).
 */
gaps: number, 
/**
 * Customers with at least one gap.
 */
customers: number, 
/**
 * Quartiles of the gaps in days: 25 %, median, 75 % (`null` without gaps).
 */
quartiles: [number, number, number] | null, 
/**
 * The histogram.
 */
bins: Array<GapBin>, };

/**
 * One cell of the R × F grid.
 */
export type GridCell = { 
/**
 * Recency score.
 */
r: number, 
/**
 * Frequency score.
 */
f: number, 
/**
 * Customers in the cell.
 */
customers: number, 
/**
 * Mean monetary value of those customers (0 when empty).
 */
mean_monetary: number, };

/**
 * Which group to list.
 */
export type GroupBy = "all" | "segment" | "cluster" | "rule" | "stage" | "band" | "class" | "segment_group";

/**
 * One group of the comparison.
 */
export type GroupColumn = { 
/**
 * The group.
 */
group: string, 
/**
 * Its baskets.
 */
baskets: number, };

/**
 * One group's monthly forecast.
 */
export type GroupForecast = { 
/**
 * The group's name (an RFM segment, a cluster number, a stage key…).
 */
group: string, 
/**
 * Customers in the group.
 */
customers: number, 
/**
 * The group's revenue over the complete months.
 */
history_revenue: number, 
/**
 * `month` or `week`.
 */
period: ForecastPeriod, 
/**
 * Periods per season (12 or 52).
 */
season_length: number, 
/**
 * The model fitted to the complete periods.
 */
model: ForecastModelSummary, 
/**
 * The complete periods fitted, oldest first.
 */
history: Array<PeriodValue>, 
/**
 * The as-of period when it has begun (`null` otherwise); it is the forecast's first period.
 */
partial: PartialPeriod | null, 
/**
 * The forecast, from the first period not completely observed.
 */
forecast: Array<ForecastPoint>, 
/**
 * The rolling-origin back-test (`null` when the history is too short for one).
 */
backtest: ForecastBacktest | null, };

/**
 * The group in the report.
 */
export type GroupSummary = { 
/**
 * `best`, `worst`, `segment:champions`, `cluster:2`, `stage:lapsing`.
 */
key: string, 
/**
 * `best`, `worst`, `segment`, `cluster` or `stage`.
 */
kind: string, 
/**
 * The segment, cluster or stage (`champions`, `2`, `lapsing`); `null` for best and worst.
 */
name: string | null, 
/**
 * Customers in the group.
 */
customers: number, 
/**
 * Their share of all customers.
 */
share: number, };

/**
 * "What changed most", as a code and the numbers of its sentence (the page and the CLI word it).
 */
export type Headline = { 
/**
 * What happened.
 */
code: HeadlineCode, 
/**
 * The metric that moved the most (`null` with `no_base` and `partial`).
 */
metric: CompareMetric | null, 
/**
 * The period compared with (`null` with `no_base` and `partial`).
 */
basis: Basis | null, 
/**
 * That period's label.
 */
base_period: string | null, 
/**
 * The metric in the period.
 */
current: number | null, 
/**
 * The metric in the base period.
 */
base: number | null, 
/**
 * The relative change.
 */
relative: number | null, };

/**
 * What the headline says.
 */
export type HeadlineCode = "up" | "down" | "steady" | "no_base" | "partial";

/**
 * The test of whether customers' mean spends differ at all.
 */
export type Heterogeneity = { 
/**
 * Log-likelihood of the model without heterogeneity: every customer's transactions Gamma(p, ν) with
 * one ν (the Gamma-Gamma model's limit q → ∞), at its maximum.
 */
restricted_log_likelihood: number, 
/**
 * `2 (ℓ_GammaGamma − ℓ_restricted)`, at least 0.
 */
likelihood_ratio: number, 
/**
 * The critical value ([`ALIKE_CRITICAL`]).
 */
critical: number, 
/**
 * The likelihood ratio is at least the critical value: the customers' mean spends differ.
 */
customers_differ: boolean, 
/**
 * Everyone's mean spend per transaction under the restricted model, `p/ν`.
 */
common_mean: number, };

/**
 * The `high_affinity` section of the report.
 */
export type HighAffinity = { 
/**
 * High-affinity customers.
 */
customers: number, 
/**
 * Share of all customers.
 */
customer_share: number, 
/**
 * Their revenue.
 */
revenue: number, 
/**
 * Share of the revenue.
 */
revenue_share: number, 
/**
 * Lowest frequency in the top group (0 when there are no customers).
 */
min_frequency: number, 
/**
 * The rule, for people.
 */
rule: string, };

/**
 * The holdout section of the report (of the model used for the values).
 */
export type Holdout = { 
/**
 * First day of the holdout (the calibration end).
 */
start: string, 
/**
 * Last day of the holdout (the day before the holdout end).
 */
end: string, 
/**
 * Length in time units.
 */
length: number, 
/**
 * Repeat purchases of the calibration customers in the holdout.
 */
actual_total: number, 
/**
 * Σ of their conditional expectations over the holdout length.
 */
predicted_total: number, 
/**
 * `predicted_total / actual_total − 1` (`null` when nothing was bought).
 */
relative_error: number | null, 
/**
 * Days per tracking period (one time unit unless the window is long, see [`period_days`]).
 */
tracking_period_days: number, 
/**
 * The tracking chart, one point per period.
 */
tracking: Array<TrackingPoint>, 
/**
 * Predicted vs actual by calibration frequency.
 */
by_frequency: Array<FrequencyRow>, };

/**
 * The default horizon in each time unit ([`default_horizon`]), for a form that switches the unit: the
 * page's Value view puts the other unit's default in place of this one's ([`crate::defaults`]).
 */
export type HorizonDefaults = { 
/**
 * In weeks.
 */
week: number, 
/**
 * In days.
 */
day: number, };

/**
 * User overrides. Every `None` means "detect"; the same struct comes from CLI flags and from the page.
 */
export type IngestOptions = { 
/**
 * Text encoding.
 */
encoding: Encoding | null, 
/**
 * Field delimiter (`,` `;` `\t` `|` ` ` or any single ASCII character).
 */
delimiter: string | null, 
/**
 * Whether the first line is a header.
 */
header: boolean | null, 
/**
 * Line items or baskets.
 */
layout: Layout | null, 
/**
 * Column roles chosen by the user, applied after detection in order.
 */
columns: Array<ColumnChoice>, 
/**
 * Date format.
 */
date_format: DateFormat | null, 
/**
 * Decimal comma (`true`) or point (`false`).
 */
decimal_comma: boolean | null, 
/**
 * Memory limit for the table, in MB (the page sets one; the CLI has none by default).
 */
max_memory_mb: number | null, 
/**
 * Sheet of a workbook (.xlsx, .xls, .ods): its name or 1-based number; by default the first with data.
 */
sheet: string | null, 
/**
 * Size of the whole file in bytes, when known (the page's `File.size`, the command line's file
 * length): the table's columns are then sized once for the rows the file should hold, estimated from
 * its first MiB, instead of growing as rows come (uncompressed text only).
 */
expected_bytes: number | null, };

/**
 * Which column names an item.
 */
export type ItemKey = "code" | "name";

/**
 * An itemset as reported.
 */
export type ItemsetOut = { 
/**
 * Its items.
 */
items: Array<string>, 
/**
 * Baskets containing all of them.
 */
count: number, 
/**
 * `count / baskets`.
 */
support: number, };

/**
 * What to keep of the frequent itemsets.
 */
export type ItemsetTarget = "all" | "closed" | "maximal";

/**
 * How the sales customers and the customers file meet: every profiled customer is matched or without
 * attributes; every id of the file belongs to a profiled customer or has no purchases.
 */
export type JoinReport = { 
/**
 * Customers of the sales file (with a purchase before the as-of date).
 */
customers: number, 
/**
 * Of them, found in the customers file.
 */
matched: number, 
/**
 * Of those, matched only as the same whole number (`17850.0` in one file, `17850` in the other).
 */
matched_as_numbers: number, 
/**
 * Of them, not in the customers file (their attributes from that file are "not given").
 */
customers_without_attributes: number, 
/**
 * Distinct ids of the customers file that match no customer of the sales file.
 */
attribute_rows_without_purchases: number, 
/**
 * What reading the customers file found (rows, ids, duplicates, columns).
 */
file: CustomersSummary, };

export type JsonValue = number | string | boolean | Array<JsonValue> | { [key in string]: JsonValue } | null;

/**
 * One point of the choice curve.
 */
export type KPoint = { 
/**
 * Number of clusters.
 */
k: number, 
/**
 * Mean silhouette (`null` if undefined); on a sample of [`CHOICE_SAMPLE`] rows above that many
 * (see [`choose_k`]).
 */
silhouette: number | null, 
/**
 * Inertia of the best start over all the rows (above [`CHOICE_SAMPLE`] rows, of its centres found on
 * the sample, except for the chosen k, whose start is run again on all the rows; see [`choose_k`]).
 */
inertia: number, };

/**
 * The kind of an attribute.
 */
export type Kind = "category" | "number" | "date";

/**
 * Whether rows are line items or one basket per input row.
 */
export type Layout = "line_items" | "baskets" | "customers";

/**
 * The `lifecycle` section of the report.
 */
export type Lifecycle = { 
/**
 * The thresholds used.
 */
params: LifecycleParams, 
/**
 * The rules, for people.
 */
rule: string, 
/**
 * One row per stage: new, active, won_back, lapsing, lapsed.
 */
stages: Array<StageRow>, };

/**
 * The stage rules' thresholds (see the module doc); `{}` means the defaults.
 */
export type LifecycleParams = { 
/**
 * A customer is new when the first purchase is at most this many days before the as-of date (30).
 */
new_days: number, 
/**
 * Distinct purchase days that make a regular (3; at least 2).
 */
regular_min_days: number, 
/**
 * A regular is lapsing when the days since the last purchase exceed this multiple of the usual interval (2).
 */
lapse_multiple: number, 
/**
 * Lapsed after more than this many days without a purchase (180); also the gap that a won-back
 * customer came back from.
 */
lapsed_days: number, 
/**
 * Lapsed after more than this many days for customers who are not regulars (90).
 */
irregular_lapsed_days: number, 
/**
 * A return counts as "won back" for this many days (90).
 */
won_back_days: number, 
/**
 * Columns of the cohort table after month 0 (24).
 */
cohort_months: number, 
/**
 * Share of customers, by frequency, that can be high-affinity (0.2).
 */
high_affinity_share: number, 
/**
 * Minimum tenure (first to last purchase day) of a high-affinity customer (180).
 */
high_affinity_tenure_days: number, };

/**
 * Counts and values of used lines by kind. Amounts are quantity × unit price (or the file's amount).
 */
export type Lines = { 
/**
 * Purchases: positive quantity and price, not cancelled.
 */
purchases: number, 
/**
 * Returns and cancellations.
 */
returns: number, 
/**
 * Lines with price zero or negative.
 */
nonpositive_price: number, 
/**
 * Lines with quantity zero.
 */
zero_quantity: number, 
/**
 * Used lines without a customer id (valid for baskets; "no customer" for customer analyses).
 */
no_customer: number, 
/**
 * Value of purchases.
 */
revenue: number, 
/**
 * Value of returns, as a positive number.
 */
returns_value: number, 
/**
 * Value of the zero/negative-price lines.
 */
nonpositive_price_value: number, 
/**
 * Value of purchases without a customer id.
 */
no_customer_revenue: number, };

/**
 * A platform's column layout.
 */
export type ListLayout = "plain" | "mailchimp" | "klaviyo" | "google" | "meta";

/**
 * How to write a list. `{}` writes every customer in the plain layout.
 */
export type ListOptions = { 
/**
 * Which customers: see [`ListGroup::parse`] (default `all`).
 */
group: string | null, 
/**
 * Customer ids to list instead of a group (a churn-risk or overdue list), in this order.
 */
ids: Array<string> | null, 
/**
 * The column layout.
 */
layout: ListLayout, 
/**
 * SHA-256 of the normalised identifiers (`google` and `meta` only).
 */
hash: boolean, 
/**
 * The tag column's value (default: the group's name, e.g. `At risk`, `stage:lapsing`).
 */
tag: string | null, };

/**
 * What the page receives: the CSV text and what to say about it.
 */
export type ListOut = { 
/**
 * The file.
 */
csv: string, 
/**
 * Customers listed (rows below the header).
 */
customers: number, 
/**
 * The layout.
 */
layout: ListLayout, 
/**
 * Whether identifiers are hashed.
 */
hashed: boolean, 
/**
 * The tag.
 */
tag: string, 
/**
 * The contact columns used.
 */
found: Array<Found>, 
/**
 * Notes (see the module doc).
 */
notes: Array<Notice>, 
/**
 * Best and worst lists: each customer's id and reason, in list order (empty for other lists).
 */
reasons: Array<ListReason>, };

/**
 * A listed customer's reason, for the page to word.
 */
export type ListReason = { 
/**
 * Customer id.
 */
customer: string, 
/**
 * Why.
 */
reason: Notice, };

/**
 * A point of the Lorenz curve.
 */
export type LorenzPoint = { 
/**
 * Share of the customers (those with the least revenue first).
 */
customer_share: number, 
/**
 * Share of the revenue they make.
 */
revenue_share: number, };

/**
 * The largest horizons of the prediction and of the forecast.
 */
export type MaxHorizon = { 
/**
 * Days ahead of a prediction.
 */
days: number, 
/**
 * Months ahead of a forecast.
 */
months: number, };

/**
 * The fitted MBG/NBD model. `r`, `alpha`, `a`, `b`, `log_likelihood` are contracts.
 */
export type MbgNbdSection = { 
/**
 * Shape of the purchase-rate distribution.
 */
r: number, 
/**
 * Scale of the purchase-rate distribution (time units).
 */
alpha: number, 
/**
 * Drop-out Beta shape a (drop-out possible at the first purchase too).
 */
a: number, 
/**
 * Drop-out Beta shape b.
 */
b: number, 
/**
 * Total log-likelihood.
 */
log_likelihood: number, 
/**
 * Customers fitted.
 */
customers: number, 
/**
 * The parameters with their meaning.
 */
parameters: Array<Meaning>, 
/**
 * The search.
 */
diagnostics: Diagnostics, };

/**
 * A parameter with its value and what it means for people.
 */
export type Meaning = { 
/**
 * Name (`r`, `alpha`, …).
 */
name: string, 
/**
 * Estimate.
 */
value: number, 
/**
 * Asymptotic standard error.
 */
standard_error: number | null, 
/**
 * Plain-language meaning.
 */
meaning: string, };

/**
 * The metric that ranks rules for the top-K budget.
 */
export type Metric = "lift" | "confidence" | "support" | "leverage" | "conviction" | "count";

/**
 * One metric in the three periods, with its changes.
 */
export type MetricChange = { 
/**
 * The metric.
 */
metric: CompareMetric, 
/**
 * Its value in the period (`null`: undefined, e.g. an average without orders).
 */
current: number | null, 
/**
 * In the previous period (`null`: not observed or undefined).
 */
previous: number | null, 
/**
 * In the same period a year earlier (`null`: not observed, undefined, or periods are years).
 */
year_ago: number | null, 
/**
 * Against the previous period.
 */
vs_previous: Change | null, 
/**
 * Against the same period a year earlier.
 */
vs_year_ago: Change | null, };

/**
 * AUC, log loss and Brier score of probabilities (or of scores, for the AUC alone).
 */
export type Metrics = { 
/**
 * Area under the ROC curve (`null` without both labels).
 */
auc: number | null, 
/**
 * Log loss (`null` when the scores are not probabilities).
 */
log_loss: number | null, 
/**
 * Brier score (`null` when the scores are not probabilities).
 */
brier: number | null, };

/**
 * The from → to matrix and its summary.
 */
export type Migration = { 
/**
 * The "from" segments are as of this date (the period's first day): purchases before it.
 */
from_as_of: string, 
/**
 * The "to" segments are as of this date (the day after the period's last observed day).
 */
to_as_of: string, 
/**
 * The segments, best first: the columns, and the rows before the last.
 */
segments: Array<Segment>, 
/**
 * Twelve rows: one per segment at the start, then customers new in the period (`from: null`).
 */
rows: Array<MigrationRow>, 
/**
 * Customers at the end (every customer with a purchase before `to_as_of`).
 */
customers: number, 
/**
 * Customers in the same segment at both dates.
 */
stayed: number, 
/**
 * Customers whose segment group is better at the end (best > growing > attention > lost).
 */
improved: number, 
/**
 * Customers whose segment group is worse at the end.
 */
worsened: number, 
/**
 * Customers who changed segment within the same group.
 */
moved_within_group: number, 
/**
 * Customers new in the period (no purchase before it).
 */
entered: number, };

/**
 * One row of the matrix: the customers who were in `from` at the start, by their segment at the end.
 */
export type MigrationRow = { 
/**
 * The segment at the start; `null`: not a customer yet (no purchase before the period).
 */
from: Segment | null, 
/**
 * Customers by segment at the end, in the order of [`Migration::segments`].
 */
customers: Array<number>, 
/**
 * Their purchase revenue in the period, in the same order.
 */
revenue: Array<number>, };

/**
 * One purchase model in the comparison.
 */
export type ModelComparison = { 
/**
 * `bgnbd`, `pareto_nbd`, `mbg_nbd`.
 */
model: string, 
/**
 * `BG/NBD`, `Pareto/NBD`, `MBG/NBD`.
 */
label: string, 
/**
 * Log-likelihood on the calibration period.
 */
log_likelihood: number, 
/**
 * BIC `4 ln n − 2 ℓ` (lower is better).
 */
bic: number, 
/**
 * Mean absolute error of the predicted holdout repeat purchases per customer (`null` without holdout).
 */
holdout_mae: number | null, 
/**
 * Predicted holdout repeat purchases in total (`null` without holdout).
 */
holdout_predicted: number | null, 
/**
 * The model used for the values.
 */
chosen: boolean, };

/**
 * The fitted models in brief.
 */
export type ModelSection = { 
/**
 * What it is, for people.
 */
method: string, 
/**
 * L2 penalty.
 */
penalty: number, 
/**
 * β₀.
 */
intercept: number, 
/**
 * Coefficients of the columns used (constant columns are left out).
 */
coefficients: Array<PredictCoefficient>, 
/**
 * The spend model: buyers it learned from (0: none).
 */
spend_buyers: number, 
/**
 * Its smearing factor.
 */
spend_smearing: number, };

/**
 * One month of the returning-customer rate.
 */
export type MonthRate = { 
/**
 * `YYYY-MM`.
 */
month: string, 
/**
 * Customers with a purchase in the month.
 */
customers: number, 
/**
 * Of them, customers whose first purchase was in an earlier month.
 */
returning: number, 
/**
 * `returning / customers` (0 for a month without customers).
 */
rate: number, };

/**
 * One calendar month's revenue, split by RFM segment.
 */
export type MonthRevenue = { 
/**
 * `YYYY-MM`.
 */
month: string, 
/**
 * Purchase revenue of the month.
 */
revenue: number, 
/**
 * Revenue by segment, in the order of [`Overview::segments`].
 */
by_segment: Array<number>, };

/**
 * One note or warning.
 */
export type Notice = { 
/**
 * Stable key.
 */
code: string, 
/**
 * Values the text is made from (numbers stay numbers, so the page formats them in its language).
 */
params: { [key in string]: JsonValue }, 
/**
 * English sentence.
 */
text: string, };

/**
 * How the numbers of a file are written.
 */
export type NumberFormat = { 
/**
 * `.` or `,`.
 */
decimal: string, };

/**
 * The overview figures (see the module doc for each definition).
 */
export type Overview = { 
/**
 * Distinct orders of the customers (purchase days when the file has no order column).
 */
orders: number, 
/**
 * Revenue ÷ orders (0 without orders).
 */
average_order_value: number, 
/**
 * Customers with a frequency of at least 2.
 */
repeat_customers: number, 
/**
 * `repeat_customers / customers`.
 */
repeat_customer_rate: number, 
/**
 * Share of the revenue made by the best 10 % of customers (as in `top_shares`).
 */
top10_revenue_share: number, 
/**
 * Revenue of the last [`AT_RISK_DAYS`] days before the as-of date from customers now `lapsing`.
 */
revenue_at_risk: number, 
/**
 * Customers now `lapsing`.
 */
customers_at_risk: number, 
/**
 * Value of the customers' return and cancellation lines before the as-of date (positive).
 */
returns_value: number, 
/**
 * Revenue less `returns_value`.
 */
net_revenue: number, 
/**
 * The look-back of `revenue_at_risk` in days.
 */
at_risk_days: number, 
/**
 * The segment keys of `by_segment`, in the RFM segment table's order.
 */
segments: Array<Segment>, 
/**
 * Revenue per calendar month, oldest first.
 */
monthly_revenue: Array<MonthRevenue>, };

/**
 * The fitted Pareto/NBD model. `r`, `alpha`, `s`, `beta`, `log_likelihood` are contracts.
 */
export type ParetoNbdSection = { 
/**
 * Shape of the purchase-rate distribution.
 */
r: number, 
/**
 * Scale of the purchase-rate distribution (time units).
 */
alpha: number, 
/**
 * Shape of the drop-out-rate distribution.
 */
s: number, 
/**
 * Scale of the drop-out-rate distribution (time units).
 */
beta: number, 
/**
 * Total log-likelihood.
 */
log_likelihood: number, 
/**
 * Customers fitted.
 */
customers: number, 
/**
 * The parameters with their meaning.
 */
parameters: Array<Meaning>, 
/**
 * The search.
 */
diagnostics: Diagnostics, };

/**
 * The as-of period, observed only in part.
 */
export type PartialPeriod = { 
/**
 * `YYYY-MM` or `YYYY-Www`.
 */
period: string, 
/**
 * Revenue of the days observed.
 */
observed: number, 
/**
 * Days observed (before the as-of date).
 */
days_observed: number, 
/**
 * Days in the period.
 */
days_in_period: number, };

/**
 * One frequent pattern in the report.
 */
export type PatternRow = { 
/**
 * The elements in order, each a list of item keys.
 */
elements: Array<Array<string>>, 
/**
 * Customers whose sequence contains the pattern.
 */
customers: number, 
/**
 * `customers / all customers`.
 */
support: number, };

/**
 * The periods a user may choose, by length ([`PeriodKind::choices`]): the page lists them instead of
 * working out the calendar itself. Each is a period's label (`2011-11`, `2011-Q4`, `2011`): the value
 * the `at` option takes and the label the report names periods by.
 */
export type PeriodChoices = { 
/**
 * Months, latest first.
 */
month: Array<string>, 
/**
 * Quarters, latest first.
 */
quarter: Array<string>, 
/**
 * Years, latest first.
 */
year: Array<string>, };

/**
 * One period's figures.
 */
export type PeriodFigures = { 
/**
 * `2011-11`, `2011-Q4` or `2011`.
 */
period: string, 
/**
 * Its first day, `YYYY-MM-DD`.
 */
start: string, 
/**
 * Its last day, `YYYY-MM-DD`.
 */
end: string, 
/**
 * Days in the period.
 */
days: number, 
/**
 * Days of it between the file's first date and the day before the as-of date.
 */
days_observed: number, 
/**
 * Whether the file covers the period wholly, in part or not at all.
 */
coverage: Coverage, 
/**
 * The file starts on or after the period's first day: no purchase before it is known, so every
 * customer of the period counts as new.
 */
first_in_file: boolean, 
/**
 * Customers with a purchase line in the period.
 */
customers: number, 
/**
 * Those whose first purchase in the file is in the period.
 */
new_customers: number, 
/**
 * Those who had bought before the period (`customers − new_customers`).
 */
returning_customers: number, 
/**
 * Distinct orders of the period (per customer, as the Overview; purchase days without an order column).
 */
orders: number, 
/**
 * `revenue / orders` (`null` without orders).
 */
average_order_value: number | null, 
/**
 * Customers with two or more orders in the period.
 */
repeat_customers: number, 
/**
 * `repeat_customers / customers` (`null` without customers).
 */
repeat_rate: number | null, 
/**
 * Purchase revenue of the period (gross: returns not subtracted).
 */
revenue: number, 
/**
 * Value of the period's return and cancellation lines (positive).
 */
returns_value: number, 
/**
 * `revenue − returns_value`.
 */
net_revenue: number, };

/**
 * One observed period.
 */
export type PeriodValue = { 
/**
 * `YYYY-MM` or `YYYY-Www`.
 */
period: string, 
/**
 * Revenue.
 */
value: number, };

/**
 * What the data report says about a recognised export.
 */
export type Platform = { 
/**
 * Stable key, e.g. `shopify_orders`.
 */
id: string, 
/**
 * Human name, e.g. `Shopify orders export`.
 */
name: string, };

/**
 * The out-of-time check one horizon earlier.
 */
export type PredictBacktest = { 
/**
 * The window the back-test model learned from.
 */
training: Window, 
/**
 * The window it was checked on (the customers known at its start).
 */
validation: Window, 
/**
 * The model.
 */
model: Metrics, 
/**
 * Baseline: logistic regression on recency alone.
 */
recency: Metrics, 
/**
 * Baseline: the lifetime-value model (`null` when it could not be fitted).
 */
clv: Metrics | null, 
/**
 * Gains and lift by decile of the model's scores.
 */
gains: Array<GainsRow>, 
/**
 * Calibration of the model's probabilities.
 */
calibration: Array<CalibrationRow>, 
/**
 * Expected spend against what was spent.
 */
spend: SpendBacktest, };

/**
 * One model coefficient.
 */
export type PredictCoefficient = { 
/**
 * The feature.
 */
feature: FeatureName, 
/**
 * Its coefficient on the standardised value (change of the log-odds per standard deviation).
 */
coefficient: number, 
/**
 * Mean of the transformed value on the training rows.
 */
mean: number, 
/**
 * Its standard deviation.
 */
sd: number, };

/**
 * Above or below the training customers' average.
 */
export type PredictLevel = "high" | "low";

/**
 * Options (all optional from the page; `{}` means the defaults).
 */
export type PredictOptions = { 
/**
 * As-of date `YYYY-MM-DD`: only purchases before it are used (default: the day after the last date).
 */
as_of: string | null, 
/**
 * Horizon in days (default 90).
 */
horizon_days: number | null, 
/**
 * What to predict (default: a next purchase).
 */
target: PredictTarget | null, 
/**
 * L2 penalty (default [`DEFAULT_PENALTY`]).
 */
penalty: number | null, 
/**
 * Run the back-test and its baselines (default true). Without it the report has no check on past
 * data (warning `no_backtest`, reason `not_asked`), and the analysis is the final model's training
 * and the scores only: the same scores, sooner.
 */
backtest: boolean | null, };

/**
 * One reason for a customer's score: a code with its values, worded by the command line and the page.
 */
export type PredictReason = { 
/**
 * The feature key (one of [`super::features::NUMERIC`], or `attribute`).
 */
feature: string, 
/**
 * The attribute's column name (attributes only).
 */
attribute: string | null, 
/**
 * The customer's value of the attribute (attributes only).
 */
category: string | null, 
/**
 * The customer's raw value of the feature (days, purchases, money, share; not for attributes).
 */
value: number | null, 
/**
 * High or low against the training customers.
 */
level: PredictLevel, 
/**
 * Raises or lowers the chance.
 */
effect: Effect, 
/**
 * Its push on the log-odds, `βⱼ zⱼ`.
 */
log_odds: number, };

/**
 * The report.
 */
export type PredictReport = { 
/**
 * Options as given.
 */
options: PredictOptions, 
/**
 * The as-of date: purchases before it are used.
 */
as_of: string, 
/**
 * Horizon in days.
 */
horizon_days: number, 
/**
 * What is predicted.
 */
target: PredictTarget, 
/**
 * The final model's training window.
 */
training: Window, 
/**
 * The models.
 */
model: ModelSection, 
/**
 * The back-test (`null` when there is too little history; see the warnings).
 */
backtest: PredictBacktest | null, 
/**
 * Customers scored (every customer with a purchase before the as-of date).
 */
customers_scored: number, 
/**
 * Sum of the probabilities: customers expected to have the target.
 */
expected_positives: number, 
/**
 * Sum of the expected spends.
 */
expected_spend: number, 
/**
 * Every scored customer, highest probability first (ties by customer id).
 */
customers: Array<CustomerScore>, 
/**
 * Lines dated on or after the as-of date, left out.
 */
lines_after_as_of: number, 
/**
 * Lines without a customer id, left out.
 */
lines_without_customer: number, 
/**
 * Warnings.
 */
warnings: Array<Notice>, };

/**
 * What "buys next" means.
 */
export type PredictTarget = "next_purchase" | "best_customer";

/**
 * Where price sensitivity is cut.
 */
export type PriceParams = { 
/**
 * A customer with at least this share of spend bought on discount is price-sensitive (0.5).
 */
sensitive_share: number, };

/**
 * The `price_sensitivity` section of the report (present only when the file has a discount column).
 */
export type PriceSensitivity = { 
/**
 * The cut used.
 */
sensitive_share: number, 
/**
 * How the discount column is read, for people.
 */
rule: string, 
/**
 * Customers with at least one purchase line on discount.
 */
customers_with_discount: number, 
/**
 * Price-sensitive customers (discounted spend share at least the cut).
 */
price_sensitive: number, 
/**
 * Their share of the customers.
 */
price_sensitive_share: number, 
/**
 * Their share of the revenue.
 */
price_sensitive_revenue_share: number, 
/**
 * Relationship customers (the others).
 */
relationship: number, 
/**
 * Revenue of the purchase lines on discount.
 */
discounted_revenue: number, 
/**
 * Its share of the revenue.
 */
discounted_revenue_share: number, };

/**
 * Why a read gave nothing to analyse: what is missing, what was tried, and the column to look at. The
 * message names no command-line flag or page control; the CLI and the page add their own words.
 */
export type Problem = { 
/**
 * `no_rows_used` (every row rejected) or `no_purchases` (rows used, none of them a purchase).
 */
code: string, 
/**
 * What happened and how to fix it.
 */
message: string, 
/**
 * The column (0-based) to fix, when one column explains it.
 */
column: number | null, 
/**
 * That column's name.
 */
column_name: string | null, 
/**
 * The role that column was read as.
 */
role: Role | null, 
/**
 * The rejection reason behind it (`no_rows_used`).
 */
reason: RejectionReason | null, };

/**
 * Options of a profile. `{}` profiles the best customers as of the day after the last date.
 */
export type ProfileOptions = { 
/**
 * As-of date `YYYY-MM-DD` (default: the day after the last date in the file).
 */
as_of: string | null, 
/**
 * `best` (default), `worst`, `segment:NAME` (an RFM segment, e.g. `segment:champions`),
 * `cluster:N` (0-based, as the Segments view numbers them) or `stage:NAME` (`new`, `active`,
 * `won_back`, `lapsing`, `lapsed`).
 */
group: string | null, 
/**
 * Share of wallet: the survey column, its period and the grid's splits ([`wallet`]).
 */
wallet: WalletOptions, };

/**
 * The profile report (the page's and the CLI's `--json`). Keys are contracts: add, don't rename.
 */
export type ProfileReport = { 
/**
 * The options that produced it.
 */
options: ProfileOptions, 
/**
 * The as-of date used.
 */
as_of: string | null, 
/**
 * The group compared with all customers.
 */
group: GroupSummary, 
/**
 * All customers (with a purchase before the as-of date).
 */
customers: number, 
/**
 * How the customers file met the sales customers; `null` without a customers file.
 */
join: JoinReport | null, 
/**
 * One entry per attribute, sales-file columns first, then the customers file's, in column order.
 */
attributes: Array<AttributeProfile>, 
/**
 * Attributes left out.
 */
skipped_attributes: Array<SkippedAttribute>, 
/**
 * The test behind `p_value`, for people.
 */
test: string, 
/**
 * Notes the page words from their codes: `no_attributes` (nothing to profile), `empty_group`.
 */
notes: Array<Notice>, 
/**
 * Share of wallet from the customers file's surveyed category spend ([`wallet`]); says it is
 * missing (`available: false`) without a customers file or a survey column.
 */
share_of_wallet: WalletReport, };

/**
 * One profitable class.
 */
export type ProfitableClass = { 
/**
 * `top`, `core` or `falling`.
 */
key: string, 
/**
 * Display name.
 */
name: string, 
/**
 * How the class is defined.
 */
definition: string, 
/**
 * Customers in the class.
 */
customers: number, 
/**
 * Their revenue.
 */
revenue: number, 
/**
 * Their share of the revenue.
 */
revenue_share: number, 
/**
 * Their margin, when the file has costs.
 */
margin: number | null, };

/**
 * The three classes and the customers of the first two whose spend is falling too.
 */
export type ProfitableClasses = { 
/**
 * Top, core, falling.
 */
classes: Array<ProfitableClass>, 
/**
 * Customers of the top and core classes whose spend is falling as well (not in the third class).
 */
falling_in_top_and_core: number, };

/**
 * Progress of a running ingestion.
 */
export type Progress = { 
/**
 * Bytes pushed so far (compressed bytes for gzip).
 */
bytes: number, 
/**
 * Input rows read so far.
 */
rows: number, };

/**
 * One feature's coefficient.
 */
export type ProspectCoefficient = { 
/**
 * Attribute.
 */
attribute: string, 
/**
 * The bin's label (value, range or year; `(not given)`, `(other values)`).
 */
value: string, 
/**
 * Log-odds coefficient.
 */
coefficient: number, 
/**
 * Learning customers with the value.
 */
customers: number, };

/**
 * How to write the top prospects. `{}`: prospects in the customers' top score decile, plain layout.
 */
export type ProspectListOptions = { 
/**
 * The column layout.
 */
layout: ListLayout, 
/**
 * SHA-256 of the normalised identifiers (`google` and `meta` only).
 */
hash: boolean, 
/**
 * The tag column's value (default `prospects-` and the group, e.g. `prospects-best`).
 */
tag: string | null, 
/**
 * Prospects whose score falls in the customers' top `deciles` score deciles, 1 to 10 (1).
 */
deciles: number, 
/**
 * At most this many prospects (all by default).
 */
top: number | null, };

/**
 * The fitted model in brief.
 */
export type ProspectModelSummary = { 
/**
 * What it is, for people.
 */
method: string, 
/**
 * The L2 penalty.
 */
lambda: number, 
/**
 * One-hot features.
 */
features: number, 
/**
 * Customers it learned from (the final fit).
 */
customers: number, 
/**
 * Of them in the group.
 */
best: number, 
/**
 * Newton steps of the final fit.
 */
steps: number, 
/**
 * Whether it converged.
 */
converged: boolean, 
/**
 * The intercept (log-odds of a customer with no feature set).
 */
intercept: number, };

/**
 * Why a prospect scores high: an attribute value that raises its log-odds.
 */
export type ProspectReason = { 
/**
 * Attribute.
 */
attribute: string, 
/**
 * The prospect's bin of it.
 */
value: string, 
/**
 * Rise in log-odds over the learning customers' average for this attribute.
 */
effect: number, };

/**
 * One scored prospect.
 */
export type ProspectScore = { 
/**
 * The prospect's id (its row number when the file has no id column).
 */
prospect: string, 
/**
 * Probability of being like the group, by the model.
 */
score: number, 
/**
 * The customers' score decile it falls in (1 = highest scores).
 */
decile: number, 
/**
 * Mean revenue of the customers of that decile: the expected value of a prospect like this.
 */
expected_value: number, 
/**
 * At most [`REASONS`] attributes that raise the score most.
 */
reasons: Array<ProspectReason>, };

/**
 * Options of the prospects model. `{}`: the best customers, a 25 % hold-out, seed 1.
 */
export type ProspectsOptions = { 
/**
 * As-of date `YYYY-MM-DD` (default: the day after the last date in the sales file).
 */
as_of: string | null, 
/**
 * The group to find more of, as for a profile (`best` by default).
 */
group: string | null, 
/**
 * Share of the learning customers held out to measure the AUC, above 0 and below 1 (0.25).
 */
holdout: number, 
/**
 * Seed of the hold-out's shuffle.
 */
seed: number, };

/**
 * The prospects report (the page's and the CLI's `--json`). Keys are contracts: add, don't rename.
 */
export type ProspectsReport = { 
/**
 * The options that produced it.
 */
options: ProspectsOptions, 
/**
 * The as-of date used.
 */
as_of: string | null, 
/**
 * The group the model finds more of.
 */
group: GroupSummary, 
/**
 * All customers of the sales file (with a purchase before the as-of date).
 */
customers: number, 
/**
 * How the customers file met the sales customers.
 */
join: JoinReport, 
/**
 * What reading the prospects file found; `id_column` is empty when rows are named by number.
 */
prospects_file: CustomersSummary, 
/**
 * `column` or `row_number`: how prospects are named.
 */
prospect_ids: string, 
/**
 * The attributes the model uses.
 */
shared_attributes: Array<SharedAttribute>, 
/**
 * Customers-file columns the prospects file lacks (or left out: nearly one value per customer).
 */
customers_only_attributes: Array<string>, 
/**
 * Prospects-file columns the customers file lacks.
 */
prospects_only_attributes: Array<string>, 
/**
 * The final fit.
 */
model: ProspectModelSummary, 
/**
 * The hold-out check.
 */
validation: Validation, 
/**
 * Every feature's coefficient, attribute by attribute in bin order.
 */
coefficients: Array<ProspectCoefficient>, 
/**
 * The customers' score deciles.
 */
deciles: Array<ScoreDecile>, 
/**
 * Every prospect, highest score first (ties in file order).
 */
prospects: Array<ProspectScore>, 
/**
 * Prospect values that fell in no bin (a category or year the customers never had).
 */
unplaced_values: number, 
/**
 * Notes the page words from their codes (see the module doc).
 */
notes: Array<Notice>, };

/**
 * One tenth of the revenue and how many customers make it.
 */
export type PurchaseDecileRow = { 
/**
 * 1 = the first tenth of the revenue, made by the best customers.
 */
tenth: number, 
/**
 * Customers whose revenue ends in this tenth.
 */
customers: number, 
/**
 * Customers up to and including this tenth.
 */
cumulative_customers: number, 
/**
 * `cumulative_customers / all customers`.
 */
cumulative_customer_share: number, };

/**
 * A decision the data could not make.
 */
export type Question = { 
/**
 * What it is about (`date_format`, `decimal`).
 */
key: string, 
/**
 * Values the question is made from (`decimal`: `count`, the numbers that read either way).
 */
params: { [key in string]: JsonValue }, 
/**
 * The question.
 */
message: string, 
/**
 * The choices.
 */
options: Array<string>, };

/**
 * How refunds, cancellations and failed payments were taken out of revenue.
 */
export type Refunds = { 
/**
 * Orders fully refunded (status, or a refund covering the order's purchase value): returns.
 */
orders_refunded: number, 
/**
 * Orders partly refunded: still purchases; the refund is in `partial_refunds_value`.
 */
orders_partially_refunded: number, 
/**
 * Orders cancelled or voided: returns.
 */
orders_cancelled: number, 
/**
 * Orders whose payment failed or was declined: returns.
 */
orders_failed: number, 
/**
 * Purchase value of the refunded, cancelled and failed orders, moved from revenue to returns.
 */
excluded_value: number, 
/**
 * Sum of the file's refund column over orders (each order once), as the platform states it.
 */
refunded_value: number, 
/**
 * The part of `refunded_value` on partly refunded orders.
 */
partial_refunds_value: number, 
/**
 * `revenue − partial_refunds_value`: the platform's net sales of the lines read.
 */
net_revenue: number, 
/**
 * Refund cells that could not be read as numbers (ignored).
 */
unreadable_refunds: number, };

/**
 * Rejections of one reason.
 */
export type Rejection = { 
/**
 * Reason key.
 */
reason: RejectionReason, 
/**
 * Explanation.
 */
message: string, 
/**
 * Rows rejected for it.
 */
count: number, 
/**
 * The column (0-based) that caused most of them, when the reason is about one cell.
 */
column: number | null, 
/**
 * That column's name.
 */
column_name: string | null, 
/**
 * Rows of this reason caused by that column.
 */
column_count: number, 
/**
 * The first few.
 */
examples: Array<Example>, };

/**
 * Why a row was not used.
 */
export type RejectionReason = "empty_line" | "wrong_field_count" | "unterminated_quote" | "missing_date" | "unparseable_date" | "date_out_of_range" | "date_contradicts_order" | "missing_value" | "unparseable_number" | "not_a_sale";

/**
 * The meaning of a column.
 */
export type Role = "customer" | "date" | "order" | "item_code" | "item_name" | "quantity" | "unit_price" | "amount" | "cost" | "discount" | "list_price" | "attribute" | "ignore" | "status" | "cancelled" | "refund";

/**
 * How a column's role was decided.
 */
export type RoleSource = "header" | "platform" | "content" | "user" | "default";

/**
 * Row accounting.
 */
export type Rows = { 
/**
 * Input rows (records after the header, including empty lines).
 */
total: number, 
/**
 * Rows in the table.
 */
used: number, 
/**
 * Rows not used.
 */
rejected: number, 
/**
 * Reason key → count.
 */
rejected_by_reason: { [key in string]: number }, };

/**
 * A rule that cannot be compiled, with where and why.
 */
export type RuleError = { 
/**
 * What kind of problem.
 */
kind: RuleErrorKind, 
/**
 * Byte offset in the text (0-based; the text's length means "at the end").
 */
offset: number, 
/**
 * Line (1-based).
 */
line: number, 
/**
 * Column in characters (1-based).
 */
column: number, 
/**
 * What was found and what was expected.
 */
message: string, };

/**
 * The kinds of [`RuleError`].
 */
export type RuleErrorKind = "unexpected_character" | "unterminated_text" | "unterminated_field" | "bad_number" | "expected" | "unknown_field" | "type" | "too_deep" | "after_else" | "columns";

/**
 * Customers and revenue of one rule label.
 */
export type RuleLabelRow = { 
/**
 * The label.
 */
label: string, 
/**
 * Customers with it.
 */
customers: number, 
/**
 * Share of customers.
 */
customer_share: number, 
/**
 * Share of revenue.
 */
revenue_share: number, };

/**
 * A rule as reported (the `top_rules` entries of the CLI contract).
 */
export type RuleOut = { 
/**
 * Items of the antecedent.
 */
antecedent: Array<string>, 
/**
 * Items of the consequent.
 */
consequent: Array<string>, 
/**
 * σ(X ∪ Y) / N.
 */
support: number, 
/**
 * σ(X ∪ Y) / σ(X).
 */
confidence: number, 
/**
 * confidence / (σ(Y) / N).
 */
lift: number, 
/**
 * support − (σ(X)/N)(σ(Y)/N).
 */
leverage: number, 
/**
 * (1 − σ(Y)/N) / (1 − confidence); `null` when infinite (confidence = 1).
 */
conviction: number | null, 
/**
 * σ(X ∪ Y): baskets with every item of the rule.
 */
count: number, };

/**
 * The rule-based segments section: the rules, the fields they may use, and the result or the error.
 */
export type RuleSection = { 
/**
 * The rules as given.
 */
rules: string, 
/**
 * Fields available to rules (`name`, `kind`).
 */
fields: Array<FieldInfo>, 
/**
 * Whether the credit-card preset's fields exist in this table.
 */
preset_applies: boolean, 
/**
 * Label counts, in label order (`null` when the rules do not compile).
 */
labels: Array<RuleLabelRow> | null, 
/**
 * Why the rules cannot be used (position and what was expected).
 */
error: RuleError | null, };

/**
 * Options of [`super::mine`] (all optional; `{}` from the page means the defaults).
 */
export type RulesOptions = { 
/**
 * Items by `code` (default) or `name`.
 */
item_key: ItemKey, 
/**
 * Minimum support as a fraction of the baskets (default 0.01); the count is ceil(fraction × baskets).
 */
min_support: number, 
/**
 * Minimum support as a count of baskets; overrides `min_support`.
 */
min_count: number | null, 
/**
 * Largest itemset (none: no limit).
 */
max_len: number | null, 
/**
 * Which itemsets are reported: `all` (default), `closed` or `maximal`. Rules always come from all
 * frequent itemsets.
 */
itemsets: ItemsetTarget, 
/**
 * Budget: largest number of frequent itemsets (default [`DEFAULT_MAX_ITEMSETS`]); beyond it the run
 * stops with an error that suggests a support at which it fits.
 */
max_itemsets: number, 
/**
 * Count itemsets only, no rules.
 */
itemsets_only: boolean, 
/**
 * Minimum confidence (default 0.5).
 */
min_confidence: number, 
/**
 * Minimum lift (default none).
 */
min_lift: number | null, 
/**
 * Largest consequent (default 1: one-item consequents).
 */
max_consequent: number, 
/**
 * Keep rules mentioning at least one of these items.
 */
include: Array<string>, 
/**
 * Drop rules mentioning any of these items.
 */
exclude: Array<string>, 
/**
 * Keep rules whose consequent is made of these items ("what leads to X").
 */
targets: Array<string>, 
/**
 * Top K rules kept (default 1000).
 */
max_rules: number, 
/**
 * Metric ranking the top K (default lift).
 */
sort_by: Metric, 
/**
 * Drop redundant rules (a more general rule has at least the same confidence).
 */
prune_redundant: boolean, 
/**
 * Mine only the baskets of these customer ids.
 */
customers: Array<string> | null, 
/**
 * Mine only the baskets of one segmentation group (needs a segmentation).
 */
segment: SegmentChoice | null, 
/**
 * Compare the lift of the top rules across the groups of this grouping (needs a segmentation).
 */
compare_by: GroupBy | null, 
/**
 * Rules compared across groups (the first of `top_rules`; default 20).
 */
compare_rules: number, 
/**
 * Itemsets and items listed in the report (default 100).
 */
max_listed: number, 
/**
 * Items listed in the report's `item_frequencies`, when it should differ from `max_listed` (the page
 * asks for every item, to suggest them in its item fields, without a longer list of itemsets).
 */
max_items: number | null, };

/**
 * The report of a mining run (the page's and the CLI's `--json`). Keys are contracts: add, don't rename.
 */
export type RulesReport = { 
/**
 * The options that produced the report.
 */
options: RulesOptions, 
/**
 * How the baskets were made.
 */
transactions: TransactionReport, 
/**
 * The minimum support count used: ceil(min_support × baskets), or `min_count`.
 */
min_count: number, 
/**
 * Frequent itemsets of the kind asked for (`all`, `closed`, `maximal`), of any length (items alone
 * included).
 */
itemsets: number, 
/**
 * Every frequent itemset, whatever the kind asked for.
 */
frequent_itemsets: number, 
/**
 * Itemsets of the kind asked for per length (entry `l` counts itemsets of `l` items).
 */
itemsets_by_length: Array<number>, 
/**
 * The most frequent itemsets of two or more items of that kind, by count (at most `max_listed`).
 */
top_itemsets: Array<ItemsetOut>, 
/**
 * The most frequent items (at most `max_items`, or `max_listed`).
 */
item_frequencies: Array<ItemsetOut>, 
/**
 * Rules that passed the filters (`null` with `itemsets_only`).
 */
rules: number | null, 
/**
 * Rules dropped as redundant (0 unless pruning).
 */
redundant_rules: number, 
/**
 * The best `max_rules` rules by `sort_by` (lift by default), best first.
 */
top_rules: Array<RuleOut>, 
/**
 * True when `rules` is larger than the list: the budget cut it.
 */
truncated: boolean, 
/**
 * The group mined, when a segment or customer list was chosen.
 */
segment: string | null, 
/**
 * The lift of the top rules in each group of `compare_by`.
 */
comparison: Comparison | null, };

/**
 * A decile of the customers' scores, best scores first.
 */
export type ScoreDecile = { 
/**
 * 1 (highest scores) to 10.
 */
decile: number, 
/**
 * Customers in it.
 */
customers: number, 
/**
 * Of them in the group.
 */
best: number, 
/**
 * Lowest score in it.
 */
min_score: number, 
/**
 * Highest score in it.
 */
max_score: number, 
/**
 * Mean revenue of its customers in the window.
 */
mean_value: number, };

/**
 * The fit the values are scored with: the chosen model refitted on all purchases up to the as-of date.
 */
export type Scoring = { 
/**
 * The date the values, P(alive) and lists refer to (the last day of the data used).
 */
as_of: string, 
/**
 * Refitted on all purchases up to `as_of` (true with a holdout; without one the calibration fit is it).
 */
refitted: boolean, 
/**
 * Customers scored.
 */
customers: number, 
/**
 * The parameters (r, alpha, a, b for BG/NBD and MBG/NBD; r, alpha, s, beta for Pareto/NBD).
 */
parameters: [number, number, number, number], 
/**
 * Log-likelihood of the refit.
 */
log_likelihood: number, 
/**
 * Gamma-Gamma (p, q, gamma) of the refit (`null` without a spend model).
 */
spend: [number, number, number] | null, };

/**
 * The named RFM segments.
 */
export type Segment = "champions" | "loyal" | "potential_loyalists" | "new" | "promising" | "need_attention" | "about_to_sleep" | "at_risk" | "cant_lose_them" | "hibernating" | "lost";

/**
 * Mine within one group of customers.
 */
export type SegmentChoice = { 
/**
 * The grouping of the segmentation (`segment`, `cluster`, `rule`, `stage`, `band`, `class`).
 */
by: GroupBy, 
/**
 * The group (`Champions`, `0`, `lapsing`, …).
 */
value: string, };

/**
 * Options of the segmentation (all optional; `{}` from the page means the defaults).
 */
export type SegmentOptions = { 
/**
 * As-of date `YYYY-MM-DD` (default: the day after the last date in the file). Lines dated on or
 * after it are left out.
 */
as_of: string | null, 
/**
 * Where the profitable classes are cut (default: 10 % and the next 50 % of revenue).
 */
classes: ClassParams | null, 
/**
 * What spend bands measure: spend per `week`, per `month` (default) or over the whole `period`.
 */
band_period: BandPeriod | null, 
/**
 * Custom lower edges of the spend bands (finite, strictly increasing), e.g. `[0, 10, 50]`; default: a
 * ladder of 11 bands that fits `band_period`.
 */
band_edges: Array<number> | null, 
/**
 * Where the band migration splits the window, `YYYY-MM-DD` (default: the window midpoint); must lie
 * after the window start and before the as-of date.
 */
split_date: string | null, 
/**
 * Lifecycle stage rules, cohort width and high-affinity cut.
 */
lifecycle: LifecycleParams | null, 
/**
 * Price-sensitivity cut.
 */
price: PriceParams | null, 
/**
 * k-means clustering on R, F, M (default: on, k over 2..=10).
 */
clusters: ClusterOptions | null, 
/**
 * Rule-based segments (see [`rule_lang`] for the language), e.g. `frequency >= 5 -> "Regular"; else "Other"`.
 */
rules: string | null, 
/**
 * Threshold triggers: customers whose cumulative spend crossed an amount in the last N days.
 */
triggers: TriggerOptions | null, };

/**
 * The segmentation report (the page's and the CLI's `--json`). Keys are contracts: add, don't rename.
 */
export type SegmentReport = { 
/**
 * The options that produced the report.
 */
options: SegmentOptions, 
/**
 * The as-of date used.
 */
as_of: string | null, 
/**
 * First date of the observation window (the earliest date in the file).
 */
window_start: string | null, 
/**
 * First date of the window's second half (for the "falling" class).
 */
window_midpoint: string | null, 
/**
 * Customers with at least one purchase.
 */
customers: number, 
/**
 * Their purchase revenue.
 */
revenue: number, 
/**
 * Total margin, when the file has costs.
 */
margin: number | null, 
/**
 * What the frequency counts.
 */
frequency_basis: FrequencyBasis, 
/**
 * Used rows without a customer id, excluded.
 */
excluded_no_customer: number, 
/**
 * Purchase revenue of the excluded rows.
 */
excluded_no_customer_revenue: number, 
/**
 * Customers with lines but no purchase (only returns or zero-price lines), not counted.
 */
customers_without_purchases: number, 
/**
 * Rows dated on or after the as-of date, left out.
 */
rows_after_as_of: number, 
/**
 * Purchase lines with an unknown amount (counted as purchases worth nothing).
 */
purchases_without_amount: number, 
/**
 * Gini coefficient of revenue over customers.
 */
gini: number, 
/**
 * Monetary deciles, best first.
 */
deciles: Array<DecileRow>, 
/**
 * How many customers make each tenth of the revenue.
 */
purchase_deciles: Array<PurchaseDecileRow>, 
/**
 * The Lorenz curve (at most [`LORENZ_POINTS`] points).
 */
lorenz: Array<LorenzPoint>, 
/**
 * Revenue share of the top 1, 5, 10, 20 % of customers.
 */
top_shares: Array<TopShare>, 
/**
 * The named RFM segments (always the same 11 rows, best first).
 */
rfm_segments: Array<SegmentRow>, 
/**
 * The R × F grid.
 */
rfm_grid: Array<GridCell>, 
/**
 * The three profitable classes.
 */
profitable_classes: ProfitableClasses, 
/**
 * How the scores are computed, for people.
 */
score_rule: string, 
/**
 * Customers by spend per period.
 */
spend_bands: SpendBands, 
/**
 * Customers by band before and after the split date.
 */
band_migration: BandMigration, 
/**
 * Customers by lifecycle stage.
 */
lifecycle: Lifecycle, 
/**
 * Share of each month's customers who had bought in an earlier month.
 */
returning_rate: Array<MonthRate>, 
/**
 * Retention by first-purchase month.
 */
cohorts: Cohorts, 
/**
 * The loyal core by frequency and tenure.
 */
high_affinity: HighAffinity, 
/**
 * Price-sensitive versus relationship customers; `null` without a discount column.
 */
price_sensitivity: PriceSensitivity | null, 
/**
 * Why `price_sensitivity` is `null` (absent otherwise).
 */
price_sensitivity_reason: string | null, 
/**
 * k-means clusters on R, F, M (`null` when turned off or with too few distinct customers).
 */
clusters: ClusterSection | null, 
/**
 * Why `clusters` is `null` although clustering is on (absent otherwise): k-means could not run on
 * these customers (e.g. fewer distinct customers than the smallest k), with its code and message.
 */
clusters_reason: ErrorJson | null, 
/**
 * Rule-based segments (`null` without rules); a rule error is reported inside.
 */
rule_segments: RuleSection | null, 
/**
 * Threshold triggers (`null` unless an amount is given).
 */
triggers: TriggerSection | null, 
/**
 * Key figures and the monthly revenue by RFM segment (see [`overview`]).
 */
overview: Overview, 
/**
 * On a per-customer summary ([`crate::Layout::Customers`]): the sections that need the line items and
 * are left empty (`band_migration`, `returning_rate`, `cohorts`, `monthly_revenue`, `revenue_at_risk`, `price_sensitivity`,
 * `triggers` when asked, `won_back` when the lapsed days are not the default). Absent on line items.
 */
needs_line_items: Array<string>, };

/**
 * One segment's size and weight.
 */
export type SegmentRow = { 
/**
 * Display name.
 */
name: string, 
/**
 * Stable key (snake case).
 */
key: Segment, 
/**
 * Customers in the segment.
 */
customers: number, 
/**
 * Share of the customers.
 */
customer_share: number, 
/**
 * Revenue of the segment.
 */
revenue: number, 
/**
 * Share of the revenue.
 */
revenue_share: number, 
/**
 * One-line meaning.
 */
meaning: string, 
/**
 * Suggested action.
 */
action: string, };

/**
 * One segment's customers and value.
 */
export type SegmentValue = { 
/**
 * The RFM segment's name (`""`: not in the segmentation).
 */
segment: string, 
/**
 * Customers of the value report in the segment.
 */
customers: number, 
/**
 * Their summed CLV (customers without a value count as 0).
 */
clv: number, 
/**
 * Their mean P(alive).
 */
p_alive: number, 
/**
 * The median of their mean gaps between purchases, in days (customers with a repeat purchase; `null`
 * without any).
 */
typical_gap_days: number | null, 
/**
 * Of them, customers overdue (see [`super::timing`]).
 */
overdue: number, 
/**
 * Customers expected to buy within 30 days (the sum of their chances).
 */
expected_buyers_30: number, };

/**
 * One item of [`items`].
 */
export type SequenceItem = { 
/**
 * The item's key (code, or name with `item_key = name`).
 */
item: string, 
/**
 * Its name, when it differs from the key.
 */
name: string | null, 
/**
 * Customers who bought it.
 */
customers: number, };

/**
 * Which column names the items.
 */
export type SequenceItemKey = "code" | "name";

/**
 * Options of [`super::sequences`] (all optional; `{}` from the page means the defaults).
 */
export type SequenceOptions = { 
/**
 * As-of date `YYYY-MM-DD` (default: the day after the last date in the file). Lines dated on or
 * after it are left out; the day before it is the last observed day.
 */
as_of: string | null, 
/**
 * What an element of a sequence is: `day` (default) or `order`.
 */
element: ElementKind, 
/**
 * Items by `code` (default) or `name`.
 */
item_key: SequenceItemKey, 
/**
 * Mine the frequent sequential patterns (default true; the "what comes next" table alone can skip it).
 */
patterns: boolean, 
/**
 * Minimum support of a pattern: a fraction of the customers in (0, 1] (count = ceil(fraction ×
 * customers)), or a whole number of customers above 1. Default 0.01.
 */
min_support: number, 
/**
 * Largest gap in days between consecutive elements of a pattern's occurrence (default: none).
 */
max_gap_days: number | null, 
/**
 * Largest span in days from the first to the last element of an occurrence (default: none).
 */
max_span_days: number | null, 
/**
 * Largest number of items in a pattern (default: no limit; the budget still applies).
 */
max_len: number | null, 
/**
 * Budget: mining stops after this many patterns and the report says it was truncated (default
 * 1,000,000).
 */
max_patterns: number, 
/**
 * Rows kept in `top_patterns` and `timed_rules` (default 20).
 */
top: number, 
/**
 * Window N of the timed rules "bought A, then B within N days" (default 90; at least 1).
 */
within_days: number, 
/**
 * Target item A ("what comes next after A"); default: all items.
 */
after: string | null, 
/**
 * Smallest number of customers who bought A and were observed N days after it (default 10).
 */
min_customers: number, 
/**
 * Smallest number of those customers who bought B in time (default 3).
 */
min_count: number, 
/**
 * Smallest share of them who bought B in time (default 0).
 */
min_share: number, 
/**
 * Ranking of the timed rules: `lift` (default), `share` or `count`.
 */
sort: TimedSort, 
/**
 * Keep rules A → A (the same item bought again within N days); default false.
 */
include_repeat: boolean, };

/**
 * The sequence report (the page's and the CLI's `--json`). Keys are contracts: add, don't rename.
 */
export type SequenceReport = { 
/**
 * The options that produced the report.
 */
options: SequenceOptions, 
/**
 * Customers with at least one purchase before the as-of date (one sequence each).
 */
customers: number, 
/**
 * The as-of date used (first day not observed).
 */
as_of: string | null, 
/**
 * Elements of all sequences (customer-days or orders).
 */
elements: number, 
/**
 * Distinct items bought.
 */
items: number, 
/**
 * Minimum support in customers.
 */
min_support_count: number, 
/**
 * Number of frequent patterns (0 when mining was skipped).
 */
patterns: number, 
/**
 * The budget stopped the mining: more frequent patterns exist than `patterns`.
 */
truncated: boolean, 
/**
 * Frequent patterns by number of items: `patterns_by_length[k]` has `k + 1` items.
 */
patterns_by_length: Array<number>, 
/**
 * The most frequent patterns of at least two elements (an order in time), by support, then more
 * items first, then item order.
 */
top_patterns: Array<PatternRow>, 
/**
 * The timed rules, best first by `options.sort`.
 */
timed_rules: Array<TimedRuleRow>, 
/**
 * Window, populations and definitions of the timed rules.
 */
timed: TimedSummary, };

/**
 * One series' forecast (the total's monthly one is flattened into the report).
 */
export type SeriesForecast = { 
/**
 * `month` or `week`.
 */
period: ForecastPeriod, 
/**
 * Periods per season (12 or 52).
 */
season_length: number, 
/**
 * The model fitted to the complete periods.
 */
model: ForecastModelSummary, 
/**
 * The complete periods fitted, oldest first.
 */
history: Array<PeriodValue>, 
/**
 * The as-of period when it has begun (`null` otherwise); it is the forecast's first period.
 */
partial: PartialPeriod | null, 
/**
 * The forecast, from the first period not completely observed.
 */
forecast: Array<ForecastPoint>, 
/**
 * The rolling-origin back-test (`null` when the history is too short for one).
 */
backtest: ForecastBacktest | null, };

/**
 * An attribute both files have.
 */
export type SharedAttribute = { 
/**
 * The customers file's column name.
 */
name: string, 
/**
 * How its values were binned.
 */
kind: Kind, 
/**
 * Bins (features) it gives.
 */
bins: number, };

/**
 * One sheet of the workbook, as listed in the data report.
 */
export type SheetInfo = { 
/**
 * The sheet's name.
 */
name: string, 
/**
 * Rows from the first to the last used row (header included), when the file says so cheaply.
 */
rows: number | null, };

/**
 * An attribute left out, and why.
 */
export type SkippedAttribute = { 
/**
 * Column name.
 */
name: string, 
/**
 * `sales` or `customers`.
 */
source: string, 
/**
 * `distinct_values`: nearly one value per customer (an id, a name, an e-mail), nothing to compare.
 */
reason: string, 
/**
 * Distinct values among the customers.
 */
distinct: number, };

/**
 * A period set aside because it is observed only in part.
 */
export type SkippedPeriod = { 
/**
 * Its label.
 */
period: string, 
/**
 * Days observed.
 */
days_observed: number, 
/**
 * Days in the period.
 */
days: number, };

/**
 * The source file.
 */
export type Source = { 
/**
 * Bytes read (compressed size for gzip).
 */
bytes: number, 
/**
 * Bytes of text after decompression and decoding.
 */
text_bytes: number, 
/**
 * The file was gzip-compressed.
 */
gzip: boolean, 
/**
 * Text encoding.
 */
encoding: string, 
/**
 * A byte-order mark was present.
 */
bom: boolean, 
/**
 * Bytes that were not valid UTF-8 and were read as Windows-1252.
 */
repaired_bytes: number, 
/**
 * `csv` for text (delimited, optionally gzip), else the workbook's kind: `xlsx`, `xlsb`, `xls`, `ods`.
 */
format: string, 
/**
 * The sheet read, for a workbook.
 */
sheet: string | null, 
/**
 * Every sheet of a workbook, in its order (empty for text).
 */
sheets: Array<SheetInfo>, };

/**
 * A row that is not one value or bin.
 */
export type Special = "not_given" | "other";

/**
 * The spend back-test.
 */
export type SpendBacktest = { 
/**
 * What the back-test customers spent in the window.
 */
actual_total: number, 
/**
 * The model's errors.
 */
model: SpendErrors | null, 
/**
 * The lifetime-value model's (expected purchases × expected spend per purchase).
 */
clv: SpendErrors | null, };

/**
 * The `spend_bands` section of the report.
 */
export type SpendBands = { 
/**
 * What spend is measured over.
 */
period: BandPeriod, 
/**
 * Periods in the observation window (at least 1).
 */
periods_in_window: number, 
/**
 * The lower edges used.
 */
edges: Array<number>, 
/**
 * True when the edges were given, false for the default ladder.
 */
custom_edges: boolean, 
/**
 * How spend per period and band membership are defined, for people.
 */
rule: string, 
/**
 * One row per band, lowest first.
 */
bands: Array<BandRow>, };

/**
 * Errors of predicted spend against what was spent.
 */
export type SpendErrors = { 
/**
 * Sum of the predictions.
 */
predicted_total: number, 
/**
 * Mean absolute error per customer.
 */
mae: number, 
/**
 * Root mean squared error per customer.
 */
rmse: number, };

/**
 * A customer's lifecycle stage.
 */
export type Stage = "new" | "active" | "lapsing" | "lapsed" | "won_back";

/**
 * One row of the stage table.
 */
export type StageRow = { 
/**
 * Stage key.
 */
stage: Stage, 
/**
 * Customers in the stage.
 */
customers: number, 
/**
 * Share of all customers.
 */
customer_share: number, 
/**
 * Their revenue over the window.
 */
revenue: number, 
/**
 * Share of the revenue.
 */
revenue_share: number, };

/**
 * The headline numbers.
 */
export type Summary = { 
/**
 * Distinct customers in used rows.
 */
customers: number, 
/**
 * Distinct orders (baskets) in used rows.
 */
orders: number, 
/**
 * Distinct items in used rows.
 */
items: number, 
/**
 * First purchase date (`YYYY-MM-DD HH:MM:SS`), when dates are known.
 */
first_date: string | null, 
/**
 * Last date.
 */
last_date: string | null, 
/**
 * Revenue of purchases.
 */
revenue: number, 
/**
 * Value of returns (positive).
 */
returns_value: number, };

/**
 * Size of the in-memory table.
 */
export type Table = { 
/**
 * Rows (lines; for baskets, one per item occurrence).
 */
rows: number, 
/**
 * Heap bytes of columns and dictionaries.
 */
bytes: number, 
/**
 * `bytes / rows`.
 */
bytes_per_row: number, };

/**
 * The target item of "what comes next after A".
 */
export type TargetRow = { 
/**
 * Item A.
 */
item: string, 
/**
 * Its display name, when items are codes and the file names them.
 */
name: string | null, 
/**
 * Customers who bought A.
 */
buyers: number, 
/**
 * Of those, observed N days after their first purchase of A.
 */
observed: number, 
/**
 * Of those, observed for less than N days (excluded from the shares).
 */
excluded_short_observation: number, };

/**
 * The time unit of t_x, T, the horizon and the parameters α (and the tracking periods).
 */
export type TimeUnit = "day" | "week";

/**
 * One timed rule in the report (see [`timed`] for the definitions).
 */
export type TimedRuleRow = { 
/**
 * Item A (code or name).
 */
antecedent: string, 
/**
 * Item B.
 */
consequent: string, 
/**
 * A's display name, when items are codes and the file names them.
 */
antecedent_name: string | null, 
/**
 * B's display name, likewise.
 */
consequent_name: string | null, 
/**
 * Buyers of A observed N days after their first purchase of A (the denominator).
 */
customers_with_antecedent: number, 
/**
 * Buyers of A observed for less than N days after it, excluded.
 */
excluded_short_observation: number, 
/**
 * Of the observed buyers of A, those who bought B within N days after it (not the same day).
 */
count: number, 
/**
 * `count / customers_with_antecedent`.
 */
share: number, 
/**
 * Median days from A to the first B in the window.
 */
median_lag_days: number | null, 
/**
 * Expected share without A: the mean, over the observed buyers of A at their anchor days d, of the share of
 * customers buying anything on day d who bought B in (d, d + N].
 */
base_rate: number, 
/**
 * `share / base_rate`; `null` when the base rate is 0.
 */
lift: number | null, };

/**
 * How the timed rules are ranked (descending; ties by the other two measures, then by item order).
 */
export type TimedSort = "lift" | "share" | "count";

/**
 * How the timed rules were computed.
 */
export type TimedSummary = { 
/**
 * Window N in days.
 */
within_days: number, 
/**
 * Last observed day (the day before the as-of date).
 */
observed_until: string | null, 
/**
 * Purchase days (customer, day) observed N days afterwards: the population of the base rates.
 */
base_purchase_days: number, 
/**
 * The target item, when one was given.
 */
after: TargetRow | null, 
/**
 * The definitions, for people.
 */
rule: string, };

/**
 * The report's timing section.
 */
export type Timing = { 
/**
 * The windows in days ([`WINDOWS`]).
 */
windows: [number, number, number], 
/**
 * Customers expected to buy at least once within each window: the sum of their chances.
 */
expected_buyers: [number, number, number], 
/**
 * How far apart purchases are, up to the as-of date.
 */
gaps: Gaps, 
/**
 * Customers overdue (at least three purchases, silent for longer than their own mean gap).
 */
overdue_customers: number, 
/**
 * The first [`OVERDUE_LIST`] of them by past value, largest first (equal value by id).
 */
overdue: Array<CustomerValue>, };

/**
 * Share of the revenue made by the top `percent` % of the customers.
 */
export type TopShare = { 
/**
 * 1, 5, 10 or 20.
 */
percent: number, 
/**
 * `⌈percent · n / 100⌉` customers.
 */
customers: number, 
/**
 * Their share of the revenue.
 */
revenue_share: number, };

/**
 * Totals over all customers.
 */
export type Totals = { 
/**
 * Expected purchases over the horizon.
 */
expected_purchases: number, 
/**
 * Its 80 % range from the parameters' uncertainty (`null` when the fit gives no covariance).
 */
expected_purchases_range: [number, number] | null, 
/**
 * Σ CLV (`null` without a spend model).
 */
clv: number | null, 
/**
 * Its 80 % range (`null` without a spend model or a covariance).
 */
clv_range: [number, number] | null, 
/**
 * Mean P(alive).
 */
mean_p_alive: number, };

/**
 * One period of the tracking chart.
 */
export type TrackingPoint = { 
/**
 * Period number (0 = the period of the first purchase).
 */
period: number, 
/**
 * First day of the period.
 */
start: string, 
/**
 * The period is after the calibration end (the test part).
 */
holdout: boolean, 
/**
 * Repeat purchases in the period.
 */
actual: number, 
/**
 * Model prediction for the period.
 */
predicted: number, 
/**
 * Repeat purchases up to the end of the period.
 */
cumulative_actual: number, 
/**
 * Prediction up to the end of the period.
 */
cumulative_predicted: number, 
/**
 * Its 80 % range from the uncertainty of the fitted parameters (`null` without a covariance).
 */
cumulative_predicted_range: [number, number] | null, };

/**
 * One feature of a cluster's description.
 */
export type Trait = { 
/**
 * The feature.
 */
feature: string, 
/**
 * The centre's z-score.
 */
z: number, 
/**
 * High, average or low.
 */
level: ClusterLevel, 
/**
 * The word for it ("recent", "high spend", "average frequency"...).
 */
word: string, };

/**
 * What the baskets are made of: the accounting of every line.
 */
export type TransactionReport = { 
/**
 * Baskets with at least one purchased item (after the customer filter, if any).
 */
baskets: number, 
/**
 * Distinct items in those baskets.
 */
items: number, 
/**
 * Rows of the table.
 */
lines: number, 
/**
 * Purchase lines that went into baskets.
 */
lines_used: number, 
/**
 * Return or cancellation lines, left out.
 */
skipped_returns: number, 
/**
 * Lines with a price of zero or less, left out.
 */
skipped_nonpositive_price: number, 
/**
 * Lines with quantity zero, left out.
 */
skipped_zero_quantity: number, 
/**
 * Purchase lines whose item was already in the basket (merged: an item counts once).
 */
repeated_items: number, 
/**
 * Purchase lines without an order id: each is a basket of its own.
 */
lines_without_order: number, 
/**
 * Baskets (counted in `baskets`) without a customer id.
 */
baskets_without_customer: number, 
/**
 * Baskets left out by the customer filter.
 */
baskets_outside_segment: number, 
/**
 * Mean number of distinct items per basket.
 */
mean_basket_size: number, 
/**
 * Largest basket.
 */
max_basket_size: number, };

/**
 * The trend of a model.
 */
export type Trend = "none" | "additive" | "damped";

/**
 * Threshold trigger options: both must be given for the section to exist.
 */
export type TriggerOptions = { 
/**
 * The cumulative spend to cross.
 */
amount: number | null, 
/**
 * Within the last N days (default 30).
 */
days: number | null, };

/**
 * One triggered customer, for people.
 */
export type TriggerRow = { 
/**
 * Customer id.
 */
customer: string, 
/**
 * When the amount was crossed (`YYYY-MM-DD HH:MM:SS`).
 */
crossed_at: string, 
/**
 * Cumulative spend before the window.
 */
before: number, 
/**
 * Cumulative spend at the as-of date.
 */
total: number, };

/**
 * The triggers section.
 */
export type TriggerSection = { 
/**
 * The amount.
 */
amount: number, 
/**
 * The window in days.
 */
days: number, 
/**
 * Customers who crossed it, by crossing time.
 */
customers: Array<TriggerRow>, 
/**
 * Purchase lines skipped because their amount is unknown.
 */
skipped_amounts: number, };

/**
 * The hold-out check.
 */
export type Validation = { 
/**
 * Share held out.
 */
holdout: number, 
/**
 * The shuffle's seed.
 */
seed: number, 
/**
 * Customers the first fit learned from.
 */
training_customers: number, 
/**
 * Customers held out.
 */
holdout_customers: number, 
/**
 * Of them in the group.
 */
holdout_best: number, 
/**
 * Area under the ROC curve on the held-out customers: the chance that the model ranks a group
 * customer above another customer (0.5 is chance); `null` when the hold-out lacks either kind.
 */
auc: number | null, };

/**
 * One value (or bin) of an attribute.
 */
export type ValueRow = { 
/**
 * The value, year or range; `(not given)` and `(other values)` for the special rows.
 */
value: string, 
/**
 * `not_given` or `other` for the special rows, else absent.
 */
special: Special | null, 
/**
 * Lower edge of a number bin (the smallest value for the first), or the year of a date bin.
 */
lower: number | null, 
/**
 * Upper edge (excluded) of a number bin.
 */
upper: number | null, 
/**
 * Customers with the value, among all.
 */
customers: number, 
/**
 * Customers with the value in the group.
 */
customers_best: number, 
/**
 * `customers_best / group size` (0 for an empty group).
 */
share_best: number, 
/**
 * `customers / all customers`.
 */
share_all: number, 
/**
 * `share_best / share_all`: 2 means twice as frequent in the group; `null` for an empty group.
 */
index: number | null, 
/**
 * Two-sided Fisher exact test of group × value (1 when nothing can differ).
 */
p_value: number, 
/**
 * An expected count of the 2 × 2 table is below 5: the p-value is exact, but the share rests on few
 * customers.
 */
small: boolean, };

/**
 * One customer with a share.
 */
export type WalletCustomer = { 
/**
 * Customer id.
 */
customer: string, 
/**
 * Spend with you in the period.
 */
spend: number, 
/**
 * Surveyed spend in the category over the period.
 */
category_spend: number, 
/**
 * `spend / category_spend` (above 1 when the survey under-reports; not clipped).
 */
share: number, 
/**
 * The share is above 1.
 */
over_100: boolean, 
/**
 * `category_spend − spend`: what could still be won.
 */
headroom: number, };

/**
 * Options of share of wallet. `{}`: the detected column, the sales window, median value, 50 % share.
 */
export type WalletOptions = { 
/**
 * The survey column of the customers file (its header name, any case); detected by name.
 */
column: string | null, 
/**
 * Days the surveyed spend covers, ending at the as-of date (default: the sales file's window).
 */
period_days: number | null, 
/**
 * Value (spend with you) at or above which a customer is high value (default: the median).
 */
value_split: number | null, 
/**
 * Share at or above which a share is high (0.5).
 */
share_split: number, 
/**
 * Worth-winning customers listed at most (the count is always given).
 */
limit: number, };

/**
 * The period the shares cover.
 */
export type WalletPeriod = { 
/**
 * `sales_window` (the default) or `given`.
 */
basis: string, 
/**
 * Days.
 */
days: number, 
/**
 * First day.
 */
from: string, 
/**
 * Last day (the day before the as-of date).
 */
to: string, };

/**
 * The share-of-wallet section. Keys are contracts: add, don't rename.
 */
export type WalletReport = { 
/**
 * Whether a survey column was found; without it nothing below is computed.
 */
available: boolean, 
/**
 * The survey column; `null` when none.
 */
column: string | null, 
/**
 * The options used.
 */
options: WalletOptions, 
/**
 * The period; `null` when not available or the file has no dates.
 */
period: WalletPeriod | null, 
/**
 * Customers (of the sales file) with a surveyed spend above 0.
 */
customers_with_survey: number, 
/**
 * Customers without one (not in the customers file, empty, not a number, or 0).
 */
customers_without_survey: number, 
/**
 * Of those with a survey, shares above 1.
 */
over_100: number, 
/**
 * Median share of those with a survey.
 */
median_share: number | null, 
/**
 * The value split used (spend with you).
 */
value_split: number | null, 
/**
 * The share split used.
 */
share_split: number, 
/**
 * The four cells: loyal, growth, convenience, low.
 */
grid: Array<Cell>, 
/**
 * Growth-potential customers in the grid.
 */
worth_winning_customers: number, 
/**
 * The first of them by headroom (at most the option's limit).
 */
worth_winning: Array<WalletCustomer>, 
/**
 * Notes the page words from their codes.
 */
notes: Array<Notice>, };

/**
 * A label window: features at `features_date`, labels from `features_date` up to `label_end` (exclusive).
 */
export type Window = { 
/**
 * The features' date (purchases before it).
 */
features_date: string, 
/**
 * First day after the label window.
 */
label_end: string, 
/**
 * Customers known at the features date.
 */
customers: number, 
/**
 * Of them with the label.
 */
positives: number, 
/**
 * positives / customers.
 */
rate: number, };
