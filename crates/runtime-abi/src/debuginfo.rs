//! Per-method debug info as R2R 9.x (.NET 8) stores it: a nibble header
//! (bounds size, vars size), the IL↔native bounds and the variable
//! locations, each a nibble stream.
//!
//! Specification: `src/coreclr/vm/debuginfostore.cpp` (.NET 8:
//! `CompressDebugInfo`, `DoBounds`, `DoVars`) and `src/coreclr/inc/cordebuginfo.h`;
//! crossgen2 `DebugInfoTableNode.cs` of the .NET 8 era (the bit-packed
//! bounds and the “fat” header are later formats and are not used here).
//! Bounds: count, then per entry native-offset delta, `il_offset + 3`
//! (`MAX_MAPPING_VALUE` = −3), source flags. Vars: count, then per var
//! `var_number + 4` (`MAX_ILNUM` = −4), start, length, location kind and its
//! operands. The section itself is a NativeArray indexed by RUNTIME_FUNCTION
//! index whose entries are a back-offset (0 = blob follows inline).

use crate::error::{DecodeError, Result};
use crate::nibble::{NibbleReader, NibbleWriter};
use crate::stencil::DebugBound;

/// A variable's location over a native range (`ICorDebugInfo::VarLoc`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum VarLoc {
    /// `VLT_REG`(0)/`VLT_REG_BYREF`(1)/`VLT_REG_FP`(2): register.
    Reg(u8, u32),
    /// `VLT_STK`(3)/`VLT_STK_BYREF`(4): base register, offset.
    Stk(u8, u32, i32),
    /// `VLT_REG_REG`(5).
    RegReg(u32, u32),
    /// `VLT_REG_STK`(6): reg, base reg, offset.
    RegStk(u32, u32, i32),
    /// `VLT_STK_REG`(7): offset, base reg, reg.
    StkReg(i32, u32, u32),
    /// `VLT_STK2`(8): base reg, offset.
    Stk2(u32, i32),
    /// `VLT_FPSTK`(9).
    FpStk(u32),
    /// `VLT_FIXED_VA`(10).
    FixedVa(u32),
}

/// One variable-location record (`ICorDebugInfo::NativeVarInfo`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct NativeVar {
    /// IL variable number (negative for special ones).
    pub var_number: i32,
    /// Native start offset.
    pub start: u32,
    /// Native end offset (exclusive).
    pub end: u32,
    /// Location.
    pub loc: VarLoc,
}

/// A method's debug info.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct DebugInfo {
    /// Bounds, in stored order.
    pub bounds: Vec<DebugBound>,
    /// Variable locations, in stored order.
    pub vars: Vec<NativeVar>,
}

fn encode_bounds(bounds: &[DebugBound]) -> Vec<u8> {
    if bounds.is_empty() {
        return Vec::new();
    }
    let mut w = NibbleWriter::new();
    w.write_u32(bounds.len() as u32);
    let mut prev = 0;
    for b in bounds {
        w.write_u32(b.native_offset.wrapping_sub(prev));
        w.write_u32((b.il_offset as u32).wrapping_add(3));
        w.write_u32(b.source);
        prev = b.native_offset;
    }
    w.finish()
}

fn encode_vars(vars: &[NativeVar]) -> Vec<u8> {
    if vars.is_empty() {
        return Vec::new();
    }
    let mut w = NibbleWriter::new();
    w.write_u32(vars.len() as u32);
    for v in vars {
        w.write_u32((v.var_number as u32).wrapping_add(4));
        w.write_u32(v.start);
        w.write_u32(v.end.wrapping_sub(v.start));
        match v.loc {
            VarLoc::Reg(k, r) => {
                w.write_u32(k as u32);
                w.write_u32(r);
            }
            VarLoc::Stk(k, r, o) => {
                w.write_u32(k as u32);
                w.write_u32(r);
                w.write_i32(o);
            }
            VarLoc::RegReg(a, b) => {
                w.write_u32(5);
                w.write_u32(a);
                w.write_u32(b);
            }
            VarLoc::RegStk(a, b, o) => {
                w.write_u32(6);
                w.write_u32(a);
                w.write_u32(b);
                w.write_i32(o);
            }
            VarLoc::StkReg(o, b, r) => {
                w.write_u32(7);
                w.write_i32(o);
                w.write_u32(b);
                w.write_u32(r);
            }
            VarLoc::Stk2(b, o) => {
                w.write_u32(8);
                w.write_u32(b);
                w.write_i32(o);
            }
            VarLoc::FpStk(x) => {
                w.write_u32(9);
                w.write_u32(x);
            }
            VarLoc::FixedVa(x) => {
                w.write_u32(10);
                w.write_u32(x);
            }
        }
    }
    w.finish()
}

impl DebugInfo {
    /// The per-method blob: nibble header, bounds, vars.
    pub fn encode(&self) -> Vec<u8> {
        let bounds = encode_bounds(&self.bounds);
        let vars = encode_vars(&self.vars);
        let mut w = NibbleWriter::new();
        w.write_u32(bounds.len() as u32);
        w.write_u32(vars.len() as u32);
        let mut out = w.finish();
        out.extend_from_slice(&bounds);
        out.extend_from_slice(&vars);
        out
    }

    /// Decodes a per-method blob at the start of `buf`; returns it and the
    /// blob length.
    pub fn decode(buf: &[u8]) -> Result<(DebugInfo, usize)> {
        let mut h = NibbleReader::new(buf);
        let nb = h.read_u32()? as usize;
        let nv = h.read_u32()? as usize;
        let start = h.byte_len();
        let end = start
            .checked_add(nb)
            .and_then(|x| x.checked_add(nv))
            .filter(|e| *e <= buf.len())
            .ok_or_else(|| DecodeError::truncated("debug info", start))?;
        let mut info = DebugInfo::default();
        if nb > 0 {
            let mut r = NibbleReader::new(&buf[start..start + nb]);
            let n = r.read_u32()?;
            let mut prev = 0u32;
            for _ in 0..n.min(1 << 20) {
                let native_offset = prev.wrapping_add(r.read_u32()?);
                let il_offset = r.read_u32()?.wrapping_sub(3) as i32;
                let source = r.read_u32()?;
                info.bounds.push(DebugBound {
                    native_offset,
                    il_offset,
                    source,
                });
                prev = native_offset;
            }
        }
        if nv > 0 {
            let mut r = NibbleReader::new(&buf[start + nb..end]);
            let n = r.read_u32()?;
            for _ in 0..n.min(1 << 20) {
                let var_number = r.read_u32()?.wrapping_sub(4) as i32;
                let s = r.read_u32()?;
                let e = s.wrapping_add(r.read_u32()?);
                let at = start + nb + r.byte_len();
                let loc = match r.read_u32()? {
                    k @ 0..=2 => VarLoc::Reg(k as u8, r.read_u32()?),
                    k @ 3..=4 => VarLoc::Stk(k as u8, r.read_u32()?, r.read_i32()?),
                    5 => VarLoc::RegReg(r.read_u32()?, r.read_u32()?),
                    6 => VarLoc::RegStk(r.read_u32()?, r.read_u32()?, r.read_i32()?),
                    7 => VarLoc::StkReg(r.read_i32()?, r.read_u32()?, r.read_u32()?),
                    8 => VarLoc::Stk2(r.read_u32()?, r.read_i32()?),
                    9 => VarLoc::FpStk(r.read_u32()?),
                    10 => VarLoc::FixedVa(r.read_u32()?),
                    k => {
                        return Err(DecodeError::out_of_range(
                            "debug var location kind",
                            at,
                            k as u64,
                        ))
                    }
                };
                info.vars.push(NativeVar {
                    var_number,
                    start: s,
                    end: e,
                    loc,
                });
            }
        }
        Ok((info, end))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let d = DebugInfo {
            bounds: vec![
                DebugBound {
                    native_offset: 0,
                    il_offset: -2,
                    source: 2,
                },
                DebugBound {
                    native_offset: 9,
                    il_offset: 0,
                    source: 1,
                },
                DebugBound {
                    native_offset: 300,
                    il_offset: -3,
                    source: 0,
                },
            ],
            vars: vec![
                NativeVar {
                    var_number: 0,
                    start: 4,
                    end: 30,
                    loc: VarLoc::Reg(0, 7),
                },
                NativeVar {
                    var_number: -3,
                    start: 0,
                    end: 100,
                    loc: VarLoc::Stk(3, 5, -16),
                },
            ],
        };
        let bytes = d.encode();
        let (back, len) = DebugInfo::decode(&bytes).unwrap();
        assert_eq!(len, bytes.len());
        assert_eq!(back, d);
        assert_eq!(DebugInfo::default().encode(), vec![0x00]);
        assert!(DebugInfo::decode(&bytes[..bytes.len() - 1]).is_err());
    }
}
