#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| api_routes_fuzz::route_model::run(data));
