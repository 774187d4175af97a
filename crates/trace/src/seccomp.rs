//! The seccomp filter a traced process runs under: the system calls some program watches stop
//! the process for the tracer (`SECCOMP_RET_TRACE`); every other runs at full speed
//! (`SECCOMP_RET_ALLOW`). The filter is classic BPF, built here as plain instructions.

/// One classic BPF instruction (`struct sock_filter`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SockFilter {
    pub code: u16,
    pub jt: u8,
    pub jf: u8,
    pub k: u32,
}

const BPF_LD_W_ABS: u16 = 0x20; // BPF_LD | BPF_W | BPF_ABS
const BPF_JEQ_K: u16 = 0x15; // BPF_JMP | BPF_JEQ | BPF_K
const BPF_RET_K: u16 = 0x06; // BPF_RET | BPF_K
/// `offsetof(struct seccomp_data, nr)` and `arch`.
const DATA_NR: u32 = 0;
const DATA_ARCH: u32 = 4;
/// `AUDIT_ARCH_X86_64`.
const AUDIT_ARCH_X86_64: u32 = 0xc000_003e;
pub const SECCOMP_RET_ALLOW: u32 = 0x7fff_0000;
pub const SECCOMP_RET_TRACE: u32 = 0x7ff0_0000;

/// The filter: x86-64 system calls numbered in `watched` stop for the tracer, the rest run.
/// Calls of other ABIs (i386 via `int 0x80`) are not watched. A classic BPF jump reaches at
/// most 255 instructions ahead, so the filter tests the numbers one after the other, each test
/// jumping over the rest to the shared `RET_TRACE` only when close enough; otherwise it returns
/// directly.
pub fn filter(watched: &[u32]) -> Vec<SockFilter> {
    let mut numbers: Vec<u32> = watched.to_vec();
    numbers.sort_unstable();
    numbers.dedup();
    let mut program = vec![
        SockFilter {
            code: BPF_LD_W_ABS,
            jt: 0,
            jf: 0,
            k: DATA_ARCH,
        },
        // Not x86-64: allow (skip to the end).
        SockFilter {
            code: BPF_JEQ_K,
            jt: 1,
            jf: 0,
            k: AUDIT_ARCH_X86_64,
        },
        SockFilter {
            code: BPF_RET_K,
            jt: 0,
            jf: 0,
            k: SECCOMP_RET_ALLOW,
        },
        SockFilter {
            code: BPF_LD_W_ABS,
            jt: 0,
            jf: 0,
            k: DATA_NR,
        },
    ];
    for nr in numbers {
        // Equal: fall through to RET_TRACE; not equal: skip it.
        program.push(SockFilter {
            code: BPF_JEQ_K,
            jt: 0,
            jf: 1,
            k: nr,
        });
        program.push(SockFilter {
            code: BPF_RET_K,
            jt: 0,
            jf: 0,
            k: SECCOMP_RET_TRACE,
        });
    }
    program.push(SockFilter {
        code: BPF_RET_K,
        jt: 0,
        jf: 0,
        k: SECCOMP_RET_ALLOW,
    });
    program
}

/// What the filter returns for system call `nr` of architecture `arch`: the reference the
/// tests hold [`filter`] to, by running it.
pub fn run(program: &[SockFilter], arch: u32, nr: u32) -> Option<u32> {
    let mut accumulator = 0u32;
    let mut pc = 0usize;
    loop {
        let insn = program.get(pc)?;
        match insn.code {
            BPF_LD_W_ABS => {
                accumulator = match insn.k {
                    DATA_NR => nr,
                    DATA_ARCH => arch,
                    _ => return None,
                };
                pc += 1;
            }
            BPF_JEQ_K => {
                pc += 1 + usize::from(if accumulator == insn.k {
                    insn.jt
                } else {
                    insn.jf
                });
            }
            BPF_RET_K => return Some(insn.k),
            _ => return None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn watched_calls_trace_and_the_rest_run() {
        let program = filter(&[257, 59, 59, 39]);
        for nr in 0..500 {
            let expected = if [39, 59, 257].contains(&nr) {
                SECCOMP_RET_TRACE
            } else {
                SECCOMP_RET_ALLOW
            };
            assert_eq!(run(&program, AUDIT_ARCH_X86_64, nr), Some(expected), "{nr}");
        }
        assert_eq!(run(&program, 0x4000_0003, 59), Some(SECCOMP_RET_ALLOW));
        assert_eq!(
            run(&filter(&[]), AUDIT_ARCH_X86_64, 1),
            Some(SECCOMP_RET_ALLOW)
        );
    }
}
