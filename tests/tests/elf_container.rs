//! kiln's ELF container (kiln-writer's `elf` module) on this machine's own
//! loader: a program compiled with `container: Elf` is a shared object that
//! `readelf` reads without complaint and glibc's `dlopen` loads
//! (`tests/elf/host.c`, built with `cc`); `dlsym("RTR_HEADER")` finds the
//! READYTORUN_HEADER; every loaded byte equals the PE image of the same
//! input at the same RVA — so kiln's reader, walking the PE image,
//! describes the loaded ELF image too — except the 64-bit absolute fields,
//! which the dynamic loader relocated against its own base; and a leaf
//! method of kiln's code called through a function pointer returns the
//! right value.

use std::path::PathBuf;
use std::process::Command;

use kiln_driver::{CompileOptions, ObjectFormat};
use kiln_tests::corpus::{self, Language};
use kiln_writer::read::R2rImage;

/// The program: `Leaf.Add` is leaf code with no fixups.
const PROGRAM: &str = r#"
public static class Leaf {
    public static int Add(int a, int b) { return a * 3 + b; }
    public static int Main() { return Add(33, 1) == 100 ? 100 : 1; }
}
"#;

/// Preferred base of kiln's PE images (kiln_writer::container::IMAGE_BASE).
const PE_IMAGE_BASE: u64 = 0x1_8000_0000;

fn compile(exe: &std::path::Path, obj_format: ObjectFormat) -> Vec<u8> {
    let toolchain = kiln_tests::toolchain();
    let options = CompileOptions {
        obj_format,
        // Main keeps its call of Add (an import cell the loader relocates):
        // inlined and folded it would return a constant.
        inline: false,
        ..Default::default()
    };
    let refs = [toolchain.framework.clone()];
    let mut out = kiln_driver::compile(&[exe.to_path_buf()], &refs, &options)
        .unwrap_or_else(|e| panic!("kiln: {e}"));
    out.remove(0).image
}

#[test]
fn elf_image_loads_with_dlopen_and_matches_the_pe_image() {
    let toolchain = kiln_tests::toolchain();
    let exe = corpus::build_source(&toolchain, "elf_leaf", Language::CSharp, PROGRAM.as_bytes())
        .unwrap_or_else(|e| panic!("{e}"));
    let pe = compile(&exe, ObjectFormat::PE);
    let elf = compile(&exe, ObjectFormat::ELF);
    let dir = std::env::temp_dir().join(format!("kiln-elf-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let so = dir.join("libleaf.so");
    std::fs::write(&so, &elf).unwrap();

    let readelf = Command::new("readelf")
        .args(["-W", "-a"])
        .arg(&so)
        .output()
        .unwrap();
    let (out, err) = (
        String::from_utf8_lossy(&readelf.stdout),
        String::from_utf8_lossy(&readelf.stderr),
    );
    assert!(readelf.status.success() && err.is_empty(), "readelf: {err}");
    assert!(!out.contains("Warning"), "readelf warns:\n{out}");
    assert!(out.contains("RTR_HEADER"), "no RTR_HEADER symbol:\n{out}");

    let image = R2rImage::parse(pe.clone()).unwrap();
    let add = image
        .methods
        .iter()
        .find(|m| m.name.contains("Leaf.Add"))
        .unwrap_or_else(|| panic!("Leaf.Add was not compiled"));
    assert!(add.entry.fixups.is_empty(), "Leaf.Add needs fixups");
    let add_rva = image.runtime_functions[add.entry.runtime_function as usize].begin;

    let host = dir.join("host");
    let source = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("elf/host.c");
    let cc = Command::new("cc")
        .arg("-o")
        .arg(&host)
        .arg(&source)
        .arg("-ldl")
        .output()
        .unwrap();
    assert!(
        cc.status.success(),
        "cc: {}",
        String::from_utf8_lossy(&cc.stderr)
    );
    let dump = dir.join("dump.bin");
    let run = Command::new(&host)
        .arg(&so)
        .arg(image.header_rva.to_string())
        .arg(add_rva.to_string())
        .arg(&dump)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&run.stdout).into_owned();
    assert!(
        run.status.success(),
        "host: {stdout}{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines[0], format!("rtr {}.{}", image.major, image.minor));
    assert_eq!(
        lines[2], "result 100",
        "Leaf.Add(33, 1) through a function pointer"
    );
    let base = u64::from_str_radix(lines[1].trim_start_matches("base 0x"), 16).unwrap();

    // The loaded image equals the PE image section by section.
    let memory = std::fs::read(&dump).unwrap();
    let mut relocated = 0;
    for s in image.assembly.sections() {
        if s.name_str() == ".reloc" {
            continue;
        }
        let rva = s.virtual_address as usize;
        let len = s.virtual_size.min(s.size_of_raw_data) as usize;
        let file = &pe[s.pointer_to_raw_data as usize..][..len];
        let loaded = &memory[rva..rva + len];
        let mut i = 0;
        while i < len {
            if file[i] == loaded[i] {
                i += 1;
                continue;
            }
            // A relocated 64-bit absolute field: PE base + x vs ELF base + x.
            let start = (i.saturating_sub(7)..=i)
                .find(|&st| {
                    st + 8 <= len && {
                        let p = u64::from_le_bytes(file[st..st + 8].try_into().unwrap());
                        let e = u64::from_le_bytes(loaded[st..st + 8].try_into().unwrap());
                        p.wrapping_sub(PE_IMAGE_BASE) == e.wrapping_sub(base)
                    }
                })
                .unwrap_or_else(|| {
                    panic!(
                        "{}: loaded byte at RVA {:#x} differs",
                        s.name_str(),
                        rva + i
                    )
                });
            relocated += 1;
            i = start + 8;
        }
    }
    assert!(relocated > 0, "no relocated import cell was seen");
    if std::env::var_os("KILN_KEEP_ELF").is_none() {
        let _ = std::fs::remove_dir_all(&dir);
    }
}
