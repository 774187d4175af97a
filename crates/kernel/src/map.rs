//! [`MapCreate`] and [`KernelMap`]: a map in the kernel and its element commands.
//!
//! Invariants:
//! - A `KernelMap`'s key and value sizes are the map's own (from the attribute the kernel
//!   accepted, or from the kernel's description of a descriptor in [`KernelMap::from_fd`]).
//! - Keys must be exactly `key_size` bytes, or empty where the command allows "no key" (queue
//!   and stack maps, the first `get_next_key`). Value buffers must be exactly
//!   [`KernelMap::value_len`] bytes: `value_size` for most maps and `round_up(value_size, 8)`
//!   per possible CPU for per-CPU maps, which is what the kernel copies. A buffer of another
//!   size is an [`Error::InvalidArgument`] and the kernel is not asked.
//! - Kernel verdicts are reported as the kernel gave them; only "no such element" (`ENOENT`) on
//!   lookups and `get_next_key` becomes a value (`false`, `None`), because it is the normal
//!   answer there.

#![forbid(unsafe_code)]

use std::os::fd::{AsFd, BorrowedFd, RawFd};

use crate::errno::Errno;
use crate::error::Error;
use crate::fd::Fd;
use crate::sys::{self, MapCreateAttr, MapHandle, fd_field};
use crate::uapi::{Command, ValueLayout, object_name};

/// The BTF description of a map's key and value (`btf_fd`, `btf_key_type_id`,
/// `btf_value_type_id`).
#[derive(Debug, Clone, Copy)]
pub struct MapBtf<'a> {
    /// The BTF object.
    pub fd: BorrowedFd<'a>,
    /// The key's type id in it.
    pub key_type_id: u32,
    /// The value's type id in it.
    pub value_type_id: u32,
}

/// The attributes of a new map (`BPF_MAP_CREATE`). `Default` is all zeros with no name.
#[derive(Debug, Clone, Copy, Default)]
pub struct MapCreate<'a> {
    /// `enum bpf_map_type`.
    pub map_type: u32,
    /// Key size in bytes.
    pub key_size: u32,
    /// Value size in bytes (per CPU, for per-CPU maps).
    pub value_size: u32,
    /// Capacity.
    pub max_entries: u32,
    /// `BPF_F_*` creation flags.
    pub map_flags: u32,
    /// The object name: at most 15 bytes; the kernel allows letters, digits, `_` and `.`.
    pub name: &'a str,
    /// The template inner map, for maps of maps.
    pub inner_map_fd: Option<BorrowedFd<'a>>,
    /// NUMA node, used with `BPF_F_NUMA_NODE`.
    pub numa_node: u32,
    /// Network device to create the map on (offload).
    pub map_ifindex: u32,
    /// BTF for the key and value.
    pub btf: Option<MapBtf<'a>>,
    /// `btf_vmlinux_value_type_id`, for struct_ops maps.
    pub btf_vmlinux_value_type_id: u32,
    /// `map_extra`: per-type extra (bloom filter hash count, arena address).
    pub map_extra: u64,
}

impl MapCreate<'_> {
    /// Creates the map.
    pub fn create(&self) -> Result<KernelMap, Error> {
        let attr = MapCreateAttr {
            map_type: self.map_type,
            key_size: self.key_size,
            value_size: self.value_size,
            max_entries: self.max_entries,
            map_flags: self.map_flags,
            inner_map_fd: self.inner_map_fd.map_or(0, fd_field),
            numa_node: self.numa_node,
            map_name: object_name(Command::MapCreate, self.name)?,
            map_ifindex: self.map_ifindex,
            btf_fd: self.btf.map_or(0, |btf| fd_field(btf.fd)),
            btf_key_type_id: self.btf.map_or(0, |btf| btf.key_type_id),
            btf_value_type_id: self.btf.map_or(0, |btf| btf.value_type_id),
            btf_vmlinux_value_type_id: self.btf_vmlinux_value_type_id,
            map_extra: self.map_extra,
        };
        Ok(KernelMap {
            handle: sys::map_create(&attr)?,
        })
    }
}

/// A map in the kernel. Dropping it closes the descriptor; the kernel frees the map once no
/// descriptor, pin or program refers to it.
#[derive(Debug)]
pub struct KernelMap {
    handle: MapHandle,
}

impl KernelMap {
    /// Wraps a descriptor that refers to a map, such as one from [`crate::get_pinned`]. Its
    /// type and sizes are read from `/proc/self/fdinfo`; a descriptor of anything else is an
    /// [`Error::HostInfo`].
    pub fn from_fd(fd: Fd) -> Result<KernelMap, Error> {
        Ok(KernelMap {
            handle: sys::map_from_fd(fd)?,
        })
    }

    /// The descriptor.
    pub fn fd(&self) -> &Fd {
        self.handle.fd()
    }

    /// The descriptor's number (for `map[fd:N]` in assembly and `fd_array`).
    pub fn as_raw_fd(&self) -> RawFd {
        self.handle.fd().as_raw_fd()
    }

    /// `enum bpf_map_type`.
    pub fn map_type(&self) -> u32 {
        self.handle.map_type()
    }

    /// Key size in bytes.
    pub fn key_size(&self) -> u32 {
        self.handle.key_size()
    }

    /// Value size in bytes (per CPU, for per-CPU maps).
    pub fn value_size(&self) -> u32 {
        self.handle.value_size()
    }

    /// Capacity.
    pub fn max_entries(&self) -> u32 {
        self.handle.max_entries()
    }

    /// Creation flags.
    pub fn map_flags(&self) -> u32 {
        self.handle.map_flags()
    }

    /// The length of the value buffer element commands take and fill: `value_size`, or
    /// `round_up(value_size, 8) * possible_cpus()` for per-CPU maps.
    pub fn value_len(&self) -> Result<usize, Error> {
        self.handle.value_len(Command::MapLookupElem)
    }

    /// Copies the value for `key` into `value_out`; `false` if there is no such element.
    pub fn lookup(&self, key: &[u8], value_out: &mut [u8]) -> Result<bool, Error> {
        self.lookup_with_flags(key, value_out, 0)
    }

    /// [`lookup`](Self::lookup) with `BPF_F_LOCK` or other lookup flags.
    pub fn lookup_with_flags(
        &self,
        key: &[u8],
        value_out: &mut [u8],
        flags: u64,
    ) -> Result<bool, Error> {
        found(sys::map_lookup(&self.handle, key, value_out, flags))
    }

    /// The value of each possible CPU for `key` in a per-CPU map, in CPU order; `None` if there
    /// is no such element.
    pub fn lookup_percpu(&self, key: &[u8]) -> Result<Option<Vec<Vec<u8>>>, Error> {
        if ValueLayout::of(self.map_type()) != ValueLayout::PerCpu {
            return Err(Error::invalid(
                Command::MapLookupElem,
                format!("map type {} is not per-CPU", self.map_type()),
            ));
        }
        let mut buffer = vec![0; self.value_len()?];
        if !self.lookup(key, &mut buffer)? {
            return Ok(None);
        }
        let value_size = self.value_size() as usize;
        let slot = value_size.next_multiple_of(8);
        Ok(Some(
            buffer
                .chunks_exact(slot.max(1))
                .map(|chunk| chunk[..value_size].to_vec())
                .collect(),
        ))
    }

    /// Creates or updates the element: `flags` is `BPF_ANY`, `BPF_NOEXIST` (`EEXIST` if it
    /// exists) or `BPF_EXIST` (`ENOENT` if it does not), optionally with `BPF_F_LOCK`. Queue and
    /// stack maps take an empty key.
    pub fn update(&self, key: &[u8], value: &[u8], flags: u64) -> Result<(), Error> {
        sys::map_update(&self.handle, key, value, flags)
    }

    /// Deletes the element (`ENOENT` if there is none; arrays refuse with `EINVAL`).
    pub fn delete(&self, key: &[u8]) -> Result<(), Error> {
        sys::map_delete(&self.handle, key)
    }

    /// The key after `key` in the kernel's iteration order, or the first key for `None`;
    /// `None` after the last key. For hash maps a `key` that is not in the map also gives the
    /// first key.
    pub fn get_next_key(&self, key: Option<&[u8]>) -> Result<Option<Vec<u8>>, Error> {
        let mut next = vec![0; self.key_size() as usize];
        let present = found(sys::map_get_next_key(
            &self.handle,
            key.unwrap_or(&[]),
            &mut next,
        ))?;
        Ok(present.then_some(next))
    }

    /// Freezes the map (`BPF_MAP_FREEZE`): from now on user space can only read it (updates and
    /// deletes fail with `EPERM`), while programs keep the access their map flags give them. A
    /// frozen map created with `BPF_F_RDONLY_PROG` is constant, which the verifier requires for
    /// some helper arguments (`bpf_snprintf`'s format, `bpf_strncmp`'s second string) and uses
    /// to know the values programs read from it. Freezing a frozen map is `EPERM` (it is no
    /// longer writable); freezing a map that is mapped writable is `EBUSY`.
    pub fn freeze(&self) -> Result<(), Error> {
        sys::map_freeze(&self.handle)
    }

    /// Copies the value for `key` into `value_out` and deletes the element; `false` if there is
    /// none. Queue and stack maps take `None` and pop their next value.
    pub fn lookup_and_delete(
        &self,
        key: Option<&[u8]>,
        value_out: &mut [u8],
    ) -> Result<bool, Error> {
        found(sys::map_lookup_and_delete(
            &self.handle,
            key.unwrap_or(&[]),
            value_out,
            0,
        ))
    }
}

impl AsFd for KernelMap {
    fn as_fd(&self) -> BorrowedFd<'_> {
        self.handle.fd().as_fd()
    }
}

/// `ENOENT` as "not found", everything else as it came.
fn found(result: Result<(), Error>) -> Result<bool, Error> {
    match result {
        Ok(()) => Ok(true),
        Err(error) if error.errno() == Some(Errno::ENOENT) => Ok(false),
        Err(error) => Err(error),
    }
}
