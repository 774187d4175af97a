//! The helper table: every helper id Linux 6.18 defines, with its name and its prototype as the
//! verifier sees it, per program type where program types differ.
//!
//! The ids and names are in [`crate::helper_ids`] (`HelperId`), the prototypes in
//! `helper_table.rs`, the vocabulary of prototypes in [`crate::helper_proto`], and which program
//! types may call which helper in [`crate::helper_access`]. See those files for where each fact
//! comes from.

use crate::helper_proto::HelperProto;
use crate::helper_table::HELPERS;
use crate::prog_type::ProgType;

pub use crate::helper_ids::HelperId;

/// The largest helper id (`__BPF_FUNC_MAX_ID - 1`); ids run densely from 1 to this.
pub const MAX_HELPER_ID: u32 = 211;

/// One helper: its id, its prototype and the prototypes some program types get instead.
#[derive(Debug)]
pub struct Helper {
    /// The helper's id.
    pub id: HelperId,
    /// The prototype most program types get (the kernel's `bpf_<name>_proto` when there is
    /// one), or `None` if it could not be verified. Every helper of 6.18 has one.
    pub proto: Option<HelperProto>,
    /// Prototypes that some program types, or some programs under a condition, get instead
    /// and that the verifier checks differently from [`Helper::proto`].
    pub variants: &'static [ProtoVariant],
}

/// A prototype a helper has for some program types only.
#[derive(Debug)]
pub struct ProtoVariant {
    /// The program types that get this prototype.
    pub prog_types: &'static [ProgType],
    /// `None` if these program types always get it; otherwise the condition under which they
    /// do (`"sleepable programs"`), and they get [`Helper::proto`] otherwise.
    pub condition: Option<&'static str>,
    /// The prototype.
    pub proto: HelperProto,
}

impl HelperId {
    /// The helper's name with the `bpf_` prefix, as C programs call it
    /// (`"bpf_map_lookup_elem"`).
    pub fn full_name(self) -> String {
        format!("bpf_{}", self.name())
    }

    /// The helper's entry in the table.
    pub fn helper(self) -> &'static Helper {
        // The table is indexed by id - 1 and a test checks that entry i has id i + 1.
        &HELPERS[self.as_u32() as usize - 1]
    }

    /// The prototype most program types get.
    pub fn proto(self) -> Option<&'static HelperProto> {
        self.helper().proto.as_ref()
    }

    /// The prototype a program of type `prog_type` gets when nothing else (sleepability,
    /// attach type) changes it. This does not say whether the program type may call the
    /// helper at all: see [`crate::helper_access::allowed`].
    pub fn proto_for(self, prog_type: ProgType) -> Option<&'static HelperProto> {
        let helper = self.helper();
        helper
            .variants
            .iter()
            .find(|variant| variant.condition.is_none() && variant.prog_types.contains(&prog_type))
            .map(|variant| &variant.proto)
            .or(helper.proto.as_ref())
    }
}

/// The helper with id `id`, if Linux 6.18 defines one.
pub fn helper(id: u32) -> Option<&'static Helper> {
    HelperId::from_u32(id).map(HelperId::helper)
}

/// Every helper, in id order.
pub fn all_helpers() -> &'static [Helper] {
    &HELPERS
}
