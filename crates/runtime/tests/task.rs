//! A run that counts as a traced task: the current-task helpers describe the task, and user
//! reads read its memory (here a fake task over a buffer), failing where it has none.

use std::path::Path;
use std::sync::Arc;

use sluice_obj::Object;
use sluice_runtime::test_run::{TestRunInput, test_run};
use sluice_runtime::{LoadOptions, LoadedObject, Task};

/// A task whose memory is `memory`, at `base`.
#[derive(Debug)]
struct FakeTask {
    base: u64,
    memory: Vec<u8>,
}

impl Task for FakeTask {
    fn pid_tgid(&self) -> u64 {
        (4242 << 32) | 4243
    }

    fn uid_gid(&self) -> u64 {
        (100 << 32) | 1000
    }

    fn comm(&self) -> Vec<u8> {
        b"a-rather-long-command-name".to_vec()
    }

    fn read_user(&self, addr: u64, buf: &mut [u8]) -> usize {
        let Some(offset) = addr.checked_sub(self.base) else {
            return 0;
        };
        let Some(available) = self.memory.get(offset as usize..) else {
            return 0;
        };
        let n = available.len().min(buf.len());
        buf[..n].copy_from_slice(&available[..n]);
        n
    }
}

fn word(bytes: &[u8], at: usize) -> u64 {
    u64::from_le_bytes(bytes[at..at + 8].try_into().unwrap())
}

#[test]
fn helpers_describe_the_traced_task_and_read_its_memory() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/trace/task.o");
    let object = Object::parse(&std::fs::read(path).expect("task.o")).expect("parses");
    let loaded = LoadedObject::load(object, &LoadOptions::default()).expect("loads");
    let program = loaded.program("task").expect("program");
    let base = 0x7fff_0000_0000u64;
    let mut memory = vec![0u8; 4096];
    memory[16..30].copy_from_slice(b"/etc/hostname\0");
    let task = FakeTask { base, memory };
    // ctx[0]: the string; ctx[1]: an address the task does not have.
    let mut ctx = Vec::new();
    ctx.extend_from_slice(&(base + 16).to_le_bytes());
    ctx.extend_from_slice(&0x1000u64.to_le_bytes());
    let input = TestRunInput {
        ctx_in: Some(ctx),
        task: Some(Arc::new(task)),
        ..TestRunInput::default()
    };
    test_run(&loaded, program, &input).expect("runs");
    let map = loaded.map("seen").expect("map");
    let mut value = vec![0u8; map.spec().value_size as usize];
    map.lookup(&0u32.to_le_bytes(), &mut value).expect("entry");
    assert_eq!(word(&value, 0), (4242 << 32) | 4243);
    assert_eq!(word(&value, 8), (100 << 32) | 1000);
    assert_eq!(&value[16..32], b"a-rather-long-c\0", "15 bytes and the NUL");
    assert_eq!(&value[32..46], b"/etc/hostname\0");
    assert_eq!(word(&value, 64) as i64, 14, "bytes copied, NUL included");
    assert_eq!(
        word(&value, 72) as i64,
        -14,
        "-EFAULT where the task has no memory"
    );
    // Without a task, user reads fault.
    let input = TestRunInput {
        ctx_in: Some({
            let mut ctx = (base + 16).to_le_bytes().to_vec();
            ctx.extend_from_slice(&0x1000u64.to_le_bytes());
            ctx
        }),
        ..TestRunInput::default()
    };
    test_run(&loaded, program, &input).expect("runs");
    map.lookup(&0u32.to_le_bytes(), &mut value).expect("entry");
    assert_eq!(word(&value, 64) as i64, -14);
    assert_eq!(word(&value, 0) >> 32, u64::from(std::process::id()));
}
