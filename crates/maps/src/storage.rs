//! [`SharedBuf`]: memory that programs and user space share, on any number of threads.
//!
//! Programs get pointers into map storage (a `bpf_map_lookup_elem` result, global data) and read
//! and write through them while other threads do the same, as in the kernel. To keep that free
//! of data races without `unsafe`, the storage is an array of `AtomicU64` words: every access is
//! an atomic operation on the words it touches (relaxed ordering, as plain kernel accesses are);
//! a write of part of a word is a compare-and-swap loop on that word, so neighbouring bytes
//! written by other threads are never lost. eBPF atomic instructions map onto real atomic
//! read-modify-write operations when aligned.
//!
//! Invariants: the buffer never moves or changes size, so `addr()` stays valid for its whole
//! life; it is at least 8-byte aligned.

use std::sync::atomic::{AtomicU64, Ordering::Relaxed};

/// A fixed-size, 8-byte aligned buffer of shared memory.
#[derive(Debug)]
pub struct SharedBuf {
    words: Box<[AtomicU64]>,
    len: usize,
}

/// Read-modify-write operations of eBPF atomics.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RmwOp {
    Add,
    Or,
    And,
    Xor,
    Xchg,
    /// Store the operand if the old value equals `expected`.
    CmpXchg {
        expected: u64,
    },
}

impl RmwOp {
    /// The new value of a `size`-byte (4 or 8) location holding `old` after the operation with
    /// `operand`; both are taken modulo the size.
    pub fn apply(self, old: u64, operand: u64, size: usize) -> u64 {
        let mask = if size >= 8 {
            u64::MAX
        } else {
            (1u64 << (size * 8)) - 1
        };
        apply(self, old & mask, operand & mask, mask)
    }
}

fn apply(op: RmwOp, old: u64, operand: u64, mask: u64) -> u64 {
    let new = match op {
        RmwOp::Add => old.wrapping_add(operand),
        RmwOp::Or => old | operand,
        RmwOp::And => old & operand,
        RmwOp::Xor => old ^ operand,
        RmwOp::Xchg => operand,
        RmwOp::CmpXchg { expected } => {
            if old == expected & mask {
                operand
            } else {
                old
            }
        }
    };
    new & mask
}

/// The largest buffer [`SharedBuf::try_zeroed`] allocates: 4 GiB. Maps whose storage would be
/// larger fail to create with `ENOMEM`, as the kernel does when its allocation fails.
pub const MAX_BUFFER_BYTES: usize = 1 << 32;

impl SharedBuf {
    /// A zeroed buffer of `len` bytes, or `None` if `len` is over [`MAX_BUFFER_BYTES`] or the
    /// allocation fails.
    pub fn try_zeroed(len: usize) -> Option<SharedBuf> {
        if len > MAX_BUFFER_BYTES {
            return None;
        }
        let n_words = len.div_ceil(8).max(1);
        let mut words = Vec::new();
        words.try_reserve_exact(n_words).ok()?;
        words.extend((0..n_words).map(|_| AtomicU64::new(0)));
        Some(SharedBuf {
            words: words.into_boxed_slice(),
            len,
        })
    }

    /// A zeroed buffer of `len` bytes.
    pub fn zeroed(len: usize) -> SharedBuf {
        let n_words = len.div_ceil(8).max(1);
        SharedBuf {
            words: (0..n_words).map(|_| AtomicU64::new(0)).collect(),
            len,
        }
    }

    /// The host address of the first byte; programs see this value as a pointer.
    pub fn addr(&self) -> u64 {
        self.words.as_ptr() as u64
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the buffer is empty.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    fn in_range(&self, offset: usize, size: usize) -> bool {
        offset.checked_add(size).is_some_and(|end| end <= self.len)
    }

    /// Copies `out.len()` bytes from `offset`; false (and nothing copied) if out of range.
    pub fn read(&self, offset: usize, out: &mut [u8]) -> bool {
        if !self.in_range(offset, out.len()) {
            return false;
        }
        let mut done = 0;
        while done < out.len() {
            let at = offset + done;
            let word = self.words[at / 8].load(Relaxed).to_le_bytes();
            let start = at % 8;
            let n = (8 - start).min(out.len() - done);
            out[done..done + n].copy_from_slice(&word[start..start + n]);
            done += n;
        }
        true
    }

    /// Copies `data` to `offset`; false (and nothing written) if out of range.
    pub fn write(&self, offset: usize, data: &[u8]) -> bool {
        if !self.in_range(offset, data.len()) {
            return false;
        }
        let mut done = 0;
        while done < data.len() {
            let at = offset + done;
            let start = at % 8;
            let n = (8 - start).min(data.len() - done);
            let word = &self.words[at / 8];
            if n == 8 {
                let mut bytes = [0; 8];
                bytes.copy_from_slice(&data[done..done + 8]);
                word.store(u64::from_le_bytes(bytes), Relaxed);
            } else {
                let mut bytes = [0; 8];
                bytes[start..start + n].copy_from_slice(&data[done..done + n]);
                let value = u64::from_le_bytes(bytes);
                let mask = byte_mask(start, n);
                let _ = word.fetch_update(Relaxed, Relaxed, |old| Some((old & !mask) | value));
            }
            done += n;
        }
        true
    }

    /// Fills `len` bytes at `offset` with zero; false if out of range.
    pub fn zero(&self, offset: usize, len: usize) -> bool {
        if !self.in_range(offset, len) {
            return false;
        }
        // Chunks keep the temporary small for large values.
        let zeros = [0u8; 256];
        let mut done = 0;
        while done < len {
            let n = (len - done).min(zeros.len());
            self.write(offset + done, &zeros[..n]);
            done += n;
        }
        true
    }

    /// Whether `[offset, offset + data.len())` holds exactly `data`; false if out of range.
    pub fn equals(&self, offset: usize, data: &[u8]) -> bool {
        if !self.in_range(offset, data.len()) {
            return false;
        }
        let mut word = [0u8; 8];
        let mut done = 0;
        while done < data.len() {
            let at = offset + done;
            let start = at % 8;
            let n = (8 - start).min(data.len() - done);
            word.copy_from_slice(&self.words[at / 8].load(Relaxed).to_le_bytes());
            if word[start..start + n] != data[done..done + n] {
                return false;
            }
            done += n;
        }
        true
    }

    /// Copies `len` bytes from `src_offset` to `dst_offset` inside the buffer (the ranges may
    /// overlap only if they are equal); false (and nothing copied) if either is out of range.
    pub fn copy_within(&self, src_offset: usize, dst_offset: usize, len: usize) -> bool {
        if !self.in_range(src_offset, len) || !self.in_range(dst_offset, len) {
            return false;
        }
        let mut chunk = [0u8; 256];
        let mut done = 0;
        while done < len {
            let n = (len - done).min(chunk.len());
            self.read(src_offset + done, &mut chunk[..n]);
            self.write(dst_offset + done, &chunk[..n]);
            done += n;
        }
        true
    }

    /// Atomically loads the little-endian `u32` at the 4-aligned `offset` with acquire ordering
    /// (ring buffer record headers); `None` if out of range or misaligned.
    pub fn load_u32_acquire(&self, offset: usize) -> Option<u32> {
        if !offset.is_multiple_of(4) || !self.in_range(offset, 4) {
            return None;
        }
        let word = self.words[offset / 8].load(std::sync::atomic::Ordering::Acquire);
        Some((word >> ((offset % 8) * 8)) as u32)
    }

    /// Atomically replaces the little-endian `u32` at the 4-aligned `offset` with release
    /// ordering, returning the old value; `None` if out of range or misaligned.
    pub fn swap_u32_release(&self, offset: usize, value: u32) -> Option<u32> {
        if !offset.is_multiple_of(4) || !self.in_range(offset, 4) {
            return None;
        }
        let shift = (offset % 8) * 8;
        let mask = u64::from(u32::MAX) << shift;
        let previous = self.words[offset / 8]
            .fetch_update(std::sync::atomic::Ordering::Release, Relaxed, |current| {
                Some((current & !mask) | (u64::from(value) << shift))
            })
            .unwrap_or_else(|current| current);
        Some((previous >> shift) as u32)
    }

    /// Copies the whole buffer out.
    pub fn to_vec(&self) -> Vec<u8> {
        let mut out = vec![0; self.len];
        self.read(0, &mut out);
        out
    }

    /// Atomic read-modify-write of the `size` (4 or 8) bytes at `offset`; returns the old value
    /// (zero-extended), or `None` if out of range. Aligned accesses are single atomic operations;
    /// a misaligned one (which the verifier never lets through) is done in two steps.
    pub fn rmw(&self, offset: usize, size: usize, op: RmwOp, operand: u64) -> Option<u64> {
        if !matches!(size, 4 | 8) || !self.in_range(offset, size) {
            return None;
        }
        let mask = if size == 8 {
            u64::MAX
        } else {
            u64::from(u32::MAX)
        };
        let operand = operand & mask;
        if offset.is_multiple_of(size) {
            let word = &self.words[offset / 8];
            let shift = (offset % 8) * 8;
            let old = match (op, size) {
                (RmwOp::Add, 8) => word.fetch_add(operand, Relaxed),
                (RmwOp::Or, _) => word.fetch_or(operand << shift, Relaxed) >> shift,
                (RmwOp::And, _) => {
                    word.fetch_and((operand << shift) | !(mask << shift), Relaxed) >> shift
                }
                (RmwOp::Xor, _) => word.fetch_xor(operand << shift, Relaxed) >> shift,
                (RmwOp::Xchg, 8) => word.swap(operand, Relaxed),
                _ => {
                    let previous = word
                        .fetch_update(Relaxed, Relaxed, |current| {
                            let old = (current >> shift) & mask;
                            let new = apply(op, old, operand, mask);
                            Some((current & !(mask << shift)) | (new << shift))
                        })
                        .unwrap_or_else(|current| current);
                    previous >> shift
                }
            };
            return Some(old & mask);
        }
        let mut bytes = [0; 8];
        self.read(offset, &mut bytes[..size]);
        let old = u64::from_le_bytes(bytes);
        let new = apply(op, old, operand, mask);
        self.write(offset, &new.to_le_bytes()[..size]);
        Some(old)
    }
}

fn byte_mask(start: usize, n: usize) -> u64 {
    let ones = if n >= 8 {
        u64::MAX
    } else {
        (1u64 << (n * 8)) - 1
    };
    ones << (start * 8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_and_writes_across_words() {
        let buf = SharedBuf::zeroed(20);
        assert!(buf.write(5, &[1, 2, 3, 4, 5, 6, 7]));
        let mut out = [0; 9];
        assert!(buf.read(4, &mut out));
        assert_eq!(out, [0, 1, 2, 3, 4, 5, 6, 7, 0]);
        assert!(!buf.write(18, &[0; 3]));
        assert!(!buf.read(usize::MAX, &mut [0; 1]));
        assert_eq!(buf.addr() % 8, 0);
    }

    #[test]
    fn rmw_operations() {
        let buf = SharedBuf::zeroed(16);
        buf.write(0, &u64::MAX.to_le_bytes());
        assert_eq!(buf.rmw(4, 4, RmwOp::Add, 1), Some(0xffff_ffff));
        assert_eq!(buf.to_vec()[..8], [0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0]);
        assert_eq!(buf.rmw(8, 8, RmwOp::Add, 5), Some(0));
        assert_eq!(buf.rmw(8, 8, RmwOp::CmpXchg { expected: 5 }, 9), Some(5));
        assert_eq!(buf.rmw(8, 8, RmwOp::CmpXchg { expected: 5 }, 1), Some(9));
        assert_eq!(buf.rmw(0, 4, RmwOp::And, 0xf0), Some(0xffff_ffff));
        assert_eq!(buf.rmw(0, 4, RmwOp::Xchg, 7), Some(0xf0));
        assert_eq!(buf.rmw(3, 4, RmwOp::Or, 1), Some(0));
        assert_eq!(buf.rmw(14, 4, RmwOp::Or, 1), None);
    }

    #[test]
    fn concurrent_adds_are_atomic() {
        let buf = std::sync::Arc::new(SharedBuf::zeroed(8));
        let threads: Vec<_> = (0..4)
            .map(|_| {
                let buf = buf.clone();
                std::thread::spawn(move || {
                    for _ in 0..10_000 {
                        buf.rmw(4, 4, RmwOp::Add, 1);
                        buf.write(0, &[1]);
                    }
                })
            })
            .collect();
        for thread in threads {
            thread.join().unwrap();
        }
        let mut out = [0; 4];
        buf.read(4, &mut out);
        assert_eq!(u32::from_le_bytes(out), 40_000);
    }
}
