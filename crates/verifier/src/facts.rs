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
    /// the same constant on every path.
    pub const_src: Option<u64>,
    /// Whether `const_src` has been contradicted by some path.
    pub src_varies: bool,
}

impl InsnFacts {
    /// Records that a path accessed `kind` of memory here.
    pub fn note_mem(&mut self, kind: MemKind) {
        match self.mem {
            None => self.mem = Some(kind),
            Some(previous) if previous != kind => self.mixed_mem = true,
            Some(_) => {}
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
