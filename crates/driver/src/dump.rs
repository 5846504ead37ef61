//! `kiln dump <image> [--method <substr>] [--section <name>]`: an
//! R2RDump-class inspector over `kiln_writer::read` — header, sections,
//! import cells with decoded fixup signatures, and per method its fixups,
//! unwind codes, GC info (slots, safepoint liveness, interruptible
//! transitions), EH clauses, debug bounds and iced-x86 disassembly with
//! import cells, helpers and methods shown by name.

use std::collections::HashMap;
use std::fmt::Write as _;

use iced_x86::{Decoder, DecoderOptions, Formatter, Instruction, IntelFormatter, OpKind};
use kiln_gcinfo::decode as decode_gc;
use kiln_writer::read::{Method, R2rImage};

/// Reads the image at `path` and returns its dump (see [`dump`]).
///
/// # Errors
/// Unreadable file or a malformed image (with location), or a `method` or
/// `section` filter that matches nothing (naming what exists).
pub fn run(
    path: &std::path::Path,
    method: Option<&str>,
    section: Option<&str>,
) -> Result<String, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let img = R2rImage::parse(bytes).map_err(|e| {
        let hint = if e.why.contains("no 'RTR' signature") {
            " (an IL-only assembly? `kiln compile` it first)"
        } else {
            ""
        };
        format!("{}: {e}{hint}", path.display())
    })?;
    if let Some(m) = method {
        if !img.methods.iter().any(|x| x.name.contains(m)) {
            return Err(format!(
                "{}: no compiled method's name contains {m:?} (names look like \
                 Namespace.Type.Method(int32))",
                path.display()
            ));
        }
    }
    if let Some(sec) = section {
        let known = sec.eq_ignore_ascii_case("ImportSections")
            || img
                .sections
                .iter()
                .any(|s| s.name().eq_ignore_ascii_case(sec));
        if !known {
            let names: Vec<String> = img.sections.iter().map(|s| s.name()).collect();
            return Err(format!(
                "{}: no section named {sec} (this image has {})",
                path.display(),
                names.join(", ")
            ));
        }
    }
    Ok(dump(&img, method, section))
}

/// Renders the dump of a decoded image.
pub fn dump(img: &R2rImage, method: Option<&str>, section: Option<&str>) -> String {
    let mut o = String::new();
    let show_all = method.is_none() && section.is_none();
    if show_all || section.is_some() {
        let _ = writeln!(
            o,
            "ReadyToRun {}.{}  flags {:#x}  header at RVA {:#x}",
            img.major, img.minor, img.flags, img.header_rva
        );
        if !img.compiler.is_empty() {
            let _ = writeln!(o, "compiler: {}", img.compiler);
        }
        let _ = writeln!(
            o,
            "{} runtime functions, {} methods, {} available types",
            img.runtime_functions.len(),
            img.methods.len(),
            img.available_types.len()
        );
        let _ = writeln!(o, "\nsections:");
        for s in &img.sections {
            let _ = writeln!(
                o,
                "  {:<28} RVA {:#010x} size {:#x}",
                s.name(),
                s.rva,
                s.size
            );
        }
    }
    let want_imports =
        show_all || section.is_some_and(|s| s.eq_ignore_ascii_case("ImportSections"));
    if want_imports {
        for s in &img.import_sections {
            let _ = writeln!(
                o,
                "\nimport section {}: RVA {:#x} size {:#x} flags {:#x} type {} entry {} cells {}",
                s.index,
                s.rva,
                s.size,
                s.flags,
                s.ty,
                s.entry_size,
                s.cells.len()
            );
            for (i, c) in s.cells.iter().enumerate() {
                let mut line = format!(
                    "  [{i:>4}] {:#010x}  {}",
                    c.rva,
                    img.describe_cell(s.index as usize, i)
                );
                if let Some(m) = &c.gc_ref_map {
                    if !m.positions.is_empty() {
                        let _ = write!(line, "  gcrefmap {:?}", m.positions);
                    }
                }
                let _ = writeln!(o, "{line}");
            }
        }
    }
    if let Some(sec) = section {
        if !sec.eq_ignore_ascii_case("ImportSections")
            && !img
                .sections
                .iter()
                .any(|s| s.name().eq_ignore_ascii_case(sec))
        {
            let _ = writeln!(o, "\nno section named {sec}");
        }
        if sec.eq_ignore_ascii_case("AvailableTypes") {
            for t in &img.available_types {
                let _ = writeln!(
                    o,
                    "  hash {:#06x} {} rid {}",
                    t.hash_key,
                    if t.exported { "exported" } else { "typedef" },
                    t.rid
                );
            }
        }
        if sec.eq_ignore_ascii_case("RuntimeFunctions") {
            let owner: HashMap<u32, &str> = img
                .methods
                .iter()
                .flat_map(|m| m.fragments.iter().map(move |f| (*f, m.name.as_str())))
                .collect();
            for (i, rf) in img.runtime_functions.iter().enumerate() {
                let _ = writeln!(
                    o,
                    "  [{i:>5}] {:#010x}..{:#010x} unwind {:#010x}  {}",
                    rf.begin,
                    rf.end,
                    rf.unwind_rva,
                    owner.get(&(i as u32)).copied().unwrap_or("?")
                );
            }
        }
        if sec.eq_ignore_ascii_case("MethodDefEntryPoints")
            || sec.eq_ignore_ascii_case("InstanceMethodEntryPoints")
        {
            let want_def = sec.eq_ignore_ascii_case("MethodDefEntryPoints");
            for m in &img.methods {
                if matches!(m.key, kiln_writer::read::MethodKey::Def(_)) != want_def {
                    continue;
                }
                let _ = writeln!(
                    o,
                    "  {}  RUNTIME_FUNCTION {}  {} fixups",
                    m.name,
                    m.entry.runtime_function,
                    m.entry.fixups.len()
                );
            }
        }
        if sec.eq_ignore_ascii_case("ManifestMetadata") {
            if let Some(mm) = &img.manifest {
                for (i, a) in mm.assembly_refs.iter().enumerate() {
                    let _ = writeln!(o, "  manifest AssemblyRef {}: {a}", i + 1);
                }
            }
        }
        if sec.eq_ignore_ascii_case("ExceptionInfo") {
            for m in img.methods.iter().filter(|m| !m.eh.is_empty()) {
                let _ = writeln!(o, "  {}: {} clauses", m.name, m.eh.len());
            }
        }
        return o;
    }
    let starts: HashMap<u32, &str> = img
        .methods
        .iter()
        .map(|m| {
            (
                img.runtime_functions[m.entry.runtime_function as usize].begin,
                m.name.as_str(),
            )
        })
        .collect();
    for m in &img.methods {
        if let Some(f) = method {
            if !m.name.contains(f) {
                continue;
            }
        }
        dump_method(&mut o, img, m, &starts, method.is_some());
    }
    o
}

fn dump_method(
    o: &mut String,
    img: &R2rImage,
    m: &Method,
    starts: &HashMap<u32, &str>,
    full: bool,
) {
    let main = &img.runtime_functions[m.entry.runtime_function as usize];
    let end = m
        .fragments
        .iter()
        .map(|f| img.runtime_functions[*f as usize].end)
        .max()
        .unwrap_or(main.end);
    let _ = writeln!(
        o,
        "\n{}  RVA {:#x}  size {:#x}  ({} fragment{})",
        m.name,
        main.begin,
        end - main.begin,
        m.fragments.len(),
        if m.fragments.len() == 1 { "" } else { "s" }
    );
    if !full {
        return;
    }
    if !m.entry.fixups.is_empty() {
        let _ = writeln!(o, "  fixups:");
        for &(s, i) in &m.entry.fixups {
            let _ = writeln!(
                o,
                "    [{s}:{i}] {}",
                img.describe_cell(s as usize, i as usize)
            );
        }
    }
    for &f in &m.fragments {
        let rf = &img.runtime_functions[f as usize];
        let _ = writeln!(
            o,
            "  unwind {:#x}..{:#x}: prolog {} frame {} offset {:#x} personality {}",
            rf.begin,
            rf.end,
            rf.unwind.prolog_size,
            if rf.unwind.frame_register == 0 {
                "none"
            } else {
                kiln_runtime_abi::unwind::REG_NAMES[rf.unwind.frame_register as usize & 15]
            },
            rf.unwind.frame_offset as u32 * 16,
            rf.personality
                .map_or_else(|| "none".to_string(), |p| format!("{p:#x}"))
        );
        for c in &rf.unwind.codes {
            let _ = writeln!(o, "    {}", c.describe());
        }
    }
    // GC liveness notes keyed by method-relative offset: safepoints on the
    // instruction that ends one byte after them (v2: return address - 1),
    // interruptible transitions on the instruction that starts there.
    let mut gc_after: HashMap<u32, String> = HashMap::new();
    let mut gc_at: HashMap<u32, Vec<String>> = HashMap::new();
    match img
        .gc_info_bytes(m)
        .map_err(|e| e.to_string())
        .and_then(|b| decode_gc(b).map_err(|e| e.to_string()))
    {
        Ok(g) => {
            for (i, sp) in g.safepoints.iter().enumerate() {
                let live: Vec<String> = g
                    .live_at_safepoint(i)
                    .iter()
                    .map(|s| g.slots[*s].to_string())
                    .collect();
                gc_after.insert(
                    sp + 1,
                    format!("gc safepoint, live {{{}}}", live.join(", ")),
                );
            }
            for (off, slot, live) in g.absolute_range_transitions() {
                if let Some(s) = g.slots.get(slot) {
                    gc_at
                        .entry(off)
                        .or_default()
                        .push(format!("{}{s}", if live { "+" } else { "-" }));
                }
            }
            let _ = writeln!(
                o,
                "  gc info ({} bytes): code length {:#x}, return {:?}, {} header, frame {}{}{}{}",
                g.size,
                g.code_length,
                g.return_kind,
                if g.slim { "slim" } else { "fat" },
                g.stack_base_register.map_or("none", |r| {
                    kiln_runtime_abi::unwind::REG_NAMES[usize::from(r) & 15]
                }),
                g.psp_sym
                    .map(|p| format!(", PSPSym {p:#x}"))
                    .unwrap_or_default(),
                g.generics_context
                    .map(|c| format!(", generics ctx {:#x} kind {}", c.stack_slot, c.kind))
                    .unwrap_or_default(),
                g.gs_cookie
                    .map(|c| format!(", GS cookie {:#x}", c.stack_slot))
                    .unwrap_or_default()
            );
            for (i, s) in g.slots.iter().enumerate() {
                let _ = writeln!(o, "    slot {i}: {s}");
            }
            for (i, sp) in g.safepoints.iter().enumerate() {
                let live: Vec<String> = g
                    .live_at_safepoint(i)
                    .iter()
                    .map(|s| s.to_string())
                    .collect();
                let _ = writeln!(o, "    safepoint {sp:#x}: live {{{}}}", live.join(","));
            }
            for r in &g.ranges {
                let _ = writeln!(o, "    interruptible {:#x}..{:#x}", r.0, r.1);
            }
            for (off, slot, live) in g.absolute_range_transitions() {
                let _ = writeln!(
                    o,
                    "    at {off:#x} slot {slot} {}",
                    if live { "live" } else { "dead" }
                );
            }
        }
        Err(e) => {
            let _ = writeln!(o, "  gc info: {e}");
        }
    }
    for c in &m.eh {
        let kind = match c.flags & 7 {
            0 => "catch",
            1 => "filter",
            2 => "finally",
            4 => "fault",
            _ => "?",
        };
        let _ = writeln!(
            o,
            "  eh {kind}{}: try {:#x}..{:#x} handler {:#x}..{:#x} {} {:#x}",
            if c.flags & !7 != 0 {
                format!(" (flags {:#x})", c.flags)
            } else {
                String::new()
            },
            c.try_start,
            c.try_end,
            c.handler_start,
            c.handler_end,
            if kind == "filter" {
                "filter at"
            } else {
                "class token"
            },
            c.class_token_or_filter_offset
        );
    }
    if let Some(d) = &m.debug {
        let _ = writeln!(
            o,
            "  debug info: {} bounds, {} vars",
            d.bounds.len(),
            d.vars.len()
        );
    }
    let thunks = img.section(kiln_runtime_abi::r2r::SectionType::DelayLoadMethodCallThunks);
    let mut fmt = IntelFormatter::new();
    fmt.options_mut().set_rip_relative_addresses(true);
    for &f in &m.fragments {
        let rf = &img.runtime_functions[f as usize];
        let Ok(code) = img.code(rf) else { continue };
        if f != m.entry.runtime_function {
            let _ = writeln!(o, "  ; funclet at {:#x}", rf.begin);
        }
        let mut dec = Decoder::with_ip(64, code, rf.begin as u64, DecoderOptions::NONE);
        let mut ins = Instruction::default();
        let mut text = String::new();
        while dec.can_decode() {
            dec.decode_out(&mut ins);
            text.clear();
            fmt.format(&ins, &mut text);
            let mut note = String::new();
            if ins.is_ip_rel_memory_operand() {
                let t = ins.ip_rel_memory_address() as u32;
                if let Some((s, i)) = img.cell_at(t) {
                    note = format!("  ; [{s}:{i}] {}", img.describe_cell(s, i));
                }
            } else if ins.op0_kind() == OpKind::NearBranch64 && ins.is_call_near() {
                let t = ins.near_branch_target() as u32;
                if let Some(n) = starts.get(&t) {
                    note = format!("  ; {n}");
                }
            }
            let rel = (ins.ip() as u32).wrapping_sub(main.begin);
            if let Some(t) = gc_at.get(&rel) {
                let _ = writeln!(o, "    ; gc {}", t.join(" "));
            }
            if note.is_empty() && ins.is_call_near() && ins.op0_kind() == OpKind::NearBranch64 {
                let t = ins.near_branch_target() as u32;
                if thunks.is_some_and(|s| t >= s.rva && t - s.rva < s.size) {
                    note = "  ; delay-load thunk".to_string();
                }
            }
            if let Some(g) = gc_after.get(&(rel + ins.len() as u32)) {
                note = format!("{note}  ; {g}");
            }
            let _ = writeln!(o, "    {:08x}  {text}{note}", ins.ip());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use std::path::{Path, PathBuf};

    /// A framework image: from `KILN_FRAMEWORK_DIR`, else the provisioned
    /// toolchain's framework.
    fn framework(name: &str) -> Option<PathBuf> {
        let dir = match std::env::var("KILN_FRAMEWORK_DIR") {
            Ok(d) => PathBuf::from(d),
            Err(_) => xtask::toolchain::load().ok()?.framework,
        };
        let p = dir.join(name);
        p.exists().then_some(p)
    }

    #[test]
    fn string_concat_shows_fixups_gc_info_and_symbolized_disassembly() {
        let Some(p) = framework("System.Private.CoreLib.dll") else {
            eprintln!("framework not found; skipping");
            return;
        };
        let out = run(&p, Some("System.String.Concat"), None).unwrap();
        assert!(out.contains("System.String.Concat(string,string)  RVA"));
        assert!(out.contains("fixups:"));
        assert!(out.contains("gc info ("));
        assert!(out.contains("safepoint ") || out.contains("interruptible "));
        assert!(out.contains("PUSH_NONVOL rbp"));
        // Calls through import cells are annotated with the decoded signature.
        assert!(
            out.lines()
                .any(|l| l.contains("call") && l.contains("; [") && l.contains("MethodEntry")),
            "{out}"
        );
    }

    #[test]
    fn sections_and_import_cells_by_name() {
        let Some(p) = framework("System.Console.dll") else {
            eprintln!("framework not found; skipping");
            return;
        };
        let out = run(&p, None, Some("ImportSections")).unwrap();
        assert!(out.contains("Helper Module"));
        assert!(out.contains("MethodEntry_RefToken System.String.op_Equality(string,string)"));
        assert!(run(Path::new("/nonexistent.dll"), None, None).is_err());
        let err = run(&p, None, Some("NoSuchSection")).unwrap_err();
        assert!(err.contains("no section named NoSuchSection") && err.contains("RuntimeFunctions"));
        let err = run(&p, Some("No.Such.Method"), None).unwrap_err();
        assert!(err.contains("No.Such.Method"), "{err}");
    }
}
