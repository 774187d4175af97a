//! Tracepoint records as the kernel lays them out (`sluice_abi::syscalls::record`), built from
//! what the tracer saw.

use sluice_abi::context::perf_event_data;
use sluice_trace::Regs;
use sluice_trace::regs::PT_REGS_SIZE;

use sluice_abi::syscalls::record::{
    self, COMMON_PID, raw_sys_enter, raw_sys_exit, sched_process_exec, sched_process_exit,
    sched_process_fork, sys_enter, sys_exit,
};

/// What a program runs on: its context, and kernel memory the context points into.
#[derive(Debug, Default)]
pub(crate) struct Ctx {
    pub(crate) ctx: Vec<u8>,
    pub(crate) kernel_data: Vec<u8>,
    /// At context offset `.0`, the address of byte `.1` of `kernel_data`.
    pub(crate) pointers: Vec<(u32, u32)>,
}

impl From<Vec<u8>> for Ctx {
    fn from(ctx: Vec<u8>) -> Ctx {
        Ctx {
            ctx,
            ..Ctx::default()
        }
    }
}

/// `offsetof(struct pt_regs, di)` and `ax`.
const PT_REGS_DI: u32 = 14 * 8;
const PT_REGS_AX: u32 = 10 * 8;

/// A kprobe on `__x64_sys_NAME`: the function's only argument (`di`) points to the user
/// registers the system call was made with, in kernel memory, as on x86-64 since 4.17.
pub(crate) fn syscall_kprobe(user_regs: &Regs) -> Ctx {
    Ctx {
        ctx: vec![0u8; PT_REGS_SIZE],
        kernel_data: user_regs.to_pt_regs().to_vec(),
        pointers: vec![(PT_REGS_DI, 0)],
    }
}

/// A return probe on it: the registers at the function's return, `ax` holding its result.
pub(crate) fn syscall_kretprobe(user_regs: &Regs, ret: i64) -> Ctx {
    let mut ctx = user_regs.to_pt_regs().to_vec();
    put(&mut ctx, PT_REGS_AX, &ret.to_le_bytes());
    Ctx::from(ctx)
}

fn put(record: &mut [u8], offset: u32, bytes: &[u8]) {
    let offset = offset as usize;
    record[offset..offset + bytes.len()].copy_from_slice(bytes);
}

fn common(size: u32, tid: i32) -> Vec<u8> {
    let mut record = vec![0u8; size as usize];
    put(&mut record, COMMON_PID, &tid.to_le_bytes());
    record
}

/// `syscalls/sys_enter_NAME` of thread `tid`: the number and the first `n_args` arguments.
pub(crate) fn sys_enter(tid: i32, nr: u32, args: &[u64; 6], n_args: usize) -> Vec<u8> {
    let mut record = common(sys_enter::size(n_args), tid);
    put(
        &mut record,
        sys_enter::SYSCALL_NR,
        &(nr as i32).to_le_bytes(),
    );
    for (index, arg) in args.iter().take(n_args).enumerate() {
        put(
            &mut record,
            sys_enter::ARGS + 8 * index as u32,
            &arg.to_le_bytes(),
        );
    }
    record
}

/// `syscalls/sys_exit_NAME`.
pub(crate) fn sys_exit(tid: i32, nr: u32, ret: i64) -> Vec<u8> {
    let mut record = common(sys_exit::SIZE, tid);
    put(
        &mut record,
        sys_exit::SYSCALL_NR,
        &(nr as i32).to_le_bytes(),
    );
    put(&mut record, sys_exit::RET, &ret.to_le_bytes());
    record
}

/// `raw_syscalls/sys_enter`.
pub(crate) fn raw_sys_enter(tid: i32, nr: u32, args: &[u64; 6]) -> Vec<u8> {
    let mut record = common(raw_sys_enter::SIZE, tid);
    put(&mut record, raw_sys_enter::ID, &i64::from(nr).to_le_bytes());
    for (index, arg) in args.iter().enumerate() {
        put(
            &mut record,
            raw_sys_enter::ARGS + 8 * index as u32,
            &arg.to_le_bytes(),
        );
    }
    record
}

/// `raw_syscalls/sys_exit`.
pub(crate) fn raw_sys_exit(tid: i32, nr: u32, ret: i64) -> Vec<u8> {
    let mut record = common(raw_sys_exit::SIZE, tid);
    put(&mut record, raw_sys_exit::ID, &i64::from(nr).to_le_bytes());
    put(&mut record, raw_sys_exit::RET, &ret.to_le_bytes());
    record
}

/// Appends a NUL-terminated string to a record and points the `__data_loc` field at
/// `field` to it.
fn push_string(record: &mut Vec<u8>, field: u32, text: &[u8]) {
    let offset = record.len() as u32;
    record.extend_from_slice(text);
    record.push(0);
    let loc = record::data_loc(offset, text.len() as u32 + 1);
    put(record, field, &loc.to_le_bytes());
}

/// `sched/sched_process_exec`: thread `tid` (formerly `old_tid`) executed `filename`.
pub(crate) fn process_exec(tid: i32, old_tid: i32, filename: &[u8]) -> Vec<u8> {
    let mut record = common(sched_process_exec::FIXED_SIZE, tid);
    put(&mut record, sched_process_exec::PID, &tid.to_le_bytes());
    put(
        &mut record,
        sched_process_exec::OLD_PID,
        &old_tid.to_le_bytes(),
    );
    push_string(&mut record, sched_process_exec::FILENAME, filename);
    record
}

/// `sched/sched_process_fork`: `parent` created `child`.
pub(crate) fn process_fork(
    parent: i32,
    parent_comm: &[u8],
    child: i32,
    child_comm: &[u8],
) -> Vec<u8> {
    let mut record = common(sched_process_fork::FIXED_SIZE, parent);
    put(
        &mut record,
        sched_process_fork::PARENT_PID,
        &parent.to_le_bytes(),
    );
    put(
        &mut record,
        sched_process_fork::CHILD_PID,
        &child.to_le_bytes(),
    );
    push_string(&mut record, sched_process_fork::PARENT_COMM, parent_comm);
    push_string(&mut record, sched_process_fork::CHILD_COMM, child_comm);
    record
}

/// `sched/sched_process_exit`: thread `tid` (`comm`) is exiting; `group_dead` when it is the
/// last thread of its process.
pub(crate) fn process_exit(tid: i32, comm: &[u8], group_dead: bool) -> Vec<u8> {
    let mut record = common(sched_process_exit::SIZE, tid);
    let mut name = [0u8; 16];
    let n = comm.len().min(15);
    name[..n].copy_from_slice(&comm[..n]);
    put(&mut record, sched_process_exit::COMM, &name);
    put(&mut record, sched_process_exit::PID, &tid.to_le_bytes());
    put(&mut record, sched_process_exit::PRIO, &120i32.to_le_bytes());
    record[sched_process_exit::GROUP_DEAD as usize] = u8::from(group_dead);
    record
}

/// `raw_tracepoint/sys_enter`: `args[0]` points to the user registers (kernel memory),
/// `args[1]` is the system call number.
pub(crate) fn raw_tp_sys_enter(user_regs: &Regs, nr: u32) -> Ctx {
    raw_tp_args(user_regs, u64::from(nr))
}

/// `raw_tracepoint/sys_exit`: `args[0]` points to the registers, `args[1]` is the result.
pub(crate) fn raw_tp_sys_exit(user_regs: &Regs, ret: i64) -> Ctx {
    raw_tp_args(user_regs, ret as u64)
}

fn raw_tp_args(user_regs: &Regs, second: u64) -> Ctx {
    let mut ctx = vec![0u8; 16];
    put(&mut ctx, 8, &second.to_le_bytes());
    Ctx {
        ctx,
        kernel_data: user_regs.to_pt_regs().to_vec(),
        pointers: vec![(0, 0)],
    }
}

/// `kprobe/sys_NAME`: the unwrapped function, called with the system call's arguments in
/// the C convention (`di`, `si`, `dx`, `cx`, `r8`, `r9`).
pub(crate) fn syscall_function(user_regs: &Regs) -> Ctx {
    let regs = Regs {
        rcx: user_regs.r10,
        ..*user_regs
    };
    Ctx::from(regs.to_pt_regs().to_vec())
}

/// A uprobe or uretprobe: the user registers (`ip` the probed address, or for a return
/// probe the address returned to, with `ax` the result).
pub(crate) fn uprobe(regs: &Regs) -> Ctx {
    Ctx::from(regs.to_pt_regs().to_vec())
}

/// `perf_event`: `struct bpf_perf_event_data`, the sampled thread's registers, then the
/// event's `sample_period` (nanoseconds of the CPU clock between samples) and `addr` (0).
pub(crate) fn perf_event(regs: &Regs, sample_period: u64) -> Ctx {
    let mut ctx = vec![0u8; perf_event_data::SIZE as usize];
    ctx[..PT_REGS_SIZE].copy_from_slice(&regs.to_pt_regs());
    put(
        &mut ctx,
        perf_event_data::SAMPLE_PERIOD,
        &sample_period.to_le_bytes(),
    );
    Ctx::from(ctx)
}

/// An LSM hook on system call arguments: the hook's `n_args` arguments, the first
/// `from_call` of them the call's and the rest 0 (`socket_create`'s `kern`: a user's call),
/// then the previous program's return value (0).
pub(crate) fn lsm(args: &[u64; 6], from_call: usize, n_args: usize) -> Ctx {
    let mut ctx = vec![0u8; 8 * (n_args + 1)];
    for (index, arg) in args.iter().take(from_call.min(n_args)).enumerate() {
        put(&mut ctx, 8 * index as u32, &arg.to_le_bytes());
    }
    Ctx::from(ctx)
}
