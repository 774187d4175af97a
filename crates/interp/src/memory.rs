//! The memory a program may touch: its stack and the regions the host hands it.
//!
//! Addresses are the host addresses of the backing buffers, so the pointers a program sees are
//! real ones (as in the kernel, and as the JIT will see them), yet every access goes through a
//! bounds check against the regions and ends in ordinary slice indexing: an access outside
//! every region is refused, never performed.
//!
//! Invariants:
//! - the stack is `MAX_CALL_FRAMES * STACK_FRAME_SIZE` bytes; frame `d` (0 = the program's own)
//!   has its frame pointer `r10` at `stack_top - d * STACK_FRAME_SIZE`;
//! - only the frames of the current call chain are accessible: from the bottom of the deepest
//!   active frame up to `stack_top`;
//! - a read-only region is never written.

use sluice_abi::limits::{MAX_CALL_FRAMES, STACK_FRAME_SIZE};

use crate::trap::{Access, TrapKind};

const STACK_SIZE: usize = MAX_CALL_FRAMES * STACK_FRAME_SIZE;

/// Backing storage of a region.
#[derive(Debug)]
enum Backing<'a> {
    Writable(&'a mut [u8]),
    ReadOnly(&'a [u8]),
}

/// A block of host memory the program may access at the address `addr`.
#[derive(Debug)]
pub struct Region<'a> {
    addr: u64,
    backing: Backing<'a>,
}

impl<'a> Region<'a> {
    /// A region the program may read and write, at the buffer's host address.
    pub fn writable(data: &'a mut [u8]) -> Region<'a> {
        Region {
            addr: data.as_ptr() as u64,
            backing: Backing::Writable(data),
        }
    }

    /// A region the program may only read, at the buffer's host address.
    pub fn read_only(data: &'a [u8]) -> Region<'a> {
        Region {
            addr: data.as_ptr() as u64,
            backing: Backing::ReadOnly(data),
        }
    }

    /// The region's address as the program sees it.
    pub fn addr(&self) -> u64 {
        self.addr
    }

    /// The region's length in bytes.
    pub fn len(&self) -> usize {
        match &self.backing {
            Backing::Writable(data) => data.len(),
            Backing::ReadOnly(data) => data.len(),
        }
    }

    /// Whether the region is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Offset of `[addr, addr + size)` inside the region, if it lies wholly inside.
    #[inline(always)]
    fn offset_of(&self, addr: u64, size: usize) -> Option<usize> {
        let offset = addr.wrapping_sub(self.addr);
        let len = self.len() as u64;
        (size as u64 <= len && offset <= len - size as u64).then_some(offset as usize)
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
    packet: Option<RegionId>,
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

    /// Makes legacy packet loads read from this region.
    pub fn set_packet(&mut self, id: RegionId) {
        self.packet = Some(id);
    }

    /// The frame pointer (`r10`) of the program's own frame.
    pub fn stack_top(&self) -> u64 {
        self.stack.as_ptr() as u64 + STACK_SIZE as u64
    }

    /// Resets the accessible stack to the program's own frame; called when a run starts.
    pub(crate) fn reset_frames(&mut self) {
        self.stack_lo = STACK_SIZE - STACK_FRAME_SIZE;
    }

    /// Makes `n_frames` frames accessible (1 = the program's own only).
    pub(crate) fn set_frames(&mut self, n_frames: usize) {
        self.stack_lo = STACK_SIZE - n_frames * STACK_FRAME_SIZE;
    }

    /// Offset in the stack of `[addr, addr + size)` if it lies in the accessible frames.
    #[inline(always)]
    fn stack_offset(&self, addr: u64, size: usize) -> Option<usize> {
        let offset = addr.wrapping_sub(self.stack.as_ptr() as u64);
        let lo = self.stack_lo as u64;
        (offset >= lo && offset <= (STACK_SIZE - size) as u64).then_some(offset as usize)
    }

    /// Reads `N` bytes at `addr`.
    #[inline(always)]
    pub fn load<const N: usize>(&self, addr: u64) -> Result<[u8; N], TrapKind> {
        let bytes = self.read(addr, N)?;
        let mut value = [0; N];
        value.copy_from_slice(bytes);
        Ok(value)
    }

    /// Writes `N` bytes at `addr`.
    #[inline(always)]
    pub fn store<const N: usize>(&mut self, addr: u64, value: [u8; N]) -> Result<(), TrapKind> {
        self.write(addr, N)?.copy_from_slice(&value);
        Ok(())
    }

    /// The `size` bytes at `addr`, for reading.
    #[inline(always)]
    pub fn read(&self, addr: u64, size: usize) -> Result<&[u8], TrapKind> {
        if let Some(offset) = self.stack_offset(addr, size) {
            return Ok(&self.stack[offset..offset + size]);
        }
        self.read_region(addr, size)
    }

    fn read_region(&self, addr: u64, size: usize) -> Result<&[u8], TrapKind> {
        for region in &self.regions {
            if let Some(offset) = region.offset_of(addr, size) {
                let data: &[u8] = match &region.backing {
                    Backing::Writable(data) => data,
                    Backing::ReadOnly(data) => data,
                };
                return Ok(&data[offset..offset + size]);
            }
        }
        Err(TrapKind::OutOfBounds {
            access: Access::Read,
            addr,
            size,
        })
    }

    /// The `size` bytes at `addr`, for writing.
    #[inline(always)]
    pub fn write(&mut self, addr: u64, size: usize) -> Result<&mut [u8], TrapKind> {
        if let Some(offset) = self.stack_offset(addr, size) {
            return Ok(&mut self.stack[offset..offset + size]);
        }
        self.write_region(addr, size)
    }

    fn write_region(&mut self, addr: u64, size: usize) -> Result<&mut [u8], TrapKind> {
        for region in &mut self.regions {
            if let Some(offset) = region.offset_of(addr, size) {
                return match &mut region.backing {
                    Backing::Writable(data) => Ok(&mut data[offset..offset + size]),
                    Backing::ReadOnly(_) => Err(TrapKind::ReadOnly { addr, size }),
                };
            }
        }
        Err(TrapKind::OutOfBounds {
            access: Access::Write,
            addr,
            size,
        })
    }

    /// Reads `size` bytes at `offset` into the packet region for a legacy packet load; `None`
    /// when there is no packet region or the bytes are not all inside it.
    pub(crate) fn packet_bytes(&self, offset: u64, size: usize) -> Option<&[u8]> {
        let region = self.regions.get(self.packet?.0)?;
        let data: &[u8] = match &region.backing {
            Backing::Writable(data) => data,
            Backing::ReadOnly(data) => data,
        };
        let start = usize::try_from(offset).ok()?;
        data.get(start..start.checked_add(size)?)
    }
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
}
