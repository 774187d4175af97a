//! A process's memory mappings, as `/proc/PID/maps` lists them: which file is mapped where, so
//! that a file offset (a probed function, a frame's return address) can be turned into an
//! address of the process and back.

use std::path::{Path, PathBuf};

/// One line of `/proc/PID/maps`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mapping {
    pub start: u64,
    /// One past the last byte.
    pub end: u64,
    pub readable: bool,
    pub writable: bool,
    pub executable: bool,
    /// Offset in the file of the byte mapped at `start`.
    pub file_offset: u64,
    pub inode: u64,
    /// The mapped file; `None` for anonymous memory, `[stack]`, `[vdso]` and the like.
    pub path: Option<PathBuf>,
}

impl Mapping {
    /// Whether `addr` lies in the mapping.
    pub fn contains(&self, addr: u64) -> bool {
        (self.start..self.end).contains(&addr)
    }

    /// The file offset mapped at `addr` (which must lie in the mapping).
    pub fn file_offset_of(&self, addr: u64) -> u64 {
        addr - self.start + self.file_offset
    }

    /// The address where file offset `offset` is mapped, if this mapping covers it.
    pub fn address_of(&self, offset: u64) -> Option<u64> {
        let len = self.end - self.start;
        (offset >= self.file_offset && offset - self.file_offset < len)
            .then(|| self.start + offset - self.file_offset)
    }
}

/// The mappings of process `pid`, in address order; empty when it is gone.
pub fn read(pid: i32) -> Vec<Mapping> {
    std::fs::read_to_string(format!("/proc/{pid}/maps"))
        .map(|text| parse(&text))
        .unwrap_or_default()
}

/// Parses the text of a `maps` file; lines that do not parse are left out.
pub fn parse(text: &str) -> Vec<Mapping> {
    text.lines().filter_map(parse_line).collect()
}

/// The mappings of process `pid` with their names as the kernel prints them: a path, a pseudo
/// name such as `[vdso]`, `[heap]` or `[stack]`, or `""` for anonymous memory; empty when the
/// process is gone.
pub fn read_named(pid: i32) -> Vec<(Mapping, String)> {
    std::fs::read_to_string(format!("/proc/{pid}/maps"))
        .map(|text| parse_named(&text))
        .unwrap_or_default()
}

/// As [`parse`], with each mapping's name column.
pub fn parse_named(text: &str) -> Vec<(Mapping, String)> {
    text.lines()
        .filter_map(|line| {
            let (mapping, name) = parse_line_named(line)?;
            Some((mapping, name.to_string()))
        })
        .collect()
}

fn parse_line(line: &str) -> Option<Mapping> {
    parse_line_named(line).map(|(mapping, _name)| mapping)
}

/// A line's mapping and its name column (leading spaces removed).
fn parse_line_named(line: &str) -> Option<(Mapping, &str)> {
    // 7f1c2a000000-7f1c2a028000 r--p 00000000 08:01 1234   /usr/lib/x86_64-linux-gnu/libc.so.6
    let mut fields = line.splitn(6, ' ');
    let (start, end) = fields.next()?.split_once('-')?;
    let perms = fields.next()?.as_bytes();
    let file_offset = u64::from_str_radix(fields.next()?, 16).ok()?;
    let _device = fields.next()?;
    let inode = fields.next()?.parse().ok()?;
    let name = fields.next().unwrap_or("").trim_start();
    let path = (name.starts_with('/'))
        .then(|| PathBuf::from(name.strip_suffix(" (deleted)").unwrap_or(name)));
    let mapping = Mapping {
        start: u64::from_str_radix(start, 16).ok()?,
        end: u64::from_str_radix(end, 16).ok()?,
        readable: perms.first() == Some(&b'r'),
        writable: perms.get(1) == Some(&b'w'),
        executable: perms.get(2) == Some(&b'x'),
        file_offset,
        inode,
        path,
    };
    Some((mapping, name))
}

/// Where in `maps` (in address order, as [`read_named`] gives them) the mapping that `addr`
/// lies in is.
pub fn index_containing(maps: &[(Mapping, String)], addr: u64) -> Option<usize> {
    let index = maps
        .partition_point(|(mapping, _)| mapping.start <= addr)
        .checked_sub(1)?;
    maps.get(index)?.0.contains(addr).then_some(index)
}

/// The name the kernel gives the vDSO's mapping.
pub const VDSO: &str = "[vdso]";

/// Largest vDSO image read from a process (it is a few pages).
const MAX_VDSO_BYTES: u64 = 1 << 20;

/// The ELF image that `mapping` (named `name`) of process `pid` maps: the whole file (through
/// the process's root directory when the path is not found here, as for a process in another
/// mount namespace), or for the vDSO, which is no file, its image in the process's memory
/// (where file offsets are offsets from the mapping's start). `None` for anonymous memory or
/// what cannot be read.
pub fn read_image(pid: i32, mapping: &Mapping, name: &str) -> Option<Vec<u8>> {
    if let Some(path) = &mapping.path {
        return std::fs::read(path).ok().or_else(|| {
            let inside = format!("/proc/{pid}/root{}", path.display());
            std::fs::read(inside).ok()
        });
    }
    if name != VDSO {
        return None;
    }
    let len = mapping.end.checked_sub(mapping.start)?.min(MAX_VDSO_BYTES);
    let mut image = vec![0u8; usize::try_from(len).ok()?];
    (crate::read_memory(pid, mapping.start, &mut image) == image.len()).then_some(image)
}

/// Whether `mapping` maps the file at `path` (compared by inode and canonical path, so a path
/// through a symbolic link, such as `/lib` for `/usr/lib`, matches).
pub fn maps_file(mapping: &Mapping, path: &Path, inode: u64) -> bool {
    mapping.inode == inode
        && mapping.path.as_deref().is_some_and(|mapped| {
            mapped == path || std::fs::canonicalize(mapped).is_ok_and(|real| real == path)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_parse_into_mappings() {
        let text = "\
55d0c0a00000-55d0c0a02000 r--p 00000000 08:01 3146 /usr/bin/cat
55d0c0a02000-55d0c0a07000 r-xp 00002000 08:01 3146 /usr/bin/cat
7ffd1c5e0000-7ffd1c601000 rw-p 00000000 00:00 0                          [stack]
7f0000000000-7f0000001000 rw-p 00000000 00:00 0 
7f0000001000-7f0000002000 r-xp 00001000 08:01 77 /tmp/a b (deleted)
";
        let maps = parse(text);
        assert_eq!(maps.len(), 5);
        assert_eq!(maps[1].start, 0x55d0c0a02000);
        assert!(maps[1].executable && !maps[1].writable);
        assert_eq!(maps[1].file_offset, 0x2000);
        assert_eq!(maps[1].path.as_deref(), Some(Path::new("/usr/bin/cat")));
        assert_eq!(maps[1].address_of(0x2010), Some(0x55d0c0a02010));
        assert_eq!(maps[1].address_of(0x1fff), None);
        assert_eq!(maps[1].file_offset_of(0x55d0c0a02010), 0x2010);
        assert_eq!(maps[2].path, None);
        assert_eq!(maps[3].path, None);
        assert_eq!(maps[4].path.as_deref(), Some(Path::new("/tmp/a b")));
        let names: Vec<String> = parse_named(text)
            .into_iter()
            .map(|(_, name)| name)
            .collect();
        assert_eq!(
            names,
            [
                "/usr/bin/cat",
                "/usr/bin/cat",
                "[stack]",
                "",
                "/tmp/a b (deleted)"
            ]
        );
    }

    #[test]
    fn mappings_are_found_by_address() {
        let maps =
            parse_named("1000-2000 r-xp 00000000 08:01 1 /a\n3000-4000 r-xp 00000000 08:01 2 /b\n");
        let inode = |addr| index_containing(&maps, addr).map(|index| maps[index].0.inode);
        assert_eq!(inode(0x1000), Some(1));
        assert_eq!(inode(0x1fff), Some(1));
        assert_eq!(inode(0x2000), None);
        assert_eq!(inode(0x3800), Some(2));
        assert_eq!(inode(0xfff), None);
        assert_eq!(index_containing(&[], 0x1000), None);
    }

    #[test]
    fn this_process_maps_its_executable() {
        let exe = std::fs::canonicalize("/proc/self/exe").unwrap();
        let maps = read(std::process::id() as i32);
        assert!(
            maps.iter()
                .any(|m| m.executable && m.path.as_deref() == Some(&exe))
        );
    }
}
