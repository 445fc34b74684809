//! Memory of a profile (src/audience): the peak of `profile()` — the profile table it builds, one value
//! per customer and attribute, the bins and one Fisher test at a time — stays below the heap of the sales
//! table it reads, measured by a counting global allocator (this test binary only; the pattern of
//! tests/common/counting.rs). Cases: the seeded synthetic shop of 200,000 lines with a customers file of
//! 50,000 ids and five attributes (a number, two categories, a date, an id-like column), for the best
//! decile and for an RFM segment (which runs the segmentation too).

use clientela::audience::{self, CustomersOptions, ProfileOptions, Sales};
use clientela::ingest::{IngestOptions, read_bytes};

#[path = "common/counting.rs"]
mod counting;
use counting::peak_of;

#[global_allocator]
static ALLOC: counting::Counting = counting::Counting;

/// One test function: the allocator's counters are global, so the cases run one after the other.
#[test]
fn a_profile_needs_less_than_the_table_it_reads() {
    let csv = clientela::synth::csv_bytes(&clientela::synth::ShopParams { rows: 200_000, seed: 3, ..Default::default() });
    let (data, report) = read_bytes(&csv, IngestOptions::default()).unwrap();
    let ids: Vec<&str> = data.customers.iter().map(|(_, s)| s).collect();
    let mut text = String::from("customer_id,age,gender,city,signup,email\n");
    for k in 0..50_000usize {
        let id = ids.get(k).map_or_else(|| format!("x{k}"), |s| s.to_string());
        text.push_str(&format!("{id},{},{},c{},20{:02}-03-01,u{k}@example.org\n", 18 + k % 60, ["F", "M"][k % 2], k % 40, 10 + k % 14));
    }
    let (table, read_peak) = peak_of(|| audience::read_customers(text.as_bytes(), &CustomersOptions::default()).unwrap());
    let sales = Sales { data: &data, number: audience::number_format(&report) };
    let heap = data.heap_bytes();
    for group in ["best", "segment:champions"] {
        let options = ProfileOptions { group: Some(group.into()), ..Default::default() };
        let (r, peak) = peak_of(|| audience::profile(sales, Some(&table), &options).unwrap());
        eprintln!("{group}: profile peak {peak} bytes, sales table heap {heap} bytes, customers file read peak {read_peak}");
        assert_eq!(r.attributes.len(), 5, "Country, age, gender, city, signup (email skipped)");
        assert_eq!(r.skipped_attributes.len(), 1);
        assert!(peak < heap, "{group}: peak {peak} ≥ table {heap}");
    }
}
