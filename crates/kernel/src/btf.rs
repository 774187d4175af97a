//! [`BtfLoad`] and [`KernelBtf`]: type information (BTF) loaded into the kernel, which maps
//! ([`crate::MapBtf`]) and programs ([`crate::ProgLoad::prog_btf_fd`]) refer to; and the
//! records that tie a program's instructions to it ([`FuncInfo`], [`LineInfo`]).
//!
//! Invariants:
//! - A `KernelBtf` exists only for BTF the kernel accepted; a refusal is [`Error::Load`] with
//!   the kernel's error number and the BTF checker's log (obtained at level 1 when the caller
//!   asked for none), as for program loads.
//! - The bytes are passed as they are: fixing up what the compiler leaves for the loader (the
//!   sizes and offsets of `DATASEC`s) is the caller's business.
//! - [`FuncInfo`] and [`LineInfo`] have exactly the kernel's layouts (`struct bpf_func_info`,
//!   `struct bpf_line_info`), so a slice of them is handed to the kernel as it is.

#![forbid(unsafe_code)]

use std::os::fd::{AsFd, BorrowedFd, RawFd};

use crate::error::Error;
use crate::fd::Fd;
use crate::log::{LogAttempt, load_with_log};
use crate::sys;
use crate::uapi::Command;

/// `struct bpf_func_info`: the function that starts at instruction `insn_off` has the BTF
/// `FUNC` type `type_id`. A program with subprograms or callbacks gives one per function,
/// the entry function first at 0, in increasing `insn_off`.
#[repr(C)]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct FuncInfo {
    /// The function's first instruction, counted in 8-byte instructions from the program's
    /// start (not in bytes, as in `.BTF.ext`).
    pub insn_off: u32,
    /// Its `FUNC` type in the program's BTF.
    pub type_id: u32,
}

/// `struct bpf_line_info`: from instruction `insn_off` on, the code comes from this source line.
/// The verifier prints the line in its log. Records are in increasing `insn_off`, and every
/// function's first instruction has one.
#[repr(C)]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct LineInfo {
    /// The first instruction, counted in 8-byte instructions from the program's start.
    pub insn_off: u32,
    /// Offset of the source file's name in the BTF string section.
    pub file_name_off: u32,
    /// Offset of the line's text in the BTF string section.
    pub line_off: u32,
    /// Line number in the upper 22 bits, column in the lower 10.
    pub line_col: u32,
}

impl LineInfo {
    /// `line_col` for a line and column (the column is cut to 10 bits, the line to 22).
    pub fn line_col(line: u32, column: u32) -> u32 {
        (line << 10) | (column & 0x3ff)
    }
}

/// The attributes of a BTF load (`BPF_BTF_LOAD`). `Default` is no bytes and no log.
#[derive(Debug, Clone, Copy, Default)]
pub struct BtfLoad<'a> {
    /// The raw BTF: header, type section and string section, as in an object's `.BTF` section
    /// (after a loader's fix-ups).
    pub data: &'a [u8],
    /// Log level: 0, or `BPF_LOG_LEVEL1` (the kernel logs every type it checks).
    pub log_level: u32,
}

impl BtfLoad<'_> {
    /// Loads the BTF. A refusal is [`Error::Load`] with the BTF checker's log.
    pub fn load(&self) -> Result<KernelBtf, Error> {
        let (fd, log) = load_with_log(Command::BtfLoad, self.log_level, |level, log| {
            let outcome = sys::btf_load(self.data, level, log)?;
            Ok(LogAttempt {
                result: outcome.result,
                log_true_size: outcome.log_true_size,
            })
        })?;
        Ok(KernelBtf { fd, log })
    }
}

/// BTF loaded into the kernel. Dropping it closes the descriptor; maps and programs created
/// with it keep their own reference.
#[derive(Debug)]
pub struct KernelBtf {
    fd: Fd,
    log: String,
}

impl KernelBtf {
    /// Loads raw BTF without a log; a refusal still carries the kernel's log
    /// ([`BtfLoad::load`]).
    pub fn load(data: &[u8]) -> Result<KernelBtf, Error> {
        BtfLoad {
            data,
            ..BtfLoad::default()
        }
        .load()
    }

    /// The descriptor (`btf_fd` of maps, `prog_btf_fd` of programs).
    pub fn fd(&self) -> &Fd {
        &self.fd
    }

    /// The descriptor's number.
    pub fn as_raw_fd(&self) -> RawFd {
        self.fd.as_raw_fd()
    }

    /// The BTF checker's log of the successful load (empty at `log_level` 0).
    pub fn log(&self) -> &str {
        &self.log
    }
}

impl AsFd for KernelBtf {
    fn as_fd(&self) -> BorrowedFd<'_> {
        self.fd.as_fd()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_packs_line_and_column() {
        assert_eq!(LineInfo::line_col(3, 7), (3 << 10) | 7);
        assert_eq!(LineInfo::line_col(1, 0x7ff), (1 << 10) | 0x3ff);
    }
}
