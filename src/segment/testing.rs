//! A hand-made shop shared by the unit tests of the segmentation's sections.

use super::profile::{self, Profiles};
use crate::dataset::Dataset;
use crate::ingest::{IngestOptions, read_bytes};

/// A hand-made shop, as of 2024-03-01 (the day after the last date):
/// a: 2 orders (600 on 2024-01-20, 500 on 2024-02-25) = 1100, Germany, interest 0
/// b: 1 order (1200 on 2023-06-01... no: 2024-01-02) = 1200, France, interest 3.5
/// c: 3 orders (10 each, 2024-02-01, -10, -29) = 30, Germany, interest 0
pub(crate) const SHOP: &str = "Invoice,Customer,Date,Item,Quantity,Price,Country,Interest\n\
    1,a,2024-01-20,x,1,600,Germany,0\n\
    2,b,2024-01-02,y,2,600,France,3.5\n\
    3,c,2024-02-01,z,1,10,Germany,0\n\
    4,a,2024-02-25,x,1,500,Germany,0\n\
    5,c,2024-02-10,z,1,10,Germany,0\n\
    6,c,2024-02-29,z,1,10,Germany,0\n";

/// The shop read and profiled as of the day after its last date.
pub(crate) fn shop() -> (Dataset, Profiles) {
    let (ds, _) = read_bytes(SHOP.as_bytes(), IngestOptions::default()).unwrap();
    let p = profile::profiles(&ds, None).unwrap();
    (ds, p)
}
