//! First light, independent of the compiler: hand-assembled x64 stencils for
//! tiny mcs-built programs, written into ReadyToRun images by kiln-writer and
//! run on the real .NET 8 runtime with `DOTNET_TieredCompilation=0` and the
//! JIT summary on. Passes only if the program exits with the right code and
//! none of the precompiled methods appear in the JIT log, i.e. the runtime
//! accepted the image and ran our code.
//!
//! Needs the provisioned toolchain (`cargo xtask setup`); fails with that
//! instruction otherwise.

use std::path::{Path, PathBuf};

use kiln_runtime_abi::stencil::{
    DebugBound, EhClause, Fragment, FragmentKind, GcRefKind, GcRefMap, Import, ImportSection,
    MethodStencil, Reloc, RelocKind, Target, UnwindInfo, UnwindOp,
};
use kiln_writer::{ImageBuilder, WriterOptions};
use xtask::dotnet::{run_app, RunOptions};
use xtask::toolchain::Toolchain;

fn toolchain() -> Toolchain {
    xtask::toolchain::load().unwrap_or_else(|e| panic!("first-light tests need the runtime: {e}"))
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("kiln-first-light-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn mcs(tc: &Toolchain, dir: &Path, name: &str, source: &str) -> Vec<u8> {
    let cs = dir.join(format!("{name}.cs"));
    std::fs::write(&cs, source).unwrap();
    // The IL build lives in its own directory: the assembly name comes from
    // the file name, and the host must find only the R2R image beside the app.
    let il_dir = dir.join("il");
    std::fs::create_dir_all(&il_dir).unwrap();
    let exe = il_dir.join(format!("{name}.exe"));
    tc.compile_cs(&cs, &exe)
        .unwrap_or_else(|e| panic!("mcs failed on {name}: {e}"));
    std::fs::read(exe).unwrap()
}

/// A minimal GcInfo v2 blob (slim header, no safepoints, no slots): what the
/// gcinfo encoder produces for a method with nothing live at any call.
/// Bits LSB-first: slim(0), has stack base register, return kind (2 bits),
/// code length (VarLen base 8), safepoint count (VarLen base 2) = 0,
/// no registers (0), no stack slots (0).
fn slim_gc_info(code_length: u32, frame_pointer: bool) -> Vec<u8> {
    let mut bits: Vec<bool> = Vec::new();
    let put = |v: u32, n: u32, bits: &mut Vec<bool>| {
        for i in 0..n {
            bits.push(v >> i & 1 != 0);
        }
    };
    let varlen = |mut v: u32, base: u32, bits: &mut Vec<bool>| loop {
        let chunk = v & ((1 << base) - 1);
        v >>= base;
        for i in 0..base {
            bits.push(chunk >> i & 1 != 0);
        }
        bits.push(v != 0);
        if v == 0 {
            break;
        }
    };
    put(0, 1, &mut bits);
    put(frame_pointer as u32, 1, &mut bits);
    put(0, 2, &mut bits); // RT_Scalar
    varlen(code_length, 8, &mut bits);
    varlen(0, 2, &mut bits);
    put(0, 1, &mut bits);
    put(0, 1, &mut bits);
    bits.chunks(8)
        .map(|c| {
            c.iter()
                .enumerate()
                .fold(0u8, |b, (i, &x)| b | ((x as u8) << i))
        })
        .collect()
}

fn leaf(code: Vec<u8>) -> MethodStencil {
    let len = code.len() as u32;
    MethodStencil {
        gc_info: slim_gc_info(len, false),
        code,
        alignment: 16,
        fragments: vec![Fragment {
            start: 0,
            end: len,
            kind: FragmentKind::MainBody,
            unwind: UnwindInfo::default(),
        }],
        ..Default::default()
    }
}

/// `push rbp; mov rbp, rsp; <before>; call qword ptr [rip+cell]; <after>;
/// pop rbp; ret` with the cell bound to `signature` through a MethodImports
/// delay-load thunk.
fn framed_call(before: &[u8], signature: Vec<u8>, after: &[u8]) -> MethodStencil {
    let mut body = before.to_vec();
    body.extend_from_slice(&[0xFF, 0x15, 0, 0, 0, 0]);
    let at = body.len() as u32 - 4;
    body.extend_from_slice(after);
    framed(
        body,
        vec![(at, call_import(signature, GcRefMap::default()))],
    )
}

fn call_import(signature: Vec<u8>, gc_ref_map: GcRefMap) -> Import {
    Import {
        section: ImportSection::MethodCall,
        signature,
        gc_ref_map: Some(gc_ref_map),
    }
}

/// `push rbp; mov rbp, rsp; <body>; pop rbp; ret`, with `[rip+disp32]`
/// fields at the given body offsets bound to import cells.
fn framed(body: Vec<u8>, imports: Vec<(u32, Import)>) -> MethodStencil {
    let mut code = vec![0x55, 0x48, 0x8B, 0xEC];
    code.extend_from_slice(&body);
    code.extend_from_slice(&[0x5D, 0xC3]);
    let len = code.len() as u32;
    MethodStencil {
        gc_info: slim_gc_info(len, true),
        code,
        alignment: 16,
        relocs: imports
            .into_iter()
            .map(|(at, import)| Reloc {
                offset: 4 + at,
                kind: RelocKind::Rel32,
                target: Target::Import(import),
                addend: 0,
            })
            .collect(),
        fragments: vec![Fragment {
            start: 0,
            end: len,
            kind: FragmentKind::MainBody,
            unwind: UnwindInfo {
                prolog_size: 4,
                frame_register: Some((5, 0)),
                ops: vec![
                    UnwindOp::PushNonVolatile {
                        code_offset: 1,
                        reg: 5,
                    },
                    UnwindOp::SetFramePointer { code_offset: 4 },
                ],
            },
        }],
        // Prolog, body (IL offset 0), epilog: the runtime loads the image
        // with a DebugInfo section.
        debug_bounds: vec![
            DebugBound {
                native_offset: 0,
                il_offset: -2,
                source: 0,
            },
            DebugBound {
                native_offset: 4,
                il_offset: 0,
                source: 0,
            },
            DebugBound {
                native_offset: len - 2,
                il_offset: -3,
                source: 0,
            },
        ],
        ..Default::default()
    }
}

/// Writes `image` as `<dir>/<name>.exe`, runs it and returns the result.
fn run(tc: &Toolchain, dir: &Path, name: &str, image: &[u8]) -> xtask::dotnet::RunResult {
    let app = dir.join(format!("{name}.exe"));
    std::fs::write(&app, image).unwrap();
    let options = RunOptions {
        capture: true,
        timeout: Some(std::time::Duration::from_secs(60)),
        ..Default::default()
    };
    run_app(tc, &app, &[], &options).expect("run the app")
}

/// Asserts that no method of type `type_name` — or the method named
/// `type_name` when it contains `:` — was JIT-compiled.
fn assert_not_jitted(result: &xtask::dotnet::RunResult, type_name: &str) {
    let ours: Vec<_> = result
        .jitted
        .iter()
        .filter(|e| e.type_name == type_name || e.name == type_name)
        .map(|e| e.name.clone())
        .collect();
    assert!(
        ours.is_empty(),
        "the runtime JIT-compiled methods we precompiled: {ours:?}\nstderr: {}",
        result.stderr
    );
}

#[test]
fn precompiled_call_within_the_assembly_runs() {
    let tc = toolchain();
    let dir = scratch("seven");
    let il = mcs(
        &tc,
        &dir,
        "seven",
        "class P { static int Seven() { return 7; } static int Main() { return Seven() * 14 + 2; } }",
    );
    // MethodDef rows as mcs emits them: 1 .ctor, 2 Seven, 3 Main.
    let mut b = ImageBuilder::new(&il, WriterOptions::default()).unwrap();
    // mov eax, 7; ret
    b.add_method(2, leaf(vec![0xB8, 7, 0, 0, 0, 0xC3])).unwrap();
    // call Seven (MethodEntry_DefToken, row 2); imul eax, eax, 14; add eax, 2
    b.add_method(
        3,
        framed_call(&[], vec![0x14, 2], &[0x6B, 0xC0, 14, 0x83, 0xC0, 2]),
    )
    .unwrap();
    let image = b.finish().unwrap();
    let result = run(&tc, &dir, "seven", &image);
    assert_eq!(result.exit_code, Some(100), "stderr: {}", result.stderr);
    assert_not_jitted(&result, "P");
}

#[test]
fn precompiled_call_into_the_framework_runs() {
    let tc = toolchain();
    let dir = scratch("hello");
    let il = mcs(
        &tc,
        &dir,
        "hello",
        "class H { static int Main() { System.Console.WriteLine(42); return 100; } }",
    );
    // MethodDef rows: 1 .ctor, 2 Main. MemberRef rows: 1 Console.WriteLine(int)
    // (mcs emits Main's reference first).
    let mut b = ImageBuilder::new(&il, WriterOptions::default()).unwrap();
    // mov edi, 42; call WriteLine (MethodEntry_RefToken, MemberRef 1); mov eax, 100
    b.add_method(
        2,
        framed_call(&[0xBF, 42, 0, 0, 0], vec![0x15, 1], &[0xB8, 100, 0, 0, 0]),
    )
    .unwrap();
    let image = b.finish().unwrap();
    let result = run(&tc, &dir, "hello", &image);
    assert_eq!(result.exit_code, Some(100), "stderr: {}", result.stderr);
    assert_eq!(result.stdout, "42\n");
    assert_not_jitted(&result, "H");
}

#[test]
fn string_literal_through_a_lazy_fixup_runs() {
    let tc = toolchain();
    let dir = scratch("str");
    let il = mcs(
        &tc,
        &dir,
        "str",
        "class S { static int Main() { System.Console.WriteLine(\"hi\"); return 100; } }",
    );
    // MethodDef 2 Main; MemberRef 1 Console.WriteLine(string); "hi" is the
    // first #US entry (offset 1).
    let mut b = ImageBuilder::new(&il, WriterOptions::default()).unwrap();
    let string = Import {
        section: ImportSection::String,
        signature: vec![0x1B, 1],
        gc_ref_map: None,
    };
    // WriteLine's only argument (RDI) is an object reference.
    let write_line = call_import(
        vec![0x15, 1],
        GcRefMap {
            positions: vec![GcRefKind::Ref],
        },
    );
    let body = vec![
        0x48, 0x8B, 0x3D, 0, 0, 0, 0, // mov rdi, [rip+string cell]
        0x48, 0x8B, 0x3F, // mov rdi, [rdi]
        0xFF, 0x15, 0, 0, 0, 0, // call [rip+WriteLine cell]
        0xB8, 100, 0, 0, 0, // mov eax, 100
    ];
    b.add_method(2, framed(body, vec![(3, string), (12, write_line)]))
        .unwrap();
    let image = b.finish().unwrap();
    let result = run(&tc, &dir, "str", &image);
    assert_eq!(result.exit_code, Some(100), "stderr: {}", result.stderr);
    assert_eq!(result.stdout, "hi\n");
    assert_not_jitted(&result, "S");
}

#[test]
fn type_handle_through_a_lazy_fixup_is_resolved_before_the_method_runs() {
    let tc = toolchain();
    let dir = scratch("th");
    let il = mcs(
        &tc,
        &dir,
        "th",
        "class T { static int Main() { return 1; } }",
    );
    // MethodDef rows: 1 .ctor, 2 Main. The cell holds int32's type handle
    // once the method's fixup list has been processed.
    let mut b = ImageBuilder::new(&il, WriterOptions::default()).unwrap();
    let type_handle = Import {
        section: ImportSection::Lazy,
        signature: vec![0x10, 0x08],
        gc_ref_map: None,
    };
    let body = vec![
        0x48, 0x8B, 0x05, 0, 0, 0, 0, // mov rax, [rip+cell]
        0x48, 0x85, 0xC0, // test rax, rax
        0xB8, 100, 0, 0, 0, // mov eax, 100
        0x75, 0x05, // jnz +5
        0xB8, 1, 0, 0, 0, // mov eax, 1
    ];
    b.add_method(2, framed(body, vec![(3, type_handle)]))
        .unwrap();
    let image = b.finish().unwrap();
    let result = run(&tc, &dir, "th", &image);
    assert_not_jitted(&result, "T:Main()");
    assert_eq!(result.exit_code, Some(100), "stderr: {}", result.stderr);
}

/// A try/catch with a catch funclet, shaped like crossgen2's output for
/// .NET 8 (System.Runtime.Serialization.Primitives.dll, `SR.GetResourceString`):
/// the main body stores its Initial-SP in the PSPSym slot; the runtime calls
/// the funclet with the parent's Initial-SP (establisher frame) in RDI; the
/// funclet restores the parent's RBP and returns the resume address in RAX.
/// Checks ExceptionInfo, the funclet's RUNTIME_FUNCTION and a fat GC info
/// header with PSPSym on the real runtime.
#[test]
fn catch_funclet_handles_an_exception_thrown_by_a_callee() {
    eh_test("eh", false);
}

/// The same with a filter funclet (personality routine
/// `PersonalityRoutineFilterFunclet`, 0xF1) that accepts the exception:
/// the runtime tells the filter apart by its personality routine.
#[test]
fn filter_funclet_accepts_an_exception_thrown_by_a_callee() {
    eh_test("ehf", true);
}

fn eh_test(name: &str, filter: bool) {
    let tc = toolchain();
    let dir = scratch(name);
    let il = mcs(
        &tc,
        &dir,
        name,
        "class X { static int Thrower() { throw new System.Exception(); } \
         static int Main() { try { return Thrower(); } catch (System.Exception) { return 100; } } }",
    );
    // MethodDef rows: 1 .ctor, 2 Thrower, 3 Main; the catch type token as
    // mcs wrote it in Main's EH clause.
    let asm = kiln_metadata::Assembly::from_bytes(il.clone()).unwrap();
    let body = asm
        .method_body(kiln_metadata::tables::MethodDefHandle(3))
        .unwrap()
        .unwrap();
    let class_token = match body.exception_clauses[0].kind {
        kiln_metadata::body::ClauseKind::Catch(t) => t.0,
        other => panic!("expected a catch clause, found {other:?}"),
    };

    let mut code = vec![
        0x55, // 0: push rbp
        0x53, // 1: push rbx
        0x48, 0x83, 0xEC, 0x18, // 2: sub rsp, 0x18
        0x48, 0x8D, 0x6C, 0x24, 0x20, // 6: lea rbp, [rsp+0x20]
        0x48, 0x89, 0x65, 0xE0, // 11: mov [rbp-0x20], rsp (PSPSym = Initial-SP)
        0xFF, 0x15, 0, 0, 0, 0, // 15: call [rip+Thrower cell]   (try 15..26)
        0xB8, 1, 0, 0, 0, // 21: mov eax, 1
        0x48, 0x83, 0xC4, 0x18, // 26: add rsp, 0x18   (epilog)
        0x5B, // 30: pop rbx
        0x5D, // 31: pop rbp
        0xC3, // 32: ret
        0xB8, 100, 0, 0, 0, // 33: mov eax, 100    (resume address)
        0xEB, 0xF2, // 38: jmp 26
    ];
    // Funclet prolog: the parent's pushes and a slot for this frame's PSPSym.
    let prolog = [
        0x55, // push rbp
        0x53, // push rbx
        0x50, // push rax
        0x48, 0x8B, 0x2F, // mov rbp, [rdi]  (the parent's PSPSym)
        0x48, 0x89, 0x2C, 0x24, // mov [rsp], rbp  (this frame's PSPSym)
        0x48, 0x8D, 0x6D, 0x20, // lea rbp, [rbp+0x20]  (the parent's RBP)
    ];
    let epilog = [
        0x48, 0x83, 0xC4, 0x08, // add rsp, 8
        0x5B, // pop rbx
        0x5D, // pop rbp
        0xC3, // ret
    ];
    let filter_start = code.len() as u32; // 40
    if filter {
        code.extend_from_slice(&prolog);
        code.extend_from_slice(&[0xB8, 1, 0, 0, 0]); // mov eax, 1 (EXCEPTION_EXECUTE_HANDLER)
        code.extend_from_slice(&epilog);
    }
    let funclet = code.len() as u32;
    code.extend_from_slice(&[
        0x55, // push rbp
        0x53, // push rbx
        0x50, // push rax
        0x48, 0x8B, 0x2F, // mov rbp, [rdi]  (the parent's PSPSym)
        0x48, 0x89, 0x2C, 0x24, // mov [rsp], rbp  (this frame's PSPSym)
        0x48, 0x8D, 0x6D, 0x20, // lea rbp, [rbp+0x20]  (the parent's RBP)
        0x48, 0x8D, 0x05, 0, 0, 0, 0, // lea rax, [rip+resume]
        0x48, 0x83, 0xC4, 0x08, // add rsp, 8
        0x5B, // pop rbx
        0x5D, // pop rbp
        0xC3, // ret
    ]);
    let len = code.len() as u32;
    let push = |code_offset, reg| UnwindOp::PushNonVolatile { code_offset, reg };
    let gc = kiln_gcinfo::GcInfoDesc {
        code_length: len,
        stack_base_register: Some(5),
        psp_sym: Some(0),
        wants_report_only_leaf: true,
        interruptible_ranges: if filter {
            vec![
                (11, 26),
                (33, 40),
                (filter_start + 3, filter_start + 19),
                (funclet + 3, funclet + 21),
            ]
        } else {
            vec![(11, 26), (33, 40), (funclet + 3, funclet + 21)]
        },
        ..Default::default()
    };
    let stencil = MethodStencil {
        gc_info: kiln_gcinfo::encode(&gc).unwrap(),
        relocs: vec![
            Reloc {
                offset: 17,
                kind: RelocKind::Rel32,
                target: Target::Import(call_import(vec![0x14, 2], GcRefMap::default())),
                addend: 0,
            },
            Reloc {
                offset: funclet + 17,
                kind: RelocKind::Rel32,
                target: Target::Code(33),
                addend: 0,
            },
        ],
        code,
        alignment: 16,
        fragments: vec![
            Fragment {
                start: 0,
                end: filter_start,
                kind: FragmentKind::MainBody,
                unwind: UnwindInfo {
                    prolog_size: 6,
                    frame_register: None,
                    ops: vec![
                        push(1, 5),
                        push(2, 3),
                        UnwindOp::Alloc {
                            code_offset: 6,
                            size: 0x18,
                        },
                    ],
                },
            },
            Fragment {
                start: funclet,
                end: len,
                kind: FragmentKind::Handler,
                unwind: UnwindInfo {
                    prolog_size: 3,
                    frame_register: None,
                    ops: vec![
                        push(1, 5),
                        push(2, 3),
                        UnwindOp::Alloc {
                            code_offset: 3,
                            size: 8,
                        },
                    ],
                },
            },
        ],
        eh_clauses: vec![EhClause {
            flags: if filter { 1 } else { 0 },
            try_start: 15,
            // The runtime looks up a caller frame by its return address
            // (21): the try region must extend past the call, as the JIT
            // ensures with an instruction (or a nop) after a trailing call.
            try_end: 26,
            handler_start: funclet,
            handler_end: len,
            class_token_or_filter_offset: if filter { filter_start } else { class_token },
        }],
        ..Default::default()
    };
    let mut stencil = stencil;
    if filter {
        let unwind = stencil.fragments[1].unwind.clone();
        stencil.fragments.insert(
            1,
            Fragment {
                start: filter_start,
                end: funclet,
                kind: FragmentKind::Filter,
                unwind,
            },
        );
    }
    let mut b = ImageBuilder::new(&il, WriterOptions::default()).unwrap();
    b.add_method(3, stencil).unwrap();
    let image = b.finish().unwrap();
    let result = run(&tc, &dir, name, &image);
    assert_not_jitted(&result, "X:Main()");
    assert_eq!(result.exit_code, Some(100), "stderr: {}", result.stderr);
}

/// An interface call through a Dispatch (virtual stub dispatch) cell:
/// `lea r11, [rip+cell]; call qword ptr [r11]`, the cell starting at the
/// `mov rax, r11` delay-load thunk and its GCRefMap reporting `this`.
/// (`CallGet` is NoInlining: the JIT-compiled `Main` must call our code,
/// not inline the IL.)
#[test]
fn interface_call_through_a_dispatch_cell_runs() {
    let tc = toolchain();
    let dir = scratch("vsd");
    let il = mcs(
        &tc,
        &dir,
        "vsd",
        "interface IFoo { int Get(); } class Foo : IFoo { public int Get() { return 100; } } \
         static class P { [System.Runtime.CompilerServices.MethodImpl(8)] \
         static int CallGet(IFoo f) { return f.Get(); } \
         static int Main() { return CallGet(new Foo()); } }",
    );
    let asm = kiln_metadata::Assembly::from_bytes(il.clone()).unwrap();
    let rid = |ty: &str, name: &str| -> u32 {
        asm.handles::<kiln_metadata::tables::MethodDefHandle>()
            .find(|&h| {
                let owner = asm.method_owner(h).unwrap();
                asm.type_def_name(owner).unwrap().1 == ty
                    && asm.string(asm.method_def(h).unwrap().name).unwrap() == name
            })
            .unwrap()
            .0
    };
    let get = rid("IFoo", "Get");
    let call_get = rid("P", "CallGet");
    let mut signature = vec![0x17]; // VirtualEntry_DefToken
    signature.push(u8::try_from(get).unwrap());
    let dispatch = Import {
        section: ImportSection::Dispatch,
        signature,
        gc_ref_map: Some(GcRefMap {
            positions: vec![GcRefKind::Ref],
        }),
    };
    let body = vec![
        0x4C, 0x8D, 0x1D, 0, 0, 0, 0, // lea r11, [rip+cell]
        0x41, 0xFF, 0x13, // call qword ptr [r11]
    ];
    let mut b = ImageBuilder::new(&il, WriterOptions::default()).unwrap();
    b.add_method(call_get, framed(body, vec![(3, dispatch)]))
        .unwrap();
    let image = b.finish().unwrap();
    let result = run(&tc, &dir, "vsd", &image);
    assert_not_jitted(&result, "P:CallGet(IFoo)");
    assert_eq!(result.exit_code, Some(100), "stderr: {}", result.stderr);
}

/// A finally funclet run by the runtime's second pass while an exception
/// leaves the method; the funclet itself calls a method through a
/// MethodCall cell (its effect, a static field, is what `Main` returns).
#[test]
fn finally_funclet_runs_while_an_exception_unwinds() {
    let tc = toolchain();
    let dir = scratch("fin");
    let il = mcs(
        &tc,
        &dir,
        "fin",
        "static class F { static int flag; static int Thrower() { throw new System.Exception(); } \
         static void SetFlag() { flag = 100; } \
         [System.Runtime.CompilerServices.MethodImpl(8)] static void Inner() { try { Thrower(); } finally { SetFlag(); } } \
         static int Main() { try { Inner(); } catch (System.Exception) { } return flag; } }",
    );
    let asm = kiln_metadata::Assembly::from_bytes(il.clone()).unwrap();
    let rid = |name: &str| -> u32 {
        asm.handles::<kiln_metadata::tables::MethodDefHandle>()
            .find(|&h| asm.string(asm.method_def(h).unwrap().name).unwrap() == name)
            .unwrap()
            .0
    };
    let call = |name: &str| {
        Target::Import(call_import(
            vec![0x14, u8::try_from(rid(name)).unwrap()],
            GcRefMap::default(),
        ))
    };
    let mut code = vec![
        0x55, // 0: push rbp
        0x53, // 1: push rbx
        0x48, 0x83, 0xEC, 0x18, // 2: sub rsp, 0x18
        0x48, 0x8D, 0x6C, 0x24, 0x20, // 6: lea rbp, [rsp+0x20]
        0x48, 0x89, 0x65, 0xE0, // 11: mov [rbp-0x20], rsp (PSPSym)
        0xFF, 0x15, 0, 0, 0, 0,    // 15: call [rip+Thrower]  (try 15..22)
        0x90, // 21: nop (keeps the return address inside the try)
        0xFF, 0x15, 0, 0, 0, 0, // 22: call [rip+SetFlag]  (the finally, inline)
        0x48, 0x83, 0xC4, 0x18, // 28: add rsp, 0x18
        0x5B, // pop rbx
        0x5D, // pop rbp
        0xC3, // ret
    ];
    let funclet = code.len() as u32; // 34
    code.extend_from_slice(&[
        0x55, // push rbp
        0x53, // push rbx
        0x50, // push rax
        0x48, 0x8B, 0x2F, // mov rbp, [rdi]
        0x48, 0x89, 0x2C, 0x24, // mov [rsp], rbp
        0x48, 0x8D, 0x6D, 0x20, // lea rbp, [rbp+0x20]
        0xFF, 0x15, 0, 0, 0, 0, // call [rip+SetFlag]
        0x48, 0x83, 0xC4, 0x08, // add rsp, 8
        0x5B, // pop rbx
        0x5D, // pop rbp
        0xC3, // ret
    ]);
    let len = code.len() as u32;
    let push = |code_offset, reg| UnwindOp::PushNonVolatile { code_offset, reg };
    let gc = kiln_gcinfo::GcInfoDesc {
        code_length: len,
        stack_base_register: Some(5),
        psp_sym: Some(0),
        wants_report_only_leaf: true,
        interruptible_ranges: vec![(11, 28), (funclet + 3, funclet + 20)],
        ..Default::default()
    };
    let reloc = |offset, target| Reloc {
        offset,
        kind: RelocKind::Rel32,
        target,
        addend: 0,
    };
    let stencil = MethodStencil {
        gc_info: kiln_gcinfo::encode(&gc).unwrap(),
        relocs: vec![
            reloc(17, call("Thrower")),
            reloc(24, call("SetFlag")),
            reloc(funclet + 16, call("SetFlag")),
        ],
        code,
        alignment: 16,
        fragments: vec![
            Fragment {
                start: 0,
                end: funclet,
                kind: FragmentKind::MainBody,
                unwind: UnwindInfo {
                    prolog_size: 6,
                    frame_register: None,
                    ops: vec![
                        push(1, 5),
                        push(2, 3),
                        UnwindOp::Alloc {
                            code_offset: 6,
                            size: 0x18,
                        },
                    ],
                },
            },
            Fragment {
                start: funclet,
                end: len,
                kind: FragmentKind::Handler,
                unwind: UnwindInfo {
                    prolog_size: 3,
                    frame_register: None,
                    ops: vec![
                        push(1, 5),
                        push(2, 3),
                        UnwindOp::Alloc {
                            code_offset: 3,
                            size: 8,
                        },
                    ],
                },
            },
        ],
        eh_clauses: vec![EhClause {
            flags: 2, // finally
            try_start: 15,
            try_end: 22,
            handler_start: funclet,
            handler_end: len,
            class_token_or_filter_offset: 0,
        }],
        ..Default::default()
    };
    let mut b = ImageBuilder::new(&il, WriterOptions::default()).unwrap();
    b.add_method(rid("Inner"), stencil).unwrap();
    let image = b.finish().unwrap();
    let result = run(&tc, &dir, "fin", &image);
    assert_not_jitted(&result, "F:Inner()");
    assert_eq!(result.exit_code, Some(100), "stderr: {}", result.stderr);
}

/// An instantiation of a generic method (`Id<int>`) found through
/// InstanceMethodEntryPoints: the runtime hashes the method (owner, name,
/// instantiation), matches the signature blob and uses our code.
#[test]
fn generic_instantiation_through_instance_entry_points_runs() {
    use kiln_runtime_abi::hash::{method_hash, type_name_hash};
    let tc = toolchain();
    let dir = scratch("inst");
    let il = mcs(
        &tc,
        &dir,
        "inst",
        "static class P { [System.Runtime.CompilerServices.MethodImpl(8)] static T Id<T>(T x) { return x; } \
         static int Main() { return Id<int>(99) + 1; } }",
    );
    let asm = kiln_metadata::Assembly::from_bytes(il.clone()).unwrap();
    let id = asm
        .handles::<kiln_metadata::tables::MethodDefHandle>()
        .find(|&h| asm.string(asm.method_def(h).unwrap().name).unwrap() == "Id")
        .unwrap()
        .0;
    // MethodInstantiation, the MethodDef row, one argument: int32.
    let key = kiln_writer::InstanceKey {
        signature: vec![0x04, u8::try_from(id).unwrap(), 1, 0x08],
        hash: method_hash(
            type_name_hash("", "P"),
            "Id",
            &[type_name_hash("System", "Int32")],
        ),
    };
    let mut b = ImageBuilder::new(&il, WriterOptions::default()).unwrap();
    // mov eax, edi; ret
    b.add_instance_method(id, key, leaf(vec![0x89, 0xF8, 0xC3]))
        .unwrap();
    let image = b.finish().unwrap();
    let result = run(&tc, &dir, "inst", &image);
    assert_eq!(result.exit_code, Some(100), "stderr: {}", result.stderr);
    assert!(
        result.jitted.iter().any(|e| e.name == "P:Main()"),
        "Main is not precompiled and must be in the log: {:?}",
        result.jitted
    );
    assert_not_jitted(&result, "P:Id[int](int)");
}

#[test]
fn image_without_compiled_methods_runs_under_the_jit() {
    let tc = toolchain();
    let dir = scratch("none");
    let il = mcs(
        &tc,
        &dir,
        "none",
        "class N { static int Main() { return 100; } }",
    );
    let image = ImageBuilder::new(&il, WriterOptions::default())
        .unwrap()
        .finish()
        .unwrap();
    let result = run(&tc, &dir, "none", &image);
    assert_eq!(result.exit_code, Some(100), "stderr: {}", result.stderr);
    assert!(
        result.jitted.iter().any(|e| e.name == "N:Main()"),
        "Main should have been JIT-compiled: {:?}",
        result.jitted
    );
}

#[test]
fn debug_info_maps_native_offsets_to_il() {
    let tc = toolchain();
    let dir = scratch("dbg");
    // Probe (JIT-compiled) returns the IL offset of its caller's frame,
    // which the runtime computes from Main's DebugInfo bounds (0 without
    // debug info). Main's IL: ldc.i4.7 (0), stloc.0 (1), call Probe (2),
    // ldloc.0 (7), add, ldc.i4.s 93, add, ret.
    let il = mcs(
        &tc,
        &dir,
        "dbg",
        "class T { static int Probe() { return new System.Diagnostics.StackTrace().GetFrame(1).GetILOffset(); } \
         static int Main() { int x = 7; return Probe() + x + 93; } }",
    );
    // MethodDef rows: 1 .ctor, 2 Probe, 3 Main.
    let mut b = ImageBuilder::new(&il, WriterOptions::default()).unwrap();
    // call Probe (native 4..10, IL 2); add eax, 98 (IL 7): exits with 100
    // only if the runtime maps the call site to IL offset 2.
    let mut main = framed_call(&[], vec![0x14, 2], &[0x83, 0xC0, 98]);
    main.debug_bounds = vec![
        DebugBound {
            native_offset: 0,
            il_offset: -2,
            source: 0,
        },
        DebugBound {
            native_offset: 4,
            il_offset: 2,
            source: 0,
        },
        DebugBound {
            native_offset: 10,
            il_offset: 7,
            source: 0,
        },
        DebugBound {
            native_offset: 13,
            il_offset: -3,
            source: 0,
        },
    ];
    b.add_method(3, main).unwrap();
    let image = b.finish().unwrap();
    let result = run(&tc, &dir, "dbg", &image);
    assert_not_jitted(&result, "T:Main()");
    assert_eq!(result.exit_code, Some(100), "stderr: {}", result.stderr);
}

#[test]
fn output_is_deterministic() {
    let tc = toolchain();
    let dir = scratch("det");
    let il = mcs(
        &tc,
        &dir,
        "det",
        "class D { static int Main() { return 100; } }",
    );
    let build = || {
        let mut b = ImageBuilder::new(&il, WriterOptions::default()).unwrap();
        b.add_method(2, leaf(vec![0xB8, 100, 0, 0, 0, 0xC3]))
            .unwrap();
        b.finish().unwrap()
    };
    assert_eq!(build(), build());
}
