//! Calls and exits: helper calls checked against their prototypes (the kernel's
//! `check_helper_call` and `check_func_arg`), bpf-to-bpf calls, callbacks, global functions,
//! references, spin locks, and the rules at `exit` (`check_return_code`, reference leaks).

use sluice_abi::helper_access::{self, BasePrivilege};
use sluice_abi::helper_proto::{ArgKind, HelperProto, RetKind, TypeFlags};
use sluice_abi::helpers::HelperId;
use sluice_abi::limits::MAX_CALL_FRAMES;
use sluice_isa::Reg as IsaReg;

use crate::alu::{BPF_MAX_VAR_OFF, describe_kind};
use crate::error::ErrorKind;
use crate::options::FuncArg;
use crate::reg::{PtrFlags, PtrKind, Reg, SockKind};
use crate::scalar::Scalar;
use crate::state::{Frame, FrameKind, LockState, RefState};
use crate::verifier::{Flow, Origin, R, Verifier};

/// `-MAX_ERRNO`: the most negative error a helper returns.
const MAX_ERRNO: i64 = 4095;

/// Whether helper `id` may call its callback again after it returns.
pub(crate) fn repeats_callback(id: u32) -> bool {
    matches!(
        HelperId::from_u32(id),
        Some(HelperId::Loop | HelperId::ForEachMapElem | HelperId::UserRingbufDrain)
    )
}

/// Helpers after which packet pointers are invalid (`bpf_helper_changes_pkt_data`).
fn changes_packet_data(id: HelperId) -> bool {
    use HelperId as H;
    matches!(
        id,
        H::CloneRedirect
            | H::L3CsumReplace
            | H::L4CsumReplace
            | H::LwtPushEncap
            | H::LwtSeg6Action
            | H::LwtSeg6AdjustSrh
            | H::LwtSeg6StoreBytes
            | H::MsgPopData
            | H::MsgPullData
            | H::MsgPushData
            | H::SkbAdjustRoom
            | H::SkbChangeHead
            | H::SkbChangeProto
            | H::SkbChangeTail
            | H::SkbPullData
            | H::SkbStoreBytes
            | H::SkbVlanPop
            | H::SkbVlanPush
            | H::StoreHdrOpt
            | H::XdpAdjustHead
            | H::XdpAdjustMeta
            | H::XdpAdjustTail
            | H::TailCall
    )
}

/// Helpers whose return value is at most the size argument (`do_refine_retval_range`).
fn returns_at_most_size(id: HelperId) -> bool {
    matches!(
        id,
        HelperId::GetStack
            | HelperId::GetTaskStack
            | HelperId::ProbeReadStr
            | HelperId::ProbeReadKernelStr
            | HelperId::ProbeReadUserStr
    )
}

/// Helpers that return a reference the program must release.
fn acquires(id: HelperId) -> bool {
    matches!(
        id,
        HelperId::SkLookupTcp
            | HelperId::SkLookupUdp
            | HelperId::SkcLookupTcp
            | HelperId::RingbufReserve
    )
}

/// What the arguments told about the call.
#[derive(Default)]
struct Meta {
    map: Option<u32>,
    /// The register and pointer of a memory argument waiting for its size.
    mem: Option<(IsaReg, Reg, bool)>,
    max_size: Option<u64>,
    alloc_size: Option<u64>,
    release: Option<u32>,
    callback: Option<usize>,
    lock_ptr: Option<Reg>,
}

impl Verifier<'_> {
    pub(crate) fn check_helper_call(&mut self, id: i32, next: usize) -> R<Flow> {
        let Some(helper) = u32::try_from(id).ok().and_then(HelperId::from_u32) else {
            return self.fail(
                ErrorKind::UnknownHelper,
                format!("invalid func unknown#{id}"),
            );
        };
        let name = helper.full_name();
        let prog_type = self.opts.prog_type;
        let Some(proto) = helper.proto_for(prog_type) else {
            return self.fail(
                ErrorKind::UnknownHelper,
                format!("{name}#{id} has no prototype"),
            );
        };
        let allowed = match self.opts.attach_type {
            Some(attach) => helper_access::allowed_for_attach(helper, prog_type, attach),
            None => helper_access::allowed(helper, prog_type),
        };
        if !allowed {
            return self.fail(
                ErrorKind::HelperNotAllowed,
                format!("program of type {prog_type} cannot call helper {name}#{id}"),
            );
        }
        if !self.opts.privileged
            && matches!(
                helper_access::base_privilege(helper),
                Some(BasePrivilege::CapBpf | BasePrivilege::CapPerfmon)
            )
        {
            return self.fail(
                ErrorKind::HelperNotAllowed,
                format!(
                    "{name}#{id} needs CAP_BPF or CAP_PERFMON: unprivileged programs cannot call it"
                ),
            );
        }
        if let Some(implemented) = &self.opts.implemented_helpers
            && !implemented.contains(helper)
        {
            return self.fail(
                ErrorKind::UnknownHelper,
                format!("{name}#{id} is not implemented by Sluice's runtime"),
            );
        }
        if proto.gpl_only && !self.opts.gpl_compatible {
            return self.fail(
                ErrorKind::HelperNotAllowed,
                format!("cannot call GPL-restricted function {name}#{id} from a non-GPL compatible program"),
            );
        }
        if proto.might_sleep && !self.opts.sleepable {
            return self.fail(
                ErrorKind::HelperNotAllowed,
                format!("helper call {name}#{id} might sleep in a non-sleepable program"),
            );
        }
        if self.st.lock.is_some() && helper != HelperId::SpinUnlock {
            return self.fail(
                ErrorKind::SpinLock,
                format!("function calls are not allowed while holding a lock ({name})"),
            );
        }
        let meta = self.check_args(helper, proto)?;
        self.apply_helper(helper, proto, meta, next)
    }

    fn check_args(&mut self, helper: HelperId, proto: &HelperProto) -> R<Meta> {
        let mut meta = Meta::default();
        for (i, arg) in proto.args.iter().enumerate() {
            if arg.ty.kind == ArgKind::DontCare {
                continue;
            }
            let regno = IsaReg::new(i as u8 + 1).expect("argument registers exist");
            let reg = self.read_reg(regno)?;
            let ty = arg.ty;
            let may_be_null = ty.may_be_null();
            let arg_err = |v: &Verifier<'_>, expected: &str| {
                v.error(
                    ErrorKind::HelperArg,
                    format!(
                        "{regno} type={} expected={expected} (argument {} of {})",
                        describe_kind(&reg),
                        i + 1,
                        helper.full_name()
                    ),
                )
            };
            if may_be_null && reg.is_zero() {
                if ty.kind == ArgKind::PtrToMem && !ty.flags.contains(TypeFlags::MEM_FIXED_SIZE) {
                    meta.mem = None;
                }
                continue;
            }
            match ty.kind {
                ArgKind::DontCare => {}
                ArgKind::ConstMapPtr => {
                    let Some(PtrKind::Map { map }) = reg.ptr_kind() else {
                        return Err(arg_err(self, "map_ptr"));
                    };
                    let info = &self.maps[map as usize];
                    if !crate::map_compat::compatible(info.map_type, helper) {
                        return self.fail(
                            ErrorKind::HelperArg,
                            format!(
                                "cannot pass map `{}` of type {} into func {}#{}",
                                info.name,
                                sluice_abi::map_type::MapType::from_u32(info.map_type)
                                    .map_or("unknown", |t| t.name()),
                                helper.full_name(),
                                helper.as_u32()
                            ),
                        );
                    }
                    meta.map = Some(map);
                    // Map pointers are compared exactly when pruning, so every path that
                    // reaches the call is one of those recorded here. An inner map template
                    // (past the program's own maps) stands for any inner map: not one map.
                    let own_map = (map as usize) < self.opts.maps.len();
                    self.facts[self.insn_idx].note_map(own_map.then_some(map));
                }
                ArgKind::PtrToMapKey | ArgKind::PtrToMapValue => {
                    let Some(map) = meta.map else {
                        return self.fail(
                            ErrorKind::HelperArg,
                            format!("{regno}: map argument missing before key/value"),
                        );
                    };
                    self.check_mem_ptr_kind(regno, &reg, helper, proto.pkt_access)?;
                    let info = &self.maps[map as usize];
                    let size = if ty.kind == ArgKind::PtrToMapKey {
                        info.key_size
                    } else {
                        info.value_size
                    };
                    let write = ty.flags.contains(TypeFlags::MEM_UNINIT)
                        || ty.flags.contains(TypeFlags::MEM_WRITE);
                    self.check_helper_mem(regno, reg, size, write, true)?;
                }
                ArgKind::PtrToMem => {
                    self.check_mem_ptr_kind(regno, &reg, helper, proto.pkt_access)?;
                    let write = ty.flags.contains(TypeFlags::MEM_UNINIT)
                        || ty.flags.contains(TypeFlags::MEM_WRITE);
                    if reg.flags.contains(PtrFlags::RDONLY) && write {
                        return self.fail(
                            ErrorKind::ReadOnly,
                            format!(
                                "{regno}: {} would write into read-only memory",
                                helper.full_name()
                            ),
                        );
                    }
                    if let Some(fixed) = arg.fixed_size {
                        self.check_helper_mem(regno, reg, fixed, write, proto.pkt_access)?;
                    } else {
                        meta.mem = Some((regno, reg, write));
                    }
                }
                ArgKind::ConstSize | ArgKind::ConstSizeOrZero => {
                    if !reg.is_scalar() {
                        return Err(arg_err(self, "scalar"));
                    }
                    let zero_ok = ty.kind == ArgKind::ConstSizeOrZero;
                    if reg.var.smin < 0 {
                        return Err(self
                            .error(
                                ErrorKind::HelperArg,
                                format!("{regno} min value is negative, either use unsigned or 'var &= const'"),
                            )
                            .with_hint("make the size unsigned, or bound it with `if (n < 0) return` first"));
                    }
                    if reg.var.umax >= BPF_MAX_VAR_OFF as u64 {
                        return Err(self
                            .error(
                                ErrorKind::HelperArg,
                                format!("{regno} unbounded memory access, use 'var &= const' or 'if (var < const)'"),
                            )
                            .with_hint("bound the size against the buffer size before the call"));
                    }
                    if reg.var.umin == 0 && !zero_ok {
                        return self.fail(
                            ErrorKind::HelperArg,
                            format!("{regno} invalid zero-sized read: the size may be 0"),
                        );
                    }
                    meta.max_size = Some(reg.var.umax);
                    if let Some((mem_reg, ptr, write)) = meta.mem.take() {
                        self.check_helper_mem(
                            mem_reg,
                            ptr,
                            reg.var.umax as u32,
                            write,
                            proto.pkt_access,
                        )?;
                    }
                }
                ArgKind::ConstAllocSizeOrZero => {
                    let Some(size) = reg.const_value() else {
                        return self.fail(
                            ErrorKind::HelperArg,
                            format!(
                                "{regno} is not a known constant: the size to allocate must be"
                            ),
                        );
                    };
                    meta.alloc_size = Some(size);
                }
                ArgKind::PtrToCtx => {
                    if reg.ptr_kind() != Some(PtrKind::Ctx) {
                        return Err(arg_err(self, "ctx"));
                    }
                    if reg.off != 0 || reg.var.const_value() != Some(0) {
                        return self.fail(
                            ErrorKind::HelperArg,
                            format!(
                                "{regno}: dereference of modified ctx ptr off={} disallowed",
                                reg.off
                            ),
                        );
                    }
                }
                ArgKind::Anything => {
                    if reg.is_ptr() && !self.opts.privileged {
                        return self.fail(
                            ErrorKind::PointerLeak,
                            format!("{regno} leaks addr into helper function"),
                        );
                    }
                }
                ArgKind::PtrToSpinLock => {
                    let Some(PtrKind::MapValue { map }) = reg.ptr_kind() else {
                        return Err(arg_err(self, "map_value"));
                    };
                    let info = &self.maps[map as usize];
                    let Some(lock_off) = info.spin_lock_off else {
                        return self.fail(
                            ErrorKind::SpinLock,
                            format!(
                                "map `{}` has no valid bpf_spin_lock in its value",
                                info.name
                            ),
                        );
                    };
                    if !reg.var.is_const() || reg.off as i64 + reg.var.smin != i64::from(lock_off) {
                        return self.fail(
                            ErrorKind::SpinLock,
                            format!(
                                "{regno}: off {} doesn't point to 'struct bpf_spin_lock' that is at {lock_off}",
                                reg.off as i64 + reg.var.smin
                            ),
                        );
                    }
                    meta.lock_ptr = Some(reg);
                    meta.map = Some(map);
                }
                ArgKind::PtrToRingbufMem => {
                    if reg.is_scalar() && reg.ref_obj_id != 0 {
                        return self.fail(
                            ErrorKind::ReferenceLeak,
                            format!(
                                "{regno}: the record was already submitted or discarded (released twice)"
                            ),
                        );
                    }
                    let ok = matches!(reg.ptr_kind(), Some(PtrKind::Mem { .. }))
                        && reg.flags.contains(PtrFlags::RINGBUF)
                        && reg.ref_obj_id != 0;
                    if !ok {
                        return Err(arg_err(self, "ringbuf_mem"));
                    }
                    if reg.off != 0 || reg.var.const_value() != Some(0) {
                        return self.fail(
                            ErrorKind::HelperArg,
                            format!("{regno} must have zero offset when passed to release func"),
                        );
                    }
                }
                ArgKind::PtrToFunc => {
                    let Some(PtrKind::Func { insn_idx }) = reg.ptr_kind() else {
                        return Err(arg_err(self, "func"));
                    };
                    meta.callback = Some(insn_idx as usize);
                }
                ArgKind::PtrToStack => {
                    if !matches!(reg.ptr_kind(), Some(PtrKind::Stack { .. })) {
                        return Err(arg_err(self, "fp"));
                    }
                }
                ArgKind::PtrToConstStr => self.check_const_str(regno, &reg)?,
                ArgKind::PtrToSocket | ArgKind::PtrToSockCommon | ArgKind::PtrToBtfIdSockCommon => {
                    let ok = match reg.ptr_kind() {
                        Some(PtrKind::Sock { kind }) => {
                            ty.kind != ArgKind::PtrToSocket || kind == SockKind::Full
                        }
                        _ => false,
                    };
                    if !ok || reg.maybe_null() {
                        return Err(arg_err(self, "sock"));
                    }
                }
                other => {
                    return self.fail(
                        ErrorKind::Unsupported,
                        format!(
                            "{}: argument type {} is not supported by Sluice's verifier",
                            helper.full_name(),
                            other.kernel_name()
                        ),
                    );
                }
            }
            if ty.flags.contains(TypeFlags::OBJ_RELEASE) {
                if reg.ref_obj_id == 0 {
                    return self.fail(
                        ErrorKind::ReferenceLeak,
                        format!("{regno}: release of a pointer that holds no reference"),
                    );
                }
                meta.release = Some(reg.ref_obj_id);
            }
            if reg.maybe_null() && !may_be_null {
                let mut error = self.error(
                    ErrorKind::NullPointer,
                    format!(
                        "{regno} type={} may be NULL, {} expects a valid pointer",
                        describe_kind(&reg),
                        helper.full_name()
                    ),
                );
                if let Some(origin) = self.origins.get(&reg.id) {
                    error.hint = Some(format!(
                        "check the pointer returned by {} at insn {} against NULL first",
                        origin.helper, origin.insn_idx
                    ));
                    error.related_insn = Some(origin.insn_idx);
                }
                return Err(error);
            }
        }
        if let Some((regno, _, _)) = meta.mem {
            return self.fail(
                ErrorKind::HelperArg,
                format!("{regno}: memory argument without a size"),
            );
        }
        Ok(meta)
    }

    /// The pointer kinds a memory argument may have.
    fn check_mem_ptr_kind(
        &self,
        regno: IsaReg,
        reg: &Reg,
        helper: HelperId,
        pkt_access: bool,
    ) -> R<()> {
        let ok = match reg.ptr_kind() {
            Some(
                PtrKind::Stack { .. }
                | PtrKind::MapValue { .. }
                | PtrKind::MapKey { .. }
                | PtrKind::Mem { .. },
            ) => true,
            Some(PtrKind::Packet | PtrKind::PacketMeta) => pkt_access,
            _ => false,
        };
        if !ok {
            return self.fail(
                ErrorKind::HelperArg,
                format!(
                    "{regno} type={} expected=fp, pkt, pkt_meta, map_key, map_value, mem (argument of {})",
                    describe_kind(reg),
                    helper.full_name()
                ),
            );
        }
        Ok(())
    }

    /// A NUL-terminated string in a read-only map value.
    fn check_const_str(&self, regno: IsaReg, reg: &Reg) -> R<()> {
        let Some(PtrKind::MapValue { map }) = reg.ptr_kind() else {
            return self.fail(
                ErrorKind::HelperArg,
                format!(
                    "{regno} type={} expected=map_value (a constant string)",
                    describe_kind(reg)
                ),
            );
        };
        let info = &self.maps[map as usize];
        if !info.read_only() {
            return self.fail(
                ErrorKind::HelperArg,
                format!(
                    "{regno} does not point to a read-only map's value: the string must be constant"
                ),
            );
        }
        let Some(offset) = reg.var.const_value() else {
            return self.fail(
                ErrorKind::HelperArg,
                format!("{regno} is not a constant address"),
            );
        };
        let start = reg.off as i64 + offset as i64;
        if start < 0 || start >= i64::from(info.value_size) {
            return self.fail(
                ErrorKind::HelperArg,
                format!("{regno}: the string starts outside the map value"),
            );
        }
        if let Some(data) = &info.frozen_value
            && !data[start as usize..].contains(&0)
        {
            return self.fail(
                ErrorKind::HelperArg,
                format!("{regno}: string is not zero-terminated"),
            );
        }
        Ok(())
    }

    fn apply_helper(
        &mut self,
        helper: HelperId,
        proto: &HelperProto,
        meta: Meta,
        next: usize,
    ) -> R<Flow> {
        let idx = self.insn_idx;
        let func = self.cfg.func_of[idx] as usize;
        match helper {
            HelperId::TailCall => {
                if !self.st.refs.is_empty() {
                    return self.fail(
                        ErrorKind::ReferenceLeak,
                        "tail_call would lead to reference leak",
                    );
                }
                self.tail_calls[func] = true;
            }
            HelperId::SpinLock => {
                if self.st.lock.is_some() {
                    return self.fail(
                        ErrorKind::SpinLock,
                        "Locking two bpf_spin_locks are not allowed",
                    );
                }
                let ptr = meta.lock_ptr.expect("spin lock argument checked");
                self.st.lock = Some(LockState {
                    map: meta.map.expect("spin lock map"),
                    ptr_id: ptr.id,
                    insn_idx: idx,
                });
            }
            HelperId::SpinUnlock => {
                let ptr = meta.lock_ptr.expect("spin lock argument checked");
                match self.st.lock {
                    None => {
                        return self
                            .fail(ErrorKind::SpinLock, "bpf_spin_unlock without taking a lock");
                    }
                    Some(lock)
                        if lock.map != meta.map.unwrap_or(u32::MAX) || lock.ptr_id != ptr.id =>
                    {
                        return self
                            .fail(ErrorKind::SpinLock, "bpf_spin_unlock of a different lock");
                    }
                    Some(_) => self.st.lock = None,
                }
            }
            _ => {}
        }
        if let Some(ref_id) = meta.release {
            self.release_reference(ref_id)?;
        }
        if changes_packet_data(helper) {
            let privileged = self.opts.privileged;
            self.st.for_each_reg(|reg| {
                if matches!(
                    reg.ptr_kind(),
                    Some(PtrKind::Packet | PtrKind::PacketMeta | PtrKind::PacketEnd)
                ) {
                    *reg = if privileged {
                        Reg::unknown()
                    } else {
                        Reg::NOT_INIT
                    };
                }
            });
        }
        // The return value.
        let ret = proto.ret;
        let mut r0 = match ret.kind {
            RetKind::Integer => {
                let mut var = Scalar::UNKNOWN;
                if returns_at_most_size(helper)
                    && let Some(max) = meta.max_size
                {
                    var.smin = -MAX_ERRNO;
                    var.smax = max as i64;
                    var.sync();
                }
                if helper == HelperId::GetSmpProcessorId {
                    var = Scalar::unsigned_range(0, u64::from(u32::MAX));
                }
                Reg::scalar(var)
            }
            RetKind::Void => Reg::NOT_INIT,
            RetKind::PtrToMapValue => {
                let map = meta.map.expect("map helpers take a map");
                match self.inner[map as usize] {
                    Some(inner) => Reg::ptr(PtrKind::Map { map: inner }),
                    None => {
                        let mut reg = Reg::ptr(PtrKind::MapValue { map });
                        if self.maps[map as usize].read_only() {
                            reg.flags = PtrFlags::RDONLY;
                        }
                        reg
                    }
                }
            }
            RetKind::PtrToMem if ret.flags.contains(TypeFlags::MEM_RINGBUF) => {
                let size = meta.alloc_size.unwrap_or(0);
                let mut reg = Reg::ptr(PtrKind::Mem {
                    size: u32::try_from(size).unwrap_or(u32::MAX),
                });
                reg.flags = PtrFlags::RINGBUF;
                reg
            }
            RetKind::PtrToSocket => Reg::ptr(PtrKind::Sock {
                kind: SockKind::Full,
            }),
            RetKind::PtrToSockCommon => Reg::ptr(PtrKind::Sock {
                kind: SockKind::Common,
            }),
            RetKind::PtrToTcpSock => Reg::ptr(PtrKind::Sock {
                kind: SockKind::Tcp,
            }),
            RetKind::PtrToBtfId | RetKind::PtrToMemOrBtfId => Reg::ptr(PtrKind::Kernel),
            RetKind::PtrToMem => {
                return self.fail(
                    ErrorKind::Unsupported,
                    format!(
                        "{}: its memory return type is not supported by Sluice's verifier",
                        helper.full_name()
                    ),
                );
            }
        };
        if r0.is_ptr() && ret.may_be_null() {
            r0.flags = r0.flags.union(PtrFlags::MAYBE_NULL);
            r0.id = self.new_id();
            self.origins.insert(
                r0.id,
                Origin {
                    insn_idx: idx,
                    helper: helper_static_name(helper),
                },
            );
        }
        if acquires(helper) {
            let ref_id = self.new_id();
            r0.ref_obj_id = ref_id;
            self.st.refs.push(RefState {
                id: ref_id,
                insn_idx: idx,
            });
            self.origins.insert(
                ref_id,
                Origin {
                    insn_idx: idx,
                    helper: helper_static_name(helper),
                },
            );
        }
        if let Some(callback) = meta.callback {
            return self.enter_callback(helper, callback, meta.map, r0, next);
        }
        let frame = self.st.cur_mut();
        for reg in 1..=5 {
            frame.regs[reg] = Reg::NOT_INIT;
        }
        frame.regs[0] = r0;
        Ok(Flow::Next(next))
    }

    /// Drops reference `ref_id`: every pointer holding it becomes unusable.
    fn release_reference(&mut self, ref_id: u32) -> R<()> {
        let before = self.st.refs.len();
        self.st.refs.retain(|r| r.id != ref_id);
        if self.st.refs.len() == before {
            return self.fail(
                ErrorKind::ReferenceLeak,
                "release of a reference that is not held",
            );
        }
        let privileged = self.opts.privileged;
        self.st.for_each_reg(|reg| {
            if reg.ref_obj_id == ref_id && reg.is_ptr() {
                // The number left behind remembers the reference it held, so that releasing
                // it again is reported as such.
                *reg = if privileged {
                    Reg::unknown()
                } else {
                    Reg::NOT_INIT
                };
                reg.ref_obj_id = ref_id;
            }
        });
        Ok(())
    }

    /// Calls a callback: the helper may call it (maybe repeatedly) or return without calling
    /// it. Both are explored.
    fn enter_callback(
        &mut self,
        helper: HelperId,
        callback: usize,
        map: Option<u32>,
        r0: Reg,
        next: usize,
    ) -> R<Flow> {
        let idx = self.insn_idx;
        if self.cfg.func_at(callback).is_none() {
            return self.fail(
                ErrorKind::Callback,
                format!("callback at insn {callback} is not a function"),
            );
        }
        self.note_callee(callback);
        // The helper returns without calling the callback (again).
        let mut done = self.st.clone();
        {
            let frame = done.cur_mut();
            for reg in 1..=5 {
                frame.regs[reg] = Reg::NOT_INIT;
            }
            frame.regs[0] = r0;
        }
        self.push_branch(done, next, None)?;
        if self.st.frames.len() >= MAX_CALL_FRAMES {
            return self.fail(
                ErrorKind::CallDepth,
                format!(
                    "the call stack of {} frames is too deep",
                    self.st.frames.len() + 1
                ),
            );
        }
        let caller = self.st.cur().regs;
        let frameno = self.st.frames.len() as u8;
        let repeats = repeats_callback(helper.as_u32());
        let mut frame = Frame::new(
            callback,
            idx,
            FrameKind::Callback {
                helper: helper.as_u32(),
                repeats,
            },
        );
        frame.regs[10] = Reg::ptr(PtrKind::Stack { frame: frameno });
        match helper {
            HelperId::Loop => {
                // callback(u64 index, void *ctx)
                frame.regs[1] = Reg::scalar(Scalar::unsigned_range(0, u64::from(u32::MAX)));
                frame.regs[2] = caller[3];
            }
            HelperId::ForEachMapElem => {
                // callback(map, key, value, ctx)
                let map = map.expect("for_each_map_elem takes a map");
                frame.regs[1] = Reg::ptr(PtrKind::Map { map });
                frame.regs[2] = Reg::ptr(PtrKind::MapKey { map });
                let mut value = Reg::ptr(PtrKind::MapValue { map });
                if self.maps[map as usize].read_only() {
                    value.flags = PtrFlags::RDONLY;
                }
                frame.regs[3] = value;
                frame.regs[4] = caller[3];
            }
            HelperId::FindVma => {
                // callback(task, vma, ctx)
                frame.regs[1] = Reg::ptr(PtrKind::Kernel);
                frame.regs[2] = Reg::ptr(PtrKind::Kernel);
                frame.regs[3] = caller[4];
            }
            HelperId::UserRingbufDrain => {
                return self.fail(
                    ErrorKind::Unsupported,
                    "bpf_user_ringbuf_drain callbacks (dynptr) are not supported by Sluice's verifier",
                );
            }
            _ => {
                return self.fail(
                    ErrorKind::Unsupported,
                    format!(
                        "callbacks of {} are not supported by Sluice's verifier",
                        helper.full_name()
                    ),
                );
            }
        }
        self.st.frames.push(frame);
        Ok(Flow::Next(callback))
    }

    fn note_callee(&mut self, callee_start: usize) {
        let caller = self.cfg.func_of[self.insn_idx] as usize;
        if let Some(callee) = self.cfg.func_at(callee_start)
            && !self.callees[caller].contains(&callee)
        {
            self.callees[caller].push(callee);
        }
    }

    /// `call pc+N`.
    pub(crate) fn check_subprog_call(&mut self, target: usize) -> R<Flow> {
        let idx = self.insn_idx;
        let next = idx + 1;
        self.note_callee(target);
        if let Some(info) = self
            .opts
            .functions
            .iter()
            .find(|f| f.insn_idx == target && f.global)
        {
            let info = info.clone();
            // A global function was verified on its own; here only its arguments are checked.
            for (i, arg) in info.args.iter().enumerate() {
                let regno = IsaReg::new(i as u8 + 1).expect("argument registers exist");
                let reg = self.read_reg(regno)?;
                let ok = match arg {
                    FuncArg::Scalar => reg.is_scalar(),
                    FuncArg::Ctx => reg.ptr_kind() == Some(PtrKind::Ctx) && reg.off == 0,
                    FuncArg::Mem { size, non_null } => {
                        if reg.is_zero() && !non_null {
                            true
                        } else {
                            self.check_mem_ptr_kind(regno, &reg, HelperId::Loop, true)?;
                            self.check_helper_mem(regno, reg, *size, true, true)?;
                            !reg.maybe_null() || !non_null
                        }
                    }
                };
                if !ok {
                    return self.fail(
                        ErrorKind::Callback,
                        format!(
                            "{regno} type={} does not match argument {} of global function {}",
                            describe_kind(&reg),
                            i + 1,
                            info.name
                        ),
                    );
                }
            }
            let frame = self.st.cur_mut();
            for reg in 1..=5 {
                frame.regs[reg] = Reg::NOT_INIT;
            }
            frame.regs[0] = if info.returns_void {
                Reg::NOT_INIT
            } else {
                Reg::unknown()
            };
            return Ok(Flow::Next(next));
        }
        if self.st.frames.len() >= MAX_CALL_FRAMES {
            return self.fail(
                ErrorKind::CallDepth,
                format!(
                    "the call stack of {} frames is too deep (at most {MAX_CALL_FRAMES})",
                    self.st.frames.len() + 1
                ),
            );
        }
        let frameno = self.st.frames.len() as u8;
        let caller = self.st.cur().regs;
        let mut frame = Frame::new(target, idx, FrameKind::Call);
        frame.regs[1..=5].copy_from_slice(&caller[1..=5]);
        frame.regs[10] = Reg::ptr(PtrKind::Stack { frame: frameno });
        self.st.frames.push(frame);
        Ok(Flow::Next(target))
    }

    pub(crate) fn check_exit(&mut self) -> R<Flow> {
        if let Some(lock) = self.st.lock {
            return Err(self
                .error(
                    ErrorKind::SpinLock,
                    format!(
                        "bpf_spin_unlock is missing: the lock taken at insn {} is still held",
                        lock.insn_idx
                    ),
                )
                .with_hint("call bpf_spin_unlock on every path before returning"));
        }
        let frame_kind = self.st.cur().kind;
        let r0 = self.st.cur().regs[0];
        match frame_kind {
            FrameKind::Main => {
                self.check_reference_leak()?;
                match self.global_func {
                    Some(returns_void) => {
                        if !returns_void && !r0.is_init() {
                            return self.fail(
                                ErrorKind::UninitReg,
                                "r0 is not set at function exit (!read_ok)",
                            );
                        }
                        if !returns_void && !r0.is_scalar() {
                            return self.fail(
                                ErrorKind::ReturnValue,
                                format!("At global function exit the register R0 is not a scalar value ({})", describe_kind(&r0)),
                            );
                        }
                    }
                    None => self.check_return_code(&r0)?,
                }
                Ok(Flow::Done)
            }
            FrameKind::Call => {
                // A static function returns whatever `r0` holds (the caller may not read it
                // if it is unset), but never a pointer into its own stack.
                if matches!(r0.ptr_kind(), Some(PtrKind::Stack { .. })) {
                    return self.fail(
                        ErrorKind::StackAccess,
                        "cannot return stack pointer to the caller",
                    );
                }
                let callee = self.st.frames.pop().expect("a nested frame");
                let frameno = self.st.frames.len() as u8;
                self.drop_frame_pointers(frameno);
                let frame = self.st.cur_mut();
                for reg in 1..=5 {
                    frame.regs[reg] = Reg::NOT_INIT;
                }
                frame.regs[0] = r0;
                Ok(Flow::Next(callee.callsite + 1))
            }
            FrameKind::Callback { repeats, .. } => {
                if !r0.is_init() {
                    return self.fail(
                        ErrorKind::UninitReg,
                        "r0 is not set at callback exit (!read_ok)",
                    );
                }
                let range_ok = r0.is_scalar() && r0.var.umax <= 1;
                if !range_ok {
                    return Err(self
                        .error(
                            ErrorKind::Callback,
                            format!("At callback return the register R0 has {} should have been in [0, 1]", r0),
                        )
                        .with_hint("a callback returns 0 to continue or 1 to stop"));
                }
                let callee = self.st.frames.pop().expect("a nested frame");
                let frameno = self.st.frames.len() as u8;
                self.drop_frame_pointers(frameno);
                if repeats {
                    // Back to the call: the helper may call the callback again or return.
                    self.widen_for_repeat(callee.callsite);
                    Ok(Flow::Next(callee.callsite))
                } else {
                    let frame = self.st.cur_mut();
                    for reg in 1..=5 {
                        frame.regs[reg] = Reg::NOT_INIT;
                    }
                    frame.regs[0] = Reg::unknown();
                    Ok(Flow::Next(callee.callsite + 1))
                }
            }
        }
    }

    /// After a frame returned: pointers into its stack are no longer valid.
    fn drop_frame_pointers(&mut self, dead_frame: u8) {
        self.st.for_each_reg(|reg| {
            if let Some(PtrKind::Stack { frame }) = reg.ptr_kind()
                && frame >= dead_frame
            {
                *reg = Reg::NOT_INIT;
            }
        });
    }

    fn check_reference_leak(&self) -> R<()> {
        if let Some(leaked) = self.st.refs.first() {
            let what = self
                .origins
                .get(&leaked.id)
                .map_or("a helper", |origin| origin.helper);
            let mut error = self.error(
                ErrorKind::ReferenceLeak,
                format!(
                    "Unreleased reference id={} alloc_insn={}: the reference from {what} is not released on this path",
                    leaked.id, leaked.insn_idx
                ),
            );
            error.hint = Some(if what.contains("ringbuf") {
                format!(
                    "submit or discard the record reserved at insn {} on every path",
                    leaked.insn_idx
                )
            } else {
                format!(
                    "release the reference acquired at insn {} on every path",
                    leaked.insn_idx
                )
            });
            error.related_insn = Some(leaked.insn_idx);
            return Err(error);
        }
        Ok(())
    }
}

/// The helper's name with `bpf_`, as a static string for hints.
fn helper_static_name(helper: HelperId) -> &'static str {
    match helper {
        HelperId::MapLookupElem => "bpf_map_lookup_elem",
        HelperId::RingbufReserve => "bpf_ringbuf_reserve",
        HelperId::SkLookupTcp => "bpf_sk_lookup_tcp",
        HelperId::SkLookupUdp => "bpf_sk_lookup_udp",
        HelperId::SkcLookupTcp => "bpf_skc_lookup_tcp",
        _ => helper.name(),
    }
}
