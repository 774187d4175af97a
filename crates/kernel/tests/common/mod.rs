//! Shared by the kernel tests: the skip check, the assembler and the few kernel numbers the
//! tests use (the full tables belong to the `abi` crate).

#![allow(dead_code)]

use sluice_isa::Syntax;
use sluice_isa::asm::assemble_program;

pub(crate) const BPF_MAP_TYPE_HASH: u32 = 1;
pub(crate) const BPF_MAP_TYPE_ARRAY: u32 = 2;
pub(crate) const BPF_MAP_TYPE_PERCPU_HASH: u32 = 5;
pub(crate) const BPF_MAP_TYPE_PERCPU_ARRAY: u32 = 6;
pub(crate) const BPF_MAP_TYPE_QUEUE: u32 = 22;

pub(crate) const BPF_PROG_TYPE_SOCKET_FILTER: u32 = 1;
pub(crate) const BPF_PROG_TYPE_SCHED_CLS: u32 = 3;
pub(crate) const BPF_PROG_TYPE_XDP: u32 = 6;

pub(crate) const XDP_DROP: u32 = 1;
pub(crate) const XDP_PASS: u32 = 2;

/// `sizeof(struct __sk_buff)` and `sizeof(struct xdp_md)`.
pub(crate) const SK_BUFF_SIZE: usize = 192;
pub(crate) const XDP_MD_SIZE: usize = 24;

/// Whether the kernel accepts programs here; prints the skip line when it does not.
pub(crate) fn kernel_available() -> bool {
    match sluice_kernel::available() {
        Ok(()) => true,
        Err(errno) => {
            println!("skipped: kernel BPF unavailable ({errno})");
            false
        }
    }
}

/// Returns from the test when the kernel does not accept programs.
macro_rules! require_kernel {
    () => {
        if !common::kernel_available() {
            return;
        }
    };
}
pub(crate) use require_kernel;

/// Assembles LLVM-syntax text into bytecode.
pub(crate) fn bytecode(text: &str) -> Vec<u8> {
    match assemble_program(text, Syntax::Llvm) {
        Ok(program) => program.to_bytes(),
        Err(error) => panic!("test program does not assemble: {error}\n{text}"),
    }
}

/// A frame of `len` bytes whose byte `i` is `i` (so offsets are visible in the output).
pub(crate) fn frame(len: usize) -> Vec<u8> {
    (0..len).map(|i| i as u8).collect()
}

/// Builds raw BTF (`include/uapi/linux/btf.h`) type by type, for tests that load it.
#[derive(Debug)]
pub(crate) struct BtfBuilder {
    types: Vec<u8>,
    strings: Vec<u8>,
    last_id: u32,
}

pub(crate) const BTF_KIND_INT: u32 = 1;
pub(crate) const BTF_KIND_PTR: u32 = 2;
pub(crate) const BTF_KIND_STRUCT: u32 = 4;
pub(crate) const BTF_KIND_FUNC: u32 = 12;
pub(crate) const BTF_KIND_FUNC_PROTO: u32 = 13;
/// `BTF_FUNC_STATIC` and `BTF_FUNC_GLOBAL`, a FUNC's linkage in its `vlen`.
pub(crate) const BTF_FUNC_STATIC: u32 = 0;
pub(crate) const BTF_FUNC_GLOBAL: u32 = 1;

impl BtfBuilder {
    pub(crate) fn new() -> BtfBuilder {
        BtfBuilder {
            types: Vec::new(),
            // Offset 0 is the empty string.
            strings: vec![0],
            last_id: 0,
        }
    }

    /// Adds `text` to the string section and returns its offset (0 for "").
    pub(crate) fn string(&mut self, text: &str) -> u32 {
        if text.is_empty() {
            return 0;
        }
        let offset = self.strings.len() as u32;
        self.strings.extend_from_slice(text.as_bytes());
        self.strings.push(0);
        offset
    }

    /// Adds one type record and returns its id.
    pub(crate) fn record(
        &mut self,
        name: &str,
        kind: u32,
        vlen: u32,
        size_or_type: u32,
        extra: &[u32],
    ) -> u32 {
        let name_off = self.string(name);
        for word in [name_off, (kind << 24) | vlen, size_or_type]
            .into_iter()
            .chain(extra.iter().copied())
        {
            self.types.extend_from_slice(&word.to_le_bytes());
        }
        self.last_id += 1;
        self.last_id
    }

    /// An integer of `size` bytes.
    pub(crate) fn int(&mut self, name: &str, size: u32, signed: bool) -> u32 {
        let encoding = u32::from(signed) << 24 | (size * 8);
        self.record(name, BTF_KIND_INT, 0, size, &[encoding])
    }

    pub(crate) fn ptr(&mut self, target: u32) -> u32 {
        self.record("", BTF_KIND_PTR, 0, target, &[])
    }

    /// A struct of `size` bytes; members are (name, type, byte offset).
    pub(crate) fn structure(&mut self, name: &str, size: u32, members: &[(&str, u32, u32)]) -> u32 {
        let mut extra = Vec::new();
        for (member, type_id, offset) in members {
            extra.extend([self.string(member), *type_id, offset * 8]);
        }
        self.record(name, BTF_KIND_STRUCT, members.len() as u32, size, &extra)
    }

    /// A function prototype; params are (name, type).
    pub(crate) fn func_proto(&mut self, ret: u32, params: &[(&str, u32)]) -> u32 {
        let mut extra = Vec::new();
        for (param, type_id) in params {
            extra.extend([self.string(param), *type_id]);
        }
        self.record("", BTF_KIND_FUNC_PROTO, params.len() as u32, ret, &extra)
    }

    pub(crate) fn func(&mut self, name: &str, proto: u32, linkage: u32) -> u32 {
        self.record(name, BTF_KIND_FUNC, linkage, proto, &[])
    }

    /// The raw BTF: header, types, strings.
    pub(crate) fn bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(&0xeb9f_u16.to_le_bytes());
        out.extend_from_slice(&[1, 0]); // version, flags
        let type_len = self.types.len() as u32;
        for word in [24, 0, type_len, type_len, self.strings.len() as u32] {
            out.extend_from_slice(&u32::to_le_bytes(word));
        }
        out.extend_from_slice(&self.types);
        out.extend_from_slice(&self.strings);
        out
    }
}
