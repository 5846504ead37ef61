//! Fuzzes method-body headers, EH sections, the IL decoder and the
//! signature parsers on raw bytes.
#![no_main]
use kiln_metadata::body::MethodBody;
use kiln_metadata::il::IlDecoder;
use kiln_metadata::sig::SigParser;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    for insn in IlDecoder::new(data) {
        if insn.is_err() {
            break;
        }
    }
    if let Ok(body) = MethodBody::parse(data, 0x2000) {
        for insn in IlDecoder::new(body.code) {
            if insn.is_err() {
                break;
            }
        }
    }
    let _ = SigParser::parse_method(data, 1);
    let _ = SigParser::parse_locals(data, 1);
    let _ = SigParser::parse_type_spec(data, 1);
    let _ = SigParser::parse_property(data, 1);
    let _ = SigParser::parse_method_spec(data, 1);
});
