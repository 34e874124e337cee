#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| rootless_doctor_fuzz::bundle(data));
