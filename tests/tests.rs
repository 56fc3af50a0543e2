//! The one integration-test binary: drives the real `grapevine` CLI.

mod util;

mod batch;
mod cli;
mod errors;
mod import;
mod oracle;
mod privacy;
mod recommend;
mod report;
mod weighted;
