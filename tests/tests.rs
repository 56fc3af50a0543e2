//! The one integration-test binary: drives the real `grapevine` CLI.

mod util;

mod batch;
mod cli;
mod compare;
mod errors;
mod fuzz_regressions;
mod import;
mod interrupt;
mod limits;
mod oracle;
mod privacy;
mod recommend;
mod report;
mod weighted;
