//! The one module that calls the kernel: the `bpf(2)` system call, the `bpf_attr` layouts it
//! takes, and one safe function per command that builds an attribute from borrowed buffers.
//!
//! Invariants, which every `unsafe` block below relies on:
//! - The kernel reads and writes user memory only through pointers inside the attribute, and
//!   only as many bytes as the attribute's size fields or the object's own sizes say. Each
//!   function here derives every pointer from a borrow that outlives the call and checks that
//!   the buffer is at least as long as what the kernel will touch: the size fields are taken
//!   from the buffers themselves, and map elements are sized from a [`MapHandle`], whose key
//!   and value sizes come either from the attribute the kernel accepted when it created the map
//!   or from the kernel's own description of the descriptor (`/proc/self/fdinfo`).
//! - An output buffer of length zero is passed as a null pointer: for `BPF_PROG_TEST_RUN` the
//!   kernel treats an output size of zero with a non-null pointer as "unbounded".
//! - Input buffers the kernel might write back (`BPF_PROG_TEST_RUN` writes `ctx_in` back for
//!   `BPF_PROG_TYPE_SYSCALL`) are copied into buffers owned here first, so the kernel never
//!   writes through a shared borrow.
//!
//! Every layout is `#[repr(C)]`, with its size and field offsets checked at compile time
//! against `include/uapi/linux/bpf.h`. A layout stops at the last field this crate sets; the
//! kernel zero-fills the fields it knows beyond the size passed. No layout has implicit padding:
//! padding bytes are uninitialised, and the kernel refuses (`EINVAL`) an attribute with non-zero
//! bytes after the last field it knows, so every gap is an explicit zero field.

#![allow(unsafe_code)]

use std::ffi::CStr;
use std::mem::{offset_of, size_of};
use std::os::fd::{AsFd, AsRawFd, BorrowedFd, FromRawFd, OwnedFd};

use crate::btf::{FuncInfo, LineInfo};
use crate::cpus::possible_cpus;
use crate::errno::Errno;
use crate::error::Error;
use crate::fd::Fd;
use crate::uapi::{Command, ValueLayout};

/// The attribute of `BPF_MAP_CREATE`, up to `map_extra`. It holds no pointers, so other modules
/// may fill it in directly.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct MapCreateAttr {
    pub(crate) map_type: u32,
    pub(crate) key_size: u32,
    pub(crate) value_size: u32,
    pub(crate) max_entries: u32,
    pub(crate) map_flags: u32,
    pub(crate) inner_map_fd: u32,
    pub(crate) numa_node: u32,
    pub(crate) map_name: [u8; 16],
    pub(crate) map_ifindex: u32,
    pub(crate) btf_fd: u32,
    pub(crate) btf_key_type_id: u32,
    pub(crate) btf_value_type_id: u32,
    pub(crate) btf_vmlinux_value_type_id: u32,
    pub(crate) map_extra: u64,
}
const _: () = assert!(size_of::<MapCreateAttr>() == 72);
const _: () = assert!(offset_of!(MapCreateAttr, map_name) == 28);
const _: () = assert!(offset_of!(MapCreateAttr, btf_fd) == 48);
const _: () = assert!(offset_of!(MapCreateAttr, map_extra) == 64);

/// The attribute of `BPF_MAP_{LOOKUP,UPDATE,DELETE,LOOKUP_AND_DELETE}_ELEM` and
/// `BPF_MAP_GET_NEXT_KEY` (where `value` is `next_key`).
#[repr(C)]
#[derive(Default)]
struct MapElemAttr {
    map_fd: u32,
    _pad: u32,
    key: u64,
    value: u64,
    flags: u64,
}
const _: () = assert!(size_of::<MapElemAttr>() == 32);
const _: () = assert!(offset_of!(MapElemAttr, key) == 8);
const _: () = assert!(offset_of!(MapElemAttr, flags) == 24);

/// The attribute of `BPF_PROG_LOAD`, up to `log_true_size` (Linux 6.4).
#[repr(C)]
#[derive(Default)]
struct ProgLoadAttr {
    prog_type: u32,
    insn_cnt: u32,
    insns: u64,
    license: u64,
    log_level: u32,
    log_size: u32,
    log_buf: u64,
    kern_version: u32,
    prog_flags: u32,
    prog_name: [u8; 16],
    prog_ifindex: u32,
    expected_attach_type: u32,
    prog_btf_fd: u32,
    func_info_rec_size: u32,
    func_info: u64,
    func_info_cnt: u32,
    line_info_rec_size: u32,
    line_info: u64,
    line_info_cnt: u32,
    attach_btf_id: u32,
    attach_prog_fd: u32,
    core_relo_cnt: u32,
    fd_array: u64,
    core_relos: u64,
    core_relo_rec_size: u32,
    log_true_size: u32,
}
const _: () = assert!(size_of::<ProgLoadAttr>() == 144);
const _: () = assert!(offset_of!(ProgLoadAttr, prog_name) == 48);
const _: () = assert!(offset_of!(ProgLoadAttr, expected_attach_type) == 68);
const _: () = assert!(offset_of!(ProgLoadAttr, func_info) == 80);
const _: () = assert!(offset_of!(ProgLoadAttr, attach_btf_id) == 108);
const _: () = assert!(offset_of!(ProgLoadAttr, fd_array) == 120);
const _: () = assert!(offset_of!(ProgLoadAttr, log_true_size) == 140);

/// The attribute of `BPF_MAP_FREEZE`: only `map_fd`.
#[repr(C)]
#[derive(Default)]
struct MapFdAttr {
    map_fd: u32,
}
const _: () = assert!(size_of::<MapFdAttr>() == 4);

/// The attribute of `BPF_BTF_LOAD`, up to `btf_log_true_size` (Linux 6.4).
#[repr(C)]
#[derive(Default)]
struct BtfLoadAttr {
    btf: u64,
    btf_log_buf: u64,
    btf_size: u32,
    btf_log_size: u32,
    btf_log_level: u32,
    btf_log_true_size: u32,
}
const _: () = assert!(size_of::<BtfLoadAttr>() == 32);
const _: () = assert!(offset_of!(BtfLoadAttr, btf_log_buf) == 8);
const _: () = assert!(offset_of!(BtfLoadAttr, btf_size) == 16);
const _: () = assert!(offset_of!(BtfLoadAttr, btf_log_true_size) == 28);

/// `struct bpf_func_info` and `struct bpf_line_info`, whose slices `BPF_PROG_LOAD` reads as
/// arrays of `func_info_rec_size` and `line_info_rec_size` bytes.
const FUNC_INFO_REC_SIZE: u32 = 8;
const LINE_INFO_REC_SIZE: u32 = 16;
const _: () = assert!(size_of::<FuncInfo>() == FUNC_INFO_REC_SIZE as usize);
const _: () = assert!(offset_of!(FuncInfo, type_id) == 4);
const _: () = assert!(size_of::<LineInfo>() == LINE_INFO_REC_SIZE as usize);
const _: () = assert!(offset_of!(LineInfo, file_name_off) == 4);
const _: () = assert!(offset_of!(LineInfo, line_off) == 8);
const _: () = assert!(offset_of!(LineInfo, line_col) == 12);

/// The attribute of `BPF_OBJ_PIN` and `BPF_OBJ_GET`.
#[repr(C)]
#[derive(Default)]
struct ObjAttr {
    pathname: u64,
    bpf_fd: u32,
    file_flags: u32,
}
const _: () = assert!(size_of::<ObjAttr>() == 16);

/// The attribute of `BPF_PROG_TEST_RUN`.
#[repr(C)]
#[derive(Default)]
struct TestRunAttr {
    prog_fd: u32,
    retval: u32,
    data_size_in: u32,
    data_size_out: u32,
    data_in: u64,
    data_out: u64,
    repeat: u32,
    duration: u32,
    ctx_size_in: u32,
    ctx_size_out: u32,
    ctx_in: u64,
    ctx_out: u64,
    flags: u32,
    cpu: u32,
    batch_size: u32,
    /// Explicit, so that it is zero: the kernel refuses non-zero bytes past the fields it knows.
    _pad: u32,
}
const _: () = assert!(size_of::<TestRunAttr>() == 80);
const _: () = assert!(offset_of!(TestRunAttr, data_in) == 16);
const _: () = assert!(offset_of!(TestRunAttr, ctx_in) == 48);
const _: () = assert!(offset_of!(TestRunAttr, batch_size) == 72);

/// The attribute layouts above; `bpf` takes nothing else.
trait Attr {}
impl Attr for MapCreateAttr {}
impl Attr for MapElemAttr {}
impl Attr for ProgLoadAttr {}
impl Attr for MapFdAttr {}
impl Attr for BtfLoadAttr {}
impl Attr for ObjAttr {}
impl Attr for TestRunAttr {}

/// Issues `bpf(command, attr, size_of::<A>())` and returns the kernel's non-negative result.
///
/// # Safety
/// Every pointer inside `attr` must be null or valid for the reads and writes the kernel
/// performs for `command`, as bounded by the attribute's size fields and the object's sizes.
unsafe fn bpf<A: Attr>(command: Command, attr: &mut A) -> Result<i64, Errno> {
    // The layouts are at most 144 bytes, so the size always fits.
    let size = size_of::<A>() as libc::c_uint;
    // SAFETY: `attr` is a live, exclusively borrowed `repr(C)` layout of `size` bytes that the
    // kernel may read and write; the pointers inside it are the caller's responsibility.
    let ret = unsafe {
        libc::syscall(
            libc::SYS_bpf,
            command as libc::c_int,
            std::ptr::from_mut(attr).cast::<libc::c_void>(),
            size,
        )
    };
    if ret < 0 { Err(Errno::last()) } else { Ok(ret) }
}

/// Takes ownership of a descriptor the kernel just returned.
fn fd_from_result(command: Command, ret: i64) -> Result<Fd, Error> {
    let raw = i32::try_from(ret)
        .map_err(|_| Error::invalid(command, format!("kernel returned {ret}, not a descriptor")))?;
    // SAFETY: the kernel returned `raw` as a new descriptor from a successful call; no other
    // owner exists, so `OwnedFd` may close it.
    let owned = unsafe { OwnedFd::from_raw_fd(raw) };
    Ok(Fd::from(owned))
}

/// A user-space address for the kernel to read from; null for an empty slice.
fn addr_in(bytes: &[u8]) -> u64 {
    records_in(bytes)
}

/// The address of an array of records for the kernel to read; null for an empty slice.
fn records_in<T>(records: &[T]) -> u64 {
    if records.is_empty() {
        0
    } else {
        records.as_ptr().expose_provenance() as u64
    }
}

/// A user-space address for the kernel to write to; null for an empty slice.
fn addr_out(bytes: &mut [u8]) -> u64 {
    if bytes.is_empty() {
        0
    } else {
        bytes.as_mut_ptr().expose_provenance() as u64
    }
}

/// A descriptor as the kernel's `__u32` attribute fields hold it.
pub(crate) fn fd_field(fd: BorrowedFd<'_>) -> u32 {
    // Open descriptors are non-negative, so the conversion is lossless.
    fd.as_raw_fd().cast_unsigned()
}

/// A buffer length as a kernel `__u32` size field, or an error naming the buffer.
fn size_field(command: Command, what: &str, len: usize) -> Result<u32, Error> {
    u32::try_from(len)
        .map_err(|_| Error::invalid(command, format!("{what} of {len} bytes is over 4 GiB")))
}

/// A map descriptor with the sizes the kernel uses for its elements.
///
/// Invariant: `key_size`, `value_size` and `map_type` are the map's own, as the kernel accepted
/// them at creation or as it reports them for the descriptor; element commands size the
/// buffers they hand to the kernel from them.
#[derive(Debug)]
pub(crate) struct MapHandle {
    fd: Fd,
    map_type: u32,
    key_size: u32,
    value_size: u32,
    max_entries: u32,
    map_flags: u32,
}

impl MapHandle {
    pub(crate) fn fd(&self) -> &Fd {
        &self.fd
    }

    pub(crate) fn map_type(&self) -> u32 {
        self.map_type
    }

    pub(crate) fn key_size(&self) -> u32 {
        self.key_size
    }

    pub(crate) fn value_size(&self) -> u32 {
        self.value_size
    }

    pub(crate) fn max_entries(&self) -> u32 {
        self.max_entries
    }

    pub(crate) fn map_flags(&self) -> u32 {
        self.map_flags
    }

    /// How many bytes the kernel copies for one value in user-space element commands.
    pub(crate) fn value_len(&self, command: Command) -> Result<usize, Error> {
        let value_size = self.value_size as usize;
        match ValueLayout::of(self.map_type) {
            ValueLayout::Plain => Ok(value_size),
            ValueLayout::PerCpu => {
                let slot = value_size.next_multiple_of(8);
                slot.checked_mul(possible_cpus()?)
                    .ok_or_else(|| Error::invalid(command, "per-CPU value size overflows"))
            }
            ValueLayout::Unknown => Err(Error::invalid(
                command,
                format!(
                    "map type {} is newer than this crate; its value size is unknown",
                    self.map_type
                ),
            )),
        }
    }

    /// Checks a key: empty (passed as null, for maps without keys or "no key") or exactly
    /// `key_size` bytes.
    fn check_key(&self, command: Command, key: &[u8]) -> Result<(), Error> {
        if key.is_empty() || key.len() == self.key_size as usize {
            Ok(())
        } else {
            Err(Error::invalid(
                command,
                format!(
                    "key is {} bytes, the map's keys are {}",
                    key.len(),
                    self.key_size
                ),
            ))
        }
    }

    /// Checks a value buffer against what the kernel copies.
    fn check_value(&self, command: Command, len: usize) -> Result<(), Error> {
        let expected = self.value_len(command)?;
        if len == expected {
            Ok(())
        } else {
            Err(Error::invalid(
                command,
                format!("value buffer is {len} bytes, the kernel copies {expected}"),
            ))
        }
    }

    fn elem_attr(&self, key: &[u8], flags: u64) -> MapElemAttr {
        MapElemAttr {
            map_fd: fd_field(self.fd.as_fd()),
            key: addr_in(key),
            flags,
            ..MapElemAttr::default()
        }
    }
}

/// `BPF_MAP_CREATE`.
pub(crate) fn map_create(attr: &MapCreateAttr) -> Result<MapHandle, Error> {
    let command = Command::MapCreate;
    let mut copy = *attr;
    // SAFETY: the map-creation attribute holds no pointers.
    let ret = unsafe { bpf(command, &mut copy) }.map_err(|errno| Error::syscall(command, errno))?;
    Ok(MapHandle {
        fd: fd_from_result(command, ret)?,
        map_type: attr.map_type,
        key_size: attr.key_size,
        value_size: attr.value_size,
        max_entries: attr.max_entries,
        map_flags: attr.map_flags,
    })
}

/// Wraps a descriptor that must be a BPF map, with the sizes the kernel reports for it in
/// `/proc/self/fdinfo` (a descriptor of any other kind has no `map_type` line there).
pub(crate) fn map_from_fd(fd: Fd) -> Result<MapHandle, Error> {
    let path = format!("/proc/self/fdinfo/{}", fd.as_raw_fd());
    let host_error = |reason: String| Error::HostInfo {
        path: path.clone(),
        reason,
    };
    let text = std::fs::read_to_string(&path).map_err(|e| host_error(e.to_string()))?;
    let field = |name: &str| -> Result<u32, Error> {
        let value = text
            .lines()
            .find_map(|line| line.strip_prefix(name)?.strip_prefix(':'))
            .ok_or_else(|| host_error(format!("no `{name}` line: not a BPF map")))?
            .trim();
        let parsed = match value.strip_prefix("0x") {
            Some(hex) => u32::from_str_radix(hex, 16),
            None => value.parse(),
        };
        parsed.map_err(|_| host_error(format!("bad `{name}` value `{value}`")))
    };
    Ok(MapHandle {
        map_type: field("map_type")?,
        key_size: field("key_size")?,
        value_size: field("value_size")?,
        max_entries: field("max_entries")?,
        map_flags: field("map_flags")?,
        fd,
    })
}

/// `BPF_MAP_LOOKUP_ELEM`: the value for `key` into `value` (exactly [`MapHandle::value_len`]).
pub(crate) fn map_lookup(
    map: &MapHandle,
    key: &[u8],
    value: &mut [u8],
    flags: u64,
) -> Result<(), Error> {
    map_read_value(Command::MapLookupElem, map, key, value, flags)
}

/// `BPF_MAP_LOOKUP_AND_DELETE_ELEM`: as [`map_lookup`], then deletes the element.
pub(crate) fn map_lookup_and_delete(
    map: &MapHandle,
    key: &[u8],
    value: &mut [u8],
    flags: u64,
) -> Result<(), Error> {
    map_read_value(Command::MapLookupAndDeleteElem, map, key, value, flags)
}

fn map_read_value(
    command: Command,
    map: &MapHandle,
    key: &[u8],
    value: &mut [u8],
    flags: u64,
) -> Result<(), Error> {
    map.check_key(command, key)?;
    map.check_value(command, value.len())?;
    let mut attr = map.elem_attr(key, flags);
    attr.value = addr_out(value);
    // SAFETY: `key` is empty (null) or `key_size` bytes, and `value` is exactly the number of
    // bytes the kernel copies out for this map type (both checked above); both borrows outlive
    // the call.
    let result = unsafe { bpf(command, &mut attr) };
    result
        .map(drop)
        .map_err(|errno| Error::syscall(command, errno))
}

/// `BPF_MAP_UPDATE_ELEM`.
pub(crate) fn map_update(
    map: &MapHandle,
    key: &[u8],
    value: &[u8],
    flags: u64,
) -> Result<(), Error> {
    let command = Command::MapUpdateElem;
    map.check_key(command, key)?;
    map.check_value(command, value.len())?;
    let mut attr = map.elem_attr(key, flags);
    attr.value = addr_in(value);
    // SAFETY: the kernel only reads here: `key_size` bytes of `key` and the value length that
    // `check_value` matched against `value`.
    let result = unsafe { bpf(command, &mut attr) };
    result
        .map(drop)
        .map_err(|errno| Error::syscall(command, errno))
}

/// `BPF_MAP_DELETE_ELEM`.
pub(crate) fn map_delete(map: &MapHandle, key: &[u8]) -> Result<(), Error> {
    let command = Command::MapDeleteElem;
    map.check_key(command, key)?;
    let mut attr = map.elem_attr(key, 0);
    // SAFETY: the kernel only reads `key_size` bytes of `key`, which `check_key` matched.
    let result = unsafe { bpf(command, &mut attr) };
    result
        .map(drop)
        .map_err(|errno| Error::syscall(command, errno))
}

/// `BPF_MAP_FREEZE`: from now on, user space can no longer change the map.
pub(crate) fn map_freeze(map: &MapHandle) -> Result<(), Error> {
    let command = Command::MapFreeze;
    let mut attr = MapFdAttr {
        map_fd: fd_field(map.fd.as_fd()),
    };
    // SAFETY: the attribute holds no pointers.
    let result = unsafe { bpf(command, &mut attr) };
    result
        .map(drop)
        .map_err(|errno| Error::syscall(command, errno))
}

/// What `BPF_BTF_LOAD` gave back.
#[derive(Debug)]
pub(crate) struct BtfLoadOutcome {
    pub(crate) result: Result<Fd, Errno>,
    /// The log's full length including its NUL, as the kernel reports it (0 before Linux 6.4).
    pub(crate) log_true_size: u32,
}

/// `BPF_BTF_LOAD` of the raw BTF `data`, with `log` as the log buffer (empty: no log).
pub(crate) fn btf_load(
    data: &[u8],
    log_level: u32,
    log: &mut [u8],
) -> Result<BtfLoadOutcome, Error> {
    let command = Command::BtfLoad;
    let btf_size = size_field(command, "BTF", data.len())?;
    // A shorter size than the buffer is always safe; the kernel refuses logs over 1 GiB anyway.
    let btf_log_size = u32::try_from(log.len()).unwrap_or(u32::MAX);
    let mut attr = BtfLoadAttr {
        btf: addr_in(data),
        btf_log_buf: addr_out(log),
        btf_size,
        btf_log_size,
        btf_log_level: log_level,
        btf_log_true_size: 0,
    };
    // SAFETY: the kernel reads `btf_size` bytes of `data`, exactly its length, and writes at most
    // `btf_log_size` bytes, the length of `log`, to `btf_log_buf` (null when `log` is empty).
    // Both borrows outlive the call.
    let result = unsafe { bpf(command, &mut attr) };
    let result = match result {
        Ok(ret) => Ok(fd_from_result(command, ret)?),
        Err(errno) => Err(errno),
    };
    Ok(BtfLoadOutcome {
        result,
        log_true_size: attr.btf_log_true_size,
    })
}

/// `BPF_MAP_GET_NEXT_KEY`: the key after `key` (the first key for an empty `key`) into `next`,
/// which must be exactly `key_size` bytes.
pub(crate) fn map_get_next_key(map: &MapHandle, key: &[u8], next: &mut [u8]) -> Result<(), Error> {
    let command = Command::MapGetNextKey;
    map.check_key(command, key)?;
    if next.len() != map.key_size as usize {
        return Err(Error::invalid(
            command,
            format!(
                "next-key buffer is {} bytes, the map's keys are {}",
                next.len(),
                map.key_size
            ),
        ));
    }
    let mut attr = map.elem_attr(key, 0);
    attr.value = addr_out(next);
    // SAFETY: the kernel reads `key_size` bytes of `key` (none when null) and writes `key_size`
    // bytes to `next`, whose length was just checked.
    let result = unsafe { bpf(command, &mut attr) };
    result
        .map(drop)
        .map_err(|errno| Error::syscall(command, errno))
}

/// What `BPF_PROG_LOAD` gets, with every buffer borrowed.
#[derive(Debug)]
pub(crate) struct ProgLoadRequest<'a> {
    pub(crate) prog_type: u32,
    pub(crate) expected_attach_type: u32,
    /// Whole instructions, 8 bytes each.
    pub(crate) insns: &'a [u8],
    pub(crate) license: &'a CStr,
    pub(crate) log_level: u32,
    pub(crate) kern_version: u32,
    pub(crate) prog_flags: u32,
    pub(crate) name: [u8; 16],
    pub(crate) prog_ifindex: u32,
    pub(crate) attach_btf_id: u32,
    pub(crate) attach_prog_fd: Option<BorrowedFd<'a>>,
    pub(crate) prog_btf_fd: Option<BorrowedFd<'a>>,
    pub(crate) func_info: &'a [FuncInfo],
    pub(crate) line_info: &'a [LineInfo],
    pub(crate) fd_array: Option<&'a [BorrowedFd<'a>]>,
}

/// What `BPF_PROG_LOAD` gave back.
#[derive(Debug)]
pub(crate) struct ProgLoadOutcome {
    pub(crate) result: Result<Fd, Errno>,
    /// The log's full length including its NUL, as the kernel reports it (0 before Linux 6.4).
    pub(crate) log_true_size: u32,
}

/// `BPF_PROG_LOAD`, with `log` as the verifier's log buffer (empty: no log).
pub(crate) fn prog_load(
    request: &ProgLoadRequest<'_>,
    log: &mut [u8],
) -> Result<ProgLoadOutcome, Error> {
    let command = Command::ProgLoad;
    if !request.insns.len().is_multiple_of(8) {
        return Err(Error::invalid(
            command,
            format!(
                "{} bytes of bytecode is not whole instructions",
                request.insns.len()
            ),
        ));
    }
    let insn_cnt = size_field(command, "program", request.insns.len() / 8)?;
    let func_info_cnt = size_field(command, "func_info", request.func_info.len())?;
    let line_info_cnt = size_field(command, "line_info", request.line_info.len())?;
    // A shorter size than the buffer is always safe; the kernel refuses logs over 1 GiB anyway.
    let log_size = u32::try_from(log.len()).unwrap_or(u32::MAX);
    let fd_array = request.fd_array.map_or(0, |fds| {
        if fds.is_empty() {
            0
        } else {
            fds.as_ptr().expose_provenance() as u64
        }
    });
    let mut attr = ProgLoadAttr {
        prog_type: request.prog_type,
        insn_cnt,
        insns: addr_in(request.insns),
        license: request.license.as_ptr().expose_provenance() as u64,
        log_level: request.log_level,
        log_size,
        log_buf: addr_out(log),
        kern_version: request.kern_version,
        prog_flags: request.prog_flags,
        prog_name: request.name,
        prog_ifindex: request.prog_ifindex,
        expected_attach_type: request.expected_attach_type,
        prog_btf_fd: request.prog_btf_fd.map_or(0, fd_field),
        func_info_rec_size: if func_info_cnt == 0 {
            0
        } else {
            FUNC_INFO_REC_SIZE
        },
        func_info: records_in(request.func_info),
        func_info_cnt,
        line_info_rec_size: if line_info_cnt == 0 {
            0
        } else {
            LINE_INFO_REC_SIZE
        },
        line_info: records_in(request.line_info),
        line_info_cnt,
        attach_btf_id: request.attach_btf_id,
        attach_prog_fd: request.attach_prog_fd.map_or(0, fd_field),
        fd_array,
        ..ProgLoadAttr::default()
    };
    // SAFETY: the kernel reads `insn_cnt * 8` bytes of `insns` (exactly its length), the
    // NUL-terminated `license`, `func_info_cnt` records of `func_info_rec_size` bytes from
    // `func_info` and `line_info_cnt` records of `line_info_rec_size` bytes from `line_info`
    // (exactly the two slices: the record sizes are the sizes of `FuncInfo` and `LineInfo`,
    // asserted at the top of this module; an empty slice is null with a count of 0), and entries
    // of `fd_array` (a slice of `BorrowedFd`, which has the layout of a C `int`); an entry index
    // past its end makes the kernel read further user memory and fail on the descriptor it
    // finds, but it never writes there. It writes at most `log_size` bytes, the length of `log`,
    // to `log_buf`, and otherwise only into `attr` itself. All borrows outlive the call.
    let result = unsafe { bpf(command, &mut attr) };
    let result = match result {
        Ok(ret) => Ok(fd_from_result(command, ret)?),
        Err(errno) => Err(errno),
    };
    Ok(ProgLoadOutcome {
        result,
        log_true_size: attr.log_true_size,
    })
}

/// What `BPF_PROG_TEST_RUN` gets, with every input borrowed.
#[derive(Debug)]
pub(crate) struct TestRunRequest<'a> {
    pub(crate) prog: BorrowedFd<'a>,
    /// Empty: no data (a null pointer).
    pub(crate) data_in: &'a [u8],
    /// `None`: no context (a null pointer); `Some` of an empty slice is a non-null pointer with
    /// size 0, which some program types treat as an all-zero context.
    pub(crate) ctx_in: Option<&'a [u8]>,
    pub(crate) repeat: u32,
    pub(crate) flags: u32,
    pub(crate) cpu: u32,
    pub(crate) batch_size: u32,
}

/// What `BPF_PROG_TEST_RUN` gave back. The figures are the kernel's only when `status` is
/// `Ok` or `ENOSPC` (an output buffer was too small; the sizes then say how large it must be).
#[derive(Debug)]
pub(crate) struct TestRunReport {
    pub(crate) status: Result<(), Errno>,
    pub(crate) retval: u32,
    pub(crate) duration: u32,
    pub(crate) data_size_out: u32,
    pub(crate) ctx_size_out: u32,
    /// The `ctx_in` buffer after the call, as the kernel left it (syscall programs write their
    /// context back into it); `None` without `ctx_in`.
    pub(crate) ctx_in_after: Option<Vec<u8>>,
}

/// `BPF_PROG_TEST_RUN`, writing at most `data_out.len()` and `ctx_out.len()` bytes.
pub(crate) fn prog_test_run(
    request: &TestRunRequest<'_>,
    data_out: &mut [u8],
    ctx_out: &mut [u8],
) -> Result<TestRunReport, Error> {
    let command = Command::ProgTestRun;
    let data_size_in = size_field(command, "data_in", request.data_in.len())?;
    let ctx_size_in = size_field(command, "ctx_in", request.ctx_in.map_or(0, <[u8]>::len))?;
    let data_size_out = size_field(command, "data_out", data_out.len())?;
    let ctx_size_out = size_field(command, "ctx_out", ctx_out.len())?;
    // Owned copies, because the kernel may write the inputs back.
    let mut data_in = request.data_in.to_vec();
    let mut ctx_in = request.ctx_in.map(<[u8]>::to_vec);
    let mut attr = TestRunAttr {
        prog_fd: fd_field(request.prog),
        data_size_in,
        data_size_out,
        data_in: addr_out(&mut data_in),
        data_out: addr_out(data_out),
        repeat: request.repeat,
        ctx_size_in,
        ctx_size_out,
        ctx_in: ctx_in
            .as_mut()
            .map_or(0, |ctx| ctx.as_mut_ptr().expose_provenance() as u64),
        ctx_out: addr_out(ctx_out),
        flags: request.flags,
        cpu: request.cpu,
        batch_size: request.batch_size,
        ..TestRunAttr::default()
    };
    // SAFETY: `data_in` and `ctx_in` are buffers owned here of exactly `data_size_in` and
    // `ctx_size_in` bytes (an empty `ctx_in` is a dangling but non-null pointer the kernel reads
    // zero bytes from); the kernel may read and write them. It writes at most `data_size_out`
    // bytes to `data_out` and `ctx_size_out` to `ctx_out`, their lengths, and an empty output is
    // null, so the kernel's "size 0 means unbounded" rule never applies. All outlive the call.
    let status = unsafe { bpf(command, &mut attr) }.map(drop);
    Ok(TestRunReport {
        status,
        retval: attr.retval,
        duration: attr.duration,
        data_size_out: attr.data_size_out,
        ctx_size_out: attr.ctx_size_out,
        ctx_in_after: ctx_in,
    })
}

/// `BPF_OBJ_PIN`: pins `fd` at `path` in a BPF file system.
pub(crate) fn obj_pin(fd: BorrowedFd<'_>, path: &CStr) -> Result<(), Error> {
    let command = Command::ObjPin;
    let mut attr = ObjAttr {
        pathname: path.as_ptr().expose_provenance() as u64,
        bpf_fd: fd_field(fd),
        file_flags: 0,
    };
    // SAFETY: the kernel only reads the NUL-terminated `path`, which outlives the call.
    let result = unsafe { bpf(command, &mut attr) };
    result
        .map(drop)
        .map_err(|errno| Error::syscall(command, errno))
}

/// `BPF_OBJ_GET`: opens the object pinned at `path`.
pub(crate) fn obj_get(path: &CStr, file_flags: u32) -> Result<Fd, Error> {
    let command = Command::ObjGet;
    let mut attr = ObjAttr {
        pathname: path.as_ptr().expose_provenance() as u64,
        bpf_fd: 0,
        file_flags,
    };
    // SAFETY: the kernel only reads the NUL-terminated `path`, which outlives the call.
    let ret = unsafe { bpf(command, &mut attr) }.map_err(|errno| Error::syscall(command, errno))?;
    fd_from_result(command, ret)
}

/// `_LINUX_CAPABILITY_VERSION_3`: two 32-bit words per capability set.
const LINUX_CAPABILITY_VERSION_3: u32 = 0x2008_0522;

/// `struct __user_cap_header_struct`.
#[repr(C)]
struct CapHeader {
    version: u32,
    pid: i32,
}

/// `struct __user_cap_data_struct`.
#[repr(C)]
#[derive(Clone, Copy, Default)]
struct CapData {
    effective: u32,
    permitted: u32,
    inheritable: u32,
}

/// `capset(2)` on the calling thread (`pid` 0) with every set empty. Capabilities are a
/// per-thread attribute in Linux, so the rest of the process keeps its own.
pub(crate) fn drop_thread_capabilities() -> Result<(), Errno> {
    let mut header = CapHeader {
        version: LINUX_CAPABILITY_VERSION_3,
        pid: 0,
    };
    let data = [CapData::default(); 2];
    // SAFETY: the kernel reads one header and, for version 3, exactly two data records, both
    // of which live on this stack frame for the duration of the call.
    let ret = unsafe {
        libc::syscall(
            libc::SYS_capset,
            std::ptr::from_mut(&mut header),
            data.as_ptr(),
        )
    };
    if ret < 0 { Err(Errno::last()) } else { Ok(()) }
}
