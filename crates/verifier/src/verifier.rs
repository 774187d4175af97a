//! [`Verifier`]: the path exploration (the kernel's `do_check`).
//!
//! The verifier walks one path at a time, depth first. At a conditional jump whose outcome
//! depends on unknown values it continues with one side and pushes the other, with its own
//! refined state, on the pending stack. At prune points it compares the current state with the
//! states stored there earlier ([`crate::prune`]): if a stored, fully explored state includes
//! the current one, every path from here was already proven safe and this path stops.
//!
//! Stored states form a tree (each has the previous stored state on its path as parent) with a
//! count of paths still being explored below each. A state with a non-zero count is an ancestor
//! of the current path: reaching it again with exactly the same state is an infinite loop.

use std::collections::HashMap;
use std::time::Instant;

use sluice_abi::limits::BPF_COMPLEXITY_LIMIT_INSNS;
use sluice_isa::{CallTarget, Instruction};

use crate::cfg::{Cfg, target_of};
use crate::error::{BranchStep, ErrorKind, Stats, VerifyError};
use crate::facts::InsnFacts;
use crate::options::{LogLevel, MapInfo, VerifyOptions};
use crate::reg::{PtrKind, Reg};
use crate::state::{Frame, FrameKind, State};

/// Pending branches the verifier may hold at once (`BPF_COMPLEXITY_LIMIT_JMP_SEQ`).
const MAX_PENDING: usize = 8192;
/// States kept per instruction before old, unhelpful ones are dropped.
const MAX_STATES_PER_INSN: usize = 64;
/// Branch decisions shown in an error.
const PATH_SHOWN: usize = 16;

pub(crate) type R<T> = Result<T, VerifyError>;

/// What happens after an instruction.
pub(crate) enum Flow {
    /// Go on at this instruction.
    Next(usize),
    /// The path ended (program exit).
    Done,
}

/// A path waiting to be explored.
struct Pending {
    state: State,
    insn_idx: usize,
    parent: Option<usize>,
    path_len: usize,
    step: Option<BranchStep>,
}

/// A stored state at a prune point.
struct Stored {
    /// `None` once evicted.
    state: Option<State>,
    insn_idx: usize,
    /// The state's hash, to find an identical ancestor quickly.
    hash: u64,
    parent: Option<usize>,
    /// Paths still being explored below this state.
    branches: u32,
    hits: u32,
    misses: u32,
}

/// Where an `or_null` pointer or a reference came from, for hints.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Origin {
    pub(crate) insn_idx: usize,
    pub(crate) helper: &'static str,
}

pub(crate) struct Verifier<'a> {
    pub(crate) opts: &'a VerifyOptions,
    pub(crate) cfg: Cfg,
    /// The program's maps, then the inner map templates of maps of maps.
    pub(crate) maps: Vec<MapInfo>,
    /// For each map of maps, the index of its inner template in `maps`.
    pub(crate) inner: Vec<Option<u32>>,
    pub(crate) st: State,
    pub(crate) insn_idx: usize,
    id_gen: u32,
    pending: Vec<Pending>,
    stored: Vec<Stored>,
    /// Fully explored states per instruction: the ones pruning compares with.
    done_at: Vec<Vec<usize>>,
    /// States still being explored, by instruction and hash: ancestors of the current path.
    active: HashMap<(usize, u64), Vec<usize>>,
    /// How many states are still being explored at each instruction.
    active_at: Vec<u32>,
    /// States still being explored at callback call sites.
    active_callback_at: HashMap<usize, Vec<usize>>,
    parent: Option<usize>,
    path: Vec<BranchStep>,
    pub(crate) stats: Stats,
    pub(crate) facts: Vec<InsnFacts>,
    /// Deepest stack use of each function (bytes below its `r10`).
    pub(crate) stack_depth: Vec<u32>,
    /// For each function, the functions it calls (bpf-to-bpf and callbacks).
    pub(crate) callees: Vec<Vec<usize>>,
    /// Functions that make tail calls.
    pub(crate) tail_calls: Vec<bool>,
    pub(crate) origins: HashMap<u32, Origin>,
    insns_since_store: u32,
    jumps_since_store: u32,
    /// Stored states not evicted.
    live_states: u64,
    pub(crate) log: Vec<String>,
    /// When verifying a global function on its own: whether it returns `void`.
    pub(crate) global_func: Option<bool>,
    /// Set once an unprivileged program adds an unknown offset to a pointer: pruning then
    /// needs equal scalars (see `prune::covers`).
    pub(crate) explore_alu_limits: bool,
}

impl<'a> Verifier<'a> {
    pub(crate) fn new(opts: &'a VerifyOptions, cfg: Cfg) -> Verifier<'a> {
        let mut maps = opts.maps.clone();
        let mut inner = vec![None; maps.len()];
        for idx in 0..opts.maps.len() {
            if let Some(template) = &opts.maps[idx].inner {
                inner[idx] = Some(maps.len() as u32);
                maps.push((**template).clone());
                inner.push(None);
            }
        }
        let n_slots = cfg.insns.len();
        let n_funcs = cfg.funcs.len();
        let mut main = Frame::new(0, 0, FrameKind::Main);
        main.regs[1] = Reg::ptr(PtrKind::Ctx);
        main.regs[10] = Reg::ptr(PtrKind::Stack { frame: 0 });
        Verifier {
            opts,
            maps,
            inner,
            st: State {
                frames: vec![main],
                refs: Vec::new(),
                lock: None,
                speculative: false,
            },
            insn_idx: 0,
            id_gen: 0,
            pending: Vec::new(),
            stored: Vec::new(),
            done_at: vec![Vec::new(); n_slots],
            active: HashMap::new(),
            active_at: vec![0; n_slots],
            active_callback_at: HashMap::new(),
            parent: None,
            path: Vec::new(),
            stats: Stats::default(),
            facts: vec![InsnFacts::default(); n_slots],
            stack_depth: vec![0; n_funcs],
            callees: vec![Vec::new(); n_funcs],
            tail_calls: vec![false; n_funcs],
            origins: HashMap::new(),
            insns_since_store: 0,
            jumps_since_store: 0,
            live_states: 0,
            log: Vec::new(),
            global_func: None,
            explore_alu_limits: false,
            cfg,
        }
    }

    /// A fresh id for linking registers or naming a reference.
    pub(crate) fn new_id(&mut self) -> u32 {
        self.id_gen += 1;
        self.id_gen
    }

    /// An error at the current instruction.
    pub(crate) fn error(&self, kind: ErrorKind, message: impl Into<String>) -> VerifyError {
        VerifyError::new(kind, Some(self.insn_idx), message)
    }

    /// Fails with an error at the current instruction.
    pub(crate) fn fail<T>(&self, kind: ErrorKind, message: impl Into<String>) -> R<T> {
        Err(self.error(kind, message))
    }

    /// Explores every path of the program.
    pub(crate) fn run(&mut self, started: Instant) -> R<()> {
        let result = self.explore();
        self.stats.time_us = started.elapsed().as_micros() as u64;
        result.map_err(|mut error| {
            self.decorate(&mut error);
            error
        })
    }

    fn explore(&mut self) -> R<()> {
        loop {
            self.stats.insns_processed += 1;
            if self.stats.insns_processed > u64::from(BPF_COMPLEXITY_LIMIT_INSNS) {
                return self.fail(
                    ErrorKind::TooComplex,
                    format!(
                        "the program is too large to verify: more than {BPF_COMPLEXITY_LIMIT_INSNS} instructions processed"
                    ),
                );
            }
            let idx = self.insn_idx;
            if self.cfg.prune_point[idx] && self.prune_or_store(idx)? {
                if !self.next_path() {
                    return Ok(());
                }
                continue;
            }
            self.insns_since_store += 1;
            if self.cfg.insn(idx).is_jump_class() {
                self.jumps_since_store += 1;
            }
            self.facts[idx].reached = true;
            let flow = if self.st.speculative && self.facts[idx].nospec {
                // A speculation barrier stops this path here.
                Flow::Done
            } else {
                match self.step() {
                    Ok(flow) => flow,
                    Err(error) if self.st.speculative && crate::spectre::recoverable(&error) => {
                        // Only a mispredicting CPU would get here: fence the instruction
                        // instead of rejecting the program.
                        let facts = &mut self.facts[idx];
                        facts.nospec = true;
                        facts.alu_sanitize = None;
                        Flow::Done
                    }
                    Err(error) => return Err(error),
                }
            };
            let flow = match flow {
                Flow::Next(_) if self.st.speculative && self.facts[idx].nospec_result => Flow::Done,
                flow => flow,
            };
            if self.opts.log_level >= LogLevel::Instructions {
                let line = format!("{idx}: {}", self.describe_regs());
                self.log.push(line);
            }
            match flow {
                Flow::Next(next) => self.insn_idx = next,
                Flow::Done => {
                    if !self.next_path() {
                        return Ok(());
                    }
                }
            }
        }
    }

    /// Ends the current path and takes the next pending one; `false` when none is left.
    fn next_path(&mut self) -> bool {
        self.release_branch(self.parent);
        let Some(pending) = self.pending.pop() else {
            return false;
        };
        self.st = pending.state;
        self.insn_idx = pending.insn_idx;
        self.parent = pending.parent;
        self.path.truncate(pending.path_len);
        if let Some(step) = pending.step {
            self.path.push(step);
        }
        // The counters that decide when to store a state run on across paths, as the kernel's
        // do: a resumed branch is stored at its first prune point if enough work was done.
        true
    }

    fn release_branch(&mut self, mut at: Option<usize>) {
        while let Some(sid) = at {
            let stored = &mut self.stored[sid];
            stored.branches -= 1;
            if stored.branches > 0 {
                break;
            }
            at = stored.parent;
            self.finish_state(sid);
        }
    }

    /// A stored state whose every path was explored becomes usable for pruning.
    fn finish_state(&mut self, sid: usize) {
        let (insn_idx, hash) = (self.stored[sid].insn_idx, self.stored[sid].hash);
        self.active_at[insn_idx] -= 1;
        if let Some(list) = self.active.get_mut(&(insn_idx, hash)) {
            list.retain(|&other| other != sid);
            if list.is_empty() {
                self.active.remove(&(insn_idx, hash));
            }
        }
        if let Some(list) = self.active_callback_at.get_mut(&insn_idx) {
            list.retain(|&other| other != sid);
        }
        let done = &mut self.done_at[insn_idx];
        if done.len() >= MAX_STATES_PER_INSN {
            // Drop the state that helped least.
            let victim = done.iter().copied().enumerate().max_by_key(|(_, other)| {
                let s = &self.stored[*other];
                s.misses.saturating_sub(s.hits * 4)
            });
            if let Some((pos, other)) = victim {
                self.stored[other].state = None;
                done.swap_remove(pos);
                self.live_states -= 1;
            }
        }
        done.push(sid);
    }

    /// Pushes `state` to be explored from `insn_idx` later; `taken` records the branch
    /// decision of the jump at the current instruction that leads there.
    pub(crate) fn push_branch(
        &mut self,
        state: State,
        insn_idx: usize,
        taken: Option<bool>,
    ) -> R<()> {
        if self.pending.len() >= MAX_PENDING {
            return self.fail(
                ErrorKind::TooComplex,
                format!("the sequence of {MAX_PENDING} jumps is too complex"),
            );
        }
        if let Some(parent) = self.parent {
            self.stored[parent].branches += 1;
        }
        self.pending.push(Pending {
            state,
            insn_idx,
            parent: self.parent,
            path_len: self.path.len(),
            step: taken.map(|taken| BranchStep {
                insn_idx: self.insn_idx,
                taken,
            }),
        });
        Ok(())
    }

    /// Records the branch decision the current path makes at the current instruction.
    pub(crate) fn take_branch(&mut self, taken: bool) {
        self.path.push(BranchStep {
            insn_idx: self.insn_idx,
            taken,
        });
    }

    /// Whether `insn_idx` is a helper call that calls a callback again and again.
    fn is_callback_call(&self, insn_idx: usize) -> bool {
        matches!(
            self.cfg.insns[insn_idx],
            Some(Instruction::Call(CallTarget::Helper(id))) if crate::call::repeats_callback(id as u32)
        )
    }

    /// Whether stored state `sid` (if not evicted) covers the current state.
    fn stored_covers(&self, sid: usize, live: &[u16], precise: &[u16]) -> bool {
        self.stored[sid].state.as_ref().is_some_and(|old| {
            crate::prune::covers(
                old,
                &self.st,
                live,
                precise,
                self.opts.privileged,
                self.explore_alu_limits,
            )
        })
    }

    /// At a prune point: returns `true` if a stored state covers the current one (the path
    /// stops), else stores the current state when it is worth it.
    fn prune_or_store(&mut self, idx: usize) -> R<bool> {
        let callback_call = self.is_callback_call(idx);
        let (live, precise) = self.live_masks();
        for pos in 0..self.done_at[idx].len() {
            let sid = self.done_at[idx][pos];
            if self.stored[sid].state.is_none() {
                continue;
            }
            if self.stored_covers(sid, &live, &precise) {
                self.stored[sid].hits += 1;
                return Ok(true);
            }
            self.stored[sid].misses += 1;
        }
        if callback_call {
            // A helper bounds how often it calls a callback: an ancestor state at the call that
            // covers this one is a fixed point.
            let active = self
                .active_callback_at
                .get(&idx)
                .cloned()
                .unwrap_or_default();
            for sid in active {
                if self.stored_covers(sid, &live, &precise) {
                    self.stored[sid].hits += 1;
                    return Ok(true);
                }
            }
        }
        let worth_storing = callback_call
            || self.cfg.funcs.iter().any(|f| f.start == idx)
            || (self.jumps_since_store >= 2 && self.insns_since_store >= 8)
            || self.insns_since_store >= 64;
        if self.active_at[idx] == 0 && !worth_storing {
            return Ok(false);
        }
        let hash = state_hash(&self.st);
        if let Some(ancestors) = self.active.get(&(idx, hash)) {
            let looping = ancestors
                .iter()
                .any(|&sid| self.stored[sid].state.as_ref() == Some(&self.st));
            // Inside a callback a helper calls repeatedly, the same state recurs once per call
            // by design; the helper bounds the calls.
            let in_repeated_callback = self
                .st
                .frames
                .iter()
                .any(|f| matches!(f.kind, FrameKind::Callback { repeats: true, .. }));
            if looping && !callback_call && !in_repeated_callback {
                return self.fail(
                    ErrorKind::InfiniteLoop,
                    format!("infinite loop detected at insn {idx}: the same state repeats"),
                );
            }
        }
        if worth_storing {
            self.store(idx, hash, callback_call);
        }
        Ok(false)
    }

    fn store(&mut self, idx: usize, hash: u64, callback_call: bool) {
        let sid = self.stored.len();
        self.stored.push(Stored {
            state: Some(self.st.clone()),
            insn_idx: idx,
            hash,
            parent: self.parent,
            branches: 1,
            hits: 0,
            misses: 0,
        });
        self.active.entry((idx, hash)).or_default().push(sid);
        self.active_at[idx] += 1;
        if callback_call {
            self.active_callback_at.entry(idx).or_default().push(sid);
        }
        self.parent = Some(sid);
        self.stats.states += 1;
        self.live_states += 1;
        self.stats.peak_states = self.stats.peak_states.max(self.live_states);
        self.insns_since_store = 0;
        self.jumps_since_store = 0;
    }

    /// For each frame, the registers its code may still read: the current frame at the
    /// current instruction, callers at their return points.
    fn live_masks(&self) -> (Vec<u16>, Vec<u16>) {
        let frames = &self.st.frames;
        let mut live = Vec::with_capacity(frames.len());
        let mut precise = Vec::with_capacity(frames.len());
        for (i, _) in frames.iter().enumerate() {
            if i + 1 == frames.len() {
                live.push(self.cfg.live_in[self.insn_idx]);
                precise.push(self.cfg.precise_in[self.insn_idx]);
            } else {
                let callee = &frames[i + 1];
                let (at, clobbered) = match callee.kind {
                    FrameKind::Callback { repeats: true, .. } => (callee.callsite, 0),
                    _ => (callee.callsite + 1, 0b11_1111),
                };
                live.push(self.cfg.live_in.get(at).copied().unwrap_or(0) & !clobbered);
                precise.push(self.cfg.precise_in.get(at).copied().unwrap_or(0) & !clobbered);
            }
        }
        (live, precise)
    }

    /// Before a callback is called again: numbers that changed since the last call on this
    /// path become unknown, so that repeated calls reach a fixed point (the kernel widens its
    /// imprecise scalars the same way).
    pub(crate) fn widen_for_repeat(&mut self, callsite: usize) {
        let mut at = self.parent;
        let mut previous = None;
        while let Some(sid) = at {
            let stored = &self.stored[sid];
            if stored.insn_idx == callsite {
                previous = stored.state.as_ref();
                break;
            }
            at = stored.parent;
        }
        let Some(old) = previous else { return };
        if old.frames.len() != self.st.frames.len() {
            return;
        }
        for (of, cf) in old.frames.iter().zip(self.st.frames.iter_mut()) {
            for (o, c) in of.regs.iter().zip(cf.regs.iter_mut()) {
                if o.is_scalar() && c.is_scalar() && !o.var.contains(&c.var) {
                    *c = Reg::unknown();
                }
            }
            for (k, slot) in cf.stack.slots.iter_mut().enumerate() {
                let Some(old_slot) = of.stack.slot(k) else {
                    continue;
                };
                let both_scalar_spills = slot.spill_size() > 0
                    && slot.spill_size() == old_slot.spill_size()
                    && slot.spilled.is_scalar()
                    && old_slot.spilled.is_scalar();
                if both_scalar_spills && !old_slot.spilled.var.contains(&slot.spilled.var) {
                    let size = slot.spill_size() as u32;
                    slot.spilled = Reg::scalar(crate::scalar::Scalar::UNKNOWN.truncate(size));
                }
            }
        }
    }

    /// Checks one instruction and applies it to the state.
    fn step(&mut self) -> R<Flow> {
        let idx = self.insn_idx;
        let insn = self.cfg.insn(idx);
        let next = idx + insn.n_slots();
        match insn {
            Instruction::Alu { .. }
            | Instruction::MovSx { .. }
            | Instruction::Neg { .. }
            | Instruction::Endian { .. } => {
                self.check_alu(&insn)?;
                Ok(Flow::Next(next))
            }
            Instruction::LdImm64 { dst, value } => {
                self.check_ld_imm64(dst, value)?;
                Ok(Flow::Next(next))
            }
            Instruction::Load {
                size,
                sign_extend,
                dst,
                src,
                off,
            } => {
                self.check_load(size, sign_extend, dst, src, off, false)?;
                Ok(Flow::Next(next))
            }
            Instruction::LoadAcquire {
                size,
                dst,
                src,
                off,
            } => {
                self.check_load(size, false, dst, src, off, true)?;
                Ok(Flow::Next(next))
            }
            Instruction::Store {
                size,
                dst,
                off,
                src,
            } => {
                self.check_store(size, dst, off, src, false)?;
                Ok(Flow::Next(next))
            }
            Instruction::StoreRelease {
                size,
                dst,
                src,
                off,
            } => {
                self.check_store(size, dst, off, sluice_isa::Source::Reg(src), true)?;
                Ok(Flow::Next(next))
            }
            Instruction::Atomic {
                size,
                op,
                dst,
                src,
                off,
            } => {
                self.check_atomic(size, op, dst, src, off)?;
                Ok(Flow::Next(next))
            }
            Instruction::LdAbs { size, imm } => {
                self.check_ld_abs(size, None, imm)?;
                Ok(Flow::Next(next))
            }
            Instruction::LdInd { size, src, imm } => {
                self.check_ld_abs(size, Some(src), imm)?;
                Ok(Flow::Next(next))
            }
            Instruction::Ja { .. } | Instruction::Ja32 { .. } => {
                let target = target_of(idx, &insn).expect("validated jump target");
                Ok(Flow::Next(target))
            }
            Instruction::Jmp {
                width,
                cond,
                dst,
                src,
                ..
            } => {
                let target = target_of(idx, &insn).expect("validated jump target");
                self.check_cond_jmp(width, cond, dst, src, next, target)
            }
            Instruction::Call(CallTarget::Helper(id)) => self.check_helper_call(id, next),
            Instruction::Call(CallTarget::Local(_)) => {
                let target = target_of(idx, &insn).expect("validated call target");
                self.check_subprog_call(target)
            }
            Instruction::Call(CallTarget::Kfunc { btf_id, .. }) => self.fail(
                ErrorKind::Unsupported,
                format!(
                    "kernel function calls (kfunc btf_id {btf_id}) are not supported by Sluice"
                ),
            ),
            Instruction::CallX { reg } => self.fail(
                ErrorKind::InvalidInsn,
                format!("`callx {reg}` is not accepted by the Linux verifier"),
            ),
            Instruction::Exit => self.check_exit(),
        }
    }

    /// The current frame's registers, for logs.
    pub(crate) fn describe_regs(&self) -> String {
        let frame = self.st.cur();
        let mut parts = Vec::new();
        for (i, reg) in frame.regs.iter().enumerate() {
            if reg.is_init() && i != 10 {
                parts.push(format!("r{i}={reg}"));
            }
        }
        parts.join(" ")
    }

    /// Fills in the state, path and origin hints of an error.
    fn decorate(&mut self, error: &mut VerifyError) {
        error.stats = self.stats;
        error.log = std::mem::take(&mut self.log);
        if error.state.is_empty() && error.insn_idx.is_some() {
            let frame = self.st.cur();
            if self.st.frames.len() > 1 {
                error.state.push(format!(
                    "in function at insn {} (call depth {})",
                    frame.func_start,
                    self.st.frames.len() - 1
                ));
            }
            for (i, reg) in frame.regs.iter().enumerate() {
                if reg.is_init() && i != 10 {
                    error.state.push(format!("r{i} = {reg}"));
                }
            }
            for (k, slot) in frame.stack.iter() {
                if slot.spill_size() > 0 {
                    error
                        .state
                        .push(format!("fp-{} = {}", (k + 1) * 8, slot.spilled));
                }
            }
        }
        let skip = self.path.len().saturating_sub(PATH_SHOWN);
        error.path = self.path[skip..].to_vec();
    }

    /// Stack depth bookkeeping: the current path touched `depth` bytes below the `r10` of
    /// frame `frame`.
    pub(crate) fn note_stack_depth(&mut self, frame: usize, depth: u32) {
        let func_start = self.st.frames[frame].func_start;
        if let Some(func) = self.cfg.func_at(func_start) {
            let entry = &mut self.stack_depth[func];
            *entry = (*entry).max(depth);
        }
    }
}

/// A hash of the whole state (only compared with other states of the same run, so a fast
/// multiply-rotate hash is enough).
fn state_hash(state: &State) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = FastHasher(0);
    state.hash(&mut hasher);
    hasher.finish()
}

/// A small non-cryptographic hasher (the multiply-rotate scheme of rustc's FxHasher).
struct FastHasher(u64);

impl std::hash::Hasher for FastHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.write_u64(u64::from_le_bytes(word));
        }
    }

    fn write_u64(&mut self, value: u64) {
        self.0 = (self.0.rotate_left(5) ^ value).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }

    fn write_u32(&mut self, value: u32) {
        self.write_u64(u64::from(value));
    }

    fn write_u8(&mut self, value: u8) {
        self.write_u64(u64::from(value));
    }

    fn write_usize(&mut self, value: usize) {
        self.write_u64(value as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}
