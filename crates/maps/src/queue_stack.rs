//! [`QueueStack`]: `BPF_MAP_TYPE_QUEUE` (FIFO) and `BPF_MAP_TYPE_STACK` (LIFO).
//!
//! The rules and invariants are documented on [`QueueStack`].

use std::any::Any;
use std::sync::{Mutex, MutexGuard};

use crate::error::MapError;
use crate::map::{Map, check_len};
use crate::spec::{MapSpec, map_flags, map_type, update_flags};
use crate::storage::SharedBuf;
use crate::validate::{self, KMALLOC_MAX_SIZE};

/// `QUEUE_STACK_CREATE_FLAG_MASK`.
const CREATE_FLAG_MASK: u32 = map_flags::NUMA_NODE | map_flags::ACCESS_MASK;

/// [`QueueStack`]: `BPF_MAP_TYPE_QUEUE` (FIFO) and `BPF_MAP_TYPE_STACK` (LIFO).
///
/// The kernel's ring (`kernel/bpf/queue_stack_maps.c`): `max_entries + 1` slots, `head` where
/// the next push goes, `tail` the oldest element; empty when they are equal. A push with
/// `BPF_EXIST` on a full map drops the oldest element (the queue's front, the stack's bottom).
/// Keys are empty; user space pushes with `BPF_MAP_UPDATE_ELEM`, peeks with
/// `BPF_MAP_LOOKUP_ELEM` and pops with `BPF_MAP_LOOKUP_AND_DELETE_ELEM`. Values are copied in
/// and out under a mutex; programs never get pointers into the map.
#[derive(Debug)]
pub struct QueueStack {
    spec: MapSpec,
    id: u32,
    stack: bool,
    ring: Mutex<Ring>,
}

#[derive(Debug)]
struct Ring {
    head: u32,
    tail: u32,
    /// `max_entries + 1`.
    size: u32,
    elements: Vec<u8>,
}

impl QueueStack {
    /// Checks `spec` as `queue_stack_map_alloc_check` does and allocates the ring.
    pub fn new(spec: &MapSpec) -> Result<QueueStack, MapError> {
        if spec.max_entries == 0
            || spec.key_size != 0
            || spec.value_size == 0
            || spec.map_flags & !CREATE_FLAG_MASK != 0
            || !validate::access_ok(spec.map_flags)
        {
            return Err(MapError::Invalid);
        }
        if u64::from(spec.value_size) > KMALLOC_MAX_SIZE {
            return Err(MapError::Full);
        }
        let size = spec.max_entries + 1;
        let len = validate::storage_len(u64::from(size), u64::from(spec.value_size))?;
        if len > crate::MAX_BUFFER_BYTES {
            return Err(MapError::NoMemory);
        }
        let mut elements = Vec::new();
        elements
            .try_reserve_exact(len)
            .map_err(|_| MapError::NoMemory)?;
        elements.resize(len, 0);
        Ok(QueueStack {
            spec: spec.clone(),
            id: crate::next_map_id(),
            stack: spec.map_type == map_type::STACK,
            ring: Mutex::new(Ring {
                head: 0,
                tail: 0,
                size,
                elements,
            }),
        })
    }

    fn ring(&self) -> MutexGuard<'_, Ring> {
        self.ring
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Number of elements held.
    pub fn len(&self) -> usize {
        let ring = self.ring();
        ((u64::from(ring.head) + u64::from(ring.size) - u64::from(ring.tail))
            % u64::from(ring.size)) as usize
    }

    /// Whether the map holds nothing.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Copies the next element out (front of the queue, top of the stack), removing it if
    /// `delete`; `ENOENT` (and `value` zeroed) when empty.
    fn get(&self, value: &mut [u8], delete: bool) -> Result<(), MapError> {
        check_len(value, self.spec.value_size as usize)?;
        let mut ring = self.ring();
        if ring.head == ring.tail {
            value.fill(0);
            return Err(MapError::NotFound);
        }
        let size = self.spec.value_size as usize;
        let index = if self.stack {
            if ring.head == 0 {
                ring.size - 1
            } else {
                ring.head - 1
            }
        } else {
            ring.tail
        };
        let at = index as usize * size;
        value.copy_from_slice(&ring.elements[at..at + size]);
        if delete {
            if self.stack {
                ring.head = index;
            } else {
                ring.tail = (ring.tail + 1) % ring.size;
            }
        }
        Ok(())
    }
}

impl Map for QueueStack {
    fn spec(&self) -> &MapSpec {
        &self.spec
    }

    fn id(&self) -> u32 {
        self.id
    }

    fn lookup(&self, key: &[u8], value: &mut [u8]) -> Result<(), MapError> {
        check_len(key, 0)?;
        self.get(value, false)
    }

    fn update(&self, key: &[u8], value: &[u8], flags: u64) -> Result<(), MapError> {
        check_len(key, 0)?;
        self.push(value, flags)
    }

    fn delete(&self, key: &[u8]) -> Result<(), MapError> {
        check_len(key, 0)?;
        Err(MapError::Invalid)
    }

    fn next_key(&self, _key: Option<&[u8]>, _next: &mut [u8]) -> Result<(), MapError> {
        Err(MapError::Invalid)
    }

    fn lookup_and_delete(&self, key: Option<&[u8]>, value: &mut [u8]) -> Result<(), MapError> {
        if let Some(key) = key {
            check_len(key, 0)?;
        }
        self.get(value, true)
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
        Err(MapError::Invalid)
    }

    fn delete_from_program(&self, _key: &[u8]) -> Result<(), MapError> {
        Err(MapError::Invalid)
    }

    /// `queue_stack_map_push_elem`: `BPF_EXIST` makes room by dropping the oldest element;
    /// otherwise a full map is `E2BIG`. `BPF_NOEXIST` and unknown flags are `EINVAL`.
    fn push(&self, value: &[u8], flags: u64) -> Result<(), MapError> {
        check_len(value, self.spec.value_size as usize)?;
        if flags & update_flags::NOEXIST != 0 || flags > update_flags::EXIST {
            return Err(MapError::Invalid);
        }
        let mut ring = self.ring();
        if (ring.head + 1) % ring.size == ring.tail {
            if flags & update_flags::EXIST == 0 {
                return Err(MapError::Full);
            }
            ring.tail = (ring.tail + 1) % ring.size;
        }
        let size = value.len();
        let at = ring.head as usize * size;
        ring.elements[at..at + size].copy_from_slice(value);
        ring.head = (ring.head + 1) % ring.size;
        Ok(())
    }

    fn pop(&self, value: &mut [u8]) -> Result<(), MapError> {
        self.get(value, true)
    }

    fn peek(&self, value: &mut [u8]) -> Result<(), MapError> {
        self.get(value, false)
    }

    fn storage(&self) -> Vec<&SharedBuf> {
        Vec::new()
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}
