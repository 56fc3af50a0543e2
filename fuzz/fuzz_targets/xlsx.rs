//! The survey importer on spreadsheets on any bytes: the body is `grapevine::fuzzing::xlsx` (src/fuzzing.rs), where
//! `cargo test` compiles it and replays the committed seeds.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| grapevine::fuzzing::xlsx(data));
