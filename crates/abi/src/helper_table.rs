//! The prototype of every helper, as Linux 6.18's verifier sees it (`struct bpf_func_proto`).
//!
//! Each entry gives the prototype most program types get (the canonical one) and, where some
//! program types or attachments get a prototype the verifier checks differently, those
//! variants. Prototypes with the same types and flags that differ only in the kernel function
//! behind them (`bpf_perf_event_output_proto_tp` and `bpf_perf_event_output_proto`, say) are not
//! listed as variants.
//!
//! Source: the `struct bpf_func_proto` definitions in `kernel/bpf/*.c`,
//! `kernel/trace/bpf_trace.c`, `net/core/*.c`, `net/ipv4/bpf_tcp_ca.c` and
//! `drivers/media/rc/bpf-lirc.c`, read in Linux 6.12.117 and 7.2.13 and reconciled to 6.18.44.
//! Where the two differ, the running 6.18.44 kernel decided: it has the January 2026 fixes that
//! add `MEM_WRITE`/`MEM_RDONLY` to `bpf_snprintf`, `bpf_snprintf_btf`, `bpf_fib_lookup`,
//! `bpf_read_branch_records`, `bpf_sysctl_get_name`, `bpf_d_path`, `bpf_kallsyms_lookup_name`
//! and the raw SYN cookie helpers (observed for the first five, assumed for the others, which
//! came with the same fixes); going by when the change was made, it still has `MEM_RDONLY` on
//! the dynptr arguments, which a 2026 `bpf-next` change dropped; and it takes `bpf_loop`'s
//! count as `ARG_ANYTHING`, since the `ARG_SCALAR` of 6.12.y and 7.x is not in 6.18. Which
//! program type uses which prototype comes from the `*_func_proto` functions of the same files.
//!
//! Against the running kernel, every (program type, helper) pair it allows was called with all
//! arguments set to the context pointer and again to zero; the first argument the verifier
//! refused, and the register types it expected there, agree with these prototypes for every
//! pair.

use crate::helper_proto::{Arg, ArgType, HelperProto, RetType, TypeFlags};
use crate::helpers::{Helper, HelperId, ProtoVariant};
use crate::prog_type::ProgType;

/// Every helper, indexed by id minus one.
pub(crate) static HELPERS: [Helper; 211] = [
    Helper {
        id: HelperId::MapLookupElem,
        proto: Some(
            HelperProto::new(
                "bpf_map_lookup_elem_proto",
                RetType::PTR_TO_MAP_VALUE_OR_NULL,
                &[
                    Arg::new(ArgType::CONST_MAP_PTR),
                    Arg::new(ArgType::PTR_TO_MAP_KEY),
                ],
            )
            .pkt_access(),
        ),
        variants: &[],
    },
    Helper {
        id: HelperId::MapUpdateElem,
        proto: Some(
            HelperProto::new(
                "bpf_map_update_elem_proto",
                RetType::INTEGER,
                &[
                    Arg::new(ArgType::CONST_MAP_PTR),
                    Arg::new(ArgType::PTR_TO_MAP_KEY),
                    Arg::new(ArgType::PTR_TO_MAP_VALUE),
                    Arg::new(ArgType::ANYTHING),
                ],
            )
            .pkt_access(),
        ),
        variants: &[],
    },
    Helper {
        id: HelperId::MapDeleteElem,
        proto: Some(
            HelperProto::new(
                "bpf_map_delete_elem_proto",
                RetType::INTEGER,
                &[
                    Arg::new(ArgType::CONST_MAP_PTR),
                    Arg::new(ArgType::PTR_TO_MAP_KEY),
                ],
            )
            .pkt_access(),
        ),
        variants: &[],
    },
    Helper {
        id: HelperId::ProbeRead,
        proto: Some(
            HelperProto::new(
                "bpf_probe_read_compat_proto",
                RetType::INTEGER,
                &[
                    Arg::new(ArgType::PTR_TO_UNINIT_MEM),
                    Arg::new(ArgType::CONST_SIZE_OR_ZERO),
                    Arg::new(ArgType::ANYTHING),
                ],
            )
            .gpl_only(),
        ),
        variants: &[],
    },
    Helper {
        id: HelperId::KtimeGetNs,
        proto: Some(HelperProto::new(
            "bpf_ktime_get_ns_proto",
            RetType::INTEGER,
            &[],
        )),
        variants: &[],
    },
    Helper {
        id: HelperId::TracePrintk,
        proto: Some(
            HelperProto::new(
                "bpf_trace_printk_proto",
                RetType::INTEGER,
                &[
                    Arg::new(ArgType::PTR_TO_MEM.with(TypeFlags::MEM_RDONLY)),
                    Arg::new(ArgType::CONST_SIZE),
                ],
            )
            .gpl_only(),
        ),
        variants: &[],
    },
    Helper {
        id: HelperId::GetPrandomU32,
        proto: Some(HelperProto::new(
            "bpf_get_prandom_u32_proto",
            RetType::INTEGER,
            &[],
        )),
        variants: &[],
    },
    Helper {
        id: HelperId::GetSmpProcessorId,
        proto: Some(
            HelperProto::new("bpf_get_smp_processor_id_proto", RetType::INTEGER, &[])
                .allow_fastcall(),
        ),
        variants: &[ProtoVariant {
            prog_types: &[
                ProgType::SocketFilter,
                ProgType::CgroupSkb,
                ProgType::CgroupSock,
                ProgType::SockOps,
                ProgType::SkSkb,
                ProgType::CgroupDevice,
                ProgType::SkMsg,
                ProgType::CgroupSockAddr,
                ProgType::SkReuseport,
                ProgType::FlowDissector,
                ProgType::CgroupSysctl,
                ProgType::CgroupSockopt,
                ProgType::SkLookup,
                ProgType::Netfilter,
            ],
            condition: None,
            proto: HelperProto::new("bpf_get_raw_smp_processor_id_proto", RetType::INTEGER, &[]),
        }],
    },
    Helper {
        id: HelperId::SkbStoreBytes,
        proto: Some(HelperProto::new(
            "bpf_skb_store_bytes_proto",
            RetType::INTEGER,
            &[
                Arg::new(ArgType::PTR_TO_CTX),
                Arg::new(ArgType::ANYTHING),
                Arg::new(ArgType::PTR_TO_MEM.with(TypeFlags::MEM_RDONLY)),
                Arg::new(ArgType::CONST_SIZE),
                Arg::new(ArgType::ANYTHING),
            ],
        )),
        variants: &[],
    },
    Helper {
        id: HelperId::L3CsumReplace,
        proto: Some(HelperProto::new(
            "bpf_l3_csum_replace_proto",
            RetType::INTEGER,
            &[
                Arg::new(ArgType::PTR_TO_CTX),
                Arg::new(ArgType::ANYTHING),
                Arg::new(ArgType::ANYTHING),
                Arg::new(ArgType::ANYTHING),
                Arg::new(ArgType::ANYTHING),
            ],
        )),
        variants: &[],
    },
    Helper {
        id: HelperId::L4CsumReplace,
        proto: Some(HelperProto::new(
            "bpf_l4_csum_replace_proto",
            RetType::INTEGER,
            &[
                Arg::new(ArgType::PTR_TO_CTX),
                Arg::new(ArgType::ANYTHING),
                Arg::new(ArgType::ANYTHING),
                Arg::new(ArgType::ANYTHING),
                Arg::new(ArgType::ANYTHING),
            ],
        )),
        variants: &[],
    },
    Helper {
        id: HelperId::TailCall,
        proto: Some(HelperProto::new(
            "bpf_tail_call_proto",
            RetType::VOID,
            &[
                Arg::new(ArgType::PTR_TO_CTX),
                Arg::new(ArgType::CONST_MAP_PTR),
                Arg::new(ArgType::ANYTHING),
            ],
        )),
        variants: &[],
    },
    Helper {
        id: HelperId::CloneRedirect,
        proto: Some(HelperProto::new(
            "bpf_clone_redirect_proto",
            RetType::INTEGER,
            &[
                Arg::new(ArgType::PTR_TO_CTX),
                Arg::new(ArgType::ANYTHING),
                Arg::new(ArgType::ANYTHING),
            ],
        )),
        variants: &[],
    },
    Helper {
        id: HelperId::GetCurrentPidTgid,
        proto: Some(HelperProto::new(
            "bpf_get_current_pid_tgid_proto",
            RetType::INTEGER,
            &[],
        )),
        variants: &[],
    },
    Helper {
        id: HelperId::GetCurrentUidGid,
        proto: Some(HelperProto::new(
            "bpf_get_current_uid_gid_proto",
            RetType::INTEGER,
            &[],
        )),
        variants: &[],
    },
    Helper {
        id: HelperId::GetCurrentComm,
        proto: Some(HelperProto::new(
            "bpf_get_current_comm_proto",
            RetType::INTEGER,
            &[
                Arg::new(ArgType::PTR_TO_UNINIT_MEM),
                Arg::new(ArgType::CONST_SIZE),
            ],
        )),
        variants: &[],
    },
    Helper {
        id: HelperId::GetCgroupClassid,
        proto: Some(HelperProto::new(
            "bpf_get_cgroup_classid_proto",
            RetType::INTEGER,
            &[Arg::new(ArgType::PTR_TO_CTX)],
        )),
        variants: &[ProtoVariant {
            prog_types: &[
                ProgType::SocketFilter,
                ProgType::Kprobe,
                ProgType::Tracepoint,
                ProgType::Xdp,
                ProgType::PerfEvent,
                ProgType::CgroupSkb,
                ProgType::CgroupSock,
                ProgType::SockOps,
                ProgType::SkSkb,
                ProgType::CgroupDevice,
                ProgType::SkMsg,
                ProgType::RawTracepoint,
                ProgType::CgroupSockAddr,
                ProgType::SkReuseport,
                ProgType::FlowDissector,
                ProgType::CgroupSysctl,
                ProgType::RawTracepointWritable,
                ProgType::CgroupSockopt,
                ProgType::Tracing,
                ProgType::Lsm,
                ProgType::SkLookup,
                ProgType::Syscall,
                ProgType::Netfilter,
            ],
            condition: None,
            proto: HelperProto::new("bpf_get_cgroup_classid_curr_proto", RetType::INTEGER, &[]),
        }],
    },
    Helper {
        id: HelperId::SkbVlanPush,
        proto: Some(HelperProto::new(
            "bpf_skb_vlan_push_proto",
            RetType::INTEGER,
            &[
                Arg::new(ArgType::PTR_TO_CTX),
                Arg::new(ArgType::ANYTHING),
                Arg::new(ArgType::ANYTHING),
            ],
        )),
        variants: &[],
    },
    Helper {
        id: HelperId::SkbVlanPop,
        proto: Some(HelperProto::new(
            "bpf_skb_vlan_pop_proto",
            RetType::INTEGER,
            &[Arg::new(ArgType::PTR_TO_CTX)],
        )),
        variants: &[],
    },
    Helper {
        id: HelperId::SkbGetTunnelKey,
        proto: Some(HelperProto::new(
            "bpf_skb_get_tunnel_key_proto",
            RetType::INTEGER,
            &[
                Arg::new(ArgType::PTR_TO_CTX),
                Arg::new(ArgType::PTR_TO_UNINIT_MEM),
                Arg::new(ArgType::CONST_SIZE),
                Arg::new(ArgType::ANYTHING),
            ],
        )),
        variants: &[],
    },
    Helper {
        id: HelperId::SkbSetTunnelKey,
        proto: Some(HelperProto::new(
            "bpf_skb_set_tunnel_key_proto",
            RetType::INTEGER,
            &[
                Arg::new(ArgType::PTR_TO_CTX),
                Arg::new(ArgType::PTR_TO_MEM.with(TypeFlags::MEM_RDONLY)),
                Arg::new(ArgType::CONST_SIZE),
                Arg::new(ArgType::ANYTHING),
            ],
        )),
        variants: &[],
    },
    Helper {
        id: HelperId::PerfEventRead,
        proto: Some(
            HelperProto::new(
                "bpf_perf_event_read_proto",
                RetType::INTEGER,
                &[
                    Arg::new(ArgType::CONST_MAP_PTR),
                    Arg::new(ArgType::ANYTHING),
                ],
            )
            .gpl_only(),
        ),
        variants: &[],
    },
    Helper {
        id: HelperId::Redirect,
        proto: Some(HelperProto::new(
            "bpf_redirect_proto",
            RetType::INTEGER,
            &[Arg::new(ArgType::ANYTHING), Arg::new(ArgType::ANYTHING)],
        )),
        variants: &[],
    },
    Helper {
        id: HelperId::GetRouteRealm,
        proto: Some(HelperProto::new(
            "bpf_get_route_realm_proto",
            RetType::INTEGER,
            &[Arg::new(ArgType::PTR_TO_CTX)],
        )),
        variants: &[],
    },
    Helper {
        id: HelperId::PerfEventOutput,
        proto: Some(
            HelperProto::new(
                "bpf_perf_event_output_proto",
                RetType::INTEGER,
                &[
                    Arg::new(ArgType::PTR_TO_CTX),
                    Arg::new(ArgType::CONST_MAP_PTR),
                    Arg::new(ArgType::ANYTHING),
                    Arg::new(ArgType::PTR_TO_MEM.with(TypeFlags::MEM_RDONLY)),
                    Arg::new(ArgType::CONST_SIZE_OR_ZERO),
                ],
            )
            .gpl_only(),
        ),
        variants: &[],
    },
    Helper {
        id: HelperId::SkbLoadBytes,
        proto: Some(HelperProto::new(
            "bpf_skb_load_bytes_proto",
            RetType::INTEGER,
            &[
                Arg::new(ArgType::PTR_TO_CTX),
                Arg::new(ArgType::ANYTHING),
                Arg::new(ArgType::PTR_TO_UNINIT_MEM),
                Arg::new(ArgType::CONST_SIZE),
            ],
        )),
        variants: &[],
    },
    Helper {
        id: HelperId::GetStackid,
        proto: Some(
            HelperProto::new(
                "bpf_get_stackid_proto",
                RetType::INTEGER,
                &[
                    Arg::new(ArgType::PTR_TO_CTX),
                    Arg::new(ArgType::CONST_MAP_PTR),
                    Arg::new(ArgType::ANYTHING),
                ],
            )
            .gpl_only(),
        ),
        variants: &[ProtoVariant {
            prog_types: &[ProgType::PerfEvent],
            condition: None,
            proto: HelperProto::new(
                "bpf_get_stackid_proto_pe",
                RetType::INTEGER,
                &[
                    Arg::new(ArgType::PTR_TO_CTX),
                    Arg::new(ArgType::CONST_MAP_PTR),
                    Arg::new(ArgType::ANYTHING),
                ],
            ),
        }],
    },
    Helper {
        id: HelperId::CsumDiff,
        proto: Some(
            HelperProto::new(
                "bpf_csum_diff_proto",
                RetType::INTEGER,
                &[
                    Arg::new(
                        ArgType::PTR_TO_MEM
                            .with(TypeFlags::PTR_MAYBE_NULL)
                            .with(TypeFlags::MEM_RDONLY),
                    ),
                    Arg::new(ArgType::CONST_SIZE_OR_ZERO),
                    Arg::new(
                        ArgType::PTR_TO_MEM
                            .with(TypeFlags::PTR_MAYBE_NULL)
                            .with(TypeFlags::MEM_RDONLY),
                    ),
                    Arg::new(ArgType::CONST_SIZE_OR_ZERO),
                    Arg::new(ArgType::ANYTHING),
                ],
            )
            .pkt_access(),
        ),
        variants: &[],
    },
    Helper {
        id: HelperId::SkbGetTunnelOpt,
        proto: Some(HelperProto::new(
            "bpf_skb_get_tunnel_opt_proto",
            RetType::INTEGER,
            &[
                Arg::new(ArgType::PTR_TO_CTX),
                Arg::new(ArgType::PTR_TO_UNINIT_MEM),
                Arg::new(ArgType::CONST_SIZE),
            ],
        )),
        variants: &[],
    },
    Helper {
        id: HelperId::SkbSetTunnelOpt,
        proto: Some(HelperProto::new(
            "bpf_skb_set_tunnel_opt_proto",
            RetType::INTEGER,
            &[
                Arg::new(ArgType::PTR_TO_CTX),
                Arg::new(ArgType::PTR_TO_MEM.with(TypeFlags::MEM_RDONLY)),
                Arg::new(ArgType::CONST_SIZE),
            ],
        )),
        variants: &[],
    },
    Helper {
        id: HelperId::SkbChangeProto,
        proto: Some(HelperProto::new(
            "bpf_skb_change_proto_proto",
            RetType::INTEGER,
            &[
                Arg::new(ArgType::PTR_TO_CTX),
                Arg::new(ArgType::ANYTHING),
                Arg::new(ArgType::ANYTHING),
            ],
        )),
        variants: &[],
    },
    Helper {
        id: HelperId::SkbChangeType,
        proto: Some(HelperProto::new(
            "bpf_skb_change_type_proto",
            RetType::INTEGER,
            &[Arg::new(ArgType::PTR_TO_CTX), Arg::new(ArgType::ANYTHING)],
        )),
        variants: &[],
    },
    Helper {
        id: HelperId::SkbUnderCgroup,
        proto: Some(HelperProto::new(
            "bpf_skb_under_cgroup_proto",
            RetType::INTEGER,
            &[
                Arg::new(ArgType::PTR_TO_CTX),
                Arg::new(ArgType::CONST_MAP_PTR),
                Arg::new(ArgType::ANYTHING),
            ],
        )),
        variants: &[],
    },
    Helper {
        id: HelperId::GetHashRecalc,
        proto: Some(HelperProto::new(
            "bpf_get_hash_recalc_proto",
            RetType::INTEGER,
            &[Arg::new(ArgType::PTR_TO_CTX)],
        )),
        variants: &[],
    },
    Helper {
        id: HelperId::GetCurrentTask,
        proto: Some(
            HelperProto::new("bpf_get_current_task_proto", RetType::INTEGER, &[]).gpl_only(),
        ),
        variants: &[],
    },
    Helper {
        id: HelperId::ProbeWriteUser,
        proto: Some(
            HelperProto::new(
                "bpf_probe_write_user_proto",
                RetType::INTEGER,
                &[
                    Arg::new(ArgType::ANYTHING),
                    Arg::new(ArgType::PTR_TO_MEM.with(TypeFlags::MEM_RDONLY)),
                    Arg::new(ArgType::CONST_SIZE),
                ],
            )
            .gpl_only(),
        ),
        variants: &[],
    },
    Helper {
        id: HelperId::CurrentTaskUnderCgroup,
        proto: Some(HelperProto::new(
            "bpf_current_task_under_cgroup_proto",
            RetType::INTEGER,
            &[
                Arg::new(ArgType::CONST_MAP_PTR),
                Arg::new(ArgType::ANYTHING),
            ],
        )),
        variants: &[],
    },
    Helper {
        id: HelperId::SkbChangeTail,
        proto: Some(HelperProto::new(
            "bpf_skb_change_tail_proto",
            RetType::INTEGER,
            &[
                Arg::new(ArgType::PTR_TO_CTX),
                Arg::new(ArgType::ANYTHING),
                Arg::new(ArgType::ANYTHING),
            ],
        )),
        variants: &[],
    },
    Helper {
        id: HelperId::SkbPullData,
        proto: Some(HelperProto::new(
            "bpf_skb_pull_data_proto",
            RetType::INTEGER,
            &[Arg::new(ArgType::PTR_TO_CTX), Arg::new(ArgType::ANYTHING)],
        )),
        variants: &[],
    },
    Helper {
        id: HelperId::CsumUpdate,
        proto: Some(HelperProto::new(
            "bpf_csum_update_proto",
            RetType::INTEGER,
            &[Arg::new(ArgType::PTR_TO_CTX), Arg::new(ArgType::ANYTHING)],
        )),
        variants: &[],
    },
    Helper {
        id: HelperId::SetHashInvalid,
        proto: Some(HelperProto::new(
            "bpf_set_hash_invalid_proto",
            RetType::INTEGER,
            &[Arg::new(ArgType::PTR_TO_CTX)],
        )),
        variants: &[],
    },
    Helper {
        id: HelperId::GetNumaNodeId,
        proto: Some(HelperProto::new(
            "bpf_get_numa_node_id_proto",
            RetType::INTEGER,
            &[],
        )),
        variants: &[],
    },
    Helper {
        id: HelperId::SkbChangeHead,
        proto: Some(HelperProto::new(
            "bpf_skb_change_head_proto",
            RetType::INTEGER,
            &[
                Arg::new(ArgType::PTR_TO_CTX),
                Arg::new(ArgType::ANYTHING),
                Arg::new(ArgType::ANYTHING),
            ],
        )),
        variants: &[],
    },
    Helper {
        id: HelperId::XdpAdjustHead,
        proto: Some(HelperProto::new(
            "bpf_xdp_adjust_head_proto",
            RetType::INTEGER,
            &[Arg::new(ArgType::PTR_TO_CTX), Arg::new(ArgType::ANYTHING)],
        )),
        variants: &[],
    },
    Helper {
        id: HelperId::ProbeReadStr,
        proto: Some(
            HelperProto::new(
                "bpf_probe_read_compat_str_proto",
                RetType::INTEGER,
                &[
                    Arg::new(ArgType::PTR_TO_UNINIT_MEM),
                    Arg::new(ArgType::CONST_SIZE_OR_ZERO),
                    Arg::new(ArgType::ANYTHING),
                ],
            )
            .gpl_only(),
        ),
        variants: &[],
    },
    Helper {
        id: HelperId::GetSocketCookie,
        proto: Some(HelperProto::new(
            "bpf_get_socket_cookie_proto",
            RetType::INTEGER,
            &[Arg::new(ArgType::PTR_TO_CTX)],
        )),
        variants: &[ProtoVariant {
            prog_types: &[
                ProgType::SkReuseport,
                ProgType::Tracing,
                ProgType::Lsm,
                ProgType::Syscall,
            ],
            condition: None,
            proto: HelperProto::new(
                "bpf_get_socket_ptr_cookie_proto",
                RetType::INTEGER,
                &[Arg::new(
                    ArgType::PTR_TO_BTF_ID_SOCK_COMMON.with(TypeFlags::PTR_MAYBE_NULL),
                )],
            ),
        }],
    },
    Helper {
        id: HelperId::GetSocketUid,
        proto: Some(HelperProto::new(
            "bpf_get_socket_uid_proto",
            RetType::INTEGER,
            &[Arg::new(ArgType::PTR_TO_CTX)],
        )),
        variants: &[],
    },
    Helper {
        id: HelperId::SetHash,
        proto: Some(HelperProto::new(
            "bpf_set_hash_proto",
            RetType::INTEGER,
            &[Arg::new(ArgType::PTR_TO_CTX), Arg::new(ArgType::ANYTHING)],
        )),
        variants: &[],
    },
    Helper {
        id: HelperId::Setsockopt,
        proto: Some(HelperProto::new(
            "bpf_sock_ops_setsockopt_proto",
            RetType::INTEGER,
            &[
                Arg::new(ArgType::PTR_TO_CTX),
                Arg::new(ArgType::ANYTHING),
                Arg::new(ArgType::ANYTHING),
                Arg::new(ArgType::PTR_TO_MEM.with(TypeFlags::MEM_RDONLY)),
                Arg::new(ArgType::CONST_SIZE),
            ],
        )),
        variants: &[],
    },
    Helper {
        id: HelperId::SkbAdjustRoom,
        proto: Some(HelperProto::new(
            "bpf_skb_adjust_room_proto",
            RetType::INTEGER,
            &[
                Arg::new(ArgType::PTR_TO_CTX),
                Arg::new(ArgType::ANYTHING),
                Arg::new(ArgType::ANYTHING),
                Arg::new(ArgType::ANYTHING),
            ],
        )),
        variants: &[],
    },
    Helper {
        id: HelperId::RedirectMap,
        proto: Some(HelperProto::new(
            "bpf_xdp_redirect_map_proto",
            RetType::INTEGER,
            &[
                Arg::new(ArgType::CONST_MAP_PTR),
                Arg::new(ArgType::ANYTHING),
                Arg::new(ArgType::ANYTHING),
            ],
        )),
        variants: &[],
    },
    Helper {
        id: HelperId::SkRedirectMap,
        proto: Some(HelperProto::new(
            "bpf_sk_redirect_map_proto",
            RetType::INTEGER,
            &[
                Arg::new(ArgType::PTR_TO_CTX),
                Arg::new(ArgType::CONST_MAP_PTR),
                Arg::new(ArgType::ANYTHING),
                Arg::new(ArgType::ANYTHING),
            ],
        )),
        variants: &[],
    },
    Helper {
        id: HelperId::SockMapUpdate,
        proto: Some(
            HelperProto::new(
                "bpf_sock_map_update_proto",
                RetType::INTEGER,
                &[
                    Arg::new(ArgType::PTR_TO_CTX),
                    Arg::new(ArgType::CONST_MAP_PTR),
                    Arg::new(ArgType::PTR_TO_MAP_KEY),
                    Arg::new(ArgType::ANYTHING),
                ],
            )
            .pkt_access(),
        ),
        variants: &[],
    },
    Helper {
        id: HelperId::XdpAdjustMeta,
        proto: Some(HelperProto::new(
            "bpf_xdp_adjust_meta_proto",
            RetType::INTEGER,
            &[Arg::new(ArgType::PTR_TO_CTX), Arg::new(ArgType::ANYTHING)],
        )),
        variants: &[],
    },
    Helper {
        id: HelperId::PerfEventReadValue,
        proto: Some(
            HelperProto::new(
                "bpf_perf_event_read_value_proto",
                RetType::INTEGER,
                &[
                    Arg::new(ArgType::CONST_MAP_PTR),
                    Arg::new(ArgType::ANYTHING),
                    Arg::new(ArgType::PTR_TO_UNINIT_MEM),
                    Arg::new(ArgType::CONST_SIZE),
                ],
            )
            .gpl_only(),
        ),
        variants: &[],
    },
    Helper {
        id: HelperId::PerfProgReadValue,
        proto: Some(
            HelperProto::new(
                "bpf_perf_prog_read_value_proto",
                RetType::INTEGER,
                &[
                    Arg::new(ArgType::PTR_TO_CTX),
                    Arg::new(ArgType::PTR_TO_UNINIT_MEM),
                    Arg::new(ArgType::CONST_SIZE),
                ],
            )
            .gpl_only(),
        ),
        variants: &[],
    },
    Helper {
        id: HelperId::Getsockopt,
        proto: Some(HelperProto::new(
            "bpf_sock_ops_getsockopt_proto",
            RetType::INTEGER,
            &[
                Arg::new(ArgType::PTR_TO_CTX),
                Arg::new(ArgType::ANYTHING),
                Arg::new(ArgType::ANYTHING),
                Arg::new(ArgType::PTR_TO_UNINIT_MEM),
                Arg::new(ArgType::CONST_SIZE),
            ],
        )),
        variants: &[],
    },
    Helper {
        id: HelperId::OverrideReturn,
        proto: Some(
            HelperProto::new(
                "bpf_override_return_proto",
                RetType::INTEGER,
                &[Arg::new(ArgType::PTR_TO_CTX), Arg::new(ArgType::ANYTHING)],
            )
            .gpl_only(),
        ),
        variants: &[],
    },
    Helper {
        id: HelperId::SockOpsCbFlagsSet,
        proto: Some(HelperProto::new(
            "bpf_sock_ops_cb_flags_set_proto",
            RetType::INTEGER,
            &[Arg::new(ArgType::PTR_TO_CTX), Arg::new(ArgType::ANYTHING)],
        )),
        variants: &[],
    },
    Helper {
        id: HelperId::MsgRedirectMap,
        proto: Some(HelperProto::new(
            "bpf_msg_redirect_map_proto",
            RetType::INTEGER,
            &[
                Arg::new(ArgType::PTR_TO_CTX),
                Arg::new(ArgType::CONST_MAP_PTR),
                Arg::new(ArgType::ANYTHING),
                Arg::new(ArgType::ANYTHING),
            ],
        )),
        variants: &[],
    },
    Helper {
        id: HelperId::MsgApplyBytes,
        proto: Some(HelperProto::new(
            "bpf_msg_apply_bytes_proto",
            RetType::INTEGER,
            &[Arg::new(ArgType::PTR_TO_CTX), Arg::new(ArgType::ANYTHING)],
        )),
        variants: &[],
    },
    Helper {
        id: HelperId::MsgCorkBytes,
        proto: Some(HelperProto::new(
            "bpf_msg_cork_bytes_proto",
            RetType::INTEGER,
            &[Arg::new(ArgType::PTR_TO_CTX), Arg::new(ArgType::ANYTHING)],
        )),
        variants: &[],
    },
    Helper {
        id: HelperId::MsgPullData,
        proto: Some(HelperProto::new(
            "bpf_msg_pull_data_proto",
            RetType::INTEGER,
            &[
                Arg::new(ArgType::PTR_TO_CTX),
                Arg::new(ArgType::ANYTHING),
                Arg::new(ArgType::ANYTHING),
                Arg::new(ArgType::ANYTHING),
            ],
        )),
        variants: &[],
    },
    Helper {
        id: HelperId::Bind,
        proto: Some(HelperProto::new(
            "bpf_bind_proto",
            RetType::INTEGER,
            &[
                Arg::new(ArgType::PTR_TO_CTX),
                Arg::new(ArgType::PTR_TO_MEM.with(TypeFlags::MEM_RDONLY)),
                Arg::new(ArgType::CONST_SIZE),
            ],
        )),
        variants: &[],
    },
    Helper {
        id: HelperId::XdpAdjustTail,
        proto: Some(HelperProto::new(
            "bpf_xdp_adjust_tail_proto",
            RetType::INTEGER,
            &[Arg::new(ArgType::PTR_TO_CTX), Arg::new(ArgType::ANYTHING)],
        )),
        variants: &[],
    },
    Helper {
        id: HelperId::SkbGetXfrmState,
        proto: Some(HelperProto::new(
            "bpf_skb_get_xfrm_state_proto",
            RetType::INTEGER,
            &[
                Arg::new(ArgType::PTR_TO_CTX),
                Arg::new(ArgType::ANYTHING),
                Arg::new(ArgType::PTR_TO_UNINIT_MEM),
                Arg::new(ArgType::CONST_SIZE),
                Arg::new(ArgType::ANYTHING),
            ],
        )),
        variants: &[],
    },
    Helper {
        id: HelperId::GetStack,
        proto: Some(
            HelperProto::new(
                "bpf_get_stack_proto",
                RetType::INTEGER,
                &[
                    Arg::new(ArgType::PTR_TO_CTX),
                    Arg::new(ArgType::PTR_TO_UNINIT_MEM),
                    Arg::new(ArgType::CONST_SIZE_OR_ZERO),
                    Arg::new(ArgType::ANYTHING),
                ],
            )
            .gpl_only(),
        ),
        variants: &[ProtoVariant {
            prog_types: &[ProgType::Kprobe],
            condition: Some("sleepable programs"),
            proto: HelperProto::new(
                "bpf_get_stack_sleepable_proto",
                RetType::INTEGER,
                &[
                    Arg::new(ArgType::PTR_TO_CTX),
                    Arg::new(ArgType::PTR_TO_UNINIT_MEM),
                    Arg::new(ArgType::CONST_SIZE_OR_ZERO),
                    Arg::new(ArgType::ANYTHING),
                ],
            )
            .gpl_only()
            .might_sleep(),
        }],
    },
    Helper {
        id: HelperId::SkbLoadBytesRelative,
        proto: Some(HelperProto::new(
            "bpf_skb_load_bytes_relative_proto",
            RetType::INTEGER,
            &[
                Arg::new(ArgType::PTR_TO_CTX),
                Arg::new(ArgType::ANYTHING),
                Arg::new(ArgType::PTR_TO_UNINIT_MEM),
                Arg::new(ArgType::CONST_SIZE),
                Arg::new(ArgType::ANYTHING),
            ],
        )),
        variants: &[],
    },
    Helper {
        id: HelperId::FibLookup,
        proto: Some(
            HelperProto::new(
                "bpf_skb_fib_lookup_proto",
                RetType::INTEGER,
                &[
                    Arg::new(ArgType::PTR_TO_CTX),
                    Arg::new(ArgType::PTR_TO_MEM.with(TypeFlags::MEM_WRITE)),
                    Arg::new(ArgType::CONST_SIZE),
                    Arg::new(ArgType::ANYTHING),
                ],
            )
            .gpl_only(),
        ),
        variants: &[],
    },
    Helper {
        id: HelperId::SockHashUpdate,
        proto: Some(
            HelperProto::new(
                "bpf_sock_hash_update_proto",
                RetType::INTEGER,
                &[
                    Arg::new(ArgType::PTR_TO_CTX),
                    Arg::new(ArgType::CONST_MAP_PTR),
                    Arg::new(ArgType::PTR_TO_MAP_KEY),
                    Arg::new(ArgType::ANYTHING),
                ],
            )
            .pkt_access(),
        ),
        variants: &[],
    },
    Helper {
        id: HelperId::MsgRedirectHash,
        proto: Some(HelperProto::new(
            "bpf_msg_redirect_hash_proto",
            RetType::INTEGER,
            &[
                Arg::new(ArgType::PTR_TO_CTX),
                Arg::new(ArgType::CONST_MAP_PTR),
                Arg::new(ArgType::PTR_TO_MAP_KEY),
                Arg::new(ArgType::ANYTHING),
            ],
        )),
        variants: &[],
    },
    Helper {
        id: HelperId::SkRedirectHash,
        proto: Some(HelperProto::new(
            "bpf_sk_redirect_hash_proto",
            RetType::INTEGER,
            &[
                Arg::new(ArgType::PTR_TO_CTX),
                Arg::new(ArgType::CONST_MAP_PTR),
                Arg::new(ArgType::PTR_TO_MAP_KEY),
                Arg::new(ArgType::ANYTHING),
            ],
        )),
        variants: &[],
    },
    Helper {
        id: HelperId::LwtPushEncap,
        proto: Some(HelperProto::new(
            "bpf_lwt_in_push_encap_proto",
            RetType::INTEGER,
            &[
                Arg::new(ArgType::PTR_TO_CTX),
                Arg::new(ArgType::ANYTHING),
                Arg::new(ArgType::PTR_TO_MEM.with(TypeFlags::MEM_RDONLY)),
                Arg::new(ArgType::CONST_SIZE),
            ],
        )),
        variants: &[],
    },
    Helper {
        id: HelperId::LwtSeg6StoreBytes,
        proto: Some(HelperProto::new(
            "bpf_lwt_seg6_store_bytes_proto",
            RetType::INTEGER,
            &[
                Arg::new(ArgType::PTR_TO_CTX),
                Arg::new(ArgType::ANYTHING),
                Arg::new(ArgType::PTR_TO_MEM.with(TypeFlags::MEM_RDONLY)),
                Arg::new(ArgType::CONST_SIZE),
            ],
        )),
        variants: &[],
    },
    Helper {
        id: HelperId::LwtSeg6AdjustSrh,
        proto: Some(HelperProto::new(
            "bpf_lwt_seg6_adjust_srh_proto",
            RetType::INTEGER,
            &[
                Arg::new(ArgType::PTR_TO_CTX),
                Arg::new(ArgType::ANYTHING),
                Arg::new(ArgType::ANYTHING),
            ],
        )),
        variants: &[],
    },
    Helper {
        id: HelperId::LwtSeg6Action,
        proto: Some(HelperProto::new(
            "bpf_lwt_seg6_action_proto",
            RetType::INTEGER,
            &[
                Arg::new(ArgType::PTR_TO_CTX),
                Arg::new(ArgType::ANYTHING),
                Arg::new(ArgType::PTR_TO_MEM.with(TypeFlags::MEM_RDONLY)),
                Arg::new(ArgType::CONST_SIZE),
            ],
        )),
        variants: &[],
    },
    Helper {
        id: HelperId::RcRepeat,
        proto: Some(
            HelperProto::new(
                "rc_repeat_proto",
                RetType::INTEGER,
                &[Arg::new(ArgType::PTR_TO_CTX)],
            )
            .gpl_only(),
        ),
        variants: &[],
    },
    Helper {
        id: HelperId::RcKeydown,
        proto: Some(
            HelperProto::new(
                "rc_keydown_proto",
                RetType::INTEGER,
                &[
                    Arg::new(ArgType::PTR_TO_CTX),
                    Arg::new(ArgType::ANYTHING),
                    Arg::new(ArgType::ANYTHING),
                    Arg::new(ArgType::ANYTHING),
                ],
            )
            .gpl_only(),
        ),
        variants: &[],
    },
    Helper {
        id: HelperId::SkbCgroupId,
        proto: Some(HelperProto::new(
            "bpf_skb_cgroup_id_proto",
            RetType::INTEGER,
            &[Arg::new(ArgType::PTR_TO_CTX)],
        )),
        variants: &[],
    },
    Helper {
        id: HelperId::GetCurrentCgroupId,
        proto: Some(HelperProto::new(
            "bpf_get_current_cgroup_id_proto",
            RetType::INTEGER,
            &[],
        )),
        variants: &[],
    },
    Helper {
        id: HelperId::GetLocalStorage,
        proto: Some(HelperProto::new(
            "bpf_get_local_storage_proto",
            RetType::PTR_TO_MAP_VALUE,
            &[
                Arg::new(ArgType::CONST_MAP_PTR),
                Arg::new(ArgType::ANYTHING),
            ],
        )),
        variants: &[],
    },
    Helper {
        id: HelperId::SkSelectReuseport,
        proto: Some(HelperProto::new(
            "sk_select_reuseport_proto",
            RetType::INTEGER,
            &[
                Arg::new(ArgType::PTR_TO_CTX),
                Arg::new(ArgType::CONST_MAP_PTR),
                Arg::new(ArgType::PTR_TO_MAP_KEY),
                Arg::new(ArgType::ANYTHING),
            ],
        )),
        variants: &[],
    },
    Helper {
        id: HelperId::SkbAncestorCgroupId,
        proto: Some(HelperProto::new(
            "bpf_skb_ancestor_cgroup_id_proto",
            RetType::INTEGER,
            &[Arg::new(ArgType::PTR_TO_CTX), Arg::new(ArgType::ANYTHING)],
        )),
        variants: &[],
    },
    Helper {
        id: HelperId::SkLookupTcp,
        proto: Some(
            HelperProto::new(
                "bpf_sk_lookup_tcp_proto",
                RetType::PTR_TO_SOCKET_OR_NULL,
                &[
                    Arg::new(ArgType::PTR_TO_CTX),
                    Arg::new(ArgType::PTR_TO_MEM.with(TypeFlags::MEM_RDONLY)),
                    Arg::new(ArgType::CONST_SIZE_OR_ZERO),
                    Arg::new(ArgType::ANYTHING),
                    Arg::new(ArgType::ANYTHING),
                ],
            )
            .pkt_access(),
        ),
        variants: &[ProtoVariant {
            prog_types: &[ProgType::CgroupSockAddr],
            condition: None,
            proto: HelperProto::new(
                "bpf_sock_addr_sk_lookup_tcp_proto",
                RetType::PTR_TO_SOCKET_OR_NULL,
                &[
                    Arg::new(ArgType::PTR_TO_CTX),
                    Arg::new(ArgType::PTR_TO_MEM.with(TypeFlags::MEM_RDONLY)),
                    Arg::new(ArgType::CONST_SIZE_OR_ZERO),
                    Arg::new(ArgType::ANYTHING),
                    Arg::new(ArgType::ANYTHING),
                ],
            ),
        }],
    },
    Helper {
        id: HelperId::SkLookupUdp,
        proto: Some(
            HelperProto::new(
                "bpf_sk_lookup_udp_proto",
                RetType::PTR_TO_SOCKET_OR_NULL,
                &[
                    Arg::new(ArgType::PTR_TO_CTX),
                    Arg::new(ArgType::PTR_TO_MEM.with(TypeFlags::MEM_RDONLY)),
                    Arg::new(ArgType::CONST_SIZE_OR_ZERO),
                    Arg::new(ArgType::ANYTHING),
                    Arg::new(ArgType::ANYTHING),
                ],
            )
            .pkt_access(),
        ),
        variants: &[ProtoVariant {
            prog_types: &[ProgType::CgroupSockAddr],
            condition: None,
            proto: HelperProto::new(
                "bpf_sock_addr_sk_lookup_udp_proto",
                RetType::PTR_TO_SOCKET_OR_NULL,
                &[
                    Arg::new(ArgType::PTR_TO_CTX),
                    Arg::new(ArgType::PTR_TO_MEM.with(TypeFlags::MEM_RDONLY)),
                    Arg::new(ArgType::CONST_SIZE_OR_ZERO),
                    Arg::new(ArgType::ANYTHING),
                    Arg::new(ArgType::ANYTHING),
                ],
            ),
        }],
    },
    Helper {
        id: HelperId::SkRelease,
        proto: Some(HelperProto::new(
            "bpf_sk_release_proto",
            RetType::INTEGER,
            &[Arg::new(
                ArgType::PTR_TO_BTF_ID_SOCK_COMMON.with(TypeFlags::OBJ_RELEASE),
            )],
        )),
        variants: &[],
    },
    Helper {
        id: HelperId::MapPushElem,
        proto: Some(
            HelperProto::new(
                "bpf_map_push_elem_proto",
                RetType::INTEGER,
                &[
                    Arg::new(ArgType::CONST_MAP_PTR),
                    Arg::new(ArgType::PTR_TO_MAP_VALUE),
                    Arg::new(ArgType::ANYTHING),
                ],
            )
            .pkt_access(),
        ),
        variants: &[],
    },
    Helper {
        id: HelperId::MapPopElem,
        proto: Some(HelperProto::new(
            "bpf_map_pop_elem_proto",
            RetType::INTEGER,
            &[
                Arg::new(ArgType::CONST_MAP_PTR),
                Arg::new(
                    ArgType::PTR_TO_MAP_VALUE
                        .with(TypeFlags::MEM_UNINIT)
                        .with(TypeFlags::MEM_WRITE),
                ),
            ],
        )),
        variants: &[],
    },
    Helper {
        id: HelperId::MapPeekElem,
        proto: Some(HelperProto::new(
            "bpf_map_peek_elem_proto",
            RetType::INTEGER,
            &[
                Arg::new(ArgType::CONST_MAP_PTR),
                Arg::new(
                    ArgType::PTR_TO_MAP_VALUE
                        .with(TypeFlags::MEM_UNINIT)
                        .with(TypeFlags::MEM_WRITE),
                ),
            ],
        )),
        variants: &[],
    },
    Helper {
        id: HelperId::MsgPushData,
        proto: Some(HelperProto::new(
            "bpf_msg_push_data_proto",
            RetType::INTEGER,
            &[
                Arg::new(ArgType::PTR_TO_CTX),
                Arg::new(ArgType::ANYTHING),
                Arg::new(ArgType::ANYTHING),
                Arg::new(ArgType::ANYTHING),
            ],
        )),
        variants: &[],
    },
    Helper {
        id: HelperId::MsgPopData,
        proto: Some(HelperProto::new(
            "bpf_msg_pop_data_proto",
            RetType::INTEGER,
            &[
                Arg::new(ArgType::PTR_TO_CTX),
                Arg::new(ArgType::ANYTHING),
                Arg::new(ArgType::ANYTHING),
                Arg::new(ArgType::ANYTHING),
            ],
        )),
        variants: &[],
    },
    Helper {
        id: HelperId::RcPointerRel,
        proto: Some(
            HelperProto::new(
                "rc_pointer_rel_proto",
                RetType::INTEGER,
                &[
                    Arg::new(ArgType::PTR_TO_CTX),
                    Arg::new(ArgType::ANYTHING),
                    Arg::new(ArgType::ANYTHING),
                ],
            )
            .gpl_only(),
        ),
        variants: &[],
    },
    Helper {
        id: HelperId::SpinLock,
        proto: Some(HelperProto::new(
            "bpf_spin_lock_proto",
            RetType::VOID,
            &[Arg::new(ArgType::PTR_TO_SPIN_LOCK).btf_from_operands()],
        )),
        variants: &[],
    },
    Helper {
        id: HelperId::SpinUnlock,
        proto: Some(HelperProto::new(
            "bpf_spin_unlock_proto",
            RetType::VOID,
            &[Arg::new(ArgType::PTR_TO_SPIN_LOCK).btf_from_operands()],
        )),
        variants: &[],
    },
    Helper {
        id: HelperId::SkFullsock,
        proto: Some(HelperProto::new(
            "bpf_sk_fullsock_proto",
            RetType::PTR_TO_SOCKET_OR_NULL,
            &[Arg::new(ArgType::PTR_TO_SOCK_COMMON)],
        )),
        variants: &[],
    },
    Helper {
        id: HelperId::TcpSock,
        proto: Some(HelperProto::new(
            "bpf_tcp_sock_proto",
            RetType::PTR_TO_TCP_SOCK_OR_NULL,
            &[Arg::new(ArgType::PTR_TO_SOCK_COMMON)],
        )),
        variants: &[],
    },
    Helper {
        id: HelperId::SkbEcnSetCe,
        proto: Some(HelperProto::new(
            "bpf_skb_ecn_set_ce_proto",
            RetType::INTEGER,
            &[Arg::new(ArgType::PTR_TO_CTX)],
        )),
        variants: &[],
    },
    Helper {
        id: HelperId::GetListenerSock,
        proto: Some(HelperProto::new(
            "bpf_get_listener_sock_proto",
            RetType::PTR_TO_SOCKET_OR_NULL,
            &[Arg::new(ArgType::PTR_TO_SOCK_COMMON)],
        )),
        variants: &[],
    },
    Helper {
        id: HelperId::SkcLookupTcp,
        proto: Some(
            HelperProto::new(
                "bpf_skc_lookup_tcp_proto",
                RetType::PTR_TO_SOCK_COMMON_OR_NULL,
                &[
                    Arg::new(ArgType::PTR_TO_CTX),
                    Arg::new(ArgType::PTR_TO_MEM.with(TypeFlags::MEM_RDONLY)),
                    Arg::new(ArgType::CONST_SIZE_OR_ZERO),
                    Arg::new(ArgType::ANYTHING),
                    Arg::new(ArgType::ANYTHING),
                ],
            )
            .pkt_access(),
        ),
        variants: &[ProtoVariant {
            prog_types: &[ProgType::CgroupSockAddr],
            condition: None,
            proto: HelperProto::new(
                "bpf_sock_addr_skc_lookup_tcp_proto",
                RetType::PTR_TO_SOCK_COMMON_OR_NULL,
                &[
                    Arg::new(ArgType::PTR_TO_CTX),
                    Arg::new(ArgType::PTR_TO_MEM.with(TypeFlags::MEM_RDONLY)),
                    Arg::new(ArgType::CONST_SIZE_OR_ZERO),
                    Arg::new(ArgType::ANYTHING),
                    Arg::new(ArgType::ANYTHING),
                ],
            ),
        }],
    },
    Helper {
        id: HelperId::TcpCheckSyncookie,
        proto: Some(
            HelperProto::new(
                "bpf_tcp_check_syncookie_proto",
                RetType::INTEGER,
                &[
                    Arg::new(ArgType::PTR_TO_BTF_ID_SOCK_COMMON),
                    Arg::new(ArgType::PTR_TO_MEM.with(TypeFlags::MEM_RDONLY)),
                    Arg::new(ArgType::CONST_SIZE),
                    Arg::new(ArgType::PTR_TO_MEM.with(TypeFlags::MEM_RDONLY)),
                    Arg::new(ArgType::CONST_SIZE),
                ],
            )
            .gpl_only()
            .pkt_access(),
        ),
        variants: &[],
    },
    Helper {
        id: HelperId::SysctlGetName,
        proto: Some(HelperProto::new(
            "bpf_sysctl_get_name_proto",
            RetType::INTEGER,
            &[
                Arg::new(ArgType::PTR_TO_CTX),
                Arg::new(ArgType::PTR_TO_MEM.with(TypeFlags::MEM_WRITE)),
                Arg::new(ArgType::CONST_SIZE),
                Arg::new(ArgType::ANYTHING),
            ],
        )),
        variants: &[],
    },
    Helper {
        id: HelperId::SysctlGetCurrentValue,
        proto: Some(HelperProto::new(
            "bpf_sysctl_get_current_value_proto",
            RetType::INTEGER,
            &[
                Arg::new(ArgType::PTR_TO_CTX),
                Arg::new(ArgType::PTR_TO_UNINIT_MEM),
                Arg::new(ArgType::CONST_SIZE),
            ],
        )),
        variants: &[],
    },
    Helper {
        id: HelperId::SysctlGetNewValue,
        proto: Some(HelperProto::new(
            "bpf_sysctl_get_new_value_proto",
            RetType::INTEGER,
            &[
                Arg::new(ArgType::PTR_TO_CTX),
                Arg::new(ArgType::PTR_TO_UNINIT_MEM),
                Arg::new(ArgType::CONST_SIZE),
            ],
        )),
        variants: &[],
    },
    Helper {
        id: HelperId::SysctlSetNewValue,
        proto: Some(HelperProto::new(
            "bpf_sysctl_set_new_value_proto",
            RetType::INTEGER,
            &[
                Arg::new(ArgType::PTR_TO_CTX),
                Arg::new(ArgType::PTR_TO_MEM.with(TypeFlags::MEM_RDONLY)),
                Arg::new(ArgType::CONST_SIZE),
            ],
        )),
        variants: &[],
    },
    Helper {
        id: HelperId::Strtol,
        proto: Some(HelperProto::new(
            "bpf_strtol_proto",
            RetType::INTEGER,
            &[
                Arg::new(ArgType::PTR_TO_MEM.with(TypeFlags::MEM_RDONLY)),
                Arg::new(ArgType::CONST_SIZE),
                Arg::new(ArgType::ANYTHING),
                Arg::new(
                    ArgType::PTR_TO_FIXED_SIZE_MEM
                        .with(TypeFlags::MEM_UNINIT)
                        .with(TypeFlags::MEM_WRITE)
                        .with(TypeFlags::MEM_ALIGNED),
                )
                .size(8),
            ],
        )),
        variants: &[],
    },
    Helper {
        id: HelperId::Strtoul,
        proto: Some(HelperProto::new(
            "bpf_strtoul_proto",
            RetType::INTEGER,
            &[
                Arg::new(ArgType::PTR_TO_MEM.with(TypeFlags::MEM_RDONLY)),
                Arg::new(ArgType::CONST_SIZE),
                Arg::new(ArgType::ANYTHING),
                Arg::new(
                    ArgType::PTR_TO_FIXED_SIZE_MEM
                        .with(TypeFlags::MEM_UNINIT)
                        .with(TypeFlags::MEM_WRITE)
                        .with(TypeFlags::MEM_ALIGNED),
                )
                .size(8),
            ],
        )),
        variants: &[],
    },
    Helper {
        id: HelperId::SkStorageGet,
        proto: Some(HelperProto::new(
            "bpf_sk_storage_get_proto",
            RetType::PTR_TO_MAP_VALUE_OR_NULL,
            &[
                Arg::new(ArgType::CONST_MAP_PTR),
                Arg::new(ArgType::PTR_TO_BTF_ID_SOCK_COMMON),
                Arg::new(ArgType::PTR_TO_MAP_VALUE_OR_NULL),
                Arg::new(ArgType::ANYTHING),
            ],
        )),
        variants: &[
            ProtoVariant {
                prog_types: &[ProgType::CgroupSock],
                condition: None,
                proto: HelperProto::new(
                    "bpf_sk_storage_get_cg_sock_proto",
                    RetType::PTR_TO_MAP_VALUE_OR_NULL,
                    &[
                        Arg::new(ArgType::CONST_MAP_PTR),
                        Arg::new(ArgType::PTR_TO_CTX),
                        Arg::new(ArgType::PTR_TO_MAP_VALUE_OR_NULL),
                        Arg::new(ArgType::ANYTHING),
                    ],
                ),
            },
            ProtoVariant {
                prog_types: &[ProgType::Tracing],
                condition: None,
                proto: HelperProto::new(
                    "bpf_sk_storage_get_tracing_proto",
                    RetType::PTR_TO_MAP_VALUE_OR_NULL,
                    &[
                        Arg::new(ArgType::CONST_MAP_PTR),
                        Arg::new(ArgType::PTR_TO_BTF_ID_OR_NULL).btf("sock_common"),
                        Arg::new(ArgType::PTR_TO_MAP_VALUE_OR_NULL),
                        Arg::new(ArgType::ANYTHING),
                    ],
                ),
            },
        ],
    },
    Helper {
        id: HelperId::SkStorageDelete,
        proto: Some(HelperProto::new(
            "bpf_sk_storage_delete_proto",
            RetType::INTEGER,
            &[
                Arg::new(ArgType::CONST_MAP_PTR),
                Arg::new(ArgType::PTR_TO_BTF_ID_SOCK_COMMON),
            ],
        )),
        variants: &[ProtoVariant {
            prog_types: &[ProgType::Tracing],
            condition: None,
            proto: HelperProto::new(
                "bpf_sk_storage_delete_tracing_proto",
                RetType::INTEGER,
                &[
                    Arg::new(ArgType::CONST_MAP_PTR),
                    Arg::new(ArgType::PTR_TO_BTF_ID_OR_NULL).btf("sock_common"),
                ],
            ),
        }],
    },
    Helper {
        id: HelperId::SendSignal,
        proto: Some(HelperProto::new(
            "bpf_send_signal_proto",
            RetType::INTEGER,
            &[Arg::new(ArgType::ANYTHING)],
        )),
        variants: &[],
    },
    Helper {
        id: HelperId::TcpGenSyncookie,
        proto: Some(
            HelperProto::new(
                "bpf_tcp_gen_syncookie_proto",
                RetType::INTEGER,
                &[
                    Arg::new(ArgType::PTR_TO_BTF_ID_SOCK_COMMON),
                    Arg::new(ArgType::PTR_TO_MEM.with(TypeFlags::MEM_RDONLY)),
                    Arg::new(ArgType::CONST_SIZE),
                    Arg::new(ArgType::PTR_TO_MEM.with(TypeFlags::MEM_RDONLY)),
                    Arg::new(ArgType::CONST_SIZE),
                ],
            )
            .gpl_only()
            .pkt_access(),
        ),
        variants: &[],
    },
    Helper {
        id: HelperId::SkbOutput,
        proto: Some(
            HelperProto::new(
                "bpf_skb_output_proto",
                RetType::INTEGER,
                &[
                    Arg::new(ArgType::PTR_TO_BTF_ID).btf("sk_buff"),
                    Arg::new(ArgType::CONST_MAP_PTR),
                    Arg::new(ArgType::ANYTHING),
                    Arg::new(ArgType::PTR_TO_MEM.with(TypeFlags::MEM_RDONLY)),
                    Arg::new(ArgType::CONST_SIZE_OR_ZERO),
                ],
            )
            .gpl_only(),
        ),
        variants: &[],
    },
    Helper {
        id: HelperId::ProbeReadUser,
        proto: Some(
            HelperProto::new(
                "bpf_probe_read_user_proto",
                RetType::INTEGER,
                &[
                    Arg::new(ArgType::PTR_TO_UNINIT_MEM),
                    Arg::new(ArgType::CONST_SIZE_OR_ZERO),
                    Arg::new(ArgType::ANYTHING),
                ],
            )
            .gpl_only(),
        ),
        variants: &[],
    },
    Helper {
        id: HelperId::ProbeReadKernel,
        proto: Some(
            HelperProto::new(
                "bpf_probe_read_kernel_proto",
                RetType::INTEGER,
                &[
                    Arg::new(ArgType::PTR_TO_UNINIT_MEM),
                    Arg::new(ArgType::CONST_SIZE_OR_ZERO),
                    Arg::new(ArgType::ANYTHING),
                ],
            )
            .gpl_only(),
        ),
        variants: &[],
    },
    Helper {
        id: HelperId::ProbeReadUserStr,
        proto: Some(
            HelperProto::new(
                "bpf_probe_read_user_str_proto",
                RetType::INTEGER,
                &[
                    Arg::new(ArgType::PTR_TO_UNINIT_MEM),
                    Arg::new(ArgType::CONST_SIZE_OR_ZERO),
                    Arg::new(ArgType::ANYTHING),
                ],
            )
            .gpl_only(),
        ),
        variants: &[],
    },
    Helper {
        id: HelperId::ProbeReadKernelStr,
        proto: Some(
            HelperProto::new(
                "bpf_probe_read_kernel_str_proto",
                RetType::INTEGER,
                &[
                    Arg::new(ArgType::PTR_TO_UNINIT_MEM),
                    Arg::new(ArgType::CONST_SIZE_OR_ZERO),
                    Arg::new(ArgType::ANYTHING),
                ],
            )
            .gpl_only(),
        ),
        variants: &[],
    },
    Helper {
        id: HelperId::TcpSendAck,
        proto: Some(HelperProto::new(
            "bpf_tcp_send_ack_proto",
            RetType::INTEGER,
            &[
                Arg::new(ArgType::PTR_TO_BTF_ID).btf("tcp_sock"),
                Arg::new(ArgType::ANYTHING),
            ],
        )),
        variants: &[],
    },
    Helper {
        id: HelperId::SendSignalThread,
        proto: Some(HelperProto::new(
            "bpf_send_signal_thread_proto",
            RetType::INTEGER,
            &[Arg::new(ArgType::ANYTHING)],
        )),
        variants: &[],
    },
    Helper {
        id: HelperId::Jiffies64,
        proto: Some(HelperProto::new(
            "bpf_jiffies64_proto",
            RetType::INTEGER,
            &[],
        )),
        variants: &[],
    },
    Helper {
        id: HelperId::ReadBranchRecords,
        proto: Some(
            HelperProto::new(
                "bpf_read_branch_records_proto",
                RetType::INTEGER,
                &[
                    Arg::new(ArgType::PTR_TO_CTX),
                    Arg::new(ArgType::PTR_TO_MEM_OR_NULL.with(TypeFlags::MEM_WRITE)),
                    Arg::new(ArgType::CONST_SIZE_OR_ZERO),
                    Arg::new(ArgType::ANYTHING),
                ],
            )
            .gpl_only(),
        ),
        variants: &[],
    },
    Helper {
        id: HelperId::GetNsCurrentPidTgid,
        proto: Some(HelperProto::new(
            "bpf_get_ns_current_pid_tgid_proto",
            RetType::INTEGER,
            &[
                Arg::new(ArgType::ANYTHING),
                Arg::new(ArgType::ANYTHING),
                Arg::new(ArgType::PTR_TO_UNINIT_MEM),
                Arg::new(ArgType::CONST_SIZE),
            ],
        )),
        variants: &[],
    },
    Helper {
        id: HelperId::XdpOutput,
        proto: Some(
            HelperProto::new(
                "bpf_xdp_output_proto",
                RetType::INTEGER,
                &[
                    Arg::new(ArgType::PTR_TO_BTF_ID).btf("xdp_buff"),
                    Arg::new(ArgType::CONST_MAP_PTR),
                    Arg::new(ArgType::ANYTHING),
                    Arg::new(ArgType::PTR_TO_MEM.with(TypeFlags::MEM_RDONLY)),
                    Arg::new(ArgType::CONST_SIZE_OR_ZERO),
                ],
            )
            .gpl_only(),
        ),
        variants: &[],
    },
    Helper {
        id: HelperId::GetNetnsCookie,
        proto: Some(HelperProto::new(
            "bpf_get_netns_cookie_proto",
            RetType::INTEGER,
            &[Arg::new(ArgType::PTR_TO_CTX_OR_NULL)],
        )),
        variants: &[],
    },
    Helper {
        id: HelperId::GetCurrentAncestorCgroupId,
        proto: Some(HelperProto::new(
            "bpf_get_current_ancestor_cgroup_id_proto",
            RetType::INTEGER,
            &[Arg::new(ArgType::ANYTHING)],
        )),
        variants: &[],
    },
    Helper {
        id: HelperId::SkAssign,
        proto: Some(HelperProto::new(
            "bpf_sk_assign_proto",
            RetType::INTEGER,
            &[
                Arg::new(ArgType::PTR_TO_CTX),
                Arg::new(ArgType::PTR_TO_BTF_ID_SOCK_COMMON),
                Arg::new(ArgType::ANYTHING),
            ],
        )),
        variants: &[ProtoVariant {
            prog_types: &[ProgType::SkLookup],
            condition: None,
            proto: HelperProto::new(
                "bpf_sk_lookup_assign_proto",
                RetType::INTEGER,
                &[
                    Arg::new(ArgType::PTR_TO_CTX),
                    Arg::new(ArgType::PTR_TO_SOCKET_OR_NULL),
                    Arg::new(ArgType::ANYTHING),
                ],
            ),
        }],
    },
    Helper {
        id: HelperId::KtimeGetBootNs,
        proto: Some(HelperProto::new(
            "bpf_ktime_get_boot_ns_proto",
            RetType::INTEGER,
            &[],
        )),
        variants: &[],
    },
    Helper {
        id: HelperId::SeqPrintf,
        proto: Some(
            HelperProto::new(
                "bpf_seq_printf_proto",
                RetType::INTEGER,
                &[
                    Arg::new(ArgType::PTR_TO_BTF_ID).btf("seq_file"),
                    Arg::new(ArgType::PTR_TO_MEM.with(TypeFlags::MEM_RDONLY)),
                    Arg::new(ArgType::CONST_SIZE),
                    Arg::new(
                        ArgType::PTR_TO_MEM
                            .with(TypeFlags::PTR_MAYBE_NULL)
                            .with(TypeFlags::MEM_RDONLY),
                    ),
                    Arg::new(ArgType::CONST_SIZE_OR_ZERO),
                ],
            )
            .gpl_only(),
        ),
        variants: &[],
    },
    Helper {
        id: HelperId::SeqWrite,
        proto: Some(
            HelperProto::new(
                "bpf_seq_write_proto",
                RetType::INTEGER,
                &[
                    Arg::new(ArgType::PTR_TO_BTF_ID).btf("seq_file"),
                    Arg::new(ArgType::PTR_TO_MEM.with(TypeFlags::MEM_RDONLY)),
                    Arg::new(ArgType::CONST_SIZE_OR_ZERO),
                ],
            )
            .gpl_only(),
        ),
        variants: &[],
    },
    Helper {
        id: HelperId::SkCgroupId,
        proto: Some(HelperProto::new(
            "bpf_sk_cgroup_id_proto",
            RetType::INTEGER,
            &[Arg::new(ArgType::PTR_TO_BTF_ID_SOCK_COMMON)],
        )),
        variants: &[],
    },
    Helper {
        id: HelperId::SkAncestorCgroupId,
        proto: Some(HelperProto::new(
            "bpf_sk_ancestor_cgroup_id_proto",
            RetType::INTEGER,
            &[
                Arg::new(ArgType::PTR_TO_BTF_ID_SOCK_COMMON),
                Arg::new(ArgType::ANYTHING),
            ],
        )),
        variants: &[],
    },
    Helper {
        id: HelperId::RingbufOutput,
        proto: Some(HelperProto::new(
            "bpf_ringbuf_output_proto",
            RetType::INTEGER,
            &[
                Arg::new(ArgType::CONST_MAP_PTR),
                Arg::new(ArgType::PTR_TO_MEM.with(TypeFlags::MEM_RDONLY)),
                Arg::new(ArgType::CONST_SIZE_OR_ZERO),
                Arg::new(ArgType::ANYTHING),
            ],
        )),
        variants: &[],
    },
    Helper {
        id: HelperId::RingbufReserve,
        proto: Some(HelperProto::new(
            "bpf_ringbuf_reserve_proto",
            RetType::PTR_TO_RINGBUF_MEM_OR_NULL,
            &[
                Arg::new(ArgType::CONST_MAP_PTR),
                Arg::new(ArgType::CONST_ALLOC_SIZE_OR_ZERO),
                Arg::new(ArgType::ANYTHING),
            ],
        )),
        variants: &[],
    },
    Helper {
        id: HelperId::RingbufSubmit,
        proto: Some(HelperProto::new(
            "bpf_ringbuf_submit_proto",
            RetType::VOID,
            &[
                Arg::new(ArgType::PTR_TO_RINGBUF_MEM.with(TypeFlags::OBJ_RELEASE)),
                Arg::new(ArgType::ANYTHING),
            ],
        )),
        variants: &[],
    },
    Helper {
        id: HelperId::RingbufDiscard,
        proto: Some(HelperProto::new(
            "bpf_ringbuf_discard_proto",
            RetType::VOID,
            &[
                Arg::new(ArgType::PTR_TO_RINGBUF_MEM.with(TypeFlags::OBJ_RELEASE)),
                Arg::new(ArgType::ANYTHING),
            ],
        )),
        variants: &[],
    },
    Helper {
        id: HelperId::RingbufQuery,
        proto: Some(HelperProto::new(
            "bpf_ringbuf_query_proto",
            RetType::INTEGER,
            &[
                Arg::new(ArgType::CONST_MAP_PTR),
                Arg::new(ArgType::ANYTHING),
            ],
        )),
        variants: &[],
    },
    Helper {
        id: HelperId::CsumLevel,
        proto: Some(HelperProto::new(
            "bpf_csum_level_proto",
            RetType::INTEGER,
            &[Arg::new(ArgType::PTR_TO_CTX), Arg::new(ArgType::ANYTHING)],
        )),
        variants: &[],
    },
    Helper {
        id: HelperId::SkcToTcp6Sock,
        proto: Some(
            HelperProto::new(
                "bpf_skc_to_tcp6_sock_proto",
                RetType::PTR_TO_BTF_ID_OR_NULL,
                &[Arg::new(ArgType::PTR_TO_BTF_ID_SOCK_COMMON)],
            )
            .ret_btf("tcp6_sock"),
        ),
        variants: &[],
    },
    Helper {
        id: HelperId::SkcToTcpSock,
        proto: Some(
            HelperProto::new(
                "bpf_skc_to_tcp_sock_proto",
                RetType::PTR_TO_BTF_ID_OR_NULL,
                &[Arg::new(ArgType::PTR_TO_BTF_ID_SOCK_COMMON)],
            )
            .ret_btf("tcp_sock"),
        ),
        variants: &[],
    },
    Helper {
        id: HelperId::SkcToTcpTimewaitSock,
        proto: Some(
            HelperProto::new(
                "bpf_skc_to_tcp_timewait_sock_proto",
                RetType::PTR_TO_BTF_ID_OR_NULL,
                &[Arg::new(ArgType::PTR_TO_BTF_ID_SOCK_COMMON)],
            )
            .ret_btf("tcp_timewait_sock"),
        ),
        variants: &[],
    },
    Helper {
        id: HelperId::SkcToTcpRequestSock,
        proto: Some(
            HelperProto::new(
                "bpf_skc_to_tcp_request_sock_proto",
                RetType::PTR_TO_BTF_ID_OR_NULL,
                &[Arg::new(ArgType::PTR_TO_BTF_ID_SOCK_COMMON)],
            )
            .ret_btf("tcp_request_sock"),
        ),
        variants: &[],
    },
    Helper {
        id: HelperId::SkcToUdp6Sock,
        proto: Some(
            HelperProto::new(
                "bpf_skc_to_udp6_sock_proto",
                RetType::PTR_TO_BTF_ID_OR_NULL,
                &[Arg::new(ArgType::PTR_TO_BTF_ID_SOCK_COMMON)],
            )
            .ret_btf("udp6_sock"),
        ),
        variants: &[],
    },
    Helper {
        id: HelperId::GetTaskStack,
        proto: Some(HelperProto::new(
            "bpf_get_task_stack_proto",
            RetType::INTEGER,
            &[
                Arg::new(ArgType::PTR_TO_BTF_ID).btf("task_struct"),
                Arg::new(ArgType::PTR_TO_UNINIT_MEM),
                Arg::new(ArgType::CONST_SIZE_OR_ZERO),
                Arg::new(ArgType::ANYTHING),
            ],
        )),
        variants: &[ProtoVariant {
            prog_types: &[
                ProgType::SocketFilter,
                ProgType::Kprobe,
                ProgType::SchedCls,
                ProgType::SchedAct,
                ProgType::Tracepoint,
                ProgType::Xdp,
                ProgType::PerfEvent,
                ProgType::CgroupSkb,
                ProgType::CgroupSock,
                ProgType::LwtIn,
                ProgType::LwtOut,
                ProgType::LwtXmit,
                ProgType::SockOps,
                ProgType::SkSkb,
                ProgType::CgroupDevice,
                ProgType::SkMsg,
                ProgType::RawTracepoint,
                ProgType::CgroupSockAddr,
                ProgType::LwtSeg6local,
                ProgType::SkReuseport,
                ProgType::FlowDissector,
                ProgType::CgroupSysctl,
                ProgType::RawTracepointWritable,
                ProgType::CgroupSockopt,
                ProgType::Tracing,
                ProgType::Lsm,
                ProgType::SkLookup,
                ProgType::Syscall,
                ProgType::Netfilter,
            ],
            condition: Some("sleepable programs"),
            proto: HelperProto::new(
                "bpf_get_task_stack_sleepable_proto",
                RetType::INTEGER,
                &[
                    Arg::new(ArgType::PTR_TO_BTF_ID).btf("task_struct"),
                    Arg::new(ArgType::PTR_TO_UNINIT_MEM),
                    Arg::new(ArgType::CONST_SIZE_OR_ZERO),
                    Arg::new(ArgType::ANYTHING),
                ],
            )
            .might_sleep(),
        }],
    },
    Helper {
        id: HelperId::LoadHdrOpt,
        proto: Some(HelperProto::new(
            "bpf_sock_ops_load_hdr_opt_proto",
            RetType::INTEGER,
            &[
                Arg::new(ArgType::PTR_TO_CTX),
                Arg::new(ArgType::PTR_TO_MEM.with(TypeFlags::MEM_WRITE)),
                Arg::new(ArgType::CONST_SIZE),
                Arg::new(ArgType::ANYTHING),
            ],
        )),
        variants: &[],
    },
    Helper {
        id: HelperId::StoreHdrOpt,
        proto: Some(HelperProto::new(
            "bpf_sock_ops_store_hdr_opt_proto",
            RetType::INTEGER,
            &[
                Arg::new(ArgType::PTR_TO_CTX),
                Arg::new(ArgType::PTR_TO_MEM.with(TypeFlags::MEM_RDONLY)),
                Arg::new(ArgType::CONST_SIZE),
                Arg::new(ArgType::ANYTHING),
            ],
        )),
        variants: &[],
    },
    Helper {
        id: HelperId::ReserveHdrOpt,
        proto: Some(HelperProto::new(
            "bpf_sock_ops_reserve_hdr_opt_proto",
            RetType::INTEGER,
            &[
                Arg::new(ArgType::PTR_TO_CTX),
                Arg::new(ArgType::ANYTHING),
                Arg::new(ArgType::ANYTHING),
            ],
        )),
        variants: &[],
    },
    Helper {
        id: HelperId::InodeStorageGet,
        proto: Some(HelperProto::new(
            "bpf_inode_storage_get_proto",
            RetType::PTR_TO_MAP_VALUE_OR_NULL,
            &[
                Arg::new(ArgType::CONST_MAP_PTR),
                Arg::new(ArgType::PTR_TO_BTF_ID_OR_NULL).btf("inode"),
                Arg::new(ArgType::PTR_TO_MAP_VALUE_OR_NULL),
                Arg::new(ArgType::ANYTHING),
            ],
        )),
        variants: &[],
    },
    Helper {
        id: HelperId::InodeStorageDelete,
        proto: Some(HelperProto::new(
            "bpf_inode_storage_delete_proto",
            RetType::INTEGER,
            &[
                Arg::new(ArgType::CONST_MAP_PTR),
                Arg::new(ArgType::PTR_TO_BTF_ID_OR_NULL).btf("inode"),
            ],
        )),
        variants: &[],
    },
    Helper {
        id: HelperId::DPath,
        proto: Some(HelperProto::new(
            "bpf_d_path_proto",
            RetType::INTEGER,
            &[
                Arg::new(ArgType::PTR_TO_BTF_ID).btf("path"),
                Arg::new(ArgType::PTR_TO_MEM.with(TypeFlags::MEM_WRITE)),
                Arg::new(ArgType::CONST_SIZE_OR_ZERO),
            ],
        )),
        variants: &[],
    },
    Helper {
        id: HelperId::CopyFromUser,
        proto: Some(
            HelperProto::new(
                "bpf_copy_from_user_proto",
                RetType::INTEGER,
                &[
                    Arg::new(ArgType::PTR_TO_UNINIT_MEM),
                    Arg::new(ArgType::CONST_SIZE_OR_ZERO),
                    Arg::new(ArgType::ANYTHING),
                ],
            )
            .might_sleep(),
        ),
        variants: &[],
    },
    Helper {
        id: HelperId::SnprintfBtf,
        proto: Some(HelperProto::new(
            "bpf_snprintf_btf_proto",
            RetType::INTEGER,
            &[
                Arg::new(ArgType::PTR_TO_MEM.with(TypeFlags::MEM_WRITE)),
                Arg::new(ArgType::CONST_SIZE),
                Arg::new(ArgType::PTR_TO_MEM.with(TypeFlags::MEM_RDONLY)),
                Arg::new(ArgType::CONST_SIZE),
                Arg::new(ArgType::ANYTHING),
            ],
        )),
        variants: &[],
    },
    Helper {
        id: HelperId::SeqPrintfBtf,
        proto: Some(
            HelperProto::new(
                "bpf_seq_printf_btf_proto",
                RetType::INTEGER,
                &[
                    Arg::new(ArgType::PTR_TO_BTF_ID).btf("seq_file"),
                    Arg::new(ArgType::PTR_TO_MEM.with(TypeFlags::MEM_RDONLY)),
                    Arg::new(ArgType::CONST_SIZE_OR_ZERO),
                    Arg::new(ArgType::ANYTHING),
                ],
            )
            .gpl_only(),
        ),
        variants: &[],
    },
    Helper {
        id: HelperId::SkbCgroupClassid,
        proto: Some(HelperProto::new(
            "bpf_skb_cgroup_classid_proto",
            RetType::INTEGER,
            &[Arg::new(ArgType::PTR_TO_CTX)],
        )),
        variants: &[],
    },
    Helper {
        id: HelperId::RedirectNeigh,
        proto: Some(HelperProto::new(
            "bpf_redirect_neigh_proto",
            RetType::INTEGER,
            &[
                Arg::new(ArgType::ANYTHING),
                Arg::new(
                    ArgType::PTR_TO_MEM
                        .with(TypeFlags::PTR_MAYBE_NULL)
                        .with(TypeFlags::MEM_RDONLY),
                ),
                Arg::new(ArgType::CONST_SIZE_OR_ZERO),
                Arg::new(ArgType::ANYTHING),
            ],
        )),
        variants: &[],
    },
    Helper {
        id: HelperId::PerCpuPtr,
        proto: Some(HelperProto::new(
            "bpf_per_cpu_ptr_proto",
            RetType::PTR_TO_MEM_OR_BTF_ID
                .with(TypeFlags::PTR_MAYBE_NULL)
                .with(TypeFlags::MEM_RDONLY),
            &[
                Arg::new(ArgType::PTR_TO_PERCPU_BTF_ID),
                Arg::new(ArgType::ANYTHING),
            ],
        )),
        variants: &[],
    },
    Helper {
        id: HelperId::ThisCpuPtr,
        proto: Some(HelperProto::new(
            "bpf_this_cpu_ptr_proto",
            RetType::PTR_TO_MEM_OR_BTF_ID.with(TypeFlags::MEM_RDONLY),
            &[Arg::new(ArgType::PTR_TO_PERCPU_BTF_ID)],
        )),
        variants: &[],
    },
    Helper {
        id: HelperId::RedirectPeer,
        proto: Some(HelperProto::new(
            "bpf_redirect_peer_proto",
            RetType::INTEGER,
            &[Arg::new(ArgType::ANYTHING), Arg::new(ArgType::ANYTHING)],
        )),
        variants: &[],
    },
    Helper {
        id: HelperId::TaskStorageGet,
        proto: Some(HelperProto::new(
            "bpf_task_storage_get_proto",
            RetType::PTR_TO_MAP_VALUE_OR_NULL,
            &[
                Arg::new(ArgType::CONST_MAP_PTR),
                Arg::new(ArgType::PTR_TO_BTF_ID_OR_NULL).btf("task_struct"),
                Arg::new(ArgType::PTR_TO_MAP_VALUE_OR_NULL),
                Arg::new(ArgType::ANYTHING),
            ],
        )),
        variants: &[],
    },
    Helper {
        id: HelperId::TaskStorageDelete,
        proto: Some(HelperProto::new(
            "bpf_task_storage_delete_proto",
            RetType::INTEGER,
            &[
                Arg::new(ArgType::CONST_MAP_PTR),
                Arg::new(ArgType::PTR_TO_BTF_ID_OR_NULL).btf("task_struct"),
            ],
        )),
        variants: &[],
    },
    Helper {
        id: HelperId::GetCurrentTaskBtf,
        proto: Some(
            HelperProto::new(
                "bpf_get_current_task_btf_proto",
                RetType::PTR_TO_BTF_ID_TRUSTED,
                &[],
            )
            .gpl_only()
            .ret_btf("task_struct"),
        ),
        variants: &[],
    },
    Helper {
        id: HelperId::BprmOptsSet,
        proto: Some(HelperProto::new(
            "bpf_bprm_opts_set_proto",
            RetType::INTEGER,
            &[
                Arg::new(ArgType::PTR_TO_BTF_ID).btf("linux_binprm"),
                Arg::new(ArgType::ANYTHING),
            ],
        )),
        variants: &[],
    },
    Helper {
        id: HelperId::KtimeGetCoarseNs,
        proto: Some(HelperProto::new(
            "bpf_ktime_get_coarse_ns_proto",
            RetType::INTEGER,
            &[],
        )),
        variants: &[],
    },
    Helper {
        id: HelperId::ImaInodeHash,
        proto: Some(
            HelperProto::new(
                "bpf_ima_inode_hash_proto",
                RetType::INTEGER,
                &[
                    Arg::new(ArgType::PTR_TO_BTF_ID).btf("inode"),
                    Arg::new(ArgType::PTR_TO_UNINIT_MEM),
                    Arg::new(ArgType::CONST_SIZE),
                ],
            )
            .might_sleep(),
        ),
        variants: &[],
    },
    Helper {
        id: HelperId::SockFromFile,
        proto: Some(
            HelperProto::new(
                "bpf_sock_from_file_proto",
                RetType::PTR_TO_BTF_ID_OR_NULL,
                &[Arg::new(ArgType::PTR_TO_BTF_ID).btf("file")],
            )
            .ret_btf("socket"),
        ),
        variants: &[],
    },
    Helper {
        id: HelperId::CheckMtu,
        proto: Some(
            HelperProto::new(
                "bpf_skb_check_mtu_proto",
                RetType::INTEGER,
                &[
                    Arg::new(ArgType::PTR_TO_CTX),
                    Arg::new(ArgType::ANYTHING),
                    Arg::new(
                        ArgType::PTR_TO_FIXED_SIZE_MEM
                            .with(TypeFlags::MEM_WRITE)
                            .with(TypeFlags::MEM_ALIGNED),
                    )
                    .size(4),
                    Arg::new(ArgType::ANYTHING),
                    Arg::new(ArgType::ANYTHING),
                ],
            )
            .gpl_only(),
        ),
        variants: &[],
    },
    Helper {
        id: HelperId::ForEachMapElem,
        proto: Some(HelperProto::new(
            "bpf_for_each_map_elem_proto",
            RetType::INTEGER,
            &[
                Arg::new(ArgType::CONST_MAP_PTR),
                Arg::new(ArgType::PTR_TO_FUNC),
                Arg::new(ArgType::PTR_TO_STACK_OR_NULL),
                Arg::new(ArgType::ANYTHING),
            ],
        )),
        variants: &[],
    },
    Helper {
        id: HelperId::Snprintf,
        proto: Some(
            HelperProto::new(
                "bpf_snprintf_proto",
                RetType::INTEGER,
                &[
                    Arg::new(ArgType::PTR_TO_MEM_OR_NULL.with(TypeFlags::MEM_WRITE)),
                    Arg::new(ArgType::CONST_SIZE_OR_ZERO),
                    Arg::new(ArgType::PTR_TO_CONST_STR),
                    Arg::new(
                        ArgType::PTR_TO_MEM
                            .with(TypeFlags::PTR_MAYBE_NULL)
                            .with(TypeFlags::MEM_RDONLY),
                    ),
                    Arg::new(ArgType::CONST_SIZE_OR_ZERO),
                ],
            )
            .gpl_only(),
        ),
        variants: &[],
    },
    Helper {
        id: HelperId::SysBpf,
        proto: Some(
            HelperProto::new(
                "bpf_sys_bpf_proto",
                RetType::INTEGER,
                &[
                    Arg::new(ArgType::ANYTHING),
                    Arg::new(ArgType::PTR_TO_MEM.with(TypeFlags::MEM_RDONLY)),
                    Arg::new(ArgType::CONST_SIZE),
                ],
            )
            .might_sleep(),
        ),
        variants: &[],
    },
    Helper {
        id: HelperId::BtfFindByNameKind,
        proto: Some(
            HelperProto::new(
                "bpf_btf_find_by_name_kind_proto",
                RetType::INTEGER,
                &[
                    Arg::new(ArgType::PTR_TO_MEM.with(TypeFlags::MEM_RDONLY)),
                    Arg::new(ArgType::CONST_SIZE),
                    Arg::new(ArgType::ANYTHING),
                    Arg::new(ArgType::ANYTHING),
                ],
            )
            .might_sleep(),
        ),
        variants: &[],
    },
    Helper {
        id: HelperId::SysClose,
        proto: Some(
            HelperProto::new(
                "bpf_sys_close_proto",
                RetType::INTEGER,
                &[Arg::new(ArgType::ANYTHING)],
            )
            .might_sleep(),
        ),
        variants: &[],
    },
    Helper {
        id: HelperId::TimerInit,
        proto: Some(
            HelperProto::new(
                "bpf_timer_init_proto",
                RetType::INTEGER,
                &[
                    Arg::new(ArgType::PTR_TO_TIMER),
                    Arg::new(ArgType::CONST_MAP_PTR),
                    Arg::new(ArgType::ANYTHING),
                ],
            )
            .gpl_only(),
        ),
        variants: &[],
    },
    Helper {
        id: HelperId::TimerSetCallback,
        proto: Some(
            HelperProto::new(
                "bpf_timer_set_callback_proto",
                RetType::INTEGER,
                &[
                    Arg::new(ArgType::PTR_TO_TIMER),
                    Arg::new(ArgType::PTR_TO_FUNC),
                ],
            )
            .gpl_only(),
        ),
        variants: &[],
    },
    Helper {
        id: HelperId::TimerStart,
        proto: Some(
            HelperProto::new(
                "bpf_timer_start_proto",
                RetType::INTEGER,
                &[
                    Arg::new(ArgType::PTR_TO_TIMER),
                    Arg::new(ArgType::ANYTHING),
                    Arg::new(ArgType::ANYTHING),
                ],
            )
            .gpl_only(),
        ),
        variants: &[],
    },
    Helper {
        id: HelperId::TimerCancel,
        proto: Some(
            HelperProto::new(
                "bpf_timer_cancel_proto",
                RetType::INTEGER,
                &[Arg::new(ArgType::PTR_TO_TIMER)],
            )
            .gpl_only(),
        ),
        variants: &[],
    },
    Helper {
        id: HelperId::GetFuncIp,
        proto: Some(
            HelperProto::new(
                "bpf_get_func_ip_proto_kprobe",
                RetType::INTEGER,
                &[Arg::new(ArgType::PTR_TO_CTX)],
            )
            .gpl_only(),
        ),
        variants: &[ProtoVariant {
            prog_types: &[ProgType::Kprobe],
            condition: Some(
                "kprobe.multi, kprobe.session, uprobe.multi and uprobe.session attachments",
            ),
            proto: HelperProto::new(
                "bpf_get_func_ip_proto_kprobe_multi",
                RetType::INTEGER,
                &[Arg::new(ArgType::PTR_TO_CTX)],
            ),
        }],
    },
    Helper {
        id: HelperId::GetAttachCookie,
        proto: Some(HelperProto::new(
            "bpf_get_attach_cookie_proto",
            RetType::INTEGER,
            &[Arg::new(ArgType::PTR_TO_CTX)],
        )),
        variants: &[],
    },
    Helper {
        id: HelperId::TaskPtRegs,
        proto: Some(
            HelperProto::new(
                "bpf_task_pt_regs_proto",
                RetType::PTR_TO_BTF_ID,
                &[Arg::new(ArgType::PTR_TO_BTF_ID).btf("task_struct")],
            )
            .gpl_only()
            .ret_btf("pt_regs"),
        ),
        variants: &[],
    },
    Helper {
        id: HelperId::GetBranchSnapshot,
        proto: Some(
            HelperProto::new(
                "bpf_get_branch_snapshot_proto",
                RetType::INTEGER,
                &[
                    Arg::new(ArgType::PTR_TO_UNINIT_MEM),
                    Arg::new(ArgType::CONST_SIZE_OR_ZERO),
                ],
            )
            .gpl_only(),
        ),
        variants: &[],
    },
    Helper {
        id: HelperId::TraceVprintk,
        proto: Some(
            HelperProto::new(
                "bpf_trace_vprintk_proto",
                RetType::INTEGER,
                &[
                    Arg::new(ArgType::PTR_TO_MEM.with(TypeFlags::MEM_RDONLY)),
                    Arg::new(ArgType::CONST_SIZE),
                    Arg::new(
                        ArgType::PTR_TO_MEM
                            .with(TypeFlags::PTR_MAYBE_NULL)
                            .with(TypeFlags::MEM_RDONLY),
                    ),
                    Arg::new(ArgType::CONST_SIZE_OR_ZERO),
                ],
            )
            .gpl_only(),
        ),
        variants: &[],
    },
    Helper {
        id: HelperId::SkcToUnixSock,
        proto: Some(
            HelperProto::new(
                "bpf_skc_to_unix_sock_proto",
                RetType::PTR_TO_BTF_ID_OR_NULL,
                &[Arg::new(ArgType::PTR_TO_BTF_ID_SOCK_COMMON)],
            )
            .ret_btf("unix_sock"),
        ),
        variants: &[],
    },
    Helper {
        id: HelperId::KallsymsLookupName,
        proto: Some(HelperProto::new(
            "bpf_kallsyms_lookup_name_proto",
            RetType::INTEGER,
            &[
                Arg::new(ArgType::PTR_TO_MEM.with(TypeFlags::MEM_RDONLY)),
                Arg::new(ArgType::CONST_SIZE_OR_ZERO),
                Arg::new(ArgType::ANYTHING),
                Arg::new(
                    ArgType::PTR_TO_FIXED_SIZE_MEM
                        .with(TypeFlags::MEM_UNINIT)
                        .with(TypeFlags::MEM_WRITE)
                        .with(TypeFlags::MEM_ALIGNED),
                )
                .size(8),
            ],
        )),
        variants: &[],
    },
    Helper {
        id: HelperId::FindVma,
        proto: Some(HelperProto::new(
            "bpf_find_vma_proto",
            RetType::INTEGER,
            &[
                Arg::new(ArgType::PTR_TO_BTF_ID).btf("task_struct"),
                Arg::new(ArgType::ANYTHING),
                Arg::new(ArgType::PTR_TO_FUNC),
                Arg::new(ArgType::PTR_TO_STACK_OR_NULL),
                Arg::new(ArgType::ANYTHING),
            ],
        )),
        variants: &[],
    },
    Helper {
        id: HelperId::Loop,
        proto: Some(HelperProto::new(
            "bpf_loop_proto",
            RetType::INTEGER,
            &[
                Arg::new(ArgType::ANYTHING),
                Arg::new(ArgType::PTR_TO_FUNC),
                Arg::new(ArgType::PTR_TO_STACK_OR_NULL),
                Arg::new(ArgType::ANYTHING),
            ],
        )),
        variants: &[],
    },
    Helper {
        id: HelperId::Strncmp,
        proto: Some(HelperProto::new(
            "bpf_strncmp_proto",
            RetType::INTEGER,
            &[
                Arg::new(ArgType::PTR_TO_MEM.with(TypeFlags::MEM_RDONLY)),
                Arg::new(ArgType::CONST_SIZE),
                Arg::new(ArgType::PTR_TO_CONST_STR),
            ],
        )),
        variants: &[],
    },
    Helper {
        id: HelperId::GetFuncArg,
        proto: Some(HelperProto::new(
            "bpf_get_func_arg_proto",
            RetType::INTEGER,
            &[
                Arg::new(ArgType::PTR_TO_CTX),
                Arg::new(ArgType::ANYTHING),
                Arg::new(
                    ArgType::PTR_TO_FIXED_SIZE_MEM
                        .with(TypeFlags::MEM_UNINIT)
                        .with(TypeFlags::MEM_WRITE)
                        .with(TypeFlags::MEM_ALIGNED),
                )
                .size(8),
            ],
        )),
        variants: &[],
    },
    Helper {
        id: HelperId::GetFuncRet,
        proto: Some(HelperProto::new(
            "bpf_get_func_ret_proto",
            RetType::INTEGER,
            &[
                Arg::new(ArgType::PTR_TO_CTX),
                Arg::new(
                    ArgType::PTR_TO_FIXED_SIZE_MEM
                        .with(TypeFlags::MEM_UNINIT)
                        .with(TypeFlags::MEM_WRITE)
                        .with(TypeFlags::MEM_ALIGNED),
                )
                .size(8),
            ],
        )),
        variants: &[],
    },
    Helper {
        id: HelperId::GetFuncArgCnt,
        proto: Some(HelperProto::new(
            "bpf_get_func_arg_cnt_proto",
            RetType::INTEGER,
            &[Arg::new(ArgType::PTR_TO_CTX)],
        )),
        variants: &[],
    },
    Helper {
        id: HelperId::GetRetval,
        proto: Some(HelperProto::new(
            "bpf_get_retval_proto",
            RetType::INTEGER,
            &[],
        )),
        variants: &[],
    },
    Helper {
        id: HelperId::SetRetval,
        proto: Some(HelperProto::new(
            "bpf_set_retval_proto",
            RetType::INTEGER,
            &[Arg::new(ArgType::ANYTHING)],
        )),
        variants: &[],
    },
    Helper {
        id: HelperId::XdpGetBuffLen,
        proto: Some(HelperProto::new(
            "bpf_xdp_get_buff_len_proto",
            RetType::INTEGER,
            &[Arg::new(ArgType::PTR_TO_CTX)],
        )),
        variants: &[ProtoVariant {
            prog_types: &[ProgType::Tracing, ProgType::Lsm, ProgType::Syscall],
            condition: None,
            proto: HelperProto::new(
                "bpf_xdp_get_buff_len_trace_proto",
                RetType::INTEGER,
                &[Arg::new(ArgType::PTR_TO_BTF_ID).btf("xdp_buff")],
            ),
        }],
    },
    Helper {
        id: HelperId::XdpLoadBytes,
        proto: Some(HelperProto::new(
            "bpf_xdp_load_bytes_proto",
            RetType::INTEGER,
            &[
                Arg::new(ArgType::PTR_TO_CTX),
                Arg::new(ArgType::ANYTHING),
                Arg::new(ArgType::PTR_TO_UNINIT_MEM),
                Arg::new(ArgType::CONST_SIZE),
            ],
        )),
        variants: &[],
    },
    Helper {
        id: HelperId::XdpStoreBytes,
        proto: Some(HelperProto::new(
            "bpf_xdp_store_bytes_proto",
            RetType::INTEGER,
            &[
                Arg::new(ArgType::PTR_TO_CTX),
                Arg::new(ArgType::ANYTHING),
                Arg::new(ArgType::PTR_TO_MEM.with(TypeFlags::MEM_RDONLY)),
                Arg::new(ArgType::CONST_SIZE),
            ],
        )),
        variants: &[],
    },
    Helper {
        id: HelperId::CopyFromUserTask,
        proto: Some(
            HelperProto::new(
                "bpf_copy_from_user_task_proto",
                RetType::INTEGER,
                &[
                    Arg::new(ArgType::PTR_TO_UNINIT_MEM),
                    Arg::new(ArgType::CONST_SIZE_OR_ZERO),
                    Arg::new(ArgType::ANYTHING),
                    Arg::new(ArgType::PTR_TO_BTF_ID).btf("task_struct"),
                    Arg::new(ArgType::ANYTHING),
                ],
            )
            .gpl_only()
            .might_sleep(),
        ),
        variants: &[],
    },
    Helper {
        id: HelperId::SkbSetTstamp,
        proto: Some(HelperProto::new(
            "bpf_skb_set_tstamp_proto",
            RetType::INTEGER,
            &[
                Arg::new(ArgType::PTR_TO_CTX),
                Arg::new(ArgType::ANYTHING),
                Arg::new(ArgType::ANYTHING),
            ],
        )),
        variants: &[],
    },
    Helper {
        id: HelperId::ImaFileHash,
        proto: Some(
            HelperProto::new(
                "bpf_ima_file_hash_proto",
                RetType::INTEGER,
                &[
                    Arg::new(ArgType::PTR_TO_BTF_ID).btf("file"),
                    Arg::new(ArgType::PTR_TO_UNINIT_MEM),
                    Arg::new(ArgType::CONST_SIZE),
                ],
            )
            .might_sleep(),
        ),
        variants: &[],
    },
    Helper {
        id: HelperId::KptrXchg,
        proto: Some(
            HelperProto::new(
                "bpf_kptr_xchg_proto",
                RetType::PTR_TO_BTF_ID_OR_NULL,
                &[
                    Arg::new(ArgType::KPTR_XCHG_DEST),
                    Arg::new(ArgType::PTR_TO_BTF_ID_OR_NULL.with(TypeFlags::OBJ_RELEASE))
                        .btf_from_operands(),
                ],
            )
            .ret_btf_from_operands(),
        ),
        variants: &[],
    },
    Helper {
        id: HelperId::MapLookupPercpuElem,
        proto: Some(
            HelperProto::new(
                "bpf_map_lookup_percpu_elem_proto",
                RetType::PTR_TO_MAP_VALUE_OR_NULL,
                &[
                    Arg::new(ArgType::CONST_MAP_PTR),
                    Arg::new(ArgType::PTR_TO_MAP_KEY),
                    Arg::new(ArgType::ANYTHING),
                ],
            )
            .pkt_access(),
        ),
        variants: &[],
    },
    Helper {
        id: HelperId::SkcToMptcpSock,
        proto: Some(
            HelperProto::new(
                "bpf_skc_to_mptcp_sock_proto",
                RetType::PTR_TO_BTF_ID_OR_NULL,
                &[Arg::new(ArgType::PTR_TO_SOCK_COMMON)],
            )
            .ret_btf("mptcp_sock"),
        ),
        variants: &[],
    },
    Helper {
        id: HelperId::DynptrFromMem,
        proto: Some(HelperProto::new(
            "bpf_dynptr_from_mem_proto",
            RetType::INTEGER,
            &[
                Arg::new(ArgType::PTR_TO_UNINIT_MEM),
                Arg::new(ArgType::CONST_SIZE_OR_ZERO),
                Arg::new(ArgType::ANYTHING),
                Arg::new(
                    ArgType::PTR_TO_DYNPTR
                        .with(TypeFlags::DYNPTR_TYPE_LOCAL)
                        .with(TypeFlags::MEM_UNINIT)
                        .with(TypeFlags::MEM_WRITE),
                ),
            ],
        )),
        variants: &[],
    },
    Helper {
        id: HelperId::RingbufReserveDynptr,
        proto: Some(HelperProto::new(
            "bpf_ringbuf_reserve_dynptr_proto",
            RetType::INTEGER,
            &[
                Arg::new(ArgType::CONST_MAP_PTR),
                Arg::new(ArgType::ANYTHING),
                Arg::new(ArgType::ANYTHING),
                Arg::new(
                    ArgType::PTR_TO_DYNPTR
                        .with(TypeFlags::DYNPTR_TYPE_RINGBUF)
                        .with(TypeFlags::MEM_UNINIT)
                        .with(TypeFlags::MEM_WRITE),
                ),
            ],
        )),
        variants: &[],
    },
    Helper {
        id: HelperId::RingbufSubmitDynptr,
        proto: Some(HelperProto::new(
            "bpf_ringbuf_submit_dynptr_proto",
            RetType::VOID,
            &[
                Arg::new(
                    ArgType::PTR_TO_DYNPTR
                        .with(TypeFlags::DYNPTR_TYPE_RINGBUF)
                        .with(TypeFlags::OBJ_RELEASE),
                ),
                Arg::new(ArgType::ANYTHING),
            ],
        )),
        variants: &[],
    },
    Helper {
        id: HelperId::RingbufDiscardDynptr,
        proto: Some(HelperProto::new(
            "bpf_ringbuf_discard_dynptr_proto",
            RetType::VOID,
            &[
                Arg::new(
                    ArgType::PTR_TO_DYNPTR
                        .with(TypeFlags::DYNPTR_TYPE_RINGBUF)
                        .with(TypeFlags::OBJ_RELEASE),
                ),
                Arg::new(ArgType::ANYTHING),
            ],
        )),
        variants: &[],
    },
    Helper {
        id: HelperId::DynptrRead,
        proto: Some(HelperProto::new(
            "bpf_dynptr_read_proto",
            RetType::INTEGER,
            &[
                Arg::new(ArgType::PTR_TO_UNINIT_MEM),
                Arg::new(ArgType::CONST_SIZE_OR_ZERO),
                Arg::new(ArgType::PTR_TO_DYNPTR.with(TypeFlags::MEM_RDONLY)),
                Arg::new(ArgType::ANYTHING),
                Arg::new(ArgType::ANYTHING),
            ],
        )),
        variants: &[],
    },
    Helper {
        id: HelperId::DynptrWrite,
        proto: Some(HelperProto::new(
            "bpf_dynptr_write_proto",
            RetType::INTEGER,
            &[
                Arg::new(ArgType::PTR_TO_DYNPTR.with(TypeFlags::MEM_RDONLY)),
                Arg::new(ArgType::ANYTHING),
                Arg::new(ArgType::PTR_TO_MEM.with(TypeFlags::MEM_RDONLY)),
                Arg::new(ArgType::CONST_SIZE_OR_ZERO),
                Arg::new(ArgType::ANYTHING),
            ],
        )),
        variants: &[],
    },
    Helper {
        id: HelperId::DynptrData,
        proto: Some(HelperProto::new(
            "bpf_dynptr_data_proto",
            RetType::PTR_TO_DYNPTR_MEM_OR_NULL,
            &[
                Arg::new(ArgType::PTR_TO_DYNPTR.with(TypeFlags::MEM_RDONLY)),
                Arg::new(ArgType::ANYTHING),
                Arg::new(ArgType::CONST_ALLOC_SIZE_OR_ZERO),
            ],
        )),
        variants: &[],
    },
    Helper {
        id: HelperId::TcpRawGenSyncookieIpv4,
        proto: Some(
            HelperProto::new(
                "bpf_tcp_raw_gen_syncookie_ipv4_proto",
                RetType::INTEGER,
                &[
                    Arg::new(ArgType::PTR_TO_FIXED_SIZE_MEM.with(TypeFlags::MEM_RDONLY)).size(20),
                    Arg::new(ArgType::PTR_TO_MEM.with(TypeFlags::MEM_RDONLY)),
                    Arg::new(ArgType::CONST_SIZE_OR_ZERO),
                ],
            )
            .gpl_only()
            .pkt_access(),
        ),
        variants: &[],
    },
    Helper {
        id: HelperId::TcpRawGenSyncookieIpv6,
        proto: Some(
            HelperProto::new(
                "bpf_tcp_raw_gen_syncookie_ipv6_proto",
                RetType::INTEGER,
                &[
                    Arg::new(ArgType::PTR_TO_FIXED_SIZE_MEM.with(TypeFlags::MEM_RDONLY)).size(40),
                    Arg::new(ArgType::PTR_TO_MEM.with(TypeFlags::MEM_RDONLY)),
                    Arg::new(ArgType::CONST_SIZE_OR_ZERO),
                ],
            )
            .gpl_only()
            .pkt_access(),
        ),
        variants: &[],
    },
    Helper {
        id: HelperId::TcpRawCheckSyncookieIpv4,
        proto: Some(
            HelperProto::new(
                "bpf_tcp_raw_check_syncookie_ipv4_proto",
                RetType::INTEGER,
                &[
                    Arg::new(ArgType::PTR_TO_FIXED_SIZE_MEM.with(TypeFlags::MEM_RDONLY)).size(20),
                    Arg::new(ArgType::PTR_TO_FIXED_SIZE_MEM.with(TypeFlags::MEM_RDONLY)).size(20),
                ],
            )
            .gpl_only()
            .pkt_access(),
        ),
        variants: &[],
    },
    Helper {
        id: HelperId::TcpRawCheckSyncookieIpv6,
        proto: Some(
            HelperProto::new(
                "bpf_tcp_raw_check_syncookie_ipv6_proto",
                RetType::INTEGER,
                &[
                    Arg::new(ArgType::PTR_TO_FIXED_SIZE_MEM.with(TypeFlags::MEM_RDONLY)).size(40),
                    Arg::new(ArgType::PTR_TO_FIXED_SIZE_MEM.with(TypeFlags::MEM_RDONLY)).size(20),
                ],
            )
            .gpl_only()
            .pkt_access(),
        ),
        variants: &[],
    },
    Helper {
        id: HelperId::KtimeGetTaiNs,
        proto: Some(HelperProto::new(
            "bpf_ktime_get_tai_ns_proto",
            RetType::INTEGER,
            &[],
        )),
        variants: &[],
    },
    Helper {
        id: HelperId::UserRingbufDrain,
        proto: Some(HelperProto::new(
            "bpf_user_ringbuf_drain_proto",
            RetType::INTEGER,
            &[
                Arg::new(ArgType::CONST_MAP_PTR),
                Arg::new(ArgType::PTR_TO_FUNC),
                Arg::new(ArgType::PTR_TO_STACK_OR_NULL),
                Arg::new(ArgType::ANYTHING),
            ],
        )),
        variants: &[],
    },
    Helper {
        id: HelperId::CgrpStorageGet,
        proto: Some(HelperProto::new(
            "bpf_cgrp_storage_get_proto",
            RetType::PTR_TO_MAP_VALUE_OR_NULL,
            &[
                Arg::new(ArgType::CONST_MAP_PTR),
                Arg::new(ArgType::PTR_TO_BTF_ID_OR_NULL).btf("cgroup"),
                Arg::new(ArgType::PTR_TO_MAP_VALUE_OR_NULL),
                Arg::new(ArgType::ANYTHING),
            ],
        )),
        variants: &[],
    },
    Helper {
        id: HelperId::CgrpStorageDelete,
        proto: Some(HelperProto::new(
            "bpf_cgrp_storage_delete_proto",
            RetType::INTEGER,
            &[
                Arg::new(ArgType::CONST_MAP_PTR),
                Arg::new(ArgType::PTR_TO_BTF_ID_OR_NULL).btf("cgroup"),
            ],
        )),
        variants: &[],
    },
];
