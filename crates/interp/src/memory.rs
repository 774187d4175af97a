//! The memory a program may touch: its stack and the regions the host hands it.
//!
//! Addresses are the host addresses of the backing buffers, so the pointers a program sees are
//! real ones (as in the kernel, and as the JIT will see them), yet every access goes through a
//! bounds check against the regions and ends in ordinary slice indexing or, for memory shared
//! with other threads (map values), in atomic accesses to a [`SharedBuf`]: an access outside
//! every region is refused, never performed. Accesses copy; nothing hands out references into
//! shared memory.
//!
//! Invariants:
//! - the stack is `MAX_CALL_FRAMES * STACK_FRAME_SIZE` bytes; frame `d` (0 = the program's own)
//!   has its frame pointer `r10` at `stack_top - d * STACK_FRAME_SIZE`;
//! - only the frames of the current call chain are accessible: from the bottom of the deepest
//!   active frame up to `stack_top`;
//! - a read-only region is never written.

use sluice_abi::limits::{MAX_CALL_FRAMES, STACK_FRAME_SIZE};
use sluice_maps::{RmwOp, SharedBuf};

use crate::trap::{Access, TrapKind};

const STACK_SIZE: usize = MAX_CALL_FRAMES * STACK_FRAME_SIZE;

/// Backing storage of a region.
#[derive(Debug)]
enum Backing<'a> {
    Writable(&'a mut [u8]),
    ReadOnly(&'a [u8]),
    /// Storage shared with other threads (map values, global data).
    Shared {
        buf: &'a SharedBuf,
        writable: bool,
    },
    /// A buffer the region owns: scratch memory a helper hands the program during a run (the
    /// key a `bpf_for_each_map_elem` callback receives). Its heap address does not change when
    /// the region moves.
    Owned {
        data: Box<[u8]>,
        writable: bool,
    },
}

/// A block of host memory the program may access at the address `addr`.
#[derive(Debug)]
pub struct Region<'a> {
    addr: u64,
    /// Length in bytes, kept beside the backing so bounds checks need not look inside it.
    len: u64,
    backing: Backing<'a>,
}

impl<'a> Region<'a> {
    /// A region the program may read and write, at the buffer's host address.
    pub fn writable(data: &'a mut [u8]) -> Region<'a> {
        Region {
            addr: data.as_ptr() as u64,
            len: data.len() as u64,
            backing: Backing::Writable(data),
        }
    }

    /// A region the program may only read, at the buffer's host address.
    pub fn read_only(data: &'a [u8]) -> Region<'a> {
        Region {
            addr: data.as_ptr() as u64,
            len: data.len() as u64,
            backing: Backing::ReadOnly(data),
        }
    }

    /// Shared storage (a map's values), writable by the program or not.
    pub fn shared(buf: &'a SharedBuf, writable: bool) -> Region<'a> {
        Region {
            addr: buf.addr(),
            len: buf.len() as u64,
            backing: Backing::Shared { buf, writable },
        }
    }

    /// A region that owns its buffer, at the buffer's host address: scratch memory a host
    /// lends the program for a while ([`Memory::add_region`] it, and [`Memory::pop_region`] it
    /// back when done).
    pub fn owned(data: Box<[u8]>, writable: bool) -> Region<'a> {
        Region {
            addr: data.as_ptr() as u64,
            len: data.len() as u64,
            backing: Backing::Owned { data, writable },
        }
    }

    /// The bytes of an owned region ([`Region::owned`]); `None` for other regions.
    pub fn owned_data(&self) -> Option<&[u8]> {
        match &self.backing {
            Backing::Owned { data, .. } => Some(data),
            _ => None,
        }
    }

    /// The region's address as the program sees it.
    pub fn addr(&self) -> u64 {
        self.addr
    }

    /// The region's length in bytes.
    pub fn len(&self) -> usize {
        self.len as usize
    }

    /// Whether the region is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Offset of `[addr, addr + size)` inside the region, if it lies wholly inside.
    #[inline(always)]
    fn offset_of(&self, addr: u64, size: usize) -> Option<usize> {
        let offset = addr.wrapping_sub(self.addr);
        (size as u64 <= self.len && offset <= self.len - size as u64).then_some(offset as usize)
    }
}

/// Handle of a region added to a [`Memory`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RegionId(usize);

/// The stack and the regions of one run.
#[derive(Debug)]
pub struct Memory<'a> {
    stack: Box<[u8]>,
    /// Offset in `stack` of the lowest accessible byte: the bottom of the deepest active frame.
    stack_lo: usize,
    regions: Vec<Region<'a>>,
    /// The region legacy packet loads (`ld_abs`, `ld_ind`) read from.
    packet: Option<PacketWindow>,
}

impl Default for Memory<'_> {
    fn default() -> Self {
        Memory::new()
    }
}

impl<'a> Memory<'a> {
    /// A zeroed stack and no regions.
    pub fn new() -> Memory<'a> {
        Memory {
            stack: vec![0; STACK_SIZE].into_boxed_slice(),
            stack_lo: STACK_SIZE - STACK_FRAME_SIZE,
            regions: Vec::new(),
            packet: None,
        }
    }

    /// Adds a region and returns its handle.
    pub fn add_region(&mut self, region: Region<'a>) -> RegionId {
        self.regions.push(region);
        RegionId(self.regions.len() - 1)
    }

    /// The region behind a handle.
    pub fn region(&self, id: RegionId) -> &Region<'a> {
        &self.regions[id.0]
    }

    /// The bytes of region `id`, for the host to change between runs, if the host may write
    /// them: a writable region or one the memory owns ([`Region::writable`], [`Region::owned`]);
    /// `None` for shared storage, which is written through its [`SharedBuf`].
    pub fn region_bytes_mut(&mut self, id: RegionId) -> Option<&mut [u8]> {
        match &mut self.regions.get_mut(id.0)?.backing {
            Backing::Writable(data) => Some(data),
            Backing::Owned { data, .. } => Some(data),
            _ => None,
        }
    }

    /// Removes and returns region `id` if it is the one added last; otherwise changes nothing
    /// and returns `None`. Regions are lent and taken back in last-in, first-out order, so the
    /// handles of the other regions stay valid. (A packet window inside a removed region then
    /// reads nothing: legacy packet loads from it fail as out of bounds.)
    pub fn pop_region(&mut self, id: RegionId) -> Option<Region<'a>> {
        if id.0 + 1 != self.regions.len() {
            return None;
        }
        self.regions.pop()
    }

    /// Makes legacy packet loads read from this whole region.
    pub fn set_packet(&mut self, id: RegionId) {
        let region = &self.regions[id.0];
        self.packet = Some(PacketWindow {
            addr: region.addr,
            len: region.len,
        });
    }

    /// Makes legacy packet loads read the `len` bytes at `addr` (the packet data of an skb,
    /// which starts after headroom inside its buffer); offset 0 of `ld_abs` is `addr`.
    pub fn set_packet_window(&mut self, addr: u64, len: u64) {
        self.packet = Some(PacketWindow { addr, len });
    }

    /// The frame pointer (`r10`) of the program's own frame.
    pub fn stack_top(&self) -> u64 {
        self.stack.as_ptr() as u64 + STACK_SIZE as u64
    }

    /// The lowest byte of the stack, for an engine whose code writes the stack directly (the
    /// JIT): every frame lies in the `MAX_CALL_FRAMES * STACK_FRAME_SIZE` bytes from here, and
    /// [`Memory::stack_top`] is their end.
    pub fn stack_base_mut(&mut self) -> *mut u8 {
        self.stack.as_mut_ptr()
    }

    /// Resets the accessible stack to the program's own frame; called when a run starts.
    pub fn reset_frames(&mut self) {
        self.stack_lo = STACK_SIZE - STACK_FRAME_SIZE;
    }

    /// Makes `n_frames` frames accessible (1 = the program's own only). Engines call it before
    /// a helper runs, so the helper may access exactly the frames of the current call chain.
    pub fn set_frames(&mut self, n_frames: usize) {
        self.stack_lo = STACK_SIZE - n_frames * STACK_FRAME_SIZE;
    }

    /// Offset in the stack of `[addr, addr + size)` if it lies in the accessible frames.
    #[inline(always)]
    fn stack_offset(&self, addr: u64, size: usize) -> Option<usize> {
        let offset = addr.wrapping_sub(self.stack.as_ptr() as u64);
        let lo = self.stack_lo as u64;
        // A size larger than the stack fits nowhere in it (and must not underflow the bound).
        let highest = STACK_SIZE.checked_sub(size)? as u64;
        (offset >= lo && offset <= highest).then_some(offset as usize)
    }

    /// Reads `N` bytes at `addr`.
    #[inline(always)]
    pub fn load<const N: usize>(&self, addr: u64) -> Result<[u8; N], TrapKind> {
        let mut value = [0; N];
        if let Some(offset) = self.stack_offset(addr, N) {
            value.copy_from_slice(&self.stack[offset..offset + N]);
            return Ok(value);
        }
        // The first region (the input, packet or context) is the next most common target.
        if let Some(region) = self.regions.first()
            && let Some(offset) = region.offset_of(addr, N)
            && let Backing::Writable(data) = &region.backing
        {
            value.copy_from_slice(&data[offset..offset + N]);
            return Ok(value);
        }
        self.read_region(addr, &mut value)?;
        Ok(value)
    }

    /// Writes `N` bytes at `addr`.
    #[inline(always)]
    pub fn store<const N: usize>(&mut self, addr: u64, value: [u8; N]) -> Result<(), TrapKind> {
        if let Some(offset) = self.stack_offset(addr, N) {
            self.stack[offset..offset + N].copy_from_slice(&value);
            return Ok(());
        }
        if let Some(region) = self.regions.first_mut()
            && let Some(offset) = region.offset_of(addr, N)
            && let Backing::Writable(data) = &mut region.backing
        {
            data[offset..offset + N].copy_from_slice(&value);
            return Ok(());
        }
        self.write_region(addr, &value)
    }

    /// Copies `out.len()` bytes from `addr`, for helpers reading through pointer arguments.
    pub fn read(&self, addr: u64, out: &mut [u8]) -> Result<(), TrapKind> {
        if let Some(offset) = self.stack_offset(addr, out.len()) {
            out.copy_from_slice(&self.stack[offset..offset + out.len()]);
            return Ok(());
        }
        self.read_region(addr, out)
    }

    /// Copies `data` to `addr`, for helpers writing through pointer arguments.
    pub fn write(&mut self, addr: u64, data: &[u8]) -> Result<(), TrapKind> {
        if let Some(offset) = self.stack_offset(addr, data.len()) {
            self.stack[offset..offset + data.len()].copy_from_slice(data);
            return Ok(());
        }
        self.write_region(addr, data)
    }

    /// Whether `size` bytes at `addr` could be read (or, with `write`, written) by
    /// [`Memory::read`] and [`Memory::write`], without copying anything: lets a helper check
    /// a size the program chose before it allocates a buffer of that size.
    pub fn check(&self, addr: u64, size: usize, write: bool) -> Result<(), TrapKind> {
        let access = if write { Access::Write } else { Access::Read };
        let out_of_bounds = TrapKind::OutOfBounds { access, addr, size };
        if self.stack_offset(addr, size).is_none() {
            let region = self
                .regions
                .iter()
                .find(|region| region.offset_of(addr, size).is_some())
                .ok_or(out_of_bounds)?;
            let writable = match &region.backing {
                Backing::Writable(_) => true,
                Backing::ReadOnly(_) => false,
                Backing::Shared { writable, .. } | Backing::Owned { writable, .. } => *writable,
            };
            if write && !writable {
                return Err(TrapKind::ReadOnly { addr, size });
            }
        }
        Ok(())
    }

    fn read_region(&self, addr: u64, out: &mut [u8]) -> Result<(), TrapKind> {
        let size = out.len();
        for region in &self.regions {
            if let Some(offset) = region.offset_of(addr, size) {
                match &region.backing {
                    Backing::Writable(data) => out.copy_from_slice(&data[offset..offset + size]),
                    Backing::ReadOnly(data) => out.copy_from_slice(&data[offset..offset + size]),
                    Backing::Owned { data, .. } => {
                        out.copy_from_slice(&data[offset..offset + size]);
                    }
                    Backing::Shared { buf, .. } => {
                        buf.read(offset, out);
                    }
                }
                return Ok(());
            }
        }
        Err(TrapKind::OutOfBounds {
            access: Access::Read,
            addr,
            size,
        })
    }

    fn write_region(&mut self, addr: u64, data: &[u8]) -> Result<(), TrapKind> {
        let size = data.len();
        for region in &mut self.regions {
            if let Some(offset) = region.offset_of(addr, size) {
                return match &mut region.backing {
                    Backing::Writable(bytes) => {
                        bytes[offset..offset + size].copy_from_slice(data);
                        Ok(())
                    }
                    Backing::Owned {
                        data: bytes,
                        writable: true,
                    } => {
                        bytes[offset..offset + size].copy_from_slice(data);
                        Ok(())
                    }
                    Backing::Shared {
                        buf,
                        writable: true,
                    } => {
                        buf.write(offset, data);
                        Ok(())
                    }
                    Backing::ReadOnly(_)
                    | Backing::Shared {
                        writable: false, ..
                    }
                    | Backing::Owned {
                        writable: false, ..
                    } => Err(TrapKind::ReadOnly { addr, size }),
                };
            }
        }
        Err(TrapKind::OutOfBounds {
            access: Access::Write,
            addr,
            size,
        })
    }

    /// Atomic read-modify-write of the `size` (4 or 8) bytes at `addr`; returns the old value.
    /// On shared storage it is a real atomic operation; the stack and private buffers belong to
    /// one run, so there a plain read and write is atomic enough.
    pub fn rmw(
        &mut self,
        addr: u64,
        size: usize,
        op: RmwOp,
        operand: u64,
    ) -> Result<u64, TrapKind> {
        for region in &self.regions {
            if let Backing::Shared { buf, writable } = &region.backing
                && let Some(offset) = region.offset_of(addr, size)
            {
                if !writable {
                    return Err(TrapKind::ReadOnly { addr, size });
                }
                return buf
                    .rmw(offset, size, op, operand)
                    .ok_or(TrapKind::OutOfBounds {
                        access: Access::Write,
                        addr,
                        size,
                    });
            }
        }
        let mut bytes = [0u8; 8];
        self.read(addr, &mut bytes[..size])?;
        let old = u64::from_le_bytes(bytes);
        let new = op.apply(old, operand, size);
        self.write(addr, &new.to_le_bytes()[..size])?;
        Ok(old)
    }

    /// Reads `size` bytes at `offset` into the packet window for a legacy packet load, as a
    /// big-endian number; `None` when there is no packet or the bytes are not all in it.
    /// A legacy packet load (`ld_abs`, `ld_ind`): `size` bytes (1, 2 or 4) at `offset` in the
    /// packet window, big-endian; `None` if they are not all inside it.
    pub fn packet_load(&self, offset: u64, size: usize) -> Option<u64> {
        let window = self.packet?;
        if offset.checked_add(size as u64)? > window.len {
            return None;
        }
        let mut bytes = [0u8; 4];
        let bytes = &mut bytes[..size];
        self.read(window.addr.checked_add(offset)?, bytes).ok()?;
        Some(
            bytes
                .iter()
                .fold(0, |value, byte| (value << 8) | u64::from(*byte)),
        )
    }
}

/// Where legacy packet loads read: `len` bytes at `addr`, inside some region.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct PacketWindow {
    addr: u64,
    len: u64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stack_frames_bound_accesses() {
        let mut memory = Memory::new();
        let top = memory.stack_top();
        assert!(memory.store::<8>(top - 8, [1; 8]).is_ok());
        assert!(memory.store::<8>(top - 512, [1; 8]).is_ok());
        // Below the program's own frame, and straddling the top.
        assert!(memory.store::<8>(top - 520, [1; 8]).is_err());
        assert!(memory.load::<8>(top - 4).is_err());
        memory.set_frames(2);
        assert!(memory.store::<8>(top - 520, [1; 8]).is_ok());
        assert!(memory.store::<8>(top - 1032, [1; 8]).is_err());
    }

    #[test]
    fn regions_bound_accesses_and_read_only_is_enforced() {
        let mut data = [0u8; 16];
        let constant = [7u8; 4];
        let mut memory = Memory::new();
        let data_id = memory.add_region(Region::writable(&mut data));
        let const_id = memory.add_region(Region::read_only(&constant));
        let data_addr = memory.region(data_id).addr();
        let const_addr = memory.region(const_id).addr();
        assert!(memory.store::<8>(data_addr + 8, [2; 8]).is_ok());
        assert!(memory.store::<8>(data_addr + 9, [2; 8]).is_err());
        assert_eq!(memory.load::<4>(const_addr), Ok([7; 4]));
        assert_eq!(
            memory.store::<4>(const_addr, [0; 4]),
            Err(TrapKind::ReadOnly {
                addr: const_addr,
                size: 4
            })
        );
        assert!(memory.load::<1>(u64::MAX).is_err());
        assert!(memory.load::<8>(u64::MAX - 3).is_err());
    }

    #[test]
    fn shared_regions_are_checked_and_atomic() {
        let values = SharedBuf::zeroed(16);
        let constants = SharedBuf::zeroed(8);
        let mut memory = Memory::new();
        let rw = memory.add_region(Region::shared(&values, true));
        let ro = memory.add_region(Region::shared(&constants, false));
        let rw_addr = memory.region(rw).addr();
        let ro_addr = memory.region(ro).addr();
        assert!(memory.store::<4>(rw_addr + 12, [1, 0, 0, 0]).is_ok());
        assert_eq!(memory.rmw(rw_addr + 12, 4, RmwOp::Add, 2), Ok(1));
        assert_eq!(memory.load::<4>(rw_addr + 12), Ok([3, 0, 0, 0]));
        assert!(memory.load::<8>(rw_addr + 12).is_err());
        assert_eq!(
            memory.store::<1>(ro_addr, [1]),
            Err(TrapKind::ReadOnly {
                addr: ro_addr,
                size: 1
            })
        );
        assert!(matches!(
            memory.rmw(ro_addr, 8, RmwOp::Add, 1),
            Err(TrapKind::ReadOnly { .. })
        ));
        // Atomics on the stack work too.
        let top = memory.stack_top();
        assert_eq!(memory.rmw(top - 8, 8, RmwOp::Xchg, 9), Ok(0));
        assert_eq!(memory.load::<8>(top - 8), Ok(9u64.to_le_bytes()));
    }

    #[test]
    fn owned_regions_are_lent_and_taken_back_last_in_first_out() {
        let mut data = [0u8; 8];
        let mut memory = Memory::new();
        let packet = memory.add_region(Region::writable(&mut data));
        memory.set_packet(packet);
        let key = memory.add_region(Region::owned(vec![1, 2, 3, 4].into_boxed_slice(), false));
        let scratch = memory.add_region(Region::owned(vec![0; 4].into_boxed_slice(), true));
        let key_addr = memory.region(key).addr();
        let scratch_addr = memory.region(scratch).addr();
        assert_eq!(memory.load::<4>(key_addr), Ok([1, 2, 3, 4]));
        assert!(matches!(
            memory.store::<1>(key_addr, [9]),
            Err(TrapKind::ReadOnly { .. })
        ));
        assert!(memory.store::<4>(scratch_addr, [5, 6, 7, 8]).is_ok());
        // Only the last region can be taken back.
        assert!(memory.pop_region(key).is_none());
        let taken = memory.pop_region(scratch).expect("last region");
        assert_eq!(taken.owned_data(), Some(&[5u8, 6, 7, 8][..]));
        assert!(memory.load::<4>(scratch_addr).is_err());
        assert!(memory.pop_region(key).is_some());
        assert!(memory.load::<4>(key_addr).is_err());
        // The packet window lies in the packet region: once that is taken back too, legacy
        // packet loads find nothing to read.
        assert!(memory.packet_load(0, 1).is_some());
        assert!(memory.pop_region(packet).is_some());
        assert!(memory.packet_load(0, 1).is_none());
    }

    #[test]
    fn check_bounds_without_copying_and_large_sizes_do_not_overflow() {
        let mut data = [0u8; 16];
        let constant = [0u8; 4];
        let mut memory = Memory::new();
        let rw = memory.add_region(Region::writable(&mut data));
        let ro = memory.add_region(Region::read_only(&constant));
        let (rw_addr, ro_addr) = (memory.region(rw).addr(), memory.region(ro).addr());
        let top = memory.stack_top();
        assert_eq!(memory.check(rw_addr, 16, true), Ok(()));
        assert!(memory.check(rw_addr, 17, false).is_err());
        assert_eq!(memory.check(ro_addr, 4, false), Ok(()));
        assert!(matches!(
            memory.check(ro_addr, 4, true),
            Err(TrapKind::ReadOnly { .. })
        ));
        assert_eq!(memory.check(top - 512, 512, true), Ok(()));
        assert!(memory.check(top - 512, 1 << 40, false).is_err());
        let mut big = vec![0u8; 5000];
        assert!(memory.read(top - 512, &mut big).is_err());
        assert!(memory.write(top - 512, &big).is_err());
    }
}
