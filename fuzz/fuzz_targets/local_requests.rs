//! libFuzzer's entry for `swf_fuzz::local_requests` (see that function for what it checks).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| swf_fuzz::local_requests::run(data));
