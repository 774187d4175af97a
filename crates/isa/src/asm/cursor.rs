//! A character cursor over one line of assembly, with the small parsing steps both syntaxes
//! share: whitespace, words, numbers in decimal or hex, and range checks for the fields they go
//! into.

/// Error text of one parsing step; the caller adds the line.
pub(crate) type StepResult<T> = Result<T, String>;

/// A position in one line of source text.
#[derive(Clone, Debug)]
pub(crate) struct Cursor<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Cursor<'a> {
    pub(crate) fn new(text: &'a str) -> Cursor<'a> {
        Cursor { text, pos: 0 }
    }

    /// The text not consumed yet.
    pub(crate) fn rest(&self) -> &'a str {
        &self.text[self.pos..]
    }

    /// Moves past `len` bytes of the rest; `len` must end on a character boundary.
    pub(crate) fn advance(&mut self, len: usize) {
        self.pos = (self.pos + len).min(self.text.len());
    }

    pub(crate) fn skip_ws(&mut self) {
        let rest = self.rest();
        self.pos += rest.len() - rest.trim_start().len();
    }

    pub(crate) fn at_end(&mut self) -> bool {
        self.skip_ws();
        self.rest().is_empty()
    }

    /// Consumes `token` (after whitespace) if the text continues with it.
    pub(crate) fn eat(&mut self, token: &str) -> bool {
        self.skip_ws();
        if self.rest().starts_with(token) {
            self.pos += token.len();
            true
        } else {
            false
        }
    }

    /// Consumes `word` if it is followed by a character that cannot continue a word.
    pub(crate) fn eat_word(&mut self, word: &str) -> bool {
        self.skip_ws();
        let rest = self.rest();
        if rest.starts_with(word) && !rest[word.len()..].starts_with(is_word_char) {
            self.pos += word.len();
            true
        } else {
            false
        }
    }

    pub(crate) fn expect(&mut self, token: &str) -> StepResult<()> {
        if self.eat(token) {
            Ok(())
        } else {
            Err(format!("expected `{token}` {}", self.found()))
        }
    }

    /// Describes what stands at the cursor, for error messages.
    pub(crate) fn found(&mut self) -> String {
        self.skip_ws();
        match self.rest().split_whitespace().next() {
            Some(word) => format!("at `{word}`"),
            None => "at end of line".to_string(),
        }
    }

    pub(crate) fn expect_end(&mut self) -> StepResult<()> {
        if self.at_end() {
            Ok(())
        } else {
            Err(format!(
                "unexpected `{}` after instruction",
                self.rest().trim_end()
            ))
        }
    }

    /// Reads a word: letters, digits, `_`, `.` and `$`.
    pub(crate) fn word(&mut self) -> Option<&'a str> {
        self.skip_ws();
        let rest = self.rest();
        let len = rest.find(|c: char| !is_word_char(c)).unwrap_or(rest.len());
        if len == 0 {
            return None;
        }
        self.pos += len;
        Some(&rest[..len])
    }

    /// Reads an integer literal: optional sign, then decimal digits or `0x` and hex digits.
    /// Returns the value and whether it was written in hex.
    pub(crate) fn number(&mut self) -> StepResult<(i128, bool)> {
        self.skip_ws();
        let start = self.pos;
        let mut negative = false;
        if self.eat("-") {
            negative = true;
        } else {
            self.eat("+");
        }
        self.skip_ws();
        let rest = self.rest();
        let (digits, radix) = match rest.strip_prefix("0x").or_else(|| rest.strip_prefix("0X")) {
            Some(hex) => (hex, 16),
            None => (rest, 10),
        };
        let len = digits
            .find(|c: char| !c.is_digit(radix))
            .unwrap_or(digits.len());
        if len == 0 {
            self.pos = start;
            return Err(format!("expected a number {}", self.found()));
        }
        let text = &digits[..len];
        let magnitude = i128::from_str_radix(text, radix)
            .ok()
            .filter(|value| *value <= i128::from(u64::MAX))
            .ok_or_else(|| format!("number `{text}` does not fit in 64 bits"))?;
        self.pos += rest.len() - digits.len() + len;
        if self.rest().starts_with(is_word_char) {
            self.pos = start;
            return Err(format!("malformed number {}", self.found()));
        }
        Ok((if negative { -magnitude } else { magnitude }, radix == 16))
    }

    /// Whether the text at the cursor starts a number.
    pub(crate) fn at_number(&mut self) -> bool {
        self.skip_ws();
        let rest = self.rest().trim_start_matches(['-', '+']).trim_start();
        rest.starts_with(|c: char| c.is_ascii_digit())
    }

    /// Reads a 32-bit immediate: decimal in `i32` range, or hex up to `0xffffffff` taken as a bit
    /// pattern (so `0xffffffff` is -1), as the conformance suite's assembler does.
    pub(crate) fn imm32(&mut self) -> StepResult<i32> {
        let (value, hex) = self.number()?;
        fit_imm32(value, hex)
    }

    /// Reads a 16-bit offset: decimal in `i16` range, or hex up to `0xffff` as a bit pattern.
    pub(crate) fn off16(&mut self) -> StepResult<i16> {
        let (value, hex) = self.number()?;
        fit_off16(value, hex)
    }

    /// Reads a 64-bit immediate: anything from `i64::MIN` to `u64::MAX`.
    pub(crate) fn imm64(&mut self) -> StepResult<u64> {
        let (value, _) = self.number()?;
        if value < i128::from(i64::MIN) {
            return Err(format!("immediate {value} does not fit in 64 bits"));
        }
        Ok(value as u64)
    }
}

fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '.' || c == '$'
}

pub(crate) fn fit_imm32(value: i128, hex: bool) -> StepResult<i32> {
    let fits = if hex && value >= 0 {
        value <= i128::from(u32::MAX)
    } else {
        i128::from(i32::MIN) <= value && value <= i128::from(i32::MAX)
    };
    if fits {
        Ok(value as u32 as i32)
    } else {
        Err(format!(
            "immediate {} is out of 32-bit range",
            show(value, hex)
        ))
    }
}

pub(crate) fn fit_off16(value: i128, hex: bool) -> StepResult<i16> {
    let fits = if hex && value >= 0 {
        value <= i128::from(u16::MAX)
    } else {
        i128::from(i16::MIN) <= value && value <= i128::from(i16::MAX)
    };
    if fits {
        Ok(value as u16 as i16)
    } else {
        Err(format!(
            "offset {} is out of 16-bit range",
            show(value, hex)
        ))
    }
}

fn show(value: i128, hex: bool) -> String {
    if hex && value >= 0 {
        format!("{value:#x}")
    } else {
        value.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers() {
        assert_eq!(Cursor::new(" 0x10").number(), Ok((16, true)));
        assert_eq!(Cursor::new("-8]").number(), Ok((-8, false)));
        assert_eq!(Cursor::new("- 8").number(), Ok((-8, false)));
        assert!(Cursor::new("12ab").number().is_err());
        assert!(Cursor::new("x").number().is_err());
    }

    #[test]
    fn immediate_ranges() {
        assert_eq!(Cursor::new("0xffffffff").imm32(), Ok(-1));
        assert!(Cursor::new("0x100000000").imm32().is_err());
        assert!(Cursor::new("2147483648").imm32().is_err());
        assert_eq!(Cursor::new("-2147483648").imm32(), Ok(i32::MIN));
        assert_eq!(Cursor::new("0xffff").off16(), Ok(-1));
        assert!(Cursor::new("0x10000").off16().is_err());
        assert!(Cursor::new("32768").off16().is_err());
        assert_eq!(Cursor::new("-1").imm64(), Ok(u64::MAX));
        assert_eq!(Cursor::new("18446744073709551615").imm64(), Ok(u64::MAX));
    }

    #[test]
    fn words() {
        let mut cursor = Cursor::new("goto +3");
        assert!(!cursor.eat_word("got"));
        assert!(cursor.eat_word("goto"));
        assert_eq!(cursor.number(), Ok((3, false)));
        assert!(cursor.at_end());
    }
}
