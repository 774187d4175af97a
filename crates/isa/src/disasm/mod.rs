//! The disassembler: instructions to text, in either [`Syntax`].
//!
//! [`format_insn`] prints one instruction; [`disassemble`] prints a listing of raw slots, one
//! instruction per line, optionally with slot indices and bytes as `llvm-objdump` shows them. The
//! listing is tolerant: a slot that does not decode is shown as a comment and the listing goes on,
//! and the errors are returned beside the text.
//!
//! Invariant: for every instruction `decode_at` accepts, assembling the output of `format_insn`
//! in the same syntax gives back the same bytes (checked by the property tests in `tests/`).

pub(crate) mod conformance;
pub(crate) mod llvm;

use std::fmt::Write;

use crate::decode::decode_at;
use crate::error::DecodeError;
use crate::instruction::Instruction;
use crate::raw::RawInsn;
pub use crate::syntax::Syntax;

/// Formats one instruction; jump and call targets are printed as relative slot offsets.
pub fn format_insn(insn: &Instruction, syntax: Syntax) -> String {
    match syntax {
        Syntax::Llvm => llvm::format(insn),
        Syntax::Conformance => conformance::format(insn),
    }
}

/// How a listing looks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ListingOptions {
    /// The text syntax.
    pub syntax: Syntax,
    /// Prefix each line with its slot index, as `llvm-objdump` does (`   4: `).
    pub show_index: bool,
    /// Show the raw bytes after the index.
    pub show_bytes: bool,
}

/// A listing and the slots that did not decode.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Listing {
    /// The text, one instruction per line.
    pub text: String,
    /// The first slot of each line of `text`.
    pub line_slots: Vec<usize>,
    /// Every slot that did not decode, in order.
    pub errors: Vec<DecodeError>,
}

/// Disassembles raw slots into a listing. Slots that do not decode appear as comments
/// (`; invalid: ...` or `# invalid: ...`) and are collected in [`Listing::errors`].
pub fn disassemble(slots: &[RawInsn], options: ListingOptions) -> Listing {
    let comment = match options.syntax {
        Syntax::Llvm => ";",
        Syntax::Conformance => "#",
    };
    let mut listing = Listing::default();
    let mut insn_idx = 0;
    while insn_idx < slots.len() {
        let decoded = decode_at(&slots[insn_idx..]);
        let n_slots = decoded.as_ref().map_or(1, Instruction::n_slots);
        let line = &mut listing.text;
        if options.show_index {
            let _ = write!(line, "{insn_idx:>6}:\t");
        }
        if options.show_bytes {
            for slot in &slots[insn_idx..insn_idx + n_slots] {
                for byte in slot.to_bytes() {
                    let _ = write!(line, "{byte:02x} ");
                }
            }
            line.push('\t');
        }
        match decoded {
            Ok(insn) => line.push_str(&format_insn(&insn, options.syntax)),
            Err(kind) => {
                let _ = write!(line, "{comment} invalid: {kind}");
                listing.errors.push(DecodeError { insn_idx, kind });
            }
        }
        listing.text.push('\n');
        listing.line_slots.push(insn_idx);
        insn_idx += n_slots;
    }
    listing
}
