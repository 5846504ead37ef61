//! Windows x64 `UNWIND_INFO` as ReadyToRun stores it on every OS, plus the
//! R2R trailer (personality routine RVA) crossgen2 appends.
//!
//! Specification: Microsoft x64 exception handling ABI (`UNWIND_INFO`,
//! `UNWIND_CODE`); crossgen2 `MethodGCInfoNode.cs` (flags byte ORed with
//! `(UNW_FLAG_EHANDLER | UNW_FLAG_UHANDLER) << 3`, padding to 4 bytes, then a
//! u32 personality-routine RVA; the main body's GC info follows directly and
//! is padded to 4 bytes); JIT `unwindamd64.cpp` (which code each prolog
//! operation becomes).
//!
//! Layout of one R2R unwind record:
//! ```text
//! u8  version(1) | flags << 3        flags = EHANDLER|UHANDLER (3)
//! u8  prolog size
//! u8  count of 16-bit code slots
//! u8  frame register | frame offset/16 << 4
//! u16 codes[count]                   in reverse prolog order
//! pad to 4
//! u32 personality routine RVA
//! [GC info of the method, main body only; pad to 4]
//! ```

use crate::error::{read_u16, read_u32, read_u8, DecodeError, Result};
use crate::stencil::{UnwindInfo, UnwindOp};

/// `UNW_FLAG_EHANDLER`.
pub const UNW_FLAG_EHANDLER: u8 = 1;
/// `UNW_FLAG_UHANDLER`.
pub const UNW_FLAG_UHANDLER: u8 = 2;
/// `UNW_FLAG_CHAININFO`.
pub const UNW_FLAG_CHAININFO: u8 = 4;

/// `UWOP_*` operation codes.
pub mod op {
    /// push nonvolatile register.
    pub const PUSH_NONVOL: u8 = 0;
    /// large stack allocation.
    pub const ALLOC_LARGE: u8 = 1;
    /// small stack allocation (8..=128 bytes).
    pub const ALLOC_SMALL: u8 = 2;
    /// establish the frame pointer.
    pub const SET_FPREG: u8 = 3;
    /// save nonvolatile register (offset/8 in one slot).
    pub const SAVE_NONVOL: u8 = 4;
    /// save nonvolatile register (offset in two slots).
    pub const SAVE_NONVOL_FAR: u8 = 5;
    /// save XMM register (offset/16 in one slot).
    pub const SAVE_XMM128: u8 = 8;
    /// save XMM register (offset in two slots).
    pub const SAVE_XMM128_FAR: u8 = 9;
    /// machine frame.
    pub const PUSH_MACHFRAME: u8 = 10;
    /// CoreCLR Unix extension: frame pointer at an offset > 240; the header's
    /// frame offset is 15 and the offset / 16 follows in two slots.
    pub const SET_FPREG_LARGE: u8 = 11;
}

/// One decoded `UNWIND_CODE` with its extra slots.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct UnwindCode {
    /// Offset in the prolog after the instruction.
    pub code_offset: u8,
    /// `UWOP_*`.
    pub op: u8,
    /// Operation info nibble.
    pub info: u8,
    /// The operand from the following slot(s), if the op has one.
    pub operand: Option<u32>,
}

impl UnwindCode {
    /// Number of 16-bit slots this code occupies.
    pub fn slots(&self) -> usize {
        match (self.op, self.info) {
            (op::ALLOC_LARGE, 0) | (op::SAVE_NONVOL, _) | (op::SAVE_XMM128, _) => 2,
            (op::ALLOC_LARGE, _)
            | (op::SAVE_NONVOL_FAR, _)
            | (op::SAVE_XMM128_FAR, _)
            | (op::SET_FPREG_LARGE, _) => 3,
            _ => 1,
        }
    }

    /// Human-readable form (`PUSH_NONVOL rbp @ 1`).
    pub fn describe(&self) -> String {
        let reg = REG_NAMES.get(self.info as usize).copied().unwrap_or("?");
        let what = match self.op {
            op::PUSH_NONVOL => format!("PUSH_NONVOL {reg}"),
            op::ALLOC_LARGE if self.info == 0 => {
                format!("ALLOC_LARGE {:#x}", self.operand.unwrap_or(0) * 8)
            }
            op::ALLOC_LARGE => format!("ALLOC_LARGE {:#x}", self.operand.unwrap_or(0)),
            op::ALLOC_SMALL => format!("ALLOC_SMALL {:#x}", self.info as u32 * 8 + 8),
            op::SET_FPREG => "SET_FPREG".to_string(),
            op::SAVE_NONVOL => format!("SAVE_NONVOL {reg} at {:#x}", self.operand.unwrap_or(0) * 8),
            op::SAVE_NONVOL_FAR => {
                format!("SAVE_NONVOL_FAR {reg} at {:#x}", self.operand.unwrap_or(0))
            }
            op::SAVE_XMM128 => format!(
                "SAVE_XMM128 xmm{} at {:#x}",
                self.info,
                self.operand.unwrap_or(0) * 16
            ),
            op::SAVE_XMM128_FAR => format!(
                "SAVE_XMM128_FAR xmm{} at {:#x}",
                self.info,
                self.operand.unwrap_or(0)
            ),
            op::PUSH_MACHFRAME => format!("PUSH_MACHFRAME {}", self.info),
            op::SET_FPREG_LARGE => format!("SET_FPREG_LARGE {:#x}", self.operand.unwrap_or(0) * 16),
            o => format!("op{o}"),
        };
        format!("{what} @ {:#x}", self.code_offset)
    }
}

/// x64 register names by number (rax = 0 … r15 = 15).
pub const REG_NAMES: [&str; 16] = [
    "rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi", "r8", "r9", "r10", "r11", "r12", "r13",
    "r14", "r15",
];

/// A decoded `UNWIND_INFO` (without the R2R trailer).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct UnwindBlob {
    /// Version (1).
    pub version: u8,
    /// `UNW_FLAG_*` bits.
    pub flags: u8,
    /// Prolog size in bytes.
    pub prolog_size: u8,
    /// Frame register number (0 = none).
    pub frame_register: u8,
    /// Scaled frame register offset (× 16 bytes).
    pub frame_offset: u8,
    /// Codes in stored (reverse prolog) order.
    pub codes: Vec<UnwindCode>,
}

impl UnwindBlob {
    /// Builds the record the JIT would emit for a prolog, with crossgen2's
    /// EHANDLER|UHANDLER flags. Allocation sizes must be multiples of 8 and
    /// at least 8 (a smaller size is encoded as 8; callers validate first).
    pub fn from_stencil(info: &UnwindInfo) -> Self {
        let mut codes = Vec::new();
        for o in info.ops.iter().rev() {
            codes.push(match *o {
                UnwindOp::PushNonVolatile { code_offset, reg } => UnwindCode {
                    code_offset,
                    op: op::PUSH_NONVOL,
                    info: reg,
                    operand: None,
                },
                UnwindOp::Alloc { code_offset, size } => {
                    if size <= 128 {
                        UnwindCode {
                            code_offset,
                            op: op::ALLOC_SMALL,
                            info: (size.saturating_sub(8) / 8) as u8,
                            operand: None,
                        }
                    } else if size <= 0x7FFF8 {
                        UnwindCode {
                            code_offset,
                            op: op::ALLOC_LARGE,
                            info: 0,
                            operand: Some(size / 8),
                        }
                    } else {
                        UnwindCode {
                            code_offset,
                            op: op::ALLOC_LARGE,
                            info: 1,
                            operand: Some(size),
                        }
                    }
                }
                UnwindOp::SetFramePointer { code_offset } => UnwindCode {
                    code_offset,
                    op: op::SET_FPREG,
                    info: 0,
                    operand: None,
                },
                UnwindOp::SaveNonVolatile {
                    code_offset,
                    reg,
                    offset,
                } => {
                    if offset / 8 <= 0xFFFF {
                        UnwindCode {
                            code_offset,
                            op: op::SAVE_NONVOL,
                            info: reg,
                            operand: Some(offset / 8),
                        }
                    } else {
                        UnwindCode {
                            code_offset,
                            op: op::SAVE_NONVOL_FAR,
                            info: reg,
                            operand: Some(offset),
                        }
                    }
                }
                UnwindOp::SaveXmm128 {
                    code_offset,
                    reg,
                    offset,
                } => {
                    if offset / 16 <= 0xFFFF {
                        UnwindCode {
                            code_offset,
                            op: op::SAVE_XMM128,
                            info: reg,
                            operand: Some(offset / 16),
                        }
                    } else {
                        UnwindCode {
                            code_offset,
                            op: op::SAVE_XMM128_FAR,
                            info: reg,
                            operand: Some(offset),
                        }
                    }
                }
            });
        }
        let (frame_register, frame_offset) = info
            .frame_register
            .map(|(r, o)| (r, o / 16))
            .unwrap_or((0, 0));
        UnwindBlob {
            version: 1,
            flags: UNW_FLAG_EHANDLER | UNW_FLAG_UHANDLER,
            prolog_size: info.prolog_size,
            frame_register,
            frame_offset,
            codes,
        }
    }

    /// Number of 16-bit code slots.
    pub fn slot_count(&self) -> usize {
        self.codes.iter().map(|c| c.slots()).sum()
    }

    /// The `UNWIND_INFO` bytes (header + code slots, no padding).
    pub fn encode(&self) -> Vec<u8> {
        let mut out = vec![
            self.version | (self.flags << 3),
            self.prolog_size,
            self.slot_count() as u8,
            self.frame_register | (self.frame_offset << 4),
        ];
        for c in &self.codes {
            out.extend_from_slice(
                &(c.code_offset as u16 | ((c.op as u16) << 8) | ((c.info as u16) << 12))
                    .to_le_bytes(),
            );
            match c.slots() {
                2 => out.extend_from_slice(&(c.operand.unwrap_or(0) as u16).to_le_bytes()),
                3 => out.extend_from_slice(&c.operand.unwrap_or(0).to_le_bytes()),
                _ => {}
            }
        }
        out
    }

    /// The R2R record: `UNWIND_INFO`, padding to 4, personality RVA.
    pub fn encode_r2r(&self, personality_rva: u32) -> Vec<u8> {
        let mut out = self.encode();
        out.resize(out.len().next_multiple_of(4), 0);
        out.extend_from_slice(&personality_rva.to_le_bytes());
        out
    }

    /// Decodes `UNWIND_INFO` at `at`; returns it and the offset after the
    /// code slots (before padding).
    pub fn decode(buf: &[u8], at: usize) -> Result<(UnwindBlob, usize)> {
        const W: &str = "UNWIND_INFO";
        let b0 = read_u8(buf, at, W)?;
        let version = b0 & 7;
        if version != 1 && version != 2 {
            return Err(DecodeError::out_of_range(
                "UNWIND_INFO version",
                at,
                version as u64,
            ));
        }
        let prolog_size = read_u8(buf, at + 1, W)?;
        let count = read_u8(buf, at + 2, W)? as usize;
        let fr = read_u8(buf, at + 3, W)?;
        let mut codes = Vec::new();
        let mut i = 0;
        while i < count {
            let p = at + 4 + 2 * i;
            let raw = read_u16(buf, p, W)?;
            let mut c = UnwindCode {
                code_offset: raw as u8,
                op: ((raw >> 8) & 0xF) as u8,
                info: (raw >> 12) as u8,
                operand: None,
            };
            if c.op > op::SET_FPREG_LARGE || c.op == 6 || c.op == 7 {
                return Err(DecodeError::out_of_range("UNWIND_CODE op", p, c.op as u64));
            }
            match c.slots() {
                2 => c.operand = Some(read_u16(buf, p + 2, W)? as u32),
                3 => c.operand = Some(read_u32(buf, p + 2, W)?),
                _ => {}
            }
            i += c.slots();
            if i > count {
                return Err(DecodeError::invalid(W, p, "code runs past the slot count"));
            }
            codes.push(c);
        }
        Ok((
            UnwindBlob {
                version,
                flags: b0 >> 3,
                prolog_size,
                frame_register: fr & 0xF,
                frame_offset: fr >> 4,
                codes,
            },
            at + 4 + 2 * count,
        ))
    }

    /// Decodes an R2R record: `UNWIND_INFO`, zero padding, personality RVA
    /// (present when EHANDLER/UHANDLER is set). Returns the blob, the
    /// personality RVA and the offset after the record.
    pub fn decode_r2r(buf: &[u8], at: usize) -> Result<(UnwindBlob, Option<u32>, usize)> {
        let (blob, end) = Self::decode(buf, at)?;
        let padded = at + (end - at).next_multiple_of(4);
        if buf
            .get(end..padded)
            .is_none_or(|p| p.iter().any(|b| *b != 0))
        {
            return Err(DecodeError::invalid(
                "UNWIND_INFO padding",
                end,
                "missing or non-zero",
            ));
        }
        if blob.flags & (UNW_FLAG_EHANDLER | UNW_FLAG_UHANDLER) != 0 {
            Ok((
                blob,
                Some(read_u32(buf, padded, "personality routine RVA")?),
                padded + 4,
            ))
        } else {
            Ok((blob, None, padded))
        }
    }

    /// Converts back to the format-neutral prolog description.
    pub fn to_stencil(&self) -> Option<UnwindInfo> {
        let mut ops = Vec::new();
        for c in self.codes.iter().rev() {
            let code_offset = c.code_offset;
            ops.push(match (c.op, c.info) {
                (op::PUSH_NONVOL, reg) => UnwindOp::PushNonVolatile { code_offset, reg },
                (op::ALLOC_SMALL, i) => UnwindOp::Alloc {
                    code_offset,
                    size: i as u32 * 8 + 8,
                },
                (op::ALLOC_LARGE, 0) => UnwindOp::Alloc {
                    code_offset,
                    size: c.operand? * 8,
                },
                (op::ALLOC_LARGE, _) => UnwindOp::Alloc {
                    code_offset,
                    size: c.operand?,
                },
                (op::SET_FPREG, _) => UnwindOp::SetFramePointer { code_offset },
                (op::SAVE_NONVOL, reg) => UnwindOp::SaveNonVolatile {
                    code_offset,
                    reg,
                    offset: c.operand? * 8,
                },
                (op::SAVE_NONVOL_FAR, reg) => UnwindOp::SaveNonVolatile {
                    code_offset,
                    reg,
                    offset: c.operand?,
                },
                (op::SAVE_XMM128, reg) => UnwindOp::SaveXmm128 {
                    code_offset,
                    reg,
                    offset: c.operand? * 16,
                },
                (op::SAVE_XMM128_FAR, reg) => UnwindOp::SaveXmm128 {
                    code_offset,
                    reg,
                    offset: c.operand?,
                },
                _ => return None,
            });
        }
        let frame_register = if self.frame_register != 0 {
            Some((self.frame_register, self.frame_offset * 16))
        } else {
            None
        };
        Some(UnwindInfo {
            prolog_size: self.prolog_size,
            frame_register,
            ops,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typical_frame_round_trips() {
        let info = UnwindInfo {
            prolog_size: 12,
            frame_register: Some((5, 32)),
            ops: vec![
                UnwindOp::PushNonVolatile {
                    code_offset: 1,
                    reg: 5,
                },
                UnwindOp::PushNonVolatile {
                    code_offset: 3,
                    reg: 15,
                },
                UnwindOp::Alloc {
                    code_offset: 7,
                    size: 0x98,
                },
                UnwindOp::SetFramePointer { code_offset: 12 },
            ],
        };
        let blob = UnwindBlob::from_stencil(&info);
        let bytes = blob.encode_r2r(0x1234);
        assert_eq!(bytes[0], 0x19);
        assert_eq!(bytes.len() % 4, 0);
        let (back, pers, end) = UnwindBlob::decode_r2r(&bytes, 0).unwrap();
        assert_eq!(end, bytes.len());
        assert_eq!(pers, Some(0x1234));
        assert_eq!(back, blob);
        assert_eq!(back.to_stencil().unwrap(), info);
    }

    /// A crossgen2 record from System.Console (8.0.4): frame pointer at
    /// rsp+0x160 needs the Unix-only `UWOP_SET_FPREG_LARGE`.
    #[test]
    fn crossgen2_set_fpreg_large_round_trips() {
        let hex = "19190bf5190b16000000110127000a3009c007d005e003f0015000007c1f0200";
        let bytes: Vec<u8> = (0..hex.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
            .collect();
        let (blob, pers, end) = UnwindBlob::decode_r2r(&bytes, 0).unwrap();
        assert_eq!((pers, end), (Some(0x21f7c), bytes.len()));
        assert_eq!(blob.codes[0].op, op::SET_FPREG_LARGE);
        assert_eq!(blob.codes[0].operand, Some(0x16));
        assert_eq!(blob.encode_r2r(0x21f7c), bytes);
        // The stencil's frame offset is a u8 (≤ 240): not expressible.
        assert!(blob.to_stencil().is_none());
    }

    #[test]
    fn bad_op_is_an_error() {
        assert!(UnwindBlob::decode(&[0x01, 0, 1, 0, 0x00, 0x07], 0).is_err());
        assert!(UnwindBlob::decode(&[0x01, 0, 2, 0], 0).is_err());
    }
}
