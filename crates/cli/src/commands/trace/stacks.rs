//! User stacks of traced threads: walked when a program asks (`bpf_get_stack{,id}` with
//! `BPF_F_USER_STACK`), and printed symbolized in the `--dump-maps` of stack trace maps.
//!
//! The processes whose stacks were taken are remembered (their mappings), so that stacks can be
//! symbolized at the end, after the processes have exited.

use std::collections::HashSet;
use std::sync::Mutex;

use sluice_abi::map_type::MapType;
use sluice_runtime::LoadedObject;
use sluice_trace::symbolize::Symbolizer;
use sluice_trace::unwind::Unwinder;

use super::dump::MapDump;

/// The unwinder and the symbolizer, shared by every run of a trace.
#[derive(Debug, Default)]
pub(crate) struct Stacks {
    unwinder: Mutex<Unwinder>,
    symbolizer: Mutex<Symbolizer>,
    /// Processes whose mappings the symbolizer has, since their last exec.
    remembered: Mutex<HashSet<i32>>,
}

impl Stacks {
    /// The user stack of stopped thread `tid` of process `tgid`, innermost first.
    pub(crate) fn user_stack(&self, tid: i32, tgid: i32, max_depth: usize) -> Vec<u64> {
        let Some(regs) = sluice_trace::thread_regs(tid) else {
            return Vec::new();
        };
        let stack = self
            .unwinder
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .user_stack(tgid, &regs, max_depth);
        let mut remembered = self
            .remembered
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if remembered.insert(tgid) {
            self.symbolizer
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .remember(tgid);
        }
        stack
    }

    /// Process `tgid` executed a new program, or mapped more: its mappings are read again
    /// when next needed.
    pub(crate) fn forget(&self, tgid: i32) {
        self.unwinder
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .forget(tgid);
        let mut remembered = self
            .remembered
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if remembered.remove(&tgid) {
            // Keep what the old program mapped for stacks already taken; read the new.
            self.symbolizer
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .remember(tgid);
        }
    }

    /// Replaces the values of the stack trace maps in `dumps` by their frames, symbolized:
    /// `function+0xOFF (file)` innermost first, joined by ` <- `.
    pub(crate) fn symbolize_dumps(&self, loaded: &LoadedObject, dumps: &mut [MapDump]) {
        let mut symbolizer = self
            .symbolizer
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        for (map, dump) in loaded.maps.iter().zip(dumps.iter_mut()) {
            let spec = map.spec();
            if spec.map_type != MapType::StackTrace as u32 {
                continue;
            }
            let mut entries = Vec::new();
            let mut key: Option<Vec<u8>> = None;
            let mut next = vec![0u8; spec.key_size as usize];
            while entries.len() < dump.entries.len()
                && map.next_key(key.as_deref(), &mut next).is_ok()
            {
                let mut value = vec![0u8; spec.value_size as usize];
                if map.lookup(&next, &mut value).is_ok() {
                    let frames: Vec<String> = value
                        .chunks_exact(8)
                        .map(|ip| u64::from_le_bytes(ip.try_into().expect("8 bytes")))
                        .take_while(|ip| *ip != 0)
                        .map(|ip| symbolizer.symbolize_any(ip))
                        .collect();
                    let id = u32::from_le_bytes(next[..4].try_into().unwrap_or_default());
                    entries.push(super::dump::Entry {
                        key: id.to_string(),
                        values: vec![frames.join(" <- ")],
                    });
                }
                key = Some(next.clone());
            }
            dump.entries = entries;
        }
    }
}
