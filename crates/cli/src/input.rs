//! Reading programs from the forms users hand them in: raw bytecode, assembly text, hex text and
//! ELF objects.

use std::path::Path;

use anyhow::{Context, Result, bail};
use object::{Object, ObjectSection, ObjectSymbol, SectionKind};
use sluice_isa::Syntax;

/// Reads a file, or standard input for `-`.
pub(crate) fn read_file(path: &Path) -> Result<Vec<u8>> {
    if path.as_os_str() == "-" {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin(), &mut bytes)
            .context("cannot read standard input")?;
        return Ok(bytes);
    }
    std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))
}

/// Whether the bytes are an ELF object.
pub(crate) fn is_elf(bytes: &[u8]) -> bool {
    bytes.starts_with(b"\x7fELF")
}

/// Whether the bytes look like text (valid UTF-8 without NUL bytes) rather than bytecode.
pub(crate) fn is_text(bytes: &[u8]) -> bool {
    !bytes.contains(&0) && std::str::from_utf8(bytes).is_ok()
}

/// Guesses the syntax of assembly text: `%r` registers mean the conformance syntax.
pub(crate) fn guess_syntax(text: &str) -> Syntax {
    if text.contains("%r") {
        Syntax::Conformance
    } else {
        Syntax::Llvm
    }
}

/// Parses hex text such as `b7 00 00 00` or `b7000000`, ignoring whitespace.
pub(crate) fn parse_hex(text: &str) -> Result<Vec<u8>> {
    let digits: Vec<char> = text.chars().filter(|c| !c.is_whitespace()).collect();
    if !digits.len().is_multiple_of(2) {
        bail!("hex text has an odd number of digits ({})", digits.len());
    }
    digits
        .chunks(2)
        .enumerate()
        .map(|(idx, pair)| {
            let text: String = pair.iter().collect();
            u8::from_str_radix(&text, 16)
                .with_context(|| format!("byte {idx} (`{text}`) is not hex"))
        })
        .collect()
}

/// A section of code from an ELF object, with the symbols that start functions in it.
#[derive(Debug)]
pub(crate) struct CodeSection {
    pub(crate) name: String,
    pub(crate) bytes: Vec<u8>,
    /// (byte offset, symbol name), sorted by offset.
    pub(crate) symbols: Vec<(u64, String)>,
}

/// The code sections of an ELF object, in file order. With `only`, just the section of that
/// name.
pub(crate) fn elf_code_sections(bytes: &[u8], only: Option<&str>) -> Result<Vec<CodeSection>> {
    let file = object::File::parse(bytes).context("cannot parse ELF object")?;
    let mut sections = Vec::new();
    for section in file.sections() {
        let name = section.name().context("bad section name")?.to_string();
        let wanted = match only {
            Some(only) => name == only,
            None => section.kind() == SectionKind::Text && section.size() > 0,
        };
        if !wanted {
            continue;
        }
        let data = section
            .data()
            .with_context(|| format!("section {name}: cannot read its data"))?;
        let mut symbols: Vec<(u64, String)> = file
            .symbols()
            .filter(|symbol| {
                symbol.section_index() == Some(section.index()) && symbol.is_definition()
            })
            .filter(|symbol| symbol.kind() == object::SymbolKind::Text)
            .filter_map(|symbol| Some((symbol.address(), symbol.name().ok()?.to_string())))
            .filter(|(_, name)| !name.is_empty())
            .collect();
        symbols.sort();
        sections.push(CodeSection {
            name,
            bytes: data.to_vec(),
            symbols,
        });
    }
    if sections.is_empty() {
        match only {
            Some(only) => bail!("the object has no section named {only}"),
            None => bail!("the object has no code sections"),
        }
    }
    Ok(sections)
}
