//! Exception handling in the IR: clauses and the region of every block.
//!
//! A function with exception handling keeps its handlers in the same
//! function as its main body, the way CoreCLR's funclet model has them
//! (`docs/design/coreclr/botr/clr-abi.md`, "Funclets"): every clause
//! ([`EhClauseData`], an [`EhClause`] entity printed `eh0`, `eh1`, …) names
//! its kind (typed catch, filter, finally, fault), the entry block of its
//! handler (and of its filter) and the IL ranges it came from
//! (ECMA-335 II.19, I.12.4.2). Every block carries a [`Region`]: the
//! funclet it belongs to (the main body, or the handler or filter of one
//! clause) and the innermost `try` of that funclet that protects it.
//!
//! Control between regions moves only through these terminators:
//! * `call_finally ehN, blockK(…)` runs the finally handler of clause `ehN`
//!   as a subroutine, then continues at `blockK` (IL `leave` out of a
//!   protected region whose clause is a `finally`);
//! * `end_finally` returns from a finally or fault handler (IL
//!   `endfinally`);
//! * `catch_ret blockK` ends a catch handler: the runtime resumes the
//!   method at `blockK` (IL `leave` out of a catch handler);
//! * `end_filter v` ends a filter with its verdict (IL `endfilter`);
//! * `rethrow` re-raises the exception a catch handler caught.
//!
//! A handler's entry block is never a branch target; a catch or filter
//! entry block has one `ref` parameter, the exception object. Clauses are
//! kept in IL order, which ECMA-335 requires to be innermost first.

use crate::entities::Block;
use crate::entity::entity_impl;

/// An exception-handling clause of a function.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EhClause(u32);
entity_impl!(EhClause, "eh");

/// What a clause's handler is.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum HandlerKind {
    /// A typed catch: runs if the exception is an instance of the class
    /// named by `class_token` (a TypeDef, TypeRef or TypeSpec token of the
    /// module, as the IL clause has it).
    Catch {
        /// The caught class.
        class_token: u32,
    },
    /// A filtered catch: the filter, entered at `filter` with the exception
    /// object, decides with `end_filter` whether the handler runs.
    Filter {
        /// The filter's entry block.
        filter: Block,
        /// IL offset of the filter's first instruction.
        il_start: u32,
    },
    /// Runs whenever control leaves the protected region.
    Finally,
    /// Runs when an exception leaves the protected region.
    Fault,
}

impl HandlerKind {
    /// Whether the handler receives the exception object (catch, filter).
    pub fn takes_exception(&self) -> bool {
        matches!(self, HandlerKind::Catch { .. } | HandlerKind::Filter { .. })
    }

    /// The text name (`catch`, `filter`, `finally`, `fault`).
    pub fn name(&self) -> &'static str {
        match self {
            HandlerKind::Catch { .. } => "catch",
            HandlerKind::Filter { .. } => "filter",
            HandlerKind::Finally => "finally",
            HandlerKind::Fault => "fault",
        }
    }
}

/// One clause: its handler and where it came from.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct EhClauseData {
    /// The kind of handler.
    pub kind: HandlerKind,
    /// The handler's entry block.
    pub handler: Block,
    /// IL offsets `[start, end)` of the protected region.
    pub il_try: (u32, u32),
    /// IL offsets `[start, end)` of the handler.
    pub il_handler: (u32, u32),
}

impl EhClauseData {
    /// IL offsets `[start, end)` of the filter, if any (it ends where the
    /// handler starts).
    pub fn il_filter(&self) -> Option<(u32, u32)> {
        match self.kind {
            HandlerKind::Filter { il_start, .. } => Some((il_start, self.il_handler.0)),
            _ => None,
        }
    }

    /// Whether this clause's protected region contains all of `other`
    /// (its protected region, filter and handler) in IL.
    pub fn try_encloses(&self, other: &EhClauseData) -> bool {
        let inside = |r: (u32, u32)| self.il_try.0 <= r.0 && r.1 <= self.il_try.1;
        inside(other.il_try) && inside(other.il_handler) && other.il_filter().is_none_or(inside)
    }
}

/// Which part of a clause a funclet is.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub enum FuncletPart {
    /// The handler (catch, finally, fault, or a filter clause's handler).
    Handler,
    /// The filter of a filter clause.
    Filter,
}

/// Where a block sits: its funclet and its innermost protected region.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Default)]
pub struct Region {
    /// `None`: the main body; otherwise the handler or filter of a clause.
    pub funclet: Option<(EhClause, FuncletPart)>,
    /// The innermost clause whose protected region holds the block.
    pub try_region: Option<EhClause>,
}

impl std::fmt::Display for Region {
    /// `[handler eh0, try eh2]`; nothing for the main body outside any try.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut parts = Vec::new();
        match self.funclet {
            Some((c, FuncletPart::Handler)) => parts.push(format!("handler {c}")),
            Some((c, FuncletPart::Filter)) => parts.push(format!("filter {c}")),
            None => {}
        }
        if let Some(t) = self.try_region {
            parts.push(format!("try {t}"));
        }
        if !parts.is_empty() {
            write!(f, " [{}]", parts.join(", "))?;
        }
        Ok(())
    }
}
