//! [`ElfImage`]: the function symbols of an executable or shared library and its loadable
//! segments, to find a probed function's file offset (what the kernel's uprobes attach by) and
//! to name the function a code address lies in.
//!
//! Symbols come from `.symtab` and `.dynsym` (stripped libraries keep only the latter).
//! File offsets and the virtual addresses in the symbol tables are related by the `PT_LOAD`
//! segments.

use std::path::{Path, PathBuf};

use object::{Object, ObjectSegment, ObjectSymbol, SymbolKind};

use crate::error::TraceError;

/// A function symbol.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Symbol {
    pub name: String,
    /// Its virtual address in the file's address space.
    pub vaddr: u64,
    pub size: u64,
}

/// A loadable segment: `file_size` bytes at `file_offset` are mapped at `vaddr`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Segment {
    vaddr: u64,
    file_offset: u64,
    file_size: u64,
}

/// An ELF file's segments: how its file offsets and its (linked) virtual addresses relate.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Segments(Vec<Segment>);

impl Segments {
    /// The segments of `file`.
    pub(crate) fn of(file: &object::File<'_>) -> Segments {
        Segments(
            file.segments()
                .map(|segment| {
                    let (file_offset, file_size) = segment.file_range();
                    Segment {
                        vaddr: segment.address(),
                        file_offset,
                        file_size,
                    }
                })
                .collect(),
        )
    }

    /// The file offset of virtual address `vaddr`.
    pub(crate) fn file_offset(&self, vaddr: u64) -> Option<u64> {
        self.0
            .iter()
            .find(|s| vaddr >= s.vaddr && vaddr - s.vaddr < s.file_size)
            .and_then(|s| (vaddr - s.vaddr).checked_add(s.file_offset))
    }

    /// The virtual address of file offset `offset`.
    pub(crate) fn vaddr(&self, offset: u64) -> Option<u64> {
        self.0
            .iter()
            .find(|s| offset >= s.file_offset && offset - s.file_offset < s.file_size)
            .and_then(|s| (offset - s.file_offset).checked_add(s.vaddr))
    }
}

/// An ELF file's function symbols and segments.
#[derive(Clone, Debug)]
pub struct ElfImage {
    pub path: PathBuf,
    /// Sorted by address; at one address, the first name wins.
    symbols: Vec<Symbol>,
    segments: Segments,
}

impl ElfImage {
    /// Reads the ELF file at `path`.
    pub fn open(path: &Path) -> Result<ElfImage, TraceError> {
        let error = |reason: String| TraceError::Elf {
            path: path.to_path_buf(),
            reason,
        };
        let data = std::fs::read(path).map_err(|e| error(e.to_string()))?;
        ElfImage::parse(path, &data).map_err(error)
    }

    /// Parses `data`, the contents of the file at `path`.
    pub fn parse(path: &Path, data: &[u8]) -> Result<ElfImage, String> {
        let file = object::File::parse(data).map_err(|e| e.to_string())?;
        let mut symbols: Vec<Symbol> = file
            .symbols()
            .chain(file.dynamic_symbols())
            .filter(|symbol| symbol.kind() == SymbolKind::Text && symbol.is_definition())
            .filter_map(|symbol| {
                Some(Symbol {
                    name: symbol.name().ok()?.to_string(),
                    vaddr: symbol.address(),
                    size: symbol.size(),
                })
            })
            .collect();
        symbols.sort_by(|a, b| a.vaddr.cmp(&b.vaddr).then(b.size.cmp(&a.size)));
        let segments = Segments::of(&file);
        Ok(ElfImage {
            path: path.to_path_buf(),
            symbols,
            segments,
        })
    }

    /// The symbol called `name` (a versioned name such as `malloc@@GLIBC_2.2.5` matches
    /// `malloc`).
    pub fn symbol(&self, name: &str) -> Option<&Symbol> {
        let unversioned = |symbol: &&Symbol| symbol.name.split('@').next() == Some(name);
        self.symbols
            .iter()
            .find(|symbol| symbol.name == name)
            .or_else(|| self.symbols.iter().find(unversioned))
    }

    /// The file offset of virtual address `vaddr`.
    pub fn file_offset(&self, vaddr: u64) -> Option<u64> {
        self.segments.file_offset(vaddr)
    }

    /// The virtual address of file offset `offset`.
    pub fn vaddr(&self, offset: u64) -> Option<u64> {
        self.segments.vaddr(offset)
    }

    /// The function that the byte at file offset `offset` belongs to, and how far into it.
    pub fn function_at(&self, offset: u64) -> Option<(&Symbol, u64)> {
        let vaddr = self.vaddr(offset)?;
        let after = self.symbols.partition_point(|symbol| symbol.vaddr <= vaddr);
        let symbol = self.symbols[..after].last()?;
        let within = vaddr - symbol.vaddr;
        // A sized symbol must contain the address; an unsized one (hand-written assembly)
        // extends to the next.
        (symbol.size == 0 || within < symbol.size).then_some((symbol, within))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn libc() -> Option<ElfImage> {
        let maps = crate::proc_maps::read(std::process::id() as i32);
        let path = maps.iter().find_map(|m| {
            m.path.clone().filter(|p| {
                p.file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with("libc.so"))
            })
        })?;
        Some(ElfImage::open(&path).unwrap())
    }

    #[test]
    fn libc_symbols_round_trip() {
        let Some(libc) = libc() else {
            eprintln!("skipped: this test binary does not map libc");
            return;
        };
        let getpid = libc.symbol("getpid").expect("libc defines getpid");
        let offset = libc.file_offset(getpid.vaddr).unwrap();
        let (found, within) = libc.function_at(offset + 1).unwrap();
        assert_eq!(within, 1);
        assert_eq!(libc.symbol(&found.name).unwrap().vaddr, getpid.vaddr);
        assert!(libc.symbol("no_such_function_here").is_none());
    }

    #[test]
    fn garbage_is_an_error() {
        assert!(ElfImage::parse(Path::new("x"), b"not an elf file").is_err());
        let error = ElfImage::open(Path::new("/nonexistent/file")).unwrap_err();
        assert!(error.to_string().contains("/nonexistent/file"), "{error}");
    }
}
