//! Memory access: loads, stores, atomics and the memory arguments of helpers, for every pointer
//! kind (the kernel's `check_mem_access`, `check_stack_*`, `check_map_access`,
//! `check_packet_access`, `check_ctx_access`, `check_helper_mem_access`).

use sluice_abi::context::{self, Access, PointerTarget};
use sluice_abi::limits::MAX_BPF_STACK;
use sluice_abi::prog_type::ProgType;
use sluice_isa::{AtomicOp, LdImm64, Reg as IsaReg, Size, Source};

use crate::alu::{BPF_MAX_VAR_OFF, describe_kind};
use crate::error::ErrorKind;
use crate::facts::MemKind;
use crate::reg::{PtrFlags, PtrKind, Reg, RegKind, SockKind};
use crate::scalar::Scalar;
use crate::stack::{ByteState, Stack};
use crate::verifier::{R, Verifier};

/// What an access does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Op {
    /// A load; `sign_extend` for `LDSX`.
    Read { sign_extend: bool },
    /// A store of a register (`Some`) or an immediate (`None` with its value).
    Write {
        value: Option<Reg>,
        imm: Option<i64>,
    },
    /// An atomic read-modify-write.
    Atomic,
}

impl Op {
    fn writes(self) -> bool {
        !matches!(self, Op::Read { .. })
    }
}

/// Who accesses: an instruction or a helper (through a memory argument).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum By {
    Insn,
    /// A helper; `pkt_access` from its prototype.
    Helper {
        pkt_access: bool,
    },
}

/// Whether a program type may write packet data directly (`may_access_direct_pkt_data`).
fn may_write_packet(prog_type: ProgType) -> bool {
    matches!(
        prog_type,
        ProgType::Xdp
            | ProgType::SchedCls
            | ProgType::SchedAct
            | ProgType::LwtXmit
            | ProgType::SkSkb
            | ProgType::SkMsg
    )
}

impl Verifier<'_> {
    pub(crate) fn check_load(
        &mut self,
        size: Size,
        sign_extend: bool,
        dst: IsaReg,
        src: IsaReg,
        off: i16,
        acquire: bool,
    ) -> R<()> {
        let base = self.read_reg(src)?;
        if acquire {
            self.check_atomic_base(src, &base, "load-acquire")?;
        }
        let value = self.access(
            src,
            base,
            i64::from(off),
            size.bytes() as u32,
            Op::Read { sign_extend },
            By::Insn,
        )?;
        self.write_reg(dst, value.unwrap_or_else(Reg::unknown))
    }

    pub(crate) fn check_store(
        &mut self,
        size: Size,
        dst: IsaReg,
        off: i16,
        src: Source,
        release: bool,
    ) -> R<()> {
        let (value, imm) = match src {
            Source::Reg(reg) => (Some(self.read_reg(reg)?), None),
            Source::Imm(imm) => (None, Some(i64::from(imm))),
        };
        let base = self.read_reg(dst)?;
        if release {
            self.check_atomic_base(dst, &base, "store-release")?;
        }
        self.access(
            dst,
            base,
            i64::from(off),
            size.bytes() as u32,
            Op::Write { value, imm },
            By::Insn,
        )?;
        Ok(())
    }

    /// Atomics and acquire/release work only on the stack, map values and helper memory.
    fn check_atomic_base(&self, reg: IsaReg, base: &Reg, what: &str) -> R<()> {
        match base.ptr_kind() {
            Some(PtrKind::Ctx) => self.fail(
                ErrorKind::CtxAccess,
                format!("{what} through {reg} (ctx) is not allowed"),
            ),
            Some(
                PtrKind::Packet
                | PtrKind::PacketMeta
                | PtrKind::FlowKeys
                | PtrKind::Sock { .. }
                | PtrKind::MapKey { .. },
            ) => self.fail(
                ErrorKind::InvalidMemAccess,
                format!(
                    "{what} through {reg} ({}) is not allowed",
                    describe_kind(base)
                ),
            ),
            _ => Ok(()),
        }
    }

    pub(crate) fn check_atomic(
        &mut self,
        size: Size,
        op: AtomicOp,
        dst: IsaReg,
        src: IsaReg,
        off: i16,
    ) -> R<()> {
        let value = self.read_reg(src)?;
        if op == AtomicOp::CmpXchg {
            let r0 = self.st.cur().regs[0];
            if !r0.is_init() {
                return self.fail(
                    ErrorKind::UninitReg,
                    "r0 is read before it was written (!read_ok)",
                );
            }
            if r0.is_ptr() && !self.opts.privileged {
                return self.fail(ErrorKind::PointerLeak, "r0 leaks addr into mem");
            }
        }
        if value.is_ptr() && !self.opts.privileged {
            return self.fail(ErrorKind::PointerLeak, format!("{src} leaks addr into mem"));
        }
        let base = self.read_reg(dst)?;
        self.check_atomic_base(dst, &base, "atomic operation")?;
        self.access(
            dst,
            base,
            i64::from(off),
            size.bytes() as u32,
            Op::Atomic,
            By::Insn,
        )?;
        let fetched = Reg::scalar(Scalar::unsigned_range(
            0,
            if size == Size::W {
                u64::from(u32::MAX)
            } else {
                u64::MAX
            },
        ));
        match op {
            AtomicOp::CmpXchg => self.write_reg(IsaReg::R0, fetched)?,
            AtomicOp::Xchg
            | AtomicOp::Add { fetch: true }
            | AtomicOp::Or { fetch: true }
            | AtomicOp::And { fetch: true }
            | AtomicOp::Xor { fetch: true } => self.write_reg(src, fetched)?,
            _ => {}
        }
        Ok(())
    }

    /// Legacy packet loads: only in socket programs, with the context in `r6`.
    pub(crate) fn check_ld_abs(&mut self, size: Size, src: Option<IsaReg>, _imm: i32) -> R<()> {
        let prog_type = self.opts.prog_type;
        let allowed = matches!(
            prog_type,
            ProgType::SocketFilter | ProgType::SchedCls | ProgType::SchedAct
        );
        if !allowed {
            return self.fail(
                ErrorKind::InvalidInsn,
                format!(
                    "BPF_LD_[ABS|IND] instructions are not allowed for program type {prog_type}"
                ),
            );
        }
        if self.st.frames.len() > 1 && self.cfg.funcs.len() > 1 {
            return self.fail(
                ErrorKind::InvalidInsn,
                "BPF_LD_[ABS|IND] instructions cannot be mixed with bpf-to-bpf calls",
            );
        }
        let ctx = self.read_reg(IsaReg::R6)?;
        if ctx.ptr_kind() != Some(PtrKind::Ctx) || ctx.off != 0 {
            return self.fail(
                ErrorKind::InvalidInsn,
                "at the time of BPF_LD_ABS|IND r6 != pointer to skb",
            );
        }
        if let Some(src) = src {
            let index = self.read_reg(src)?;
            if !index.is_scalar() {
                return self.fail(
                    ErrorKind::InvalidMemAccess,
                    format!("{src}: BPF_LD_IND takes a scalar index"),
                );
            }
        }
        if self.st.lock.is_some() {
            return self.fail(
                ErrorKind::SpinLock,
                "BPF_LD_[ABS|IND] cannot be used inside a bpf_spin_lock-ed region",
            );
        }
        if !self.st.refs.is_empty() {
            return self.fail(
                ErrorKind::ReferenceLeak,
                "BPF_LD_[ABS|IND] would lead to a reference leak (it may exit the program)",
            );
        }
        for reg in 1..=5 {
            self.st.cur_mut().regs[reg] = Reg::NOT_INIT;
        }
        let max = (1u64 << size.bits()) - 1;
        self.st.cur_mut().regs[0] = Reg::scalar(Scalar::unsigned_range(0, max));
        Ok(())
    }

    pub(crate) fn check_ld_imm64(&mut self, dst: IsaReg, value: LdImm64) -> R<()> {
        let reg = match value {
            LdImm64::Imm(imm) => Reg::constant(imm),
            LdImm64::MapFd(index) | LdImm64::MapIdx(index) => {
                let map = self.map_index(index)?;
                Reg::ptr(PtrKind::Map { map })
            }
            LdImm64::MapValue { fd: index, offset } | LdImm64::MapIdxValue { index, offset } => {
                let map = self.map_index(index)?;
                let info = &self.maps[map as usize];
                if info.max_entries != 1
                    || info.map_type != sluice_abi::map_type::MapType::Array.as_u32()
                {
                    return self.fail(
                        ErrorKind::InvalidInsn,
                        format!(
                            "map `{}` has no direct value access: only single-element arrays do",
                            info.name
                        ),
                    );
                }
                if offset >= info.value_size {
                    return self.fail(
                        ErrorKind::InvalidInsn,
                        format!(
                            "invalid access to map value pointer, value_size={} off={offset}",
                            info.value_size
                        ),
                    );
                }
                let mut reg = Reg::ptr(PtrKind::MapValue { map });
                reg.off = offset as i32;
                if info.read_only() {
                    reg.flags = PtrFlags::RDONLY;
                }
                reg
            }
            LdImm64::Func(_) => {
                let insn = self.cfg.insn(self.insn_idx);
                let target =
                    crate::cfg::target_of(self.insn_idx, &insn).expect("validated code address");
                Reg::ptr(PtrKind::Func {
                    insn_idx: target as u32,
                })
            }
            LdImm64::BtfId { btf_id, .. } => {
                return self.fail(
                    ErrorKind::Unsupported,
                    format!("kernel variables (ksym btf_id {btf_id}) are not supported by Sluice"),
                );
            }
        };
        self.write_reg(dst, reg)
    }

    fn map_index(&self, index: i32) -> R<u32> {
        if index < 0 || index as usize >= self.opts.maps.len() {
            return self.fail(
                ErrorKind::InvalidInsn,
                format!(
                    "lddw refers to map {index}, but the program has {} map(s)",
                    self.opts.maps.len()
                ),
            );
        }
        Ok(index as u32)
    }

    /// Checks an access of `size` bytes at `base + off` and applies it. Loads return the
    /// loaded register.
    pub(crate) fn access(
        &mut self,
        regno: IsaReg,
        base: Reg,
        off: i64,
        size: u32,
        op: Op,
        by: By,
    ) -> R<Option<Reg>> {
        let kind = match base.kind {
            RegKind::NotInit => unreachable!("operands are checked before access"),
            RegKind::Scalar => {
                if by == By::Insn && base.is_zero() {
                    return self.fail(
                        ErrorKind::NullPointer,
                        format!("{regno} invalid mem access: {regno} is NULL (scalar 0)"),
                    );
                }
                return self.fail(
                    ErrorKind::InvalidMemAccess,
                    format!(
                        "{regno} invalid mem access 'scalar': {regno} is a number, not a pointer"
                    ),
                );
            }
            RegKind::Ptr(kind) => kind,
        };
        if base.maybe_null() {
            let mut error = self.error(
                ErrorKind::NullPointer,
                format!(
                    "{regno} invalid mem access '{}': the pointer may be NULL",
                    describe_kind(&base)
                ),
            );
            error.hint = Some(match self.origins.get(&base.id) {
                Some(origin) => format!(
                    "check the pointer returned by {} at insn {} against NULL before using it",
                    origin.helper, origin.insn_idx
                ),
                None => "check the pointer against NULL before using it".to_string(),
            });
            error.related_insn = self.origins.get(&base.id).map(|o| o.insn_idx);
            return Err(error);
        }
        if let Op::Write {
            value: Some(value), ..
        } = op
            && value.is_ptr()
            && !self.opts.privileged
            && !matches!(kind, PtrKind::Stack { .. })
        {
            return self.fail(
                ErrorKind::PointerLeak,
                format!(
                    "{regno}: storing a pointer into {} leaks its address",
                    kind.name()
                ),
            );
        }
        let idx = self.insn_idx;
        let note = |v: &mut Verifier<'_>, mem: MemKind| {
            if by == By::Insn {
                v.facts[idx].note_mem(mem);
            }
        };
        match kind {
            PtrKind::Stack { frame } => {
                note(self, MemKind::Stack);
                self.stack_access(regno, frame as usize, &base, off, size, op, by)
            }
            PtrKind::Ctx => {
                note(self, MemKind::Ctx);
                self.ctx_access(regno, &base, off, size, op, by)
            }
            PtrKind::MapValue { map } => {
                note(self, MemKind::MapValue);
                self.map_value_access(regno, map, &base, off, size, op)
            }
            PtrKind::MapKey { map } => {
                note(self, MemKind::MapKey);
                if op.writes() {
                    return self.fail(
                        ErrorKind::ReadOnly,
                        format!("{regno}: the map key given to a callback is read only"),
                    );
                }
                let key_size = self.maps[map as usize].key_size;
                self.bounded_access(
                    regno,
                    &base,
                    off,
                    size,
                    key_size,
                    ErrorKind::MapKeyAccess,
                    "map key",
                )?;
                Ok(Some(loaded(size, op)))
            }
            PtrKind::Packet | PtrKind::PacketMeta => {
                note(self, MemKind::Packet);
                self.packet_access(regno, kind, &base, off, size, op, by)
            }
            PtrKind::Mem { size: mem_size } => {
                note(self, MemKind::Mem);
                if op.writes() && base.flags.contains(PtrFlags::RDONLY) {
                    return self.fail(
                        ErrorKind::ReadOnly,
                        format!("{regno}: cannot write into read-only memory"),
                    );
                }
                self.bounded_access(
                    regno,
                    &base,
                    off,
                    size,
                    mem_size,
                    ErrorKind::MemAccess,
                    "memory",
                )?;
                Ok(Some(loaded(size, op)))
            }
            PtrKind::FlowKeys | PtrKind::Sock { .. } if by == By::Insn => {
                note(self, MemKind::Other);
                self.struct_access(regno, kind, &base, off, size, op)
            }
            _ => self.fail(
                ErrorKind::InvalidMemAccess,
                format!(
                    "{regno} invalid mem access '{}': this pointer cannot be dereferenced",
                    describe_kind(&base)
                ),
            ),
        }
    }

    /// A fixed-size object (`size_limit` bytes) at a fixed plus variable offset.
    #[allow(clippy::too_many_arguments)]
    fn bounded_access(
        &self,
        regno: IsaReg,
        base: &Reg,
        off: i64,
        size: u32,
        size_limit: u32,
        kind: ErrorKind,
        what: &str,
    ) -> R<()> {
        let fixed = off + i64::from(base.off);
        if base.var.smin < 0 && !base.var.is_const() {
            return Err(self
                .error(
                    kind,
                    format!(
                        "{regno} min value is negative, either use unsigned index or do a if (index >=0) check"
                    ),
                )
                .with_hint("use an unsigned index, or check it is >= 0"));
        }
        if base.var.umax >= BPF_MAX_VAR_OFF as u64 && !base.var.is_const() {
            return Err(self
                .error(
                    kind,
                    format!(
                        "{regno} unbounded memory access, make sure to bounds check any such access"
                    ),
                )
                .with_hint(format!(
                    "compare the index against the {what} size before adding it to the pointer"
                )));
        }
        let lo = fixed + base.var.smin.max(0).min(base.var.umax as i64);
        let lo = if base.var.is_const() {
            fixed + base.var.smin
        } else {
            lo
        };
        let hi = fixed + base.var.umax.min(i64::MAX as u64) as i64 + i64::from(size);
        let hi = if base.var.is_const() {
            fixed + base.var.smin + i64::from(size)
        } else {
            hi
        };
        if lo < 0 || hi > i64::from(size_limit) {
            return Err(self.error(
                kind,
                format!(
                    "invalid access to {what}: size of {what} is {size_limit}, access of {size} bytes at offset {}{}",
                    fixed,
                    if base.var.is_const() { String::new() } else { format!(" + {}", base.var) }
                ),
            ));
        }
        Ok(())
    }

    fn map_value_access(
        &mut self,
        regno: IsaReg,
        map: u32,
        base: &Reg,
        off: i64,
        size: u32,
        op: Op,
    ) -> R<Option<Reg>> {
        let info = &self.maps[map as usize];
        if op.writes() && (info.read_only() || base.flags.contains(PtrFlags::RDONLY)) {
            return Err(self
                .error(
                    ErrorKind::ReadOnly,
                    format!(
                        "write into map `{}` forbidden: programs may only read it",
                        info.name
                    ),
                )
                .with_hint(
                    "global `const` data (.rodata) and BPF_F_RDONLY_PROG maps are read only",
                ));
        }
        let value_size = info.value_size;
        let lock = info.spin_lock_off;
        let name = info.name.clone();
        self.bounded_access(
            regno,
            base,
            off,
            size,
            value_size,
            ErrorKind::MapValueAccess,
            "map value",
        )
        .map_err(|mut e| {
            e.message = format!("{} (map `{name}`)", e.message);
            e
        })?;
        let fixed = off + i64::from(base.off);
        if let Some(lock_off) = lock {
            let lo = fixed + base.var.smin.max(0);
            let hi = fixed + base.var.umax.min(i64::MAX as u64 / 2) as i64 + i64::from(size);
            let lock_off = i64::from(lock_off);
            if lo < lock_off + 4 && hi > lock_off {
                return self.fail(
                    ErrorKind::SpinLock,
                    "bpf_spin_lock cannot be accessed directly by load/store",
                );
            }
        }
        if let Op::Read { sign_extend } = op {
            let info = &self.maps[map as usize];
            if let (Some(data), Some(var), true) =
                (&info.frozen_value, base.var.const_value(), size <= 8)
            {
                let start = (fixed + var as i64) as usize;
                if let Some(bytes) = data.get(start..start + size as usize) {
                    let mut raw = [0u8; 8];
                    raw[..bytes.len()].copy_from_slice(bytes);
                    let value = Scalar::constant(u64::from_le_bytes(raw));
                    let value = if sign_extend {
                        value.sign_extend(size)
                    } else {
                        value
                    };
                    return Ok(Some(Reg::scalar(value)));
                }
            }
        }
        Ok(Some(loaded(size, op)))
    }

    #[allow(clippy::too_many_arguments)]
    fn packet_access(
        &mut self,
        regno: IsaReg,
        kind: PtrKind,
        base: &Reg,
        off: i64,
        size: u32,
        op: Op,
        by: By,
    ) -> R<Option<Reg>> {
        if let By::Helper { pkt_access: false } = by {
            return self.fail(
                ErrorKind::HelperArg,
                format!("{regno}: this helper does not accept packet pointers"),
            );
        }
        if op.writes() && !may_write_packet(self.opts.prog_type) {
            return self.fail(
                ErrorKind::ReadOnly,
                format!(
                    "cannot write into packet: program type {} may only read it",
                    self.opts.prog_type
                ),
            );
        }
        if base.var.smin < 0 {
            return self.fail(
                ErrorKind::PacketAccess,
                format!("{regno} min value is negative, either use unsigned index or do a if (index >=0) check"),
            );
        }
        let fixed = off + i64::from(base.off);
        if fixed < 0 || fixed + i64::from(size) > i64::from(base.range) {
            let end = if kind == PtrKind::PacketMeta {
                "data"
            } else {
                "data_end"
            };
            let mut error = self.error(
                ErrorKind::PacketAccess,
                format!(
                    "invalid access to packet, off={fixed} size={size}, {regno}({}): only {} byte(s) were proven to lie before {end}",
                    describe_kind(base),
                    base.range
                ),
            );
            if fixed >= 0 {
                error.hint = Some(format!(
                    "compare the pointer plus {} against {end} first: `if ((void *)p + {} > {end}) return ...;`",
                    fixed + i64::from(size),
                    fixed + i64::from(size)
                ));
            }
            return Err(error);
        }
        Ok(Some(loaded(size, op)))
    }

    fn ctx_access(
        &mut self,
        regno: IsaReg,
        base: &Reg,
        off: i64,
        size: u32,
        op: Op,
        by: By,
    ) -> R<Option<Reg>> {
        if by != By::Insn {
            return self.fail(
                ErrorKind::HelperArg,
                format!("{regno}: the context cannot be passed as memory to this helper"),
            );
        }
        if base.off != 0 || !base.var.is_const() || base.var.const_value() != Some(0) {
            return Err(self
                .error(
                    ErrorKind::CtxAccess,
                    format!(
                        "dereference of modified ctx ptr {regno} off={}{} disallowed",
                        base.off,
                        if base.var.is_const() {
                            String::new()
                        } else {
                            format!(" var={}", base.var)
                        }
                    ),
                )
                .with_hint(
                    "access context fields at constant offsets from the original context pointer",
                ));
        }
        let access = match op {
            Op::Read { sign_extend: false } => Access::Read,
            Op::Read { sign_extend: true } => Access::ReadSignExtend,
            Op::Write { .. } => Access::Write,
            Op::Atomic => {
                return self.fail(
                    ErrorKind::CtxAccess,
                    "atomic operations on the context are not allowed",
                );
            }
        };
        if off < 0 || off > i64::from(u32::MAX) {
            return self.fail(
                ErrorKind::CtxAccess,
                format!("invalid bpf_context access off={off} size={size}"),
            );
        }
        let other = match self.opts.prog_type {
            ProgType::Syscall => Some(crate::ctx_other::syscall(off, size, op.writes())),
            ProgType::SkLookup => Some(crate::ctx_other::sk_lookup(off, size, op.writes())),
            _ => None,
        };
        if let Some(result) = other {
            return match result {
                Err(reason) => self.fail(
                    ErrorKind::CtxAccess,
                    format!("invalid bpf_context access off={off} size={size}: {reason}"),
                ),
                Ok(_) if op.writes() => Ok(None),
                Ok(crate::ctx_other::CtxField::Scalar) => Ok(Some(loaded(size, op))),
                Ok(crate::ctx_other::CtxField::SocketOrNull) => {
                    let mut reg = Reg::ptr(PtrKind::Sock {
                        kind: SockKind::Full,
                    });
                    reg.flags = PtrFlags::MAYBE_NULL;
                    reg.id = self.new_id();
                    Ok(Some(reg))
                }
            };
        }
        let field = match context::check(
            self.opts.prog_type,
            self.opts.attach_type,
            off as u32,
            size,
            access,
        ) {
            Ok(field) => field,
            Err(error) => {
                return self.fail(
                    ErrorKind::CtxAccess,
                    format!("invalid bpf_context access off={off} size={size}: {error}"),
                );
            }
        };
        if op.writes() {
            return Ok(None);
        }
        let reg = match field.kind {
            context::FieldKind::Scalar => loaded(size, op),
            context::FieldKind::Pointer(target) => match target {
                PointerTarget::PacketStart => Reg::ptr(PtrKind::Packet),
                PointerTarget::PacketEnd => Reg::ptr(PtrKind::PacketEnd),
                PointerTarget::PacketMeta => Reg::ptr(PtrKind::PacketMeta),
                PointerTarget::FlowKeys => Reg::ptr(PtrKind::FlowKeys),
                PointerTarget::SockCommonOrNull => {
                    let mut reg = Reg::ptr(PtrKind::Sock {
                        kind: SockKind::Common,
                    });
                    reg.flags = PtrFlags::MAYBE_NULL;
                    reg.id = self.new_id();
                    reg
                }
                PointerTarget::TracepointBuffer => Reg::ptr(PtrKind::TpBuffer),
            },
        };
        Ok(Some(reg))
    }

    fn struct_access(
        &mut self,
        regno: IsaReg,
        kind: PtrKind,
        base: &Reg,
        off: i64,
        size: u32,
        op: Op,
    ) -> R<Option<Reg>> {
        if !base.var.is_const() || base.var.const_value() != Some(0) {
            return self.fail(
                ErrorKind::InvalidMemAccess,
                format!(
                    "{regno}: variable offset access to {} is not allowed",
                    kind.name()
                ),
            );
        }
        let offset = off + i64::from(base.off);
        let access = match op {
            Op::Read { sign_extend: false } => Access::Read,
            Op::Read { sign_extend: true } => Access::ReadSignExtend,
            Op::Write { .. } => Access::Write,
            Op::Atomic => {
                return self.fail(
                    ErrorKind::InvalidMemAccess,
                    format!("atomic operations on {} are not allowed", kind.name()),
                );
            }
        };
        if offset < 0 {
            return self.fail(
                ErrorKind::InvalidMemAccess,
                format!("invalid {} access off={offset} size={size}", kind.name()),
            );
        }
        let result = match kind {
            PtrKind::FlowKeys => context::flow_keys::check(offset as u32, size, access),
            PtrKind::Sock { kind: sock } => {
                context::bpf_sock::check(sock == SockKind::Full, offset as u32, size, access)
            }
            _ => unreachable!("struct_access takes flow keys and sockets"),
        };
        if let Err(error) = result {
            return self.fail(
                ErrorKind::InvalidMemAccess,
                format!(
                    "invalid {} access off={offset} size={size}: {error}",
                    kind.name()
                ),
            );
        }
        Ok(if op.writes() {
            None
        } else {
            Some(loaded(size, op))
        })
    }

    #[allow(clippy::too_many_arguments)]
    fn stack_access(
        &mut self,
        regno: IsaReg,
        frame: usize,
        base: &Reg,
        off: i64,
        size: u32,
        op: Op,
        by: By,
    ) -> R<Option<Reg>> {
        let fixed = off + i64::from(base.off);
        let min_off = fixed + base.var.smin;
        let max_off = fixed + base.var.smax.min(i64::MAX / 4);
        let limit = MAX_BPF_STACK as i64;
        if !base.var.is_const() {
            if !self.opts.privileged {
                return self.fail(
                    ErrorKind::StackAccess,
                    format!("{regno} variable stack access prohibited for !root"),
                );
            }
            if base.var.smin == i64::MIN || base.var.smax == i64::MAX {
                return self.fail(
                    ErrorKind::StackAccess,
                    format!("{regno} unbounded variable-offset access to the stack"),
                );
            }
        }
        if min_off < -limit || max_off + i64::from(size) > 0 || (size == 0 && max_off >= 0) {
            return Err(self
                .error(
                    ErrorKind::StackAccess,
                    format!(
                        "invalid {}stack access off={} size={size}: the stack is {limit} bytes below r10",
                        if base.var.is_const() { "" } else { "variable-offset " },
                        if base.var.is_const() { min_off.to_string() } else { format!("[{min_off}, {max_off}]") }
                    ),
                ));
        }
        if base.var.is_const() && by == By::Insn && size > 0 && min_off % i64::from(size) != 0 {
            return self.fail(
                ErrorKind::StackAccess,
                format!("misaligned stack access off {min_off} size {size}"),
            );
        }
        if size > 0 {
            self.note_stack_depth(frame, (-min_off) as u32);
        }
        let privileged = self.opts.privileged;
        let at = self.insn_idx;
        let stack = &mut self.st.frames[frame].stack;
        if base.var.is_const() && by == By::Insn {
            let o = min_off as i32;
            return match op {
                Op::Read { sign_extend } => read_fixed(stack, o, size, sign_extend, privileged)
                    .map(Some)
                    .map_err(|(kind, message)| err_at(at, kind, format!("{regno}: {message}"))),
                Op::Write { value, imm } => {
                    // Spectre v4: a later load could speculatively bypass this store and read
                    // the pointer or spilled register it overwrites.
                    let bypassable = value.is_some_and(|v| v.is_ptr())
                        || (o..o + size as i32)
                            .any(|b| !matches!(stack.byte(b), ByteState::Misc | ByteState::Zero));
                    if !privileged && bypassable {
                        self.facts[at].nospec_result = true;
                    }
                    let stack = &mut self.st.frames[frame].stack;
                    write_fixed(stack, o, size, value, imm, privileged).map_err(
                        |(kind, message)| err_at(at, kind, format!("{regno}: {message}")),
                    )?;
                    Ok(None)
                }
                Op::Atomic => {
                    read_fixed(stack, o, size, false, privileged).map_err(|(kind, message)| {
                        err_at(at, kind, format!("{regno}: {message}"))
                    })?;
                    let (slot, _) = Stack::locate(o);
                    if stack.slot(slot).is_some_and(|s| s.spilled.is_ptr()) {
                        return Err(err_at(
                            at,
                            ErrorKind::StackAccess,
                            format!("{regno}: atomic operation on a spilled pointer"),
                        ));
                    }
                    write_range(stack, o, o + size as i32, false);
                    Ok(None)
                }
            };
        }
        // Variable offset, or a helper's access of a range.
        let end = (max_off + i64::from(size)) as i32;
        let start = min_off as i32;
        match op {
            Op::Read { .. } | Op::Atomic => {
                for o in start..end {
                    let byte = stack.byte(o);
                    if byte == ByteState::Invalid && !privileged {
                        return Err(self
                            .error(
                                ErrorKind::UninitStack,
                                format!("invalid read from stack: {regno} off {o} is not initialized"),
                            )
                            .with_hint("initialize the stack bytes (e.g. `= {}` or memset) before passing or reading them"));
                    }
                    if byte == ByteState::Spill && !privileged {
                        let (slot, _) = Stack::locate(o);
                        if stack.slot(slot).is_some_and(|s| s.spilled.is_ptr()) {
                            return Err(err_at(
                                at,
                                ErrorKind::PointerLeak,
                                format!(
                                    "{regno}: reading a spilled pointer at off {o} as memory leaks it"
                                ),
                            ));
                        }
                    }
                }
                if op == Op::Atomic {
                    write_range(stack, start, end, false);
                }
                Ok(Some(loaded(size, op)))
            }
            Op::Write { value, imm } => {
                if !privileged {
                    for o in start..end {
                        if !matches!(stack.byte(o), ByteState::Misc | ByteState::Zero) {
                            return Err(err_at(
                                at,
                                ErrorKind::UninitStack,
                                format!(
                                    "uninit stack in range of var-offset write prohibited for !root ({regno} off {o})"
                                ),
                            ));
                        }
                    }
                }
                let zero = value.is_some_and(|v| v.is_zero()) || imm == Some(0);
                write_range(stack, start, end, zero);
                Ok(None)
            }
        }
    }

    /// A helper's access of `[ptr, ptr + size)` where `size` lies in `min_size..=max_size`.
    pub(crate) fn check_helper_mem(
        &mut self,
        regno: IsaReg,
        ptr: Reg,
        max_size: u32,
        write: bool,
        pkt_access: bool,
    ) -> R<()> {
        let op = if write {
            Op::Write {
                value: None,
                imm: None,
            }
        } else {
            Op::Read { sign_extend: false }
        };
        if max_size == 0 {
            return Ok(());
        }
        self.access(regno, ptr, 0, max_size, op, By::Helper { pkt_access })?;
        Ok(())
    }
}

/// The register a load of `size` bytes gives when nothing more is known.
fn loaded(size: u32, op: Op) -> Reg {
    match op {
        Op::Read { sign_extend: true } => Reg::scalar(Scalar::UNKNOWN.sign_extend(size)),
        _ => Reg::scalar(Scalar::UNKNOWN.truncate(size)),
    }
}

type StackResult<T> = Result<T, (ErrorKind, String)>;

/// A load of `size` bytes at `r10 + o` (aligned, inside the frame).
fn read_fixed(
    stack: &Stack,
    o: i32,
    size: u32,
    sign_extend: bool,
    privileged: bool,
) -> StackResult<Reg> {
    let (slot_idx, byte) = Stack::locate(o);
    let size_usize = size as usize;
    if let Some(slot) = stack.slot(slot_idx) {
        let spill_size = slot.spill_size();
        let touches_spill = slot.bytes[byte..byte + size_usize].contains(&ByteState::Spill);
        if touches_spill {
            let spilled = slot.spilled;
            if spilled.is_ptr() {
                if size == 8 {
                    return Ok(spilled);
                }
                return Err((
                    ErrorKind::StackAccess,
                    format!(
                        "invalid size of register fill: a pointer is spilled at off {o}, read {size} bytes"
                    ),
                ));
            }
            if byte == 0 && size_usize <= spill_size {
                if size == 8 {
                    return Ok(spilled);
                }
                let var = if sign_extend {
                    spilled.var.sign_extend(size)
                } else {
                    spilled.var.truncate(size)
                };
                return Ok(Reg::scalar(var));
            }
        }
    }
    let mut all_zero = true;
    for i in 0..size_usize {
        let state = stack.byte(o + i as i32);
        match state {
            ByteState::Invalid if !privileged => {
                return Err((
                    ErrorKind::UninitStack,
                    format!(
                        "invalid read from stack off {o}+{i} size {size}: the byte was never written"
                    ),
                ));
            }
            ByteState::Zero => {}
            _ => all_zero = false,
        }
    }
    if all_zero {
        return Ok(Reg::constant(0));
    }
    Ok(loaded(size, Op::Read { sign_extend }))
}

/// A store of `size` bytes at `r10 + o` (aligned, inside the frame).
fn write_fixed(
    stack: &mut Stack,
    o: i32,
    size: u32,
    value: Option<Reg>,
    imm: Option<i64>,
    privileged: bool,
) -> StackResult<()> {
    let (slot_idx, byte) = Stack::locate(o);
    let slot = stack.slot_mut(slot_idx);
    let slot_aligned = byte == 0;
    let spilled_ptr = slot.spill_size() > 0 && slot.spilled.is_ptr();
    if spilled_ptr && !privileged && size != 8 {
        return Err((
            ErrorKind::StackAccess,
            format!("attempt to corrupt the spilled pointer on stack at off {o}"),
        ));
    }
    match (value, imm) {
        (Some(reg), _) if slot_aligned && size == 8 => {
            slot.bytes = [ByteState::Spill; 8];
            slot.spilled = reg;
            return Ok(());
        }
        (Some(reg), _) if reg.is_ptr() => {
            return Err((
                ErrorKind::StackAccess,
                format!("invalid size of register spill: a pointer needs 8 bytes, stored {size}"),
            ));
        }
        (Some(reg), _) if slot_aligned && privileged => {
            slot.scrub();
            let mut spilled = reg;
            spilled.var = reg.var.truncate(size);
            spilled.id = 0;
            partial_spill(slot, size as usize, spilled);
            return Ok(());
        }
        (None, Some(imm)) if slot_aligned && privileged && (size == 8 || size == 4) => {
            slot.scrub();
            let spilled = Reg::scalar(Scalar::constant(imm as u64).truncate(size));
            if size == 8 {
                slot.bytes = [ByteState::Spill; 8];
                slot.spilled = spilled;
            } else {
                partial_spill(slot, size as usize, spilled);
            }
            return Ok(());
        }
        _ => {}
    }
    let zero = value.is_some_and(|v| v.is_zero()) || imm == Some(0);
    slot.scrub();
    for b in &mut slot.bytes[byte..byte + size as usize] {
        *b = if zero {
            ByteState::Zero
        } else {
            ByteState::Misc
        };
    }
    Ok(())
}

/// Records a spill of the low `size` bytes of a scalar at the start of `slot`.
fn partial_spill(slot: &mut crate::stack::Slot, size: usize, spilled: Reg) {
    for (i, b) in slot.bytes.iter_mut().enumerate() {
        if i < size {
            *b = ByteState::Spill;
        } else if *b == ByteState::Spill {
            *b = ByteState::Misc;
        }
    }
    slot.spilled = spilled;
}

/// Marks `[start, end)` (offsets from `r10`) as written with unknown values (or zeros).
fn write_range(stack: &mut Stack, start: i32, end: i32, zero: bool) {
    for o in start..end {
        let (slot_idx, byte) = Stack::locate(o);
        let slot = stack.slot_mut(slot_idx);
        if slot.spill_size() > 0 {
            slot.scrub();
        }
        let b = &mut slot.bytes[byte];
        *b = if zero && *b == ByteState::Zero {
            ByteState::Zero
        } else {
            ByteState::Misc
        };
    }
}

fn err_at(at: usize, kind: ErrorKind, message: impl Into<String>) -> crate::error::VerifyError {
    crate::error::VerifyError::new(kind, Some(at), message)
}
