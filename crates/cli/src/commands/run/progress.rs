//! The progress line of `sluice run` on a capture.

use std::time::Instant;

/// A progress line on standard error for captures that take more than a second, when standard
/// error is a terminal: frames so far, and how far into the file.
pub(crate) struct Progress {
    started: Instant,
    last: Instant,
    total_bytes: u64,
    shown: bool,
    enabled: bool,
}

impl Progress {
    pub(crate) fn new(path: &std::path::Path) -> Progress {
        use std::io::IsTerminal;
        let now = Instant::now();
        Progress {
            started: now,
            last: now,
            total_bytes: std::fs::metadata(path).map_or(0, |m| m.len()),
            shown: false,
            enabled: std::io::stderr().is_terminal(),
        }
    }

    pub(crate) fn update(&mut self, frames: u64, offset: u64) {
        // Checking the clock costs little next to a frame's run, but not nothing.
        if !self.enabled || !frames.is_multiple_of(1024) {
            return;
        }
        let now = Instant::now();
        if now.duration_since(self.started).as_secs() < 1
            || now.duration_since(self.last).as_millis() < 200
        {
            return;
        }
        self.last = now;
        self.shown = true;
        let percent = if self.total_bytes > 0 {
            offset as f64 * 100.0 / self.total_bytes as f64
        } else {
            0.0
        };
        let width = 30;
        let filled = ((percent / 100.0) * width as f64) as usize;
        eprint!(
            "\r[{}{}] {percent:5.1}%  {frames} frames",
            "#".repeat(filled.min(width)),
            " ".repeat(width - filled.min(width)),
        );
    }

    pub(crate) fn finish(&self) {
        if self.shown {
            eprint!("\r{}\r", " ".repeat(60));
        }
    }
}
