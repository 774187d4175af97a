//! The static checks that come before path exploration (the kernel's `check_subprogs` and
//! `check_cfg`), and static facts the exploration uses.
//!
//! - Functions: the entry function at slot 0 and every target of a `call pc+N` or a `lddw` of
//!   a code address (plus the functions BTF names) start a function that runs to the next start.
//!   A jump may not leave its function, and a function's last instruction must be `exit` or an
//!   unconditional jump.
//! - Every instruction must be reachable; a back-edge (a loop) is allowed only in privileged
//!   mode.
//! - Prune points: where the exploration stores states to compare later paths with (jump
//!   targets, the instruction after a conditional jump or a call, function entries).
//! - Liveness: which registers each instruction may read before they are written again, in its
//!   own function; pruning ignores dead registers.

use sluice_isa::{CallTarget, Instruction, LdImm64, Program, Source, branch_target};

use crate::error::{ErrorKind, VerifyError};
use crate::options::VerifyOptions;
use crate::precise::FuncFacts;

/// A function: slots `start..end`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Func {
    pub(crate) start: usize,
    pub(crate) end: usize,
}

/// Static facts about a program.
#[derive(Clone, Debug)]
pub(crate) struct Cfg {
    /// The instruction at each slot (`None` for the second slot of `lddw`).
    pub(crate) insns: Vec<Option<Instruction>>,
    /// Functions in slot order; the entry function is first.
    pub(crate) funcs: Vec<Func>,
    /// For each slot, the index of its function in `funcs`.
    pub(crate) func_of: Vec<u32>,
    /// Whether states are stored at this slot.
    pub(crate) prune_point: Vec<bool>,
    /// Registers `r0`..`r9` live on entry to each slot, as a bit mask.
    pub(crate) live_in: Vec<u16>,
    /// Registers whose value may matter, on entry to each slot ([`crate::precise`]).
    pub(crate) precise_in: Vec<u16>,
}

impl Cfg {
    /// Builds the facts and runs the static checks. `options.functions` gives function starts
    /// known from BTF.
    pub(crate) fn build(program: &Program, options: &VerifyOptions) -> Result<Cfg, VerifyError> {
        let privileged = options.privileged;
        let prog_type = options.prog_type;
        let extra_starts: Vec<usize> = options.functions.iter().map(|f| f.insn_idx).collect();
        let global_starts: Vec<usize> = options
            .functions
            .iter()
            .filter(|f| f.global)
            .map(|f| f.insn_idx)
            .collect();
        let main_returns_precise =
            crate::retval::return_range(options.prog_type, options.attach_type).is_some();
        let mut callback_starts = Vec::new();
        let n_slots = program.n_slots();
        let mut insns = vec![None; n_slots];
        for &(idx, insn) in program.insns() {
            insns[idx] = Some(insn);
        }
        let mut starts = vec![0];
        for &(idx, insn) in program.insns() {
            let is_func_ref = matches!(
                insn,
                Instruction::Call(CallTarget::Local(_))
                    | Instruction::LdImm64 {
                        value: LdImm64::Func(_),
                        ..
                    }
            );
            let is_kfunc = matches!(insn, Instruction::Call(CallTarget::Kfunc { .. }));
            if !privileged && (is_func_ref || is_kfunc) {
                // The kernel's `add_subprog_and_kfunc`, before any other check.
                return Err(VerifyError::new(
                    ErrorKind::PrivilegedOnly,
                    Some(idx),
                    "calls of bpf functions and kernel functions, and references to them, \
                     need CAP_BPF: unprivileged programs are a single function",
                ));
            }
            if is_func_ref && let Some(target) = target_of(idx, &insn) {
                starts.push(target);
                if matches!(insn, Instruction::LdImm64 { .. }) {
                    callback_starts.push(target);
                }
            }
        }
        starts.extend(extra_starts.iter().copied().filter(|&s| s < n_slots));
        starts.sort_unstable();
        starts.dedup();
        let mut funcs = Vec::new();
        let mut func_of = vec![0u32; n_slots];
        for (i, &start) in starts.iter().enumerate() {
            let end = starts.get(i + 1).copied().unwrap_or(n_slots);
            for slot in &mut func_of[start..end] {
                *slot = i as u32;
            }
            funcs.push(Func { start, end });
        }
        let cfg = Cfg {
            prune_point: vec![false; n_slots],
            live_in: vec![0; n_slots],
            precise_in: Vec::new(),
            insns,
            funcs,
            func_of,
        };
        let mut cfg = cfg;
        cfg.check_jumps()?;
        cfg.check_reachable(privileged)?;
        cfg.mark_prune_points();
        cfg.compute_liveness();
        let starts: Vec<usize> = cfg.funcs.iter().map(|f| f.start).collect();
        let succ = |idx: usize| cfg.successors(idx);
        let may_point = crate::precise::may_point(&cfg.insns, &starts, prog_type, &succ);
        let func_facts: Vec<FuncFacts> = cfg
            .funcs
            .iter()
            .map(|f| FuncFacts {
                start: f.start,
                global: global_starts.contains(&f.start),
                callback: callback_starts.contains(&f.start),
            })
            .collect();
        let precise_in = crate::precise::precise(
            &cfg.insns,
            &may_point,
            prog_type,
            &func_facts,
            &cfg.func_of,
            main_returns_precise,
            &succ,
        );
        cfg.precise_in = precise_in;
        Ok(cfg)
    }

    /// The instruction at `idx`.
    pub(crate) fn insn(&self, idx: usize) -> Instruction {
        self.insns[idx].expect("exploration only visits instruction starts")
    }

    /// The function starting at `start`, if one does.
    pub(crate) fn func_at(&self, start: usize) -> Option<usize> {
        self.funcs.iter().position(|f| f.start == start)
    }

    fn check_jumps(&self) -> Result<(), VerifyError> {
        for func in &self.funcs {
            let mut idx = func.start;
            let mut last = func.start;
            while idx < func.end {
                let insn = self.insn(idx);
                last = idx;
                let is_jump = matches!(
                    insn,
                    Instruction::Ja { .. } | Instruction::Ja32 { .. } | Instruction::Jmp { .. }
                );
                if is_jump {
                    let target = target_of(idx, &insn).unwrap_or(usize::MAX);
                    if target < func.start || target >= func.end {
                        return Err(VerifyError::new(
                            ErrorKind::JumpOutOfRange,
                            Some(idx),
                            format!(
                                "jump out of range from insn {idx} to {target}: it leaves the function at insn {}..{}",
                                func.start,
                                func.end - 1
                            ),
                        ));
                    }
                }
                idx += insn.n_slots();
            }
            let insn = self.insn(last);
            if !matches!(
                insn,
                Instruction::Exit | Instruction::Ja { .. } | Instruction::Ja32 { .. }
            ) {
                return Err(VerifyError::new(
                    ErrorKind::FallThrough,
                    Some(last),
                    format!(
                        "the last instruction of the function at insn {} is not `exit` or `goto`: execution can run past it",
                        func.start
                    ),
                )
                .with_hint("end every function with `exit`"));
            }
        }
        Ok(())
    }

    /// Successors of the instruction at `idx` inside its function (calls continue at the next
    /// instruction; the callee is a function of its own).
    fn successors(&self, idx: usize) -> Vec<usize> {
        let insn = self.insn(idx);
        let next = idx + insn.n_slots();
        match insn {
            Instruction::Exit => vec![],
            Instruction::Ja { .. } | Instruction::Ja32 { .. } => {
                target_of(idx, &insn).into_iter().collect()
            }
            Instruction::Jmp { .. } => {
                let mut succ = vec![next];
                if let Some(target) = target_of(idx, &insn)
                    && target != next
                {
                    succ.push(target);
                }
                succ
            }
            _ => vec![next],
        }
    }

    /// Depth-first search from every function start reached from the entry: every instruction
    /// must be visited, and a back-edge is a loop.
    fn check_reachable(&self, allow_loops: bool) -> Result<(), VerifyError> {
        let n_slots = self.insns.len();
        // 0 = unvisited, 1 = on the DFS stack, 2 = done.
        let mut color = vec![0u8; n_slots];
        let mut func_reached = vec![false; self.funcs.len()];
        let mut func_queue = vec![0usize];
        func_reached[0] = true;
        while let Some(func_idx) = func_queue.pop() {
            let start = self.funcs[func_idx].start;
            let mut stack: Vec<(usize, Vec<usize>)> = vec![(start, self.successors(start))];
            color[start] = 1;
            while let Some((idx, succ)) = stack.last_mut() {
                let idx = *idx;
                match succ.pop() {
                    Some(next) => match color[next] {
                        0 => {
                            color[next] = 1;
                            let next_succ = self.successors(next);
                            stack.push((next, next_succ));
                        }
                        1 if !allow_loops => {
                            return Err(VerifyError::new(
                                ErrorKind::BackEdge,
                                Some(idx),
                                format!(
                                    "back-edge from insn {idx} to {next}: loops are not allowed in unprivileged programs"
                                ),
                            ));
                        }
                        _ => {}
                    },
                    None => {
                        color[idx] = 2;
                        stack.pop();
                        // Functions this instruction refers to are reachable.
                        let insn = self.insn(idx);
                        let refers = matches!(
                            insn,
                            Instruction::Call(CallTarget::Local(_))
                                | Instruction::LdImm64 {
                                    value: LdImm64::Func(_),
                                    ..
                                }
                        );
                        if refers && let Some(target) = target_of(idx, &insn) {
                            let callee = self.func_of[target] as usize;
                            if !func_reached[callee] {
                                func_reached[callee] = true;
                                func_queue.push(callee);
                            }
                        }
                    }
                }
            }
        }
        for (idx, insn) in self.insns.iter().enumerate() {
            if insn.is_some() && color[idx] == 0 {
                return Err(VerifyError::new(
                    ErrorKind::UnreachableInsn,
                    Some(idx),
                    format!("unreachable insn {idx}: no path from the entry reaches it"),
                ));
            }
        }
        Ok(())
    }

    fn mark_prune_points(&mut self) {
        for func in self.funcs.clone() {
            self.prune_point[func.start] = true;
        }
        for idx in 0..self.insns.len() {
            let Some(insn) = self.insns[idx] else {
                continue;
            };
            let next = idx + insn.n_slots();
            match insn {
                Instruction::Ja { .. } | Instruction::Ja32 { .. } => {
                    if let Some(target) = target_of(idx, &insn) {
                        self.prune_point[target] = true;
                    }
                }
                Instruction::Jmp { .. } => {
                    if let Some(target) = target_of(idx, &insn) {
                        self.prune_point[target] = true;
                    }
                    if next < self.insns.len() {
                        self.prune_point[next] = true;
                    }
                }
                Instruction::Call(_) | Instruction::CallX { .. } => {
                    self.prune_point[idx] = true;
                    if next < self.insns.len() {
                        self.prune_point[next] = true;
                    }
                }
                _ => {}
            }
        }
    }

    /// Backward data-flow over each function until nothing changes.
    fn compute_liveness(&mut self) {
        let n = self.insns.len();
        let mut changed = true;
        while changed {
            changed = false;
            for idx in (0..n).rev() {
                let Some(insn) = self.insns[idx] else {
                    continue;
                };
                let (uses, defs) = uses_defs(&insn);
                let mut live_out = 0u16;
                for succ in self.successors(idx) {
                    if succ < n {
                        live_out |= self.live_in[succ];
                    }
                }
                let live_in = uses | (live_out & !defs);
                if live_in != self.live_in[idx] {
                    self.live_in[idx] = live_in;
                    changed = true;
                }
            }
        }
    }
}

/// The slot a jump, call or code address at `idx` targets.
pub(crate) fn target_of(idx: usize, insn: &Instruction) -> Option<usize> {
    branch_target(idx, insn.branch_offset()?)
}

fn bit(reg: sluice_isa::Reg) -> u16 {
    let index = reg.index();
    if index >= 10 { 0 } else { 1 << index }
}

fn src_bit(src: Source) -> u16 {
    match src {
        Source::Reg(reg) => bit(reg),
        Source::Imm(_) => 0,
    }
}

/// Registers an instruction reads and writes, as bit masks of `r0`..`r9`.
fn uses_defs(insn: &Instruction) -> (u16, u16) {
    const ARGS: u16 = 0b11_1110;
    const CALL_DEFS: u16 = 0b11_1111;
    match *insn {
        Instruction::Alu { op, dst, src, .. } => {
            let uses = if op == sluice_isa::AluOp::Mov {
                src_bit(src)
            } else {
                bit(dst) | src_bit(src)
            };
            (uses, bit(dst))
        }
        Instruction::MovSx { dst, src, .. } => (bit(src), bit(dst)),
        Instruction::Neg { dst, .. } | Instruction::Endian { dst, .. } => (bit(dst), bit(dst)),
        Instruction::LdImm64 { dst, .. } => (0, bit(dst)),
        Instruction::Load { dst, src, .. } | Instruction::LoadAcquire { dst, src, .. } => {
            (bit(src), bit(dst))
        }
        Instruction::Store { dst, src, .. } => (bit(dst) | src_bit(src), 0),
        Instruction::StoreRelease { dst, src, .. } => (bit(dst) | bit(src), 0),
        Instruction::Atomic { op, dst, src, .. } => {
            use sluice_isa::AtomicOp;
            match op {
                AtomicOp::CmpXchg => (bit(dst) | bit(src) | 1, 1),
                AtomicOp::Xchg
                | AtomicOp::Add { fetch: true }
                | AtomicOp::Or { fetch: true }
                | AtomicOp::And { fetch: true }
                | AtomicOp::Xor { fetch: true } => (bit(dst) | bit(src), bit(src)),
                _ => (bit(dst) | bit(src), 0),
            }
        }
        Instruction::LdAbs { .. } => (1 << 6, CALL_DEFS),
        Instruction::LdInd { src, .. } => ((1 << 6) | bit(src), CALL_DEFS),
        Instruction::Ja { .. } | Instruction::Ja32 { .. } => (0, 0),
        Instruction::Jmp { dst, src, .. } => (bit(dst) | src_bit(src), 0),
        Instruction::Call(_) => (ARGS, CALL_DEFS),
        Instruction::CallX { reg } => (ARGS | bit(reg), CALL_DEFS),
        Instruction::Exit => (1, 0),
    }
}
