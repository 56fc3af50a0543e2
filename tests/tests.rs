//! The one integration-test binary: drives the real `grapevine` CLI.

mod util;

mod cli;
mod errors;
mod import;
mod oracle;
mod recommend;
