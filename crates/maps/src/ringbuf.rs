//! [`RingBuf`]: `BPF_MAP_TYPE_RINGBUF`, the multi-producer single-consumer ring buffer.
//!
//! The rules and invariants are documented on [`RingBuf`].

use std::any::Any;
use std::sync::atomic::{
    AtomicU64, AtomicUsize, Ordering::Acquire, Ordering::Relaxed, Ordering::Release,
    Ordering::SeqCst, fence,
};
use std::sync::{Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use crate::error::MapError;
use crate::map::Map;
use crate::spec::{MapSpec, map_flags, ringbuf_flags};
use crate::storage::SharedBuf;
use crate::validate;

/// `RINGBUF_MAX_RECORD_SZ`.
const MAX_RECORD_SIZE: u64 = u32::MAX as u64 / 4;
/// Pages of the kernel's ring object before the data (`RINGBUF_NR_META_PAGES`), for `pg_off`.
const META_PAGES: u64 = 3;
const PAGE_SIZE: u64 = 4096;
const HDR: u64 = ringbuf_flags::HDR_SZ as u64;

/// [`RingBuf`]: `BPF_MAP_TYPE_RINGBUF`, the multi-producer single-consumer ring buffer.
///
/// The layout and protocol are the kernel's (`kernel/bpf/ringbuf.c`): `max_entries` bytes of
/// data (a power of two, a multiple of the 4096-byte page); each record is an 8-byte header
/// (`u32 len` with the BUSY bit 31 while being written and the DISCARD bit 30, then `u32
/// pg_off`, the record's page offset from the start of the kernel's ring object) followed by
/// the data, padded to 8 bytes. Producer, pending and consumer positions only grow; a
/// reservation fails when it would put the producer more than `size - 1` bytes ahead of the
/// consumer or of the oldest uncommitted record.
///
/// Contiguous records across the wrap: the kernel maps the data pages twice in a row, so a
/// record that starts near the end continues past it in virtual memory. Sluice allocates one
/// [`SharedBuf`] of `2 * size` bytes: reservations hand out addresses in it (always inside the
/// first half for the header), a wrapped record's tail lands in the second half, and commit
/// (submit or discard) copies that tail back to the start of the first half before clearing
/// the BUSY bit. Consumers read only the first half, modulo `size`. So the first half always
/// holds what the kernel's data pages hold once records are committed.
///
/// [`RingBuf::consume`] is the user-space consumer (libbpf's `ring_buffer__consume`): it
/// returns committed records in order, skips discarded ones and stops at a busy one.
/// [`RingBuf::wait`] blocks until a record is ready to consume, for streaming consumers.
#[derive(Debug)]
pub struct RingBuf {
    spec: MapSpec,
    id: u32,
    /// Data size in bytes.
    size: u64,
    /// `2 * size` bytes; see the module docs.
    data: SharedBuf,
    /// The pending position, under the producers' lock.
    producer_lock: Mutex<u64>,
    producer_pos: AtomicU64,
    consumer_pos: AtomicU64,
    consumer_lock: Mutex<()>,
    wake_lock: Mutex<u64>,
    wake: Condvar,
    waiters: AtomicUsize,
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// The space a record of `len` data bytes takes.
fn record_len(len: u64) -> u64 {
    (len + HDR).div_ceil(8) * 8
}

impl RingBuf {
    /// Checks `spec` as `ringbuf_map_alloc` does and allocates the data.
    pub fn new(spec: &MapSpec) -> Result<RingBuf, MapError> {
        if spec.map_flags & !map_flags::NUMA_NODE != 0 {
            return Err(MapError::Invalid);
        }
        if spec.key_size != 0
            || spec.value_size != 0
            || !spec.max_entries.is_power_of_two()
            || !u64::from(spec.max_entries).is_multiple_of(PAGE_SIZE)
        {
            return Err(MapError::Invalid);
        }
        let size = u64::from(spec.max_entries);
        let data = validate::alloc(validate::storage_len(size, 2)?)?;
        Ok(RingBuf {
            spec: spec.clone(),
            id: crate::next_map_id(),
            size,
            data,
            producer_lock: Mutex::new(0),
            producer_pos: AtomicU64::new(0),
            consumer_pos: AtomicU64::new(0),
            consumer_lock: Mutex::new(()),
            wake_lock: Mutex::new(0),
            wake: Condvar::new(),
            waiters: AtomicUsize::new(0),
        })
    }

    fn mask(&self) -> u64 {
        self.size - 1
    }

    /// `bpf_ringbuf_reserve`: the address of `size` contiguous writable bytes, or `None` when
    /// `flags` is not 0, the record is too large or there is no room.
    pub fn reserve(&self, size: u64, flags: u64) -> Option<u64> {
        if flags != 0 || size > MAX_RECORD_SIZE {
            return None;
        }
        let len = record_len(size);
        if len > self.size {
            return None;
        }
        let consumer = self.consumer_pos.load(Acquire);
        let mut pending = lock(&self.producer_lock);
        let producer = self.producer_pos.load(Relaxed);
        let new_producer = producer + len;
        while *pending < producer {
            let header = self
                .data
                .load_u32_acquire((*pending & self.mask()) as usize)?;
            if header & ringbuf_flags::BUSY_BIT != 0 {
                break;
            }
            *pending += record_len(u64::from(header & !ringbuf_flags::DISCARD_BIT));
        }
        if new_producer - consumer > self.mask() || new_producer - *pending > self.mask() {
            return None;
        }
        let offset = producer & self.mask();
        let pg_off = (META_PAGES + offset / PAGE_SIZE) as u32;
        self.data.write(offset as usize + 4, &pg_off.to_ne_bytes());
        self.data
            .swap_u32_release(offset as usize, size as u32 | ringbuf_flags::BUSY_BIT)?;
        self.producer_pos.store(new_producer, Release);
        drop(pending);
        Some(self.data.addr() + offset + HDR)
    }

    /// `bpf_ringbuf_submit`: commits the record reserved at `addr`. `EINVAL` if `addr` is not
    /// a reservation still being written (the kernel's verifier makes that impossible).
    pub fn submit(&self, addr: u64, flags: u64) -> Result<(), MapError> {
        self.commit(addr, flags, false)
    }

    /// `bpf_ringbuf_discard`: commits the record reserved at `addr` as discarded.
    pub fn discard(&self, addr: u64, flags: u64) -> Result<(), MapError> {
        self.commit(addr, flags, true)
    }

    fn commit(&self, addr: u64, flags: u64, discard: bool) -> Result<(), MapError> {
        let offset = addr
            .checked_sub(self.data.addr() + HDR)
            .filter(|offset| *offset < self.size && offset.is_multiple_of(8))
            .ok_or(MapError::Invalid)?;
        let header = self
            .data
            .load_u32_acquire(offset as usize)
            .ok_or(MapError::Invalid)?;
        if header & ringbuf_flags::BUSY_BIT == 0 {
            return Err(MapError::Invalid);
        }
        let len = u64::from(header & !(ringbuf_flags::BUSY_BIT | ringbuf_flags::DISCARD_BIT));
        let end = offset + record_len(len);
        if end > self.size {
            // The tail went to the second half: bring it to where consumers read it.
            self.data
                .copy_within(self.size as usize, 0, (end - self.size) as usize);
        }
        let mut new_header = header ^ ringbuf_flags::BUSY_BIT;
        if discard {
            new_header |= ringbuf_flags::DISCARD_BIT;
        }
        self.data.swap_u32_release(offset as usize, new_header);
        if flags & ringbuf_flags::NO_WAKEUP == 0 || flags & ringbuf_flags::FORCE_WAKEUP != 0 {
            self.notify();
        }
        Ok(())
    }

    /// `bpf_ringbuf_output`: copies `data` into a new record and submits it. `EINVAL` for
    /// unknown flags, `EAGAIN` when there is no room.
    pub fn output(&self, data: &[u8], flags: u64) -> Result<(), MapError> {
        if flags & !(ringbuf_flags::NO_WAKEUP | ringbuf_flags::FORCE_WAKEUP) != 0 {
            return Err(MapError::Invalid);
        }
        let addr = self
            .reserve(data.len() as u64, 0)
            .ok_or(MapError::TryAgain)?;
        self.data.write((addr - self.data.addr()) as usize, data);
        self.commit(addr, flags, false)
    }

    /// `bpf_ringbuf_query`: available data, ring size, consumer or producer position; 0 for
    /// an unknown flag.
    pub fn query(&self, flag: u64) -> u64 {
        match flag {
            ringbuf_flags::AVAIL_DATA => {
                let producer = self.producer_pos.load(Acquire);
                producer - self.consumer_pos.load(Acquire).min(producer)
            }
            ringbuf_flags::RING_SIZE => self.size,
            ringbuf_flags::CONS_POS => self.consumer_pos.load(Acquire),
            ringbuf_flags::PROD_POS => self.producer_pos.load(Acquire),
            _ => 0,
        }
    }

    /// The data size in bytes.
    pub fn size(&self) -> u64 {
        self.size
    }

    /// Consumes records from the consumer position: calls `visit` with each committed record's
    /// data in order, skips discarded records, and stops at the end or at a record still being
    /// written. Returns how many records `visit` saw.
    pub fn consume(&self, visit: &mut dyn FnMut(&[u8])) -> usize {
        let _consumer = lock(&self.consumer_lock);
        let mut consumer = self.consumer_pos.load(Acquire);
        let mut seen = 0;
        let mut record = Vec::new();
        loop {
            let producer = self.producer_pos.load(Acquire);
            if consumer >= producer {
                break;
            }
            let offset = consumer & self.mask();
            let Some(header) = self.data.load_u32_acquire(offset as usize) else {
                break;
            };
            if header & ringbuf_flags::BUSY_BIT != 0 {
                break;
            }
            let len = u64::from(header & !ringbuf_flags::DISCARD_BIT);
            if header & ringbuf_flags::DISCARD_BIT == 0 {
                record.resize(len as usize, 0);
                self.read_wrapped(offset + HDR, &mut record);
                visit(&record);
                seen += 1;
            }
            consumer += record_len(len);
            self.consumer_pos.store(consumer, Release);
        }
        seen
    }

    /// Reads `out.len()` bytes of the first half starting at `offset`, wrapping at `size`.
    fn read_wrapped(&self, offset: u64, out: &mut [u8]) {
        let start = offset & self.mask();
        let first = ((self.size - start) as usize).min(out.len());
        self.data.read(start as usize, &mut out[..first]);
        self.data.read(0, &mut out[first..]);
    }

    /// Whether the record at the consumer position is committed (consuming makes progress).
    fn ready(&self) -> bool {
        let consumer = self.consumer_pos.load(Acquire);
        if consumer >= self.producer_pos.load(Acquire) {
            return false;
        }
        self.data
            .load_u32_acquire((consumer & self.mask()) as usize)
            .is_some_and(|header| header & ringbuf_flags::BUSY_BIT == 0)
    }

    /// Blocks until a record is ready to consume or `timeout` passes; returns whether one is.
    /// Producers wake waiters on every commit except those with `BPF_RB_NO_WAKEUP`.
    pub fn wait(&self, timeout: Duration) -> bool {
        let deadline = Instant::now() + timeout;
        let mut guard = lock(&self.wake_lock);
        self.waiters.fetch_add(1, SeqCst);
        fence(SeqCst);
        let ready = loop {
            if self.ready() {
                break true;
            }
            let now = Instant::now();
            if now >= deadline {
                break false;
            }
            guard = match self.wake.wait_timeout(guard, deadline - now) {
                Ok((guard, _)) => guard,
                Err(poisoned) => poisoned.into_inner().0,
            };
        };
        self.waiters.fetch_sub(1, SeqCst);
        drop(guard);
        ready
    }

    fn notify(&self) {
        fence(SeqCst);
        if self.waiters.load(SeqCst) > 0 {
            let mut generation = lock(&self.wake_lock);
            *generation = generation.wrapping_add(1);
            self.wake.notify_all();
        }
    }

    /// The data buffer (`2 * size` bytes; see the module docs).
    pub fn data(&self) -> &SharedBuf {
        &self.data
    }
}

impl Map for RingBuf {
    fn spec(&self) -> &MapSpec {
        &self.spec
    }

    fn id(&self) -> u32 {
        self.id
    }

    fn lookup(&self, _key: &[u8], _value: &mut [u8]) -> Result<(), MapError> {
        Err(MapError::KernelNotSupported)
    }

    fn update(&self, _key: &[u8], _value: &[u8], _flags: u64) -> Result<(), MapError> {
        Err(MapError::KernelNotSupported)
    }

    fn delete(&self, _key: &[u8]) -> Result<(), MapError> {
        Err(MapError::KernelNotSupported)
    }

    fn next_key(&self, _key: Option<&[u8]>, _next: &mut [u8]) -> Result<(), MapError> {
        Err(MapError::KernelNotSupported)
    }

    fn lookup_addr(&self, _key: &[u8], _cpu: u32) -> Option<u64> {
        None
    }

    fn update_from_program(
        &self,
        _key: &[u8],
        _value: &[u8],
        _flags: u64,
        _cpu: u32,
    ) -> Result<(), MapError> {
        Err(MapError::KernelNotSupported)
    }

    fn storage(&self) -> Vec<&SharedBuf> {
        vec![&self.data]
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}
