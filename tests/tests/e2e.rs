//! End-to-end tests over `tests/programs`: one test per program, plus one
//! run of the whole corpus under GC stress.
//!
//! Each program test:
//! 1. builds the program with mcs (cached by content hash),
//! 2. runs it under the JIT and checks exit code 100 and the expected output
//!    (`tests/programs/<name>.out`; `KILN_BLESS=1` rewrites it),
//! 3. compiles it with kiln and checks the R2R image behaves the same and
//!    none of the program's methods were JIT-compiled unless kiln's report
//!    skipped them — see [`kiln_step`], the one place that calls kiln;
//!    `firstlight_*` programs must be precompiled whole (nothing skipped,
//!    nothing JIT-compiled).
//!    With `KILN_E2E_VERBOSE=1` each test prints kiln's summary.
//!    A program may carry `// kiln-exclude-method: <pattern>` lines (those
//!    methods are left to the JIT, for mixed call chains) and
//!    `// kiln-expect-compiled: <pattern>` lines (the matching methods or
//!    instantiations must be compiled, so a feature test fails when kiln
//!    starts skipping it) and `// kiln-expect-inlined: <caller> <- <callee>`
//!    lines (every method matching `<caller>` is compiled with a method
//!    matching `<callee>` inlined into it);
//!    see `Program::directives`.
//!
//! The tests fail (they do not skip) when the toolchain is not provisioned:
//! run `cargo xtask setup`, or `cargo xtask test`.

use std::collections::BTreeSet;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::time::Duration;

use kiln_tests::check::{self, SkippedMethod};
use kiln_tests::corpus::{self, Language, Program};
use kiln_tests::{RunOptions, RunResult, Toolchain};

/// Generous per-run limit; the slowest program takes well under a second.
const RUN_TIMEOUT: Duration = Duration::from_secs(120);

fn run_options(env: &[(&str, &str)]) -> RunOptions {
    RunOptions {
        capture: true,
        env: env
            .iter()
            .map(|(k, v)| (OsString::from(k), OsString::from(v)))
            .collect(),
        timeout: Some(RUN_TIMEOUT),
    }
}

fn run(toolchain: &Toolchain, app: &Path, env: &[(&str, &str)]) -> RunResult {
    xtask::dotnet::run_app(toolchain, app, &[], &run_options(env))
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", app.display()))
}

/// The JIT reference run of one program, checked against its expected
/// output (or blessing it).
fn jit_reference(toolchain: &Toolchain, program: &Program, exe: &Path) -> RunResult {
    let result = run(toolchain, exe, &[]);
    let isa = runtime_isa(toolchain, &[]);
    if corpus::blessing() && result.exit_code == Some(check::PASS_EXIT_CODE) {
        let path = program.expected_path(&isa);
        xtask::dotnet::write_atomically(&path, result.stdout.as_bytes())
            .unwrap_or_else(|e| panic!("cannot bless {}: {e}", path.display()));
    }
    let expected = program
        .expected_output(&isa)
        .unwrap_or_else(|e| panic!("{e}"));
    if let Err(e) = check::check_run(
        &format!("{} under the JIT", program.name),
        &result,
        &expected,
    ) {
        panic!("{e}");
    }
    result
}

/// The instruction sets the runtime uses with the extra environment `env`
/// (on top of the test process's, e.g. `DOTNET_EnableAVX512F=0`).
fn runtime_isa(toolchain: &Toolchain, env: &[(&str, &str)]) -> xtask::isa::RuntimeIsa {
    let env = run_options(env).env;
    xtask::isa::probe(toolchain, &env).unwrap_or_else(|e| panic!("{e}"))
}

// ───────────────────────────── kiln step ─────────────────────────────
//
// What kiln produced for one program: the R2R image to run and the methods
// its report says it skipped (each with a reason).
struct KilnOutput {
    image: PathBuf,
    skipped: Vec<SkippedMethod>,
    /// JIT-log names of the instantiations kiln compiled.
    compiled_instantiations: Vec<String>,
    /// Compiled methods whose code carries instruction-set conditions
    /// (`Check_InstructionSetSupport`), with the conditions.
    conditional: Vec<(String, Vec<String>)>,
    summary: String,
    /// Methods compiled, and methods with an IL body (the candidates).
    compiled: usize,
    candidates: usize,
}

/// Compiles `exe` with kiln (`kiln_driver::compile`, the framework as the
/// reference set) into `out_dir`, next to a copy of its runtimeconfig.json,
/// and maps the report's skipped methods to [`SkippedMethod`]s.
fn kiln_step(
    toolchain: &Toolchain,
    program: &Program,
    exe: &Path,
    out_dir: &Path,
) -> Result<KilnOutput, String> {
    let options = kiln_driver::CompileOptions {
        exclude_methods: program.directives("kiln-exclude-method"),
        ..Default::default()
    };
    let compiled = kiln_driver::compile(
        &[exe.to_path_buf()],
        std::slice::from_ref(&toolchain.framework),
        &options,
    )
    .map_err(|e| e.to_string())?;
    let [compiled] = <[_; 1]>::try_from(compiled)
        .map_err(|v: Vec<_>| format!("kiln returned {} images for one input", v.len()))?;
    std::fs::create_dir_all(out_dir)
        .map_err(|e| format!("cannot create {}: {e}", out_dir.display()))?;
    let image = out_dir.join(exe.file_name().expect("exe has a file name"));
    // Written whole under a temporary name, then renamed: a concurrent
    // compile of the same program (the GC-stress test, another test
    // process) never exposes half an image or half a runtimeconfig.
    xtask::dotnet::write_runtimeconfig(&image, false)
        .map_err(|e| format!("cannot write the runtimeconfig: {e}"))?;
    xtask::dotnet::write_atomically(&image, &compiled.image)
        .map_err(|e| format!("cannot write {}: {e}", image.display()))?;
    for pattern in program.directives("kiln-expect-compiled") {
        // Definitions and instantiations (`Wrap`1[System.__Canon]:Make(`).
        let matching: Vec<_> = compiled
            .report
            .methods
            .iter()
            .chain(&compiled.report.instantiations)
            .filter(|m| m.name.contains(&pattern))
            .collect();
        if matching.is_empty() {
            return Err(format!("kiln-expect-compiled: no method matches {pattern}"));
        }
        for m in matching {
            if let kiln_driver::Outcome::Skipped { stage, reason, .. } = &m.outcome {
                return Err(format!(
                    "kiln-expect-compiled: {pattern}: {} skipped ({stage}: {reason})",
                    m.name
                ));
            }
        }
    }
    for directive in program.directives("kiln-expect-inlined") {
        // `<caller> <- <callee>`: name fragments, as kiln-expect-compiled.
        let Some((caller, callee)) = directive.split_once("<-") else {
            return Err(format!(
                "kiln-expect-inlined: `{directive}` is not `<caller> <- <callee>`"
            ));
        };
        let (caller, callee) = (caller.trim(), callee.trim());
        let callers: Vec<_> = compiled
            .report
            .methods
            .iter()
            .chain(&compiled.report.instantiations)
            .filter(|m| m.name.contains(caller))
            .collect();
        if callers.is_empty() {
            return Err(format!("kiln-expect-inlined: no method matches {caller}"));
        }
        for m in callers {
            let inlined = match &m.outcome {
                kiln_driver::Outcome::Compiled { inlined, .. } => inlined,
                kiln_driver::Outcome::Skipped { stage, reason, .. } => {
                    return Err(format!(
                        "kiln-expect-inlined: {directive}: {} skipped ({stage}: {reason})",
                        m.name
                    ))
                }
            };
            if !inlined.iter().any(|n| n.contains(callee)) {
                return Err(format!(
                    "kiln-expect-inlined: {directive}: {} inlined only {inlined:?}",
                    m.name
                ));
            }
        }
    }
    let report = &compiled.report;
    let compiled_instantiations = report
        .instantiations
        .iter()
        .filter(|m| m.is_compiled())
        .map(|m| m.name.clone())
        .collect();
    let skipped = report
        .methods
        .iter()
        .chain(&report.instantiations)
        .filter_map(|m| match &m.outcome {
            kiln_driver::Outcome::Skipped { stage, reason, .. } => Some(SkippedMethod {
                name: m.name.clone(),
                reason: format!("{stage}: {reason}"),
            }),
            kiln_driver::Outcome::Compiled { .. } => None,
        })
        .collect();
    let conditional = compiled
        .report
        .methods
        .iter()
        .filter(|m| !m.instruction_sets().is_empty())
        .map(|m| (m.name.clone(), m.instruction_sets().to_vec()))
        .collect();
    Ok(KilnOutput {
        image,
        skipped,
        compiled_instantiations,
        conditional,
        summary: compiled.report.summary(),
        compiled: compiled.report.compiled,
        candidates: compiled.report.candidates,
    })
}
// ─────────────────────────── end kiln step ───────────────────────────

/// Compiles the program with kiln, runs the image (with extra `env`) and
/// checks it against `reference`, the JIT run under the same environment:
/// same exit code and stdout, and no method of the program in the JIT log
/// unless kiln's report skipped it.
fn kiln_checks(
    toolchain: &Toolchain,
    program: &Program,
    exe: &Path,
    reference: &RunResult,
    env: &[(&str, &str)],
) -> Result<(), String> {
    let label = if env.is_empty() {
        format!("{} compiled by kiln", program.name)
    } else {
        format!("{} compiled by kiln, under GC stress", program.name)
    };
    let output = kiln_step(toolchain, program, exe, &exe.with_file_name("kiln"))
        .map_err(|e| format!("{}: kiln failed: {e}", program.name))?;
    let result = run(toolchain, &output.image, env);
    check::same_behaviour(reference, &result).map_err(|e| format!("{label}: {e}"))?;
    let app_types: BTreeSet<String> =
        xtask::appinfo::app_type_names(&output.image).map_err(|e| e.to_string())?;
    let app_jitted = xtask::jitlog::app_methods(&result.jitted, &app_types);
    // Code whose instruction-set conditions this runtime does not meet is
    // rejected by the runtime (and JIT-compiled): explained, like a skip.
    let isa = runtime_isa(toolchain, env);
    let mut explained = output.skipped.clone();
    for (name, conditions) in &output.conditional {
        if !isa.satisfies_all(conditions)? {
            explained.push(SkippedMethod {
                name: name.clone(),
                reason: format!("runtime rejects code for {}", conditions.join(" ")),
            });
        }
    }
    let unexplained =
        check::unexplained_jit_methods(&app_jitted, &explained, &output.compiled_instantiations);
    if std::env::var_os("KILN_E2E_VERBOSE").is_some() {
        println!(
            "{label}: kiln {}; JIT compiled {} of its methods",
            output.summary,
            app_jitted.len()
        );
    }
    if !unexplained.is_empty() {
        let list: Vec<&str> = unexplained.iter().map(|m| m.name.as_str()).collect();
        return Err(format!(
            "{label}: the JIT compiled methods kiln claims to have precompiled:\n  {}",
            list.join("\n  ")
        ));
    }
    // First light is a promise kept: these programs are precompiled whole.
    if program.is_first_light() && (output.compiled != output.candidates || !app_jitted.is_empty())
    {
        let skipped: Vec<String> = output
            .skipped
            .iter()
            .map(|m| format!("{} ({})", m.name, m.reason))
            .collect();
        return Err(format!(
            "{label}: first-light programs must be precompiled whole, but kiln {} \
             and the JIT compiled {} of the program's methods; skipped:\n  {}",
            output.summary,
            app_jitted.len(),
            skipped.join("\n  ")
        ));
    }
    Ok(())
}

fn e2e(name: &str) {
    let toolchain = kiln_tests::toolchain();
    let program = Program::named(name);
    let exe = corpus::build(&toolchain, &program).unwrap_or_else(|e| panic!("{e}"));
    let reference = jit_reference(&toolchain, &program, &exe);
    if let Err(e) = kiln_checks(&toolchain, &program, &exe, &reference, &[]) {
        panic!("{e}");
    }
}

macro_rules! programs {
    ($($name:ident),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                e2e(stringify!($name));
            }
        )*
        /// Every program with a test above.
        const PROGRAMS: &[&str] = &[$(stringify!($name)),*];
    };
}

programs!(
    arith_control,
    arrays,
    arrays_element_address,
    arrays_precompiled,
    boxing_casts,
    boxing_precompiled,
    calc_parser,
    calls_args,
    collections,
    constrained_calls,
    constrained_values,
    delegates_lambdas,
    delegates_precompiled,
    delegates_virtual,
    enums_nullable,
    eh_funclets,
    exception_filters,
    exceptions,
    fields_address,
    fields_checked_layout,
    firstlight_arith,
    firstlight_calls,
    firstlight_long,
    firstlight_loops,
    firstlight_recursion,
    floating,
    floats_ops,
    gc_heavy,
    generic_instances_framework,
    generics,
    generics_dictionary,
    generics_exact,
    generics_exact_fields,
    generics_methods,
    generics_shared,
    generics_shared_calls,
    generics_statics,
    generics_statics_shared,
    generics_structs_shared,
    hashing_bits,
    il_basics,
    il_floats,
    il_int_opcodes,
    il_null_this,
    il_prefixes,
    inlining,
    interfaces,
    isa_conversions,
    iterators,
    ladder_arrays,
    ladder_gc,
    ladder_objects,
    ladder_statics,
    ladder_structs,
    linq,
    locals_address,
    long_checked,
    nbody,
    objects_casts,
    objects_dispatch,
    objects_fields,
    objects_virtual,
    primitives,
    sorting,
    statics_cctor,
    statics_precompiled,
    strings,
    strings_ctor,
    structs,
    structs_methods,
    switch,
    thread_statics,
    threads_locks,
    throw_precompiled,
    valuetypes_locals,
    valuetypes_arrays,
    valuetypes_abi,
    il_valuetypes,
    tokens_precompiled,
    constructed_types,
    il_stack_merge,
    il_ref_locals,
    pinned_fixed,
    arrays_ref_elements,
    valuetypes_framework,
    valuetypes_returns,
    valuetypes_generic,
    valuetypes_statics,
    valuetypes_retbuf,
    native_ints_ctor,
    localloc,
    synchronized,
    eh_struct_returns,
    valuetypes_explicit,
    il_byref_returns,
    valuetypes_generic_arrays,
);

/// Every program in `tests/programs` has a test, and every test a program.
#[test]
fn every_program_has_a_test() {
    let on_disk: BTreeSet<String> = corpus::all_programs()
        .expect("tests/programs is readable")
        .into_iter()
        .map(|p| p.name)
        .collect();
    let listed: BTreeSet<String> = PROGRAMS.iter().map(|s| s.to_string()).collect();
    assert_eq!(
        on_disk, listed,
        "add new programs to the programs! list in tests/tests/e2e.rs"
    );
}

/// The JIT-log machinery on a real run (what `cargo xtask run` reports):
/// the app's methods are found by their declaring types, framework methods
/// are not counted, and the exit code comes through.
#[test]
fn jit_log_lists_the_methods_of_the_app() {
    const APP: &str = r#"
using System.Runtime.CompilerServices;
namespace Outer { public class Gen<T> { [MethodImpl(MethodImplOptions.NoInlining)] public T Id(T t) { return t; } } }
static class H {
    [MethodImpl(MethodImplOptions.NoInlining)]
    static int Work(int n) { int s = 0; for (int i = 0; i < n; i++) s += i; return s; }
    static int Main() {
        System.Console.WriteLine(Work(10) + new Outer.Gen<string>().Id("x"));
        return 42;
    }
}
"#;
    let toolchain = kiln_tests::toolchain();
    let exe = corpus::build_source(&toolchain, "jitlog_probe", Language::CSharp, APP.as_bytes())
        .unwrap_or_else(|e| panic!("{e}"));
    let result = run(&toolchain, &exe, &[]);
    assert_eq!(
        (result.exit_code, result.stdout.as_str()),
        (Some(42), "45x\n"),
        "{}",
        result.stderr
    );
    let types = xtask::appinfo::app_type_names(&exe).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        types.contains("H") && types.contains("Outer.Gen`1"),
        "{types:?}"
    );
    let app: Vec<&str> = xtask::jitlog::app_methods(&result.jitted, &types)
        .iter()
        .map(|m| m.name.as_str())
        .collect();
    assert_eq!(
        app,
        [
            "H:Main()",
            "H:Work(int)",
            "Outer.Gen`1[System.__Canon]:Id(System.__Canon)"
        ]
    );
    assert!(
        result.jitted.len() > app.len(),
        "the log also lists framework methods"
    );
}

/// The GC-stress knob still works on the provisioned runtime: the same
/// allocation loop triggers many more gen0 collections with it. (If a
/// runtime ignored it, `gc_stress` would silently test nothing.)
#[test]
fn gc_stress_knob_is_effective() {
    const PROBE: &str = r#"
static class GcProbe {
    static int Main() {
        object keep = null;
        for (int i = 0; i < 1000000; i++) keep = new int[4];
        System.Console.WriteLine(System.GC.CollectionCount(0));
        return keep == null ? 1 : 100;
    }
}
"#;
    let toolchain = kiln_tests::toolchain();
    let exe = corpus::build_source(&toolchain, "gc_probe", Language::CSharp, PROBE.as_bytes())
        .unwrap_or_else(|e| panic!("{e}"));
    let count = |env: &[(&str, &str)]| -> u64 {
        let r = run(&toolchain, &exe, env);
        assert_eq!(r.exit_code, Some(100), "gc probe failed: {}", r.stderr);
        r.stdout
            .trim()
            .parse()
            .unwrap_or_else(|e| panic!("gc probe printed {:?}: {e}", r.stdout))
    };
    let normal = count(&[]);
    let stressed = count(&[GC_STRESS]);
    assert!(
        stressed >= 100 && stressed > 10 * normal.max(1),
        "DOTNET_GCgen0size had no effect: {normal} gen0 collections normally, {stressed} under stress"
    );
}

/// The environment that makes gen0 tiny (64 KiB), so collections happen
/// every few allocations.
const GC_STRESS: (&str, &str) = ("DOTNET_GCgen0size", "0x10000");

/// The whole corpus with a 64 KiB gen0 budget — under the JIT and from
/// kiln's images: collections happen every few allocations, so a stale GC
/// reference (e.g. wrong GC info) shows up. Programs run on parallel threads.
#[test]
fn gc_stress() {
    let toolchain = kiln_tests::toolchain();
    let programs: Vec<Program> = PROGRAMS.iter().map(|n| Program::named(n)).collect();
    let next = std::sync::atomic::AtomicUsize::new(0);
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
    let failures = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some(program) = programs.get(i) else {
                    break;
                };
                let outcome = corpus::build(&toolchain, program).and_then(|exe| {
                    let result = run(&toolchain, &exe, &[GC_STRESS]);
                    // While blessing, the per-program tests are rewriting the
                    // expected files: compare with a plain JIT run instead.
                    let expected = if corpus::blessing() {
                        run(&toolchain, &exe, &[]).stdout
                    } else {
                        program.expected_output(&runtime_isa(&toolchain, &[]))?
                    };
                    check::check_run(
                        &format!("{} under GC stress", program.name),
                        &result,
                        &expected,
                    )?;
                    kiln_checks(&toolchain, program, &exe, &result, &[GC_STRESS])
                });
                if let Err(e) = outcome {
                    failures.lock().unwrap().push(e);
                }
            });
        }
    });
    let failures = failures.into_inner().unwrap();
    assert!(
        failures.is_empty(),
        "{} program(s) failed under GC stress:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The environment that makes the runtime (JIT and the R2R instruction-set
/// fixups alike) behave as on a CPU without AVX-512.
const NO_AVX512: (&str, &str) = ("DOTNET_EnableAVX512F", "0");

/// The methods of `isa_conversions` that convert `uint64` to a float: their
/// JIT answer depends on AVX-512, so kiln's code carries "AVX-512F
/// unsupported" (`Check_InstructionSetSupport`).
const CPU_DEPENDENT: &[&str] = &[
    "IsaConversions:U2D(ulong)",
    "IsaConversions:U2F(ulong)",
    "IsaConversions:U2FViaDouble(ulong)",
];

/// kiln's conversions equal the JIT's on this machine in both runtime
/// configurations — as it is, and with AVX-512 turned off — at the edge
/// values (`tests/programs/isa_conversions.cs`); in each, the CPU-dependent
/// methods ran precompiled exactly where the runtime does not use AVX-512
/// and were rejected (JIT-compiled) where it does, and every other
/// conversion ran precompiled. (On a CPU without AVX-512 both
/// configurations are the same one; the test then shows that.)
#[test]
fn isa_conversions_match_the_jit_with_and_without_avx512() {
    let toolchain = kiln_tests::toolchain();
    let program = Program::named("isa_conversions");
    let exe = corpus::build(&toolchain, &program).unwrap_or_else(|e| panic!("{e}"));
    let output = kiln_step(&toolchain, &program, &exe, &exe.with_file_name("kiln-isa"))
        .unwrap_or_else(|e| panic!("kiln failed: {e}"));
    // Main (array initializers, string formatting) may stay with the JIT;
    // every conversion method must be compiled.
    const MAIN: &str = "IsaConversions:Main()";
    assert!(
        output.skipped.iter().all(|m| m.name == MAIN),
        "{:?}",
        output.skipped
    );
    let mut conditional: Vec<&str> = output.conditional.iter().map(|(n, _)| n.as_str()).collect();
    conditional.sort_unstable();
    assert_eq!(
        conditional, CPU_DEPENDENT,
        "methods with instruction-set conditions"
    );
    for (name, conditions) in &output.conditional {
        assert!(
            conditions.contains(&"-Avx512F".to_string()),
            "{name}: {conditions:?}"
        );
    }
    // `kiln dump` names the condition in the method's fixup list.
    let dump =
        kiln_driver::dump::run(&output.image, Some("U2D"), None).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        dump.contains("Check_InstructionSetSupport -Avx512F -Avx512F_VL -Avx512BW"),
        "{dump}"
    );
    let app_types = xtask::appinfo::app_type_names(&output.image).unwrap_or_else(|e| panic!("{e}"));
    let mut seen = Vec::new();
    for env in [&[][..], &[NO_AVX512][..]] {
        let isa = runtime_isa(&toolchain, env);
        if !env.is_empty() {
            assert!(!isa.avx512f(), "{NO_AVX512:?} did not turn AVX-512F off");
        }
        seen.push(isa.avx512f());
        let jit = run(&toolchain, &exe, env);
        let expected = program
            .expected_output(&isa)
            .unwrap_or_else(|e| panic!("{e}"));
        check::check_run(&format!("JIT, {env:?}"), &jit, &expected)
            .unwrap_or_else(|e| panic!("{e}"));
        let kiln = run(&toolchain, &output.image, env);
        check::same_behaviour(&jit, &kiln).unwrap_or_else(|e| panic!("kiln, {env:?}: {e}"));
        let jitted: BTreeSet<&str> = xtask::jitlog::app_methods(&kiln.jitted, &app_types)
            .iter()
            .map(|m| m.name.as_str())
            .collect();
        let mut expect: BTreeSet<&str> = output.skipped.iter().map(|m| m.name.as_str()).collect();
        if isa.avx512f() {
            expect.extend(CPU_DEPENDENT);
        }
        assert_eq!(
            jitted,
            expect,
            "JIT-compiled methods of kiln's image with {env:?} (AVX-512F in use: {})",
            isa.avx512f()
        );
    }
    if seen == [false, false] {
        eprintln!("this CPU has no AVX-512: only the configuration without it was tested");
    }
}
