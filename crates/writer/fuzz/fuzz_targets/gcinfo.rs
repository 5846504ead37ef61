//! Fuzz target: the GC info decoder must never panic, and whatever it
//! accepts must re-encode without panicking.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(d) = kiln_gcinfo::decode(data) {
        let _ = d.to_desc().encode();
    }
    let _ = kiln_runtime_abi::unwind::UnwindBlob::decode_r2r(data, 0);
    let _ = kiln_runtime_abi::debuginfo::DebugInfo::decode(data);
    let _ = kiln_runtime_abi::nibble::decode_fixup_list(data);
    let _ = kiln_runtime_abi::sig::FixupSig::decode(data);
});
