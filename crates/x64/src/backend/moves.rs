//! Parallel moves: turns a set of simultaneous assignments (block arguments
//! into block parameters, call arguments into argument registers, incoming
//! parameters into their homes) into an equivalent sequence.
//!
//! Semantics of the input: every source is read before any destination is
//! written; destinations are distinct. The output is a list of ordinary
//! moves executed in order that leaves every destination with the value
//! its source had before, using one scratch location to break cycles.
//!
//! Algorithm: repeatedly emit a move whose destination no pending move still
//! reads; when none is left, every pending move lies on a pure cycle (each
//! location is written by at most one move, so a location that is read but
//! not blocked would end a chain). Then save one destination in the scratch
//! and let its readers read the scratch instead; the cycle becomes a chain.
//! The scratch is free whenever a cycle must be broken: a chain starting at
//! the scratch always has a ready move at its end. Constant sources read no
//! location and are emitted last.

use std::fmt;

/// A place a value lives in or moves through.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Loc {
    /// A general-purpose register by x64 number.
    Reg(u8),
    /// An SSE register `xmm0`–`xmm15` (float values; every one is
    /// caller-saved in the managed SysV convention).
    Xmm(u8),
    /// Spill slot `n`: 8 bytes in the frame (see `emit`).
    Spill(u32),
    /// Incoming stack argument `n` (the 7th parameter is `InArg(0)`), at
    /// `[rbp + 16 + 8n]`.
    InArg(u32),
    /// Outgoing stack argument `n` of a call (the 7th argument is
    /// `OutArg(0)`), at `[rsp + 8n]`.
    OutArg(u32),
}

impl Loc {
    /// Whether this is a memory location.
    pub fn is_mem(self) -> bool {
        !matches!(self, Loc::Reg(_) | Loc::Xmm(_))
    }
}

impl fmt::Debug for Loc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Loc::Reg(r) => {
                f.write_str(crate::asm::Gpr::ALL[r as usize & 15].name(crate::asm::Width::B64))
            }
            Loc::Xmm(n) => write!(f, "xmm{n}"),
            Loc::Spill(n) => write!(f, "spill{n}"),
            Loc::InArg(n) => write!(f, "inarg{n}"),
            Loc::OutArg(n) => write!(f, "outarg{n}"),
        }
    }
}

/// What a move reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Src {
    /// A location.
    Loc(Loc),
    /// A 64-bit constant.
    Const(i64),
}

/// One assignment `dst ← src`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Move {
    /// Written location.
    pub dst: Loc,
    /// Read source.
    pub src: Src,
}

/// Sequentializes the parallel assignment `moves` (distinct destinations),
/// using `scratch` (which no move may name) to break cycles.
///
/// # Panics
/// If two moves write the same destination or a move names `scratch`
/// (bugs of the caller).
pub fn resolve(moves: &[Move], scratch: Loc) -> Vec<Move> {
    let mut pending: Vec<(Loc, Loc)> = Vec::new();
    let mut consts: Vec<(Loc, i64)> = Vec::new();
    for m in moves {
        assert!(
            m.dst != scratch && m.src != Src::Loc(scratch),
            "parallel move names the scratch location"
        );
        match m.src {
            Src::Loc(s) if s == m.dst => {}
            Src::Loc(s) => pending.push((m.dst, s)),
            Src::Const(c) => consts.push((m.dst, c)),
        }
    }
    let mut dsts: Vec<Loc> = moves.iter().map(|m| m.dst).collect();
    dsts.sort();
    let before = dsts.len();
    dsts.dedup();
    assert_eq!(before, dsts.len(), "parallel move writes a location twice");

    let mut out = Vec::with_capacity(moves.len() + 1);
    while !pending.is_empty() {
        let ready = pending
            .iter()
            .position(|&(d, _)| !pending.iter().any(|&(_, s)| s == d));
        match ready {
            Some(i) => {
                let (d, s) = pending.remove(i);
                out.push(Move {
                    dst: d,
                    src: Src::Loc(s),
                });
            }
            None => {
                // Every pending move is on a cycle: save one destination.
                let d = pending[0].0;
                out.push(Move {
                    dst: scratch,
                    src: Src::Loc(d),
                });
                for m in &mut pending {
                    if m.1 == d {
                        m.1 = scratch;
                    }
                }
            }
        }
    }
    for (d, c) in consts {
        out.push(Move {
            dst: d,
            src: Src::Const(c),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    /// Runs `seq` on a machine where each location initially holds its own
    /// name (encoded as a number) and returns the final state.
    fn run(seq: &[Move], locs: &[Loc]) -> HashMap<Loc, i64> {
        let mut state: HashMap<Loc, i64> = locs
            .iter()
            .enumerate()
            .map(|(i, &l)| (l, i as i64 + 1000))
            .collect();
        for m in seq {
            let v = match m.src {
                Src::Loc(l) => state[&l],
                Src::Const(c) => c,
            };
            state.insert(m.dst, v);
        }
        state
    }

    fn check(moves: &[Move], locs: &[Loc]) {
        let scratch = Loc::Reg(11);
        let mut all = locs.to_vec();
        all.push(scratch);
        let init = run(&[], &all);
        let seq = resolve(moves, scratch);
        let fin = run(&seq, &all);
        for &l in locs {
            let expect = match moves.iter().find(|m| m.dst == l) {
                Some(m) => match m.src {
                    Src::Loc(s) => init[&s],
                    Src::Const(c) => c,
                },
                None => init[&l],
            };
            assert_eq!(fin[&l], expect, "{l:?} after {seq:?} for {moves:?}");
        }
        // At most one extra move per cycle.
        assert!(seq.len() <= moves.len() * 2);
    }

    fn mv(d: Loc, s: Loc) -> Move {
        Move {
            dst: d,
            src: Src::Loc(s),
        }
    }

    #[test]
    fn swaps_chains_and_constants() {
        let (a, b, c, d) = (Loc::Reg(7), Loc::Reg(6), Loc::Spill(0), Loc::Reg(3));
        let locs = [a, b, c, d];
        // Across register classes (float bits move through a GPR scratch).
        let (x, y) = (Loc::Xmm(2), Loc::Xmm(9));
        check(
            &[mv(x, y), mv(y, c), mv(c, x), mv(a, x)],
            &[a, b, c, d, x, y],
        );
        check(&[mv(a, b), mv(b, a)], &locs);
        check(&[mv(a, b), mv(b, c), mv(c, a), mv(d, a)], &locs);
        check(&[mv(a, b), mv(b, c), mv(c, d)], &locs);
        check(
            &[
                mv(a, b),
                mv(b, a),
                Move {
                    dst: c,
                    src: Src::Const(-5),
                },
                mv(d, d),
            ],
            &locs,
        );
        assert_eq!(resolve(&[mv(a, a)], Loc::Reg(11)), vec![]);
    }

    #[test]
    fn random_permutations_with_fan_out() {
        let locs: Vec<Loc> = (0..6)
            .map(Loc::Reg)
            .chain((0..3).map(Loc::Spill))
            .chain((2..5).map(Loc::Xmm))
            .collect();
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        for _ in 0..5000 {
            let mut moves = Vec::new();
            for &d in &locs {
                match next() % 4 {
                    0 => {}
                    1 => moves.push(Move {
                        dst: d,
                        src: Src::Const(next() as i64 % 100),
                    }),
                    _ => moves.push(mv(d, locs[(next() % locs.len() as u64) as usize])),
                }
            }
            check(&moves, &locs);
        }
    }
}
