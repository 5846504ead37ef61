//! Exception-handling clauses, regions and terminators: text round trip and
//! the verifier's rules (`kiln_ir::eh`).

use kiln_ir::{parse_function, verify_function, write_function, HandlerKind};

const TRY_CATCH_FINALLY: &str = r#"function "T::M"(i32) -> i32 {
    ss0 = stack 8, align 8
    eh0 = catch 0x01000002, handler block3, try 0x0 0x8, il_handler 0x8 0xa
    eh1 = filter block4 at 0xa, handler block5, try 0x0 0x10, il_handler 0x12 0x14
    eh2 = finally, handler block6, try 0x0 0x18, il_handler 0x18 0x1a
    fn0 = "T::F"() -> i32 token 0x06000001

block0(v0: i32):
    jump block1

block1 [try eh0]:
    v1 = call fn0()
    jump block2

block2 [try eh1]:
    call_finally eh2, block7

block3(v2: ref) [handler eh0, try eh1]:
    catch_ret block2

block4(v3: ref) [filter eh1]:
    v4 = iconst.i32 1
    end_filter v4

block5(v5: ref) [handler eh1]:
    rethrow

block6 [handler eh2]:
    end_finally

block7:
    v6 = iconst.i32 7
    return v6
}
"#;

#[test]
fn eh_text_round_trips_and_verifies() {
    let func = parse_function(TRY_CATCH_FINALLY).unwrap();
    verify_function(&func).unwrap();
    assert_eq!(func.eh_clauses.len(), 3);
    assert!(matches!(
        func.eh_clauses.values().next().unwrap().kind,
        HandlerKind::Catch {
            class_token: 0x0100_0002
        }
    ));
    let text = write_function(&func);
    assert_eq!(text, TRY_CATCH_FINALLY);
    assert_eq!(parse_function(&text).unwrap(), func);
}

fn errors(text: &str) -> String {
    let func = parse_function(text).unwrap();
    match verify_function(&func) {
        Ok(()) => String::new(),
        Err(e) => e.to_string(),
    }
}

#[test]
fn branches_into_handlers_and_values_across_funclets_are_rejected() {
    let jump_into_handler = TRY_CATCH_FINALLY.replace(
        "block1 [try eh0]:\n    v1 = call fn0()\n    jump block2",
        "block1 [try eh0]:\n    v1 = call fn0()\n    jump block6",
    );
    let e = errors(&jump_into_handler);
    assert!(e.contains("branch target"), "{e}");
    assert!(e.contains("another funclet"), "{e}");
    let value_across = TRY_CATCH_FINALLY.replace("    rethrow", "    throw v2");
    assert!(errors(&value_across).contains("defined in another funclet"));
}

#[test]
fn eh_terminators_outside_their_funclets_are_rejected() {
    let end_finally_in_catch = TRY_CATCH_FINALLY.replace("    catch_ret block2", "    end_finally");
    assert!(errors(&end_finally_in_catch).contains("end_finally outside"));
    let rethrow_in_finally = TRY_CATCH_FINALLY.replace("    end_finally", "    rethrow");
    assert!(errors(&rethrow_in_finally).contains("rethrow outside"));
    let call_catch = TRY_CATCH_FINALLY.replace("call_finally eh2", "call_finally eh0");
    assert!(errors(&call_catch).contains("not a finally clause"));
    let catch_no_param = TRY_CATCH_FINALLY.replace("block3(v2: ref) [", "block3 [");
    assert!(errors(&catch_no_param).contains("entry parameters"));
}
