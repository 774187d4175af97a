//! What the verifier proved about each instruction, for the engines.

/// The kind of memory a load, store or atomic instruction accesses on every path that reaches
/// it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MemKind {
    Stack,
    Ctx,
    Packet,
    MapValue,
    MapKey,
    /// Helper-provided memory (ring buffer records, ...).
    Mem,
    /// A socket or flow keys structure.
    Other,
}

/// Facts about one instruction.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct InsnFacts {
    /// Some path reaches the instruction.
    pub reached: bool,
    /// For memory instructions: the kind of memory every path accesses, `None` if no path
    /// reached it. Every access was proven in bounds.
    pub mem: Option<MemKind>,
    /// For memory instructions reached with different kinds of memory on different paths.
    pub mixed_mem: bool,
    /// For ALU and jump instructions with a register source: the source's value when it was
    /// the same constant on every path. Only recorded where the source is precise
    /// ([`crate::precise`]): pruning may merge paths that differ in an imprecise value.
    pub const_src: Option<u64>,
    /// Whether `const_src` has been contradicted by some path.
    pub src_varies: bool,
    /// Unprivileged mode: a speculation barrier must precede the instruction, because some
    /// speculative path would do something unsafe here (the kernel's `nospec`).
    pub nospec: bool,
    /// Unprivileged mode: a speculation barrier must follow the instruction, a stack store
    /// that a speculative load could bypass (Spectre v4; the kernel's `nospec_result`).
    pub nospec_result: bool,
    /// Unprivileged mode: how to mask the offset register of a pointer addition or
    /// subtraction so that a speculating CPU stays inside the object (Spectre v1).
    pub alu_sanitize: Option<AluSanitize>,
    /// For helper calls with a map argument: the map (its index in
    /// [`crate::VerifyOptions::maps`]) when it was the same on every path, so an engine may
    /// call that map's operation directly.
    pub map_arg: Option<u32>,
    /// Whether `map_arg` has been contradicted by some path.
    pub map_varies: bool,
}

/// The masking of one pointer `+=`/`-=` with a register (the kernel's `alu_state` and
/// `alu_limit`), identical on every path that reaches the instruction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AluSanitize {
    /// What the instruction does: which operand is the pointer, whether the offset is
    /// negative or a constant, or that it adds scalars only.
    pub state: AluState,
    /// How far the pointer may move in the masked direction.
    pub limit: u32,
}

/// The operand roles of a sanitized `+=`/`-=`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AluState {
    /// Pointer and scalar: `ptr_is_dst` when the destination holds the pointer, `neg` when
    /// the offset is negative, `imm` when it is a known constant (the engine may then use the
    /// constant instead of masking).
    Pointer {
        ptr_is_dst: bool,
        neg: bool,
        imm: bool,
    },
    /// Two scalars on every path.
    Scalars,
}

impl InsnFacts {
    /// Adds what another verification run (a global function's) proved about the same
    /// instruction.
    pub fn merge(&mut self, other: &InsnFacts) {
        if !other.reached {
            return;
        }
        if let Some(kind) = other.mem {
            self.note_mem(kind);
        }
        self.mixed_mem |= other.mixed_mem;
        if other.src_varies {
            self.note_src(None);
        } else if let Some(value) = other.const_src {
            self.note_src(Some(value));
        }
        if other.map_varies {
            self.note_map(None);
        } else if let Some(map) = other.map_arg {
            self.note_map(Some(map));
        }
        self.reached = true;
        self.nospec |= other.nospec;
        self.nospec_result |= other.nospec_result;
        if self.alu_sanitize.is_none() {
            self.alu_sanitize = other.alu_sanitize;
        }
    }

    /// Records that a path accessed `kind` of memory here.
    pub fn note_mem(&mut self, kind: MemKind) {
        match self.mem {
            None => self.mem = Some(kind),
            Some(previous) if previous != kind => self.mixed_mem = true,
            Some(_) => {}
        }
    }

    /// Records the map a helper call received on one path (`None`: not a known map).
    pub fn note_map(&mut self, map: Option<u32>) {
        if self.map_varies {
            return;
        }
        match (self.map_arg, map) {
            (_, None) => {
                self.map_arg = None;
                self.map_varies = true;
            }
            (None, Some(map)) => self.map_arg = Some(map),
            (Some(old), Some(map)) if old != map => {
                self.map_arg = None;
                self.map_varies = true;
            }
            _ => {}
        }
    }

    /// Records the source operand's value on one path (`None`: not a constant).
    pub fn note_src(&mut self, value: Option<u64>) {
        if self.src_varies {
            return;
        }
        match (self.const_src, value) {
            (_, None) => {
                self.const_src = None;
                self.src_varies = true;
            }
            (None, Some(v)) => self.const_src = Some(v),
            (Some(old), Some(v)) if old != v => {
                self.const_src = None;
                self.src_varies = true;
            }
            _ => {}
        }
    }
}
