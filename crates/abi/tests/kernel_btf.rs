//! Compares the crate's tables with the running kernel's BTF (`/sys/kernel/btf/vmlinux`):
//! the UAPI enums (program, map and attach types, helper ids), the verifier's internal type
//! enums (argument and return types, type flags), the flag constants, and the layouts of the
//! context structures.
//!
//! Without BTF each test prints a `skipped:` line and passes. On a kernel other than 6.18 the
//! enums are compared only where both sides name a value, since the tables describe 6.18.

mod support;

use std::collections::HashMap;

use sluice_abi::context::{self, ContextLayout};
use sluice_abi::helper_proto::{ArgKind, ArgType, RetKind, RetType, TypeFlags};
use sluice_abi::helpers::MAX_HELPER_ID;
use sluice_abi::map_type::{
    create_flags, csum_flags, local_storage_flags, perf_flags, redirect_flags, ringbuf_flags,
    stack_flags, timer_flags, update_flags,
};
use sluice_abi::{AttachType, HelperId, MapType, ProgType, limits};
use support::btf::Btf;

/// Whether the running kernel is the one the tables describe, so that every value it defines
/// must be known.
fn kernel_is_6_18() -> bool {
    std::fs::read_to_string("/proc/sys/kernel/osrelease")
        .is_ok_and(|release| release.starts_with("6.18."))
}

/// Checks a kernel enum against `ours` (kernel identifier, value): equal values for common
/// names, and on 6.18 the same set of names, ignoring `__MAX`-style sentinels and the aliases
/// in `aliases`.
fn compare_enum(btf: &Btf, enum_name: &str, ours: &[(&str, i128)], aliases: &[&str]) {
    let kernel = btf
        .enum_values(enum_name)
        .unwrap_or_else(|| panic!("BTF has no enum {enum_name}"));
    let kernel: HashMap<&str, i128> = kernel
        .iter()
        .filter(|(name, _)| !name.starts_with("__") && !aliases.contains(&name.as_str()))
        .map(|(name, value)| (name.as_str(), *value))
        .collect();
    let strict = kernel_is_6_18();
    for (name, value) in ours {
        match kernel.get(name) {
            Some(kernel_value) => assert_eq!(kernel_value, value, "{enum_name}: value of {name}"),
            None if strict => panic!("{enum_name}: the kernel has no {name}"),
            None => {}
        }
    }
    if strict {
        for name in kernel.keys() {
            assert!(
                ours.iter().any(|(ours, _)| ours == name),
                "{enum_name}: {name} is missing from the table"
            );
        }
    }
}

#[test]
fn program_types_match_the_kernel() {
    let Some(btf) = Btf::vmlinux() else { return };
    let ours: Vec<(&str, i128)> = ProgType::ALL
        .iter()
        .map(|t| (t.kernel_name(), i128::from(t.as_u32())))
        .collect();
    compare_enum(&btf, "bpf_prog_type", &ours, &[]);
    let max = btf.enum_values("bpf_prog_type").and_then(|values| {
        values
            .iter()
            .find(|(name, _)| name == "__MAX_BPF_PROG_TYPE")
            .map(|(_, value)| *value)
    });
    if kernel_is_6_18() {
        assert_eq!(max, Some(i128::from(ProgType::MAX_PLUS_ONE)));
    }
}

#[test]
fn attach_types_match_the_kernel() {
    let Some(btf) = Btf::vmlinux() else { return };
    let ours: Vec<(&str, i128)> = AttachType::ALL
        .iter()
        .map(|t| (t.kernel_name(), i128::from(t.as_u32())))
        .collect();
    compare_enum(&btf, "bpf_attach_type", &ours, &[]);
}

#[test]
fn map_types_match_the_kernel() {
    let Some(btf) = Btf::vmlinux() else { return };
    let ours: Vec<(&str, i128)> = MapType::ALL
        .iter()
        .map(|t| (t.kernel_name(), i128::from(t.as_u32())))
        .collect();
    compare_enum(
        &btf,
        "bpf_map_type",
        &ours,
        &[
            "BPF_MAP_TYPE_CGROUP_STORAGE_DEPRECATED",
            "BPF_MAP_TYPE_PERCPU_CGROUP_STORAGE_DEPRECATED",
        ],
    );
}

#[test]
fn helper_ids_match_the_kernel() {
    let Some(btf) = Btf::vmlinux() else { return };
    let ours: Vec<(&str, i128)> = HelperId::ALL
        .iter()
        .map(|h| (h.kernel_name(), i128::from(h.as_u32())))
        .collect();
    compare_enum(&btf, "bpf_func_id", &ours, &["BPF_FUNC_unspec"]);
    let max = btf.enum_values("bpf_func_id").and_then(|values| {
        values
            .iter()
            .find(|(name, _)| name == "__BPF_FUNC_MAX_ID")
            .map(|(_, value)| *value)
    });
    assert_eq!(
        max,
        Some(i128::from(MAX_HELPER_ID) + 1),
        "helper ids are frozen at 211"
    );
}

#[test]
fn verifier_type_enums_match_the_kernel() {
    let Some(btf) = Btf::vmlinux() else { return };

    let mut args: Vec<(&str, i128)> = ArgKind::ALL
        .iter()
        .map(|kind| {
            (
                kind.kernel_name(),
                i128::from(ArgType::new(*kind).kernel_value()),
            )
        })
        .collect();
    args.extend(
        ArgType::NAMED_COMPOSITES
            .iter()
            .map(|(ty, name)| (*name, i128::from(ty.kernel_value()))),
    );
    compare_enum(&btf, "bpf_arg_type", &args, &[]);

    let mut rets: Vec<(&str, i128)> = RetKind::ALL
        .iter()
        .map(|kind| {
            (
                kind.kernel_name(),
                i128::from(RetType::new(*kind).kernel_value()),
            )
        })
        .collect();
    rets.extend(
        RetType::NAMED_COMPOSITES
            .iter()
            .map(|(ty, name)| (*name, i128::from(ty.kernel_value()))),
    );
    compare_enum(&btf, "bpf_return_type", &rets, &[]);

    let flags: Vec<(&str, i128)> = TypeFlags::NAMED
        .iter()
        .map(|(flag, name)| (*name, i128::from(flag.bits())))
        .collect();
    compare_enum(&btf, "bpf_type_flag", &flags, &[]);
}

#[test]
fn flag_constants_match_the_kernel() {
    let Some(btf) = Btf::vmlinux() else { return };
    let all = btf.all_enumerators();
    let ours: &[(&str, i128)] = &[
        ("BPF_F_NO_PREALLOC", create_flags::BPF_F_NO_PREALLOC.into()),
        (
            "BPF_F_NO_COMMON_LRU",
            create_flags::BPF_F_NO_COMMON_LRU.into(),
        ),
        ("BPF_F_NUMA_NODE", create_flags::BPF_F_NUMA_NODE.into()),
        ("BPF_F_RDONLY", create_flags::BPF_F_RDONLY.into()),
        ("BPF_F_WRONLY", create_flags::BPF_F_WRONLY.into()),
        (
            "BPF_F_STACK_BUILD_ID",
            create_flags::BPF_F_STACK_BUILD_ID.into(),
        ),
        ("BPF_F_ZERO_SEED", create_flags::BPF_F_ZERO_SEED.into()),
        ("BPF_F_RDONLY_PROG", create_flags::BPF_F_RDONLY_PROG.into()),
        ("BPF_F_WRONLY_PROG", create_flags::BPF_F_WRONLY_PROG.into()),
        ("BPF_F_CLONE", create_flags::BPF_F_CLONE.into()),
        ("BPF_F_MMAPABLE", create_flags::BPF_F_MMAPABLE.into()),
        (
            "BPF_F_PRESERVE_ELEMS",
            create_flags::BPF_F_PRESERVE_ELEMS.into(),
        ),
        ("BPF_F_INNER_MAP", create_flags::BPF_F_INNER_MAP.into()),
        ("BPF_F_LINK", create_flags::BPF_F_LINK.into()),
        ("BPF_F_PATH_FD", create_flags::BPF_F_PATH_FD.into()),
        (
            "BPF_F_VTYPE_BTF_OBJ_FD",
            create_flags::BPF_F_VTYPE_BTF_OBJ_FD.into(),
        ),
        ("BPF_F_TOKEN_FD", create_flags::BPF_F_TOKEN_FD.into()),
        (
            "BPF_F_SEGV_ON_FAULT",
            create_flags::BPF_F_SEGV_ON_FAULT.into(),
        ),
        (
            "BPF_F_NO_USER_CONV",
            create_flags::BPF_F_NO_USER_CONV.into(),
        ),
        ("BPF_ANY", update_flags::BPF_ANY.into()),
        ("BPF_NOEXIST", update_flags::BPF_NOEXIST.into()),
        ("BPF_EXIST", update_flags::BPF_EXIST.into()),
        ("BPF_F_LOCK", update_flags::BPF_F_LOCK.into()),
        ("BPF_RB_NO_WAKEUP", ringbuf_flags::BPF_RB_NO_WAKEUP.into()),
        (
            "BPF_RB_FORCE_WAKEUP",
            ringbuf_flags::BPF_RB_FORCE_WAKEUP.into(),
        ),
        ("BPF_RB_AVAIL_DATA", ringbuf_flags::BPF_RB_AVAIL_DATA.into()),
        ("BPF_RB_RING_SIZE", ringbuf_flags::BPF_RB_RING_SIZE.into()),
        ("BPF_RB_CONS_POS", ringbuf_flags::BPF_RB_CONS_POS.into()),
        ("BPF_RB_PROD_POS", ringbuf_flags::BPF_RB_PROD_POS.into()),
        (
            "BPF_RINGBUF_BUSY_BIT",
            ringbuf_flags::BPF_RINGBUF_BUSY_BIT.into(),
        ),
        (
            "BPF_RINGBUF_DISCARD_BIT",
            ringbuf_flags::BPF_RINGBUF_DISCARD_BIT.into(),
        ),
        (
            "BPF_RINGBUF_HDR_SZ",
            ringbuf_flags::BPF_RINGBUF_HDR_SZ.into(),
        ),
        ("BPF_F_INDEX_MASK", perf_flags::BPF_F_INDEX_MASK.into()),
        ("BPF_F_CURRENT_CPU", perf_flags::BPF_F_CURRENT_CPU.into()),
        ("BPF_F_CTXLEN_MASK", perf_flags::BPF_F_CTXLEN_MASK.into()),
        (
            "BPF_F_SKIP_FIELD_MASK",
            stack_flags::BPF_F_SKIP_FIELD_MASK.into(),
        ),
        ("BPF_F_USER_STACK", stack_flags::BPF_F_USER_STACK.into()),
        (
            "BPF_F_FAST_STACK_CMP",
            stack_flags::BPF_F_FAST_STACK_CMP.into(),
        ),
        (
            "BPF_F_REUSE_STACKID",
            stack_flags::BPF_F_REUSE_STACKID.into(),
        ),
        (
            "BPF_F_USER_BUILD_ID",
            stack_flags::BPF_F_USER_BUILD_ID.into(),
        ),
        ("BPF_F_INGRESS", redirect_flags::BPF_F_INGRESS.into()),
        ("BPF_F_BROADCAST", redirect_flags::BPF_F_BROADCAST.into()),
        (
            "BPF_F_EXCLUDE_INGRESS",
            redirect_flags::BPF_F_EXCLUDE_INGRESS.into(),
        ),
        (
            "BPF_LOCAL_STORAGE_GET_F_CREATE",
            local_storage_flags::BPF_LOCAL_STORAGE_GET_F_CREATE.into(),
        ),
        (
            "BPF_SK_STORAGE_GET_F_CREATE",
            local_storage_flags::BPF_SK_STORAGE_GET_F_CREATE.into(),
        ),
        ("BPF_F_TIMER_ABS", timer_flags::BPF_F_TIMER_ABS.into()),
        (
            "BPF_F_TIMER_CPU_PIN",
            timer_flags::BPF_F_TIMER_CPU_PIN.into(),
        ),
        (
            "BPF_F_RECOMPUTE_CSUM",
            csum_flags::BPF_F_RECOMPUTE_CSUM.into(),
        ),
        (
            "BPF_F_INVALIDATE_HASH",
            csum_flags::BPF_F_INVALIDATE_HASH.into(),
        ),
        (
            "BPF_F_HDR_FIELD_MASK",
            csum_flags::BPF_F_HDR_FIELD_MASK.into(),
        ),
        ("BPF_F_PSEUDO_HDR", csum_flags::BPF_F_PSEUDO_HDR.into()),
        (
            "BPF_F_MARK_MANGLED_0",
            csum_flags::BPF_F_MARK_MANGLED_0.into(),
        ),
        ("BPF_F_MARK_ENFORCE", csum_flags::BPF_F_MARK_ENFORCE.into()),
        ("BPF_F_IPV6", csum_flags::BPF_F_IPV6.into()),
        ("BPF_MAX_LOOPS", limits::BPF_MAX_LOOPS.into()),
        ("TASK_COMM_LEN", limits::TASK_COMM_LEN as i128),
    ];
    for (name, value) in ours {
        let kernel = all
            .get(*name)
            .unwrap_or_else(|| panic!("the kernel's BTF has no enumerator {name}"));
        assert_eq!(kernel, value, "value of {name}");
    }
}

/// Checks every field of `layout` against the kernel's `struct btf_name`.
fn compare_layout(btf: &Btf, btf_name: &str, layout: &ContextLayout, check_size: bool) {
    let members = btf
        .flat_members(btf_name)
        .unwrap_or_else(|| panic!("BTF has no struct {btf_name}"));
    if check_size {
        assert_eq!(
            btf.struct_size(btf_name),
            Some(layout.size),
            "size of struct {btf_name}"
        );
    }
    for field in layout.fields {
        let found = members
            .iter()
            .find(|member| member.name == field.name && member.offset == field.offset);
        let Some(member) = found else {
            panic!(
                "struct {btf_name} has no member {} at offset {}: {members:?}",
                field.name, field.offset
            )
        };
        let size_matches =
            member.size == field.size || member.anonymous_union_size == Some(field.size);
        assert!(
            size_matches,
            "struct {btf_name}: size of {} is {}, the table says {}",
            field.name, member.size, field.size
        );
    }
    // Every kernel member at the top level must be in the table (unions may add aliases).
    for member in &members {
        let covered = layout
            .fields
            .iter()
            .any(|field| field.offset <= member.offset && member.offset < field.end());
        let padding = member.name.is_empty();
        assert!(
            covered || padding,
            "struct {btf_name}: member {member:?} is not in the table"
        );
    }
}

#[test]
fn context_layouts_match_the_kernel() {
    let Some(btf) = Btf::vmlinux() else { return };
    compare_layout(&btf, "xdp_md", &context::xdp_md::LAYOUT, true);
    compare_layout(&btf, "__sk_buff", &context::sk_buff::LAYOUT, true);
    compare_layout(&btf, "pt_regs", &context::pt_regs::LAYOUT, true);
    compare_layout(
        &btf,
        "bpf_perf_event_data",
        &context::perf_event_data::LAYOUT,
        true,
    );
    compare_layout(&btf, "bpf_sock", &context::bpf_sock::LAYOUT, true);
    compare_layout(&btf, "bpf_flow_keys", &context::flow_keys::LAYOUT, true);
    // A flexible array: the kernel's size is 0; programs may address MAX_BPF_FUNC_ARGS slots.
    assert_eq!(btf.struct_size("bpf_raw_tracepoint_args"), Some(0));
    let args = btf
        .flat_members("bpf_raw_tracepoint_args")
        .expect("bpf_raw_tracepoint_args");
    assert_eq!(
        args.first()
            .map(|member| (member.name.as_str(), member.offset)),
        Some(("args", 0))
    );
}

#[test]
fn opaque_object_sizes_match_the_kernel() {
    let Some(btf) = Btf::vmlinux() else { return };
    assert_eq!(
        btf.struct_size("bpf_spin_lock"),
        Some(limits::BPF_SPIN_LOCK_SIZE as u32)
    );
    assert_eq!(
        btf.struct_size("bpf_timer"),
        Some(limits::BPF_TIMER_SIZE as u32)
    );
    assert_eq!(
        btf.struct_size("bpf_dynptr"),
        Some(limits::BPF_DYNPTR_SIZE as u32)
    );
}
