//! What a packet program's return value means: XDP actions (`enum xdp_action`), tc actions
//! (`TC_ACT_*`, `include/uapi/linux/pkt_cls.h`) and socket filters' byte counts.

use crate::prog_type::ProgType;

/// `enum xdp_action`, by value.
pub const XDP_ACTIONS: [&str; 5] = [
    "XDP_ABORTED",
    "XDP_DROP",
    "XDP_PASS",
    "XDP_TX",
    "XDP_REDIRECT",
];

/// `TC_ACT_*` from `TC_ACT_UNSPEC` (-1) to `TC_ACT_TRAP` (8), by value + 1.
pub const TC_ACTIONS: [&str; 10] = [
    "TC_ACT_UNSPEC",
    "TC_ACT_OK",
    "TC_ACT_RECLASSIFY",
    "TC_ACT_SHOT",
    "TC_ACT_PIPE",
    "TC_ACT_STOLEN",
    "TC_ACT_QUEUED",
    "TC_ACT_REPEAT",
    "TC_ACT_REDIRECT",
    "TC_ACT_TRAP",
];

/// The verdict a packet program of `prog_type` gives by returning `retval` (the low 32 bits of
/// `r0`) on a frame of `len` bytes.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Verdict {
    /// An XDP action, or a value past `XDP_REDIRECT` (which the kernel treats as
    /// `XDP_ABORTED` after warning).
    Xdp(u32),
    /// A tc action (as the signed value the kernel compares).
    Tc(i32),
    /// A socket filter kept this many bytes of the frame (0: dropped).
    Keep(u32),
    /// Another program type: the value itself.
    Other(u32),
}

impl Verdict {
    /// The verdict of `retval` from a program of `prog_type` on a frame of `len` bytes.
    pub fn of(prog_type: ProgType, retval: u32, len: usize) -> Verdict {
        match prog_type {
            ProgType::Xdp => Verdict::Xdp(retval),
            ProgType::SchedCls | ProgType::SchedAct => Verdict::Tc(retval as i32),
            ProgType::SocketFilter => {
                Verdict::Keep(retval.min(u32::try_from(len).unwrap_or(u32::MAX)))
            }
            _ => Verdict::Other(retval),
        }
    }

    /// Its name: `XDP_PASS`, `TC_ACT_SHOT`, `keep`/`drop` for socket filters, the number
    /// otherwise (`XDP_ACTION_7` for an unknown XDP action).
    pub fn name(&self) -> String {
        match *self {
            Verdict::Xdp(action) => XDP_ACTIONS.get(action as usize).map_or_else(
                || format!("XDP_ACTION_{action}"),
                |name| (*name).to_string(),
            ),
            Verdict::Tc(action) => usize::try_from(action + 1)
                .ok()
                .and_then(|index| TC_ACTIONS.get(index))
                .map_or_else(|| format!("TC_ACT_{action}"), |name| (*name).to_string()),
            Verdict::Keep(0) => "drop".to_string(),
            Verdict::Keep(_) => "keep".to_string(),
            Verdict::Other(value) => value.to_string(),
        }
    }

    /// Whether the frame goes on up the stack (or out, for `XDP_TX`): what `--write` keeps.
    /// XDP: `XDP_PASS` and `XDP_TX`; tc: `TC_ACT_OK`, `TC_ACT_UNSPEC` and `TC_ACT_PIPE`
    /// (which end as OK at the end of the chain); socket filters: any byte kept.
    pub fn passes(&self) -> bool {
        match *self {
            Verdict::Xdp(action) => action == 2 || action == 3,
            Verdict::Tc(action) => matches!(action, -1 | 0 | 3),
            Verdict::Keep(bytes) => bytes > 0,
            Verdict::Other(_) => true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(Verdict::of(ProgType::Xdp, 2, 60).name(), "XDP_PASS");
        assert_eq!(Verdict::of(ProgType::Xdp, 9, 60).name(), "XDP_ACTION_9");
        assert_eq!(Verdict::of(ProgType::SchedCls, 2, 60).name(), "TC_ACT_SHOT");
        assert_eq!(
            Verdict::of(ProgType::SchedCls, u32::MAX, 60).name(),
            "TC_ACT_UNSPEC"
        );
        assert_eq!(Verdict::of(ProgType::SocketFilter, 0, 60).name(), "drop");
        assert_eq!(
            Verdict::of(ProgType::SocketFilter, 1000, 60),
            Verdict::Keep(60)
        );
        assert!(Verdict::of(ProgType::Xdp, 3, 60).passes());
        assert!(!Verdict::of(ProgType::Xdp, 1, 60).passes());
    }
}
