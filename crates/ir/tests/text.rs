//! Text form round trips and verifier behaviour on hand-written IR.

use kiln_ir::*;

const LOOP: &str = r#"function "Program::SumTo"(i32) -> i32 {
    fn0 = "System.Console::WriteLine"(i32) token 0x0a00000c
    fn1 = "Program::Pick"(i8 sext, i64) -> i16 uext token 0x06000002

block0(v0: i32):
    v1 = iconst.i32 0                   ; IL_0000 ldc.i4.0
    jump block1(v1, v1)                 ; IL_0001 br.s
}
"#;

fn full() -> String {
    r#"function "Program::SumTo"(i32) -> i32 {
    fn0 = "System.Console::WriteLine"(i32) token 0x0a00000c
    fn1 = "Program::Pick"(i8 sext, i64) -> i16 uext token 0x06000002

block0(v0: i32):
    v1 = iconst.i32 0                   ; IL_0000 ldc.i4.0
    jump block1(v1, v1)                 ; IL_0001 br.s

block1(v2: i32, v3: i32):
    v4 = icmp.i32 sle v3, v0            ; IL_0003 ble.s
    brif v4, block2, block3

block2:
    v5 = iadd.i32 v2, v3                ; IL_0005 add
    v6 = iconst.i32 1                   ; IL_0006 ldc.i4.1
    v7 = iadd.i32 v3, v6                ; IL_0007 add
    trapz v6, div_by_zero               ; IL_0008 div
    v8 = sdiv.i32 v5, v6                ; IL_0008 div
    v9 = ireduce.i8 v8                  ; IL_0009 call
    v10 = sextend.i64 v7                ; IL_0009 call
    v11 = call fn1(v9, v10)             ; IL_0009 call
    v12 = uextend.i32 v11               ; IL_0009 call
    call fn0(v12)                       ; IL_000e call
    br_table v12, block1(v5, v7), [block1(v2, v7), block3]
    ; a free comment

block3:
    v13 = sadd_ovf.i32 v2, v0
    return v13                          ; IL_0014 ret
}
"#
    .to_string()
}

#[test]
fn print_parse_round_trip() {
    let text = full();
    let func = parse_function(&text).unwrap();
    verify_function(&func).unwrap();
    // The free comment is dropped; everything else prints back as written.
    let expected = text.replace("    ; a free comment\n", "");
    assert_eq!(write_function(&func), expected);
    // Entities keep their numbers.
    assert_eq!(func.layout.blocks().len(), 4);
    let call = func.layout.block_insts(Block::from_u32(2))[7];
    assert_eq!(func.dfg.inst_results(call), &[Value::from_u32(11)]);
    assert_eq!(func.srclocs[call], Some(IlLoc::new(9, "call")),);
    let InstData::Call { func: f, .. } = func.dfg.inst(call) else {
        panic!("not a call")
    };
    assert_eq!(func.ext_funcs[*f].callee, Callee::Token(0x0600_0002));
    assert_eq!(func.ext_funcs[*f].signature.returns[0].ext, ArgExt::Uext);
    // Parsing again gives an equal function.
    assert_eq!(parse_function(&write_function(&func)).unwrap(), func);
}

#[test]
fn parse_errors_name_the_line() {
    let e = parse_function(LOOP.replace("jump", "jmp").as_str()).unwrap_err();
    assert_eq!(e.line, 7);
    assert!(e.message.contains("unknown opcode `jmp`"), "{e}");
    let e = parse_function("function \"f\"() {\nblock0:\n    return\n").unwrap_err();
    assert!(e.message.contains("missing `}`"), "{e}");
    let e = parse_function("function \"f\"() {\nblock0:\n    v0 = iadd v1, v2\n    return\n}\n")
        .unwrap_err();
    assert_eq!(e.line, 3);
    assert!(e.message.contains("suffix"), "{e}");
}

fn errors(text: &str) -> Vec<VerifierError> {
    let func = parse_function(text).unwrap();
    verify_function(&func).unwrap_err().0
}

fn err(location: AnyEntity, kind: VerifierErrorKind) -> VerifierError {
    VerifierError { location, kind }
}

fn inst(n: u32) -> AnyEntity {
    AnyEntity::Inst(Inst::from_u32(n))
}

#[test]
fn verifier_reports_type_errors() {
    let e = errors(
        "function \"f\"(i32, i64) -> i32 {\n\
         block0(v0: i32, v1: i64):\n\
         v2 = iadd.i32 v0, v1\n\
         v3 = icmp.i32 eq v1, v0\n\
         v4 = ireduce.i64 v0\n\
         v5 = iconst.i8 200\n\
         return v1\n\
         }\n",
    );
    assert_eq!(
        e,
        vec![
            err(
                inst(0),
                VerifierErrorKind::OperandType {
                    operand: 1,
                    expected: Expected::Type(Type::I32),
                    found: Type::I64
                }
            ),
            err(
                inst(1),
                VerifierErrorKind::OperandType {
                    operand: 1,
                    expected: Expected::Type(Type::I64),
                    found: Type::I32
                }
            ),
            err(
                inst(2),
                VerifierErrorKind::BadConversion {
                    from: Type::I32,
                    to: Type::I64
                }
            ),
            err(inst(3), VerifierErrorKind::NonCanonicalImm),
            err(
                inst(4),
                VerifierErrorKind::OperandType {
                    operand: 0,
                    expected: Expected::Type(Type::I32),
                    found: Type::I64
                }
            ),
        ]
    );
}

#[test]
fn verifier_reports_structure_errors() {
    // Missing terminator, terminator in the middle, empty entry params
    // mismatch.
    let e = errors(
        "function \"f\"(i32) {\n\
         block0:\n\
         return\n\
         v0 = iconst.i32 1\n\
         }\n",
    );
    assert_eq!(
        e,
        vec![
            err(
                AnyEntity::Block(Block::from_u32(0)),
                VerifierErrorKind::EntryParamsMismatch
            ),
            err(inst(0), VerifierErrorKind::TerminatorNotLast),
            err(inst(1), VerifierErrorKind::MissingTerminator),
        ]
    );
    // Branch to the entry and to a block not in the layout.
    let e = errors(
        "function \"f\"() {\n\
         block0:\n\
         v0 = iconst.i32 1\n\
         brif v0, block0, block1\n\
         }\n",
    );
    assert_eq!(
        e,
        vec![err(
            inst(1),
            VerifierErrorKind::TargetNotInLayout(Block::from_u32(1))
        )]
    );
    let e = errors(
        "function \"f\"() {\n\
         block0:\n\
         jump block1\n\
         block1:\n\
         jump block0\n\
         }\n",
    );
    assert_eq!(e, vec![err(inst(1), VerifierErrorKind::BranchToEntry)]);
}

#[test]
fn verifier_reports_ssa_errors() {
    // v5 is never defined; v3 is defined in block1 which does not dominate
    // block3; v4 is used before its definition in the same block; block
    // argument counts must match.
    let e = errors(
        "function \"f\"(i32) -> i32 {\n\
         block0(v0: i32):\n\
         brif v0, block1, block2(v0, v0)\n\
         block1:\n\
         v3 = iconst.i32 3\n\
         jump block3\n\
         block2(v1: i32):\n\
         v2 = iadd.i32 v4, v1\n\
         v4 = iadd.i32 v1, v5\n\
         jump block3\n\
         block3:\n\
         return v3\n\
         }\n",
    );
    assert_eq!(
        e,
        vec![
            err(
                inst(0),
                VerifierErrorKind::ArgCount {
                    expected: 1,
                    found: 2
                }
            ),
            err(inst(3), VerifierErrorKind::NotDominated(Value::from_u32(4))),
            err(
                inst(4),
                VerifierErrorKind::UndefinedValue(Value::from_u32(5))
            ),
            err(inst(6), VerifierErrorKind::NotDominated(Value::from_u32(3))),
        ]
    );
    // The annotated dump shows the error under its instruction.
    let func = parse_function("function \"f\"() -> i32 {\nblock0:\n    return v9\n}\n").unwrap();
    let errs = verify_function(&func).unwrap_err();
    let dump = write_function_with_errors(&func, &errs.0);
    assert!(
        dump.contains("    return v9\n    ; error: inst0: v9 is used but not defined\n"),
        "{dump}"
    );
}

#[test]
fn verifier_checks_calls_and_returns() {
    let e = errors(
        "function \"f\"() -> i32 {\n\
         fn0 = \"g\"(i32, i64) -> i32 token 0x06000001\n\
         block0:\n\
         v0 = iconst.i32 1\n\
         v1 = call fn0(v0)\n\
         v2 = call fn0(v0, v0)\n\
         return\n\
         }\n",
    );
    assert_eq!(
        e,
        vec![
            err(
                inst(1),
                VerifierErrorKind::ArgCount {
                    expected: 2,
                    found: 1
                }
            ),
            err(
                inst(2),
                VerifierErrorKind::OperandType {
                    operand: 1,
                    expected: Expected::Type(Type::I64),
                    found: Type::I32
                }
            ),
            err(
                inst(3),
                VerifierErrorKind::ArgCount {
                    expected: 1,
                    found: 0
                }
            ),
        ]
    );
}

#[test]
fn dominator_tree_of_a_diamond_with_loop() {
    let func = parse_function(&full()).unwrap();
    let cfg = ControlFlowGraph::compute(&func);
    let dt = DominatorTree::compute(&func, &cfg);
    let b = Block::from_u32;
    assert_eq!(dt.rpo()[0], b(0));
    assert_eq!(dt.idom(b(1)), Some(b(0)));
    assert_eq!(dt.idom(b(2)), Some(b(1)));
    assert_eq!(dt.idom(b(3)), Some(b(1)));
    assert!(dt.dominates(b(1), b(2)) && !dt.dominates(b(2), b(3)));
    assert_eq!(cfg.preds(b(1)), &[b(0), b(2), b(2)]);
}

#[test]
fn cursor_builds_verified_ir() {
    let sig = Signature {
        params: vec![AbiParam::new(Type::I64)],
        returns: vec![AbiParam::new(Type::I64)],
    };
    let mut func = Function::new("g", sig);
    let entry = func.dfg.make_block();
    func.layout.append_block(entry);
    let x = func.dfg.append_block_param(entry, Type::I64);
    let mut cur = Cursor::new(&mut func, entry);
    cur.set_loc(Some(IlLoc::new(0, "ldc.i4.m1")));
    let c = cur.iconst(Type::I64, u64::MAX as i64);
    let y = cur.binary(BinaryOp::Imul, x, c);
    cur.ret(&[y]);
    verify_function(&func).unwrap();
    assert_eq!(
        write_function(&func),
        "function \"g\"(i64) -> i64 {\nblock0(v0: i64):\n    v1 = iconst.i64 -1                  ; IL_0000 ldc.i4.m1\n    v2 = imul.i64 v0, v1                ; IL_0000 ldc.i4.m1\n    return v2                           ; IL_0000 ldc.i4.m1\n}\n"
    );
}

#[test]
fn parser_refuses_absurd_entity_numbers() {
    let e =
        parse_function("function \"f\"() {\nblock0:\n    jump block4000000000\n}\n").unwrap_err();
    assert!(e.message.contains("too large"), "{e}");
}

#[test]
fn verifier_reports_unknown_struct_layouts() {
    let e = errors(
        "function \"f\"() {\nblock0:\n    jump block1(v9)\nblock1(v0: st3):\n    return\n}\n",
    );
    assert_eq!(
        e,
        vec![err(
            AnyEntity::Value(Value::from_u32(0)),
            VerifierErrorKind::UnknownEntity(AnyEntity::StructRef(StructRef::from_u32(3)))
        )]
    );
}

/// Broken text never panics the parser, and whatever parses never panics
/// the verifier, the printer or the interpreter: every line deleted, every
/// line duplicated, every word deleted, one at a time.
#[test]
fn mutated_text_never_panics() {
    let text = full();
    let lines: Vec<&str> = text.lines().collect();
    let mut variants = Vec::new();
    for i in 0..lines.len() {
        let mut l = lines.clone();
        l.remove(i);
        variants.push(l.join("\n"));
        let mut l = lines.clone();
        l.insert(i, lines[i]);
        variants.push(l.join("\n"));
    }
    let words: Vec<&str> = text.split(' ').collect();
    for i in 0..words.len() {
        let mut w = words.clone();
        w.remove(i);
        variants.push(w.join(" "));
    }
    let mut parsed = 0;
    for v in &variants {
        if let Ok(f) = parse_function(v) {
            parsed += 1;
            let errors = verify_function(&f).err().map(|e| e.0).unwrap_or_default();
            let _ = write_function_with_errors(&f, &errors);
            if errors.is_empty() {
                let mut fuel = 1000;
                let _ = interpret(
                    &f,
                    &[5],
                    &mut |_, _| Ok(Outcome::Return(vec![0])),
                    &mut fuel,
                );
            }
        }
    }
    assert!(parsed > 10, "only {parsed} variants parsed");
}

/// Dominance by tree numbering agrees with walking the idom chain, on every
/// pair of blocks of every function the golden inputs of this file give.
#[test]
fn dominance_queries_agree_with_idom_chains() {
    let func = parse_function(
        "function \"f\"(i32) {\n\
         block0(v0: i32):\n    brif v0, block1, block4\n\
         block1:\n    brif v0, block2, block3\n\
         block2:\n    jump block5\n\
         block3:\n    jump block5\n\
         block4:\n    jump block5\n\
         block5:\n    brif v0, block1, block6\n\
         block6:\n    return\n\
         block7:\n    jump block6\n}\n",
    )
    .unwrap();
    let cfg = ControlFlowGraph::compute(&func);
    let dt = DominatorTree::compute(&func, &cfg);
    let by_chain = |a: Block, mut b: Block| loop {
        if a == b {
            return true;
        }
        match dt.idom(b) {
            Some(d) => b = d,
            None => return false,
        }
    };
    for i in 0..8 {
        for j in 0..8 {
            let (a, b) = (Block::from_u32(i), Block::from_u32(j));
            let want = dt.is_reachable(a) && dt.is_reachable(b) && by_chain(a, b);
            assert_eq!(dt.dominates(a, b), want, "{a} dom {b}");
        }
    }
    assert_eq!(dt.idom(Block::from_u32(5)), Some(Block::from_u32(0)));
    assert!(!dt.is_reachable(Block::from_u32(7)));
}

#[test]
fn callee_named_by_signature_round_trips() {
    // A `constrained.` call resolved by the runtime: the callee is the
    // `method_sig` entry keyed 1, not a metadata token.
    let text = r#"function "Program::Show"(byref) {
    method_sig 0x00000001, "320a1105"
    fn0 = "System.IDisposable::Dispose"(byref) sig 1

block0(v0: byref):
    call fn0(v0)
    return
}
"#;
    let func = parse_function(text).unwrap();
    verify_function(&func).unwrap();
    assert_eq!(
        func.ext_funcs.values().next().unwrap().callee,
        Callee::Signature(1)
    );
    assert_eq!(func.method_sig(1), Some(&[0x32, 0x0a, 0x11, 0x05][..]));
    assert_eq!(parse_function(&write_function(&func)).unwrap(), func);
}
