//! The context as Sluice lays it out in memory: the UAPI structure the program was compiled
//! against, followed by 64-bit slots for the pointer fields the UAPI declares narrower.
//!
//! `struct xdp_md` and `struct __sk_buff` declare `data`, `data_end` and `data_meta` as `__u32`,
//! yet a program that loads them gets a full pointer: the kernel rewrites those loads to read
//! its own internal structures. Sluice does the same with its own layout: each such field gets
//! an 8-byte slot after the UAPI bytes, and [`super::rewrite`] redirects the program's loads
//! there. Every other field stays at its UAPI offset, so narrow loads and stores of ordinary
//! fields need no rewriting.

use sluice_abi::context::{self, Field, FieldKind};
use sluice_abi::prog_type::ProgType;

/// A pointer field moved to a 64-bit slot.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MovedPointer {
    /// The UAPI field.
    pub field: &'static Field,
    /// Offset of its 64-bit slot in the internal layout.
    pub slot: u32,
}

/// The internal layout of one program type's context.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContextLayout {
    /// Size of the UAPI structure.
    pub uapi_size: u32,
    /// Size of the internal structure (UAPI plus pointer slots).
    pub size: u32,
    /// The pointer fields that live in 64-bit slots.
    pub moved: Vec<MovedPointer>,
}

impl ContextLayout {
    /// The layout for a program type, or `None` when the kernel gives it no fixed structure.
    pub fn for_prog_type(prog_type: ProgType) -> Option<ContextLayout> {
        let uapi = context::layout(prog_type)?;
        let mut size = uapi.size.next_multiple_of(8);
        let mut moved = Vec::new();
        for field in uapi.fields {
            if matches!(field.kind, FieldKind::Pointer(_)) && field.size < 8 {
                moved.push(MovedPointer { field, slot: size });
                size += 8;
            }
        }
        Some(ContextLayout {
            uapi_size: uapi.size,
            size,
            moved,
        })
    }

    /// The slot a load of `size` bytes at `offset` must read instead, if it is a moved pointer.
    pub fn moved_slot(&self, offset: u32, size: u32) -> Option<u32> {
        self.moved
            .iter()
            .find(|moved| moved.field.offset == offset && moved.field.size == size)
            .map(|moved| moved.slot)
    }

    /// The slot of a moved pointer field by name.
    pub fn slot_of(&self, name: &str) -> Option<u32> {
        self.moved
            .iter()
            .find(|moved| moved.field.name == name)
            .map(|moved| moved.slot)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xdp_md_pointers_move_behind_the_uapi_struct() {
        let layout = ContextLayout::for_prog_type(ProgType::Xdp).expect("xdp has a context");
        assert_eq!(layout.uapi_size, 24);
        assert_eq!(layout.moved_slot(0, 4), Some(24));
        assert_eq!(layout.moved_slot(4, 4), Some(32));
        assert_eq!(layout.moved_slot(8, 4), Some(40));
        assert_eq!(layout.moved_slot(12, 4), None);
        assert_eq!(layout.size, 48);
    }

    #[test]
    fn sk_buff_data_pointers_move() {
        let layout = ContextLayout::for_prog_type(ProgType::SchedCls).expect("tc has a context");
        assert_eq!(layout.uapi_size, 192);
        assert!(layout.slot_of("data").is_some() && layout.slot_of("data_end").is_some());
        assert_eq!(layout.moved_slot(76, 4), layout.slot_of("data"));
    }
}
