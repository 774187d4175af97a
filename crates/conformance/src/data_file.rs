//! Parser for the conformance suite's `.data` files.
//!
//! A file is a sequence of sections opened by `-- NAME` lines: `asm` (the program in the suite's
//! syntax), `raw` (instruction words that replace it), `mem` (input memory as hex bytes),
//! `result` (the expected `r0`), `error` (the expected error text, possibly empty), and the notes
//! `c` and `no register offset`, which are ignored. `#` starts a comment.
//!
//! Parsing is strict: an unknown section, a file without a program or without an expectation,
//! or a program that does not assemble is an error, so that the runner counts the file as
//! failed rather than skipping it.

use sluice_isa::asm::{AsmError, assemble};
use sluice_isa::{RawInsn, Syntax};
use thiserror::Error;

/// What a test expects.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Expectation {
    /// The run returns this `r0`.
    Result(u64),
    /// Loading or running fails, with an error containing this text (any error if empty).
    Error(String),
}

/// One parsed test file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TestCase {
    /// The program's instruction slots.
    pub slots: Vec<RawInsn>,
    /// The input memory.
    pub memory: Vec<u8>,
    /// What the run must produce.
    pub expectation: Expectation,
}

/// Why a test file could not be parsed; `line` is 1-based.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum ParseError {
    #[error("line {line}: unknown section `-- {name}`")]
    UnknownSection { line: usize, name: String },
    #[error("line {line}: text outside any section")]
    OutsideSection { line: usize },
    #[error("line {line}: {message}")]
    BadValue { line: usize, message: String },
    #[error("the asm section does not assemble: {0}")]
    Asm(AsmError),
    #[error("no program (neither an asm nor a raw section with instructions)")]
    NoProgram,
    #[error("no expectation (neither a result nor an error section)")]
    NoExpectation,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Section {
    None,
    Asm,
    Raw,
    Mem,
    Result,
    Error,
    Ignored,
}

/// Parses the text of a `.data` file.
pub fn parse(text: &str) -> Result<TestCase, ParseError> {
    let mut section = Section::None;
    let mut asm = String::new();
    let mut asm_first_line = 0;
    let mut raw: Vec<RawInsn> = Vec::new();
    let mut raw_bytes: Vec<u8> = Vec::new();
    let mut has_raw = false;
    let mut memory = Vec::new();
    let mut result = None;
    let mut error: Option<String> = None;
    for (line_idx, line) in text.lines().enumerate() {
        let line_no = line_idx + 1;
        let line = line.trim_end_matches('\r');
        if let Some(name) = line.trim_start().strip_prefix("--") {
            let name = name.trim();
            section = match name {
                "asm" => {
                    asm_first_line = line_no;
                    Section::Asm
                }
                "raw" => {
                    has_raw = true;
                    Section::Raw
                }
                "mem" => Section::Mem,
                "result" => Section::Result,
                "error" => {
                    error.get_or_insert_with(String::new);
                    Section::Error
                }
                "c" | "no register offset" => Section::Ignored,
                _ => {
                    return Err(ParseError::UnknownSection {
                        line: line_no,
                        name: name.to_string(),
                    });
                }
            };
            continue;
        }
        // The C notes may contain `#include`; everything else takes `#` comments.
        let content = if section == Section::Ignored {
            line
        } else {
            line.split('#').next().unwrap_or_default()
        };
        let content = content.trim();
        let bad = |message: String| ParseError::BadValue {
            line: line_no,
            message,
        };
        match section {
            Section::Asm => {
                // Keep line numbers aligned with the file for assembler errors.
                asm.push_str(content);
                asm.push('\n');
            }
            _ if content.is_empty() => {}
            Section::None => return Err(ParseError::OutsideSection { line: line_no }),
            Section::Ignored => {}
            Section::Raw => {
                for token in content.split_whitespace() {
                    if let Some(hex) = token
                        .strip_prefix("0x")
                        .or_else(|| token.strip_prefix("0X"))
                    {
                        let word = u64::from_str_radix(hex, 16)
                            .map_err(|_| bad(format!("bad instruction word `{token}`")))?;
                        raw.push(RawInsn::from_u64(word));
                    } else if token.len() == 2 {
                        let byte = u8::from_str_radix(token, 16)
                            .map_err(|_| bad(format!("bad byte `{token}`")))?;
                        raw_bytes.push(byte);
                        if raw_bytes.len() == 8 {
                            let mut word = [0; 8];
                            word.copy_from_slice(&raw_bytes);
                            raw.push(RawInsn::from_bytes(word));
                            raw_bytes.clear();
                        }
                    } else {
                        return Err(bad(format!(
                            "bad raw token `{token}` (expected 0x-prefixed words or hex bytes)"
                        )));
                    }
                }
            }
            Section::Mem => {
                for token in content.split_whitespace() {
                    let byte = u8::from_str_radix(token, 16)
                        .map_err(|_| bad(format!("bad memory byte `{token}`")))?;
                    memory.push(byte);
                }
            }
            Section::Result => {
                let value = match content
                    .strip_prefix("0x")
                    .or_else(|| content.strip_prefix("0X"))
                {
                    Some(hex) => u64::from_str_radix(hex, 16),
                    None => content.parse(),
                }
                .map_err(|_| bad(format!("bad result `{content}`")))?;
                result = Some(value);
            }
            Section::Error => {
                let text = error.get_or_insert_with(String::new);
                if !text.is_empty() {
                    text.push(' ');
                }
                text.push_str(content);
            }
        }
    }
    if !raw_bytes.is_empty() {
        return Err(ParseError::BadValue {
            line: 0,
            message: format!(
                "raw section ends with {} bytes, not a whole instruction",
                raw_bytes.len()
            ),
        });
    }
    let slots = if has_raw {
        raw
    } else if asm.trim().is_empty() {
        Vec::new()
    } else {
        // Prefix blank lines so assembler line numbers match the file.
        let source = "\n".repeat(asm_first_line) + &asm;
        assemble(&source, Syntax::Conformance).map_err(ParseError::Asm)?
    };
    if slots.is_empty() {
        return Err(ParseError::NoProgram);
    }
    let expectation = match (error, result) {
        (Some(text), _) => Expectation::Error(text),
        (None, Some(value)) => Expectation::Result(value),
        (None, None) => return Err(ParseError::NoExpectation),
    };
    Ok(TestCase {
        slots,
        memory,
        expectation,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_asm_memory_and_result() {
        let case = parse(
            "# c\n-- asm\nldxb %r0, [%r1+1] # second byte\nexit\n-- mem\n01 02\n-- result\n0x2\n",
        )
        .unwrap();
        assert_eq!(case.slots.len(), 2);
        assert_eq!(case.memory, [1, 2]);
        assert_eq!(case.expectation, Expectation::Result(2));
    }

    #[test]
    fn raw_accepts_words_and_bytes() {
        let words = parse("-- raw\n0x0000000000000095\n-- result\n0\n").unwrap();
        let bytes = parse("-- raw\n95 00 00 00 00 00 00 00\n-- error\n").unwrap();
        assert_eq!(words.slots, bytes.slots);
        assert_eq!(bytes.expectation, Expectation::Error(String::new()));
    }

    #[test]
    fn refuses_broken_files() {
        assert_eq!(parse(""), Err(ParseError::NoProgram));
        assert_eq!(parse("-- asm\nexit\n"), Err(ParseError::NoExpectation));
        assert!(matches!(
            parse("-- asm\n-- bogus\n"),
            Err(ParseError::UnknownSection { line: 2, .. })
        ));
        let error = parse("-- asm\nexit\nja nowhere\n-- result\n1").unwrap_err();
        assert!(
            matches!(&error, ParseError::Asm(asm) if asm.line == 3),
            "{error}"
        );
    }
}
