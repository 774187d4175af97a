//! The helper ids (`enum bpf_func_id`, the `__BPF_FUNC_MAPPER` list): every helper Linux 6.18
//! defines, ids 1 to 211.
//!
//! Helper ids are frozen: the kernel adds no new helpers (new functionality comes as kfuncs),
//! so 211 (`bpf_cgrp_storage_delete`) is the last. Ids and names come from
//! `include/uapi/linux/bpf.h`; each variant's documentation gives the C signature from that
//! file's helper descriptions. The tests compare the list with `enum bpf_func_id` in the
//! running kernel's BTF and with `/usr/include/linux/bpf.h`.

use crate::kernel_enum::kernel_enum;

kernel_enum! {
    /// A helper function, called with `call <id>`; the value is the kernel's id.
    pub enum HelperId: "helper", prefix "bpf_" {
        /// `void *bpf_map_lookup_elem(struct bpf_map *map, const void *key)`
        MapLookupElem = 1, "BPF_FUNC_map_lookup_elem", "map_lookup_elem";
        /// `long bpf_map_update_elem(struct bpf_map *map, const void *key, const void *value, u64 flags)`
        MapUpdateElem = 2, "BPF_FUNC_map_update_elem", "map_update_elem";
        /// `long bpf_map_delete_elem(struct bpf_map *map, const void *key)`
        MapDeleteElem = 3, "BPF_FUNC_map_delete_elem", "map_delete_elem";
        /// `long bpf_probe_read(void *dst, u32 size, const void *unsafe_ptr)`
        ProbeRead = 4, "BPF_FUNC_probe_read", "probe_read";
        /// `u64 bpf_ktime_get_ns(void)`
        KtimeGetNs = 5, "BPF_FUNC_ktime_get_ns", "ktime_get_ns";
        /// `long bpf_trace_printk(const char *fmt, u32 fmt_size, ...)`
        TracePrintk = 6, "BPF_FUNC_trace_printk", "trace_printk";
        /// `u32 bpf_get_prandom_u32(void)`
        GetPrandomU32 = 7, "BPF_FUNC_get_prandom_u32", "get_prandom_u32";
        /// `u32 bpf_get_smp_processor_id(void)`
        GetSmpProcessorId = 8, "BPF_FUNC_get_smp_processor_id", "get_smp_processor_id";
        /// `long bpf_skb_store_bytes(struct sk_buff *skb, u32 offset, const void *from, u32 len, u64 flags)`
        SkbStoreBytes = 9, "BPF_FUNC_skb_store_bytes", "skb_store_bytes";
        /// `long bpf_l3_csum_replace(struct sk_buff *skb, u32 offset, u64 from, u64 to, u64 size)`
        L3CsumReplace = 10, "BPF_FUNC_l3_csum_replace", "l3_csum_replace";
        /// `long bpf_l4_csum_replace(struct sk_buff *skb, u32 offset, u64 from, u64 to, u64 flags)`
        L4CsumReplace = 11, "BPF_FUNC_l4_csum_replace", "l4_csum_replace";
        /// `long bpf_tail_call(void *ctx, struct bpf_map *prog_array_map, u32 index)`
        TailCall = 12, "BPF_FUNC_tail_call", "tail_call";
        /// `long bpf_clone_redirect(struct sk_buff *skb, u32 ifindex, u64 flags)`
        CloneRedirect = 13, "BPF_FUNC_clone_redirect", "clone_redirect";
        /// `u64 bpf_get_current_pid_tgid(void)`
        GetCurrentPidTgid = 14, "BPF_FUNC_get_current_pid_tgid", "get_current_pid_tgid";
        /// `u64 bpf_get_current_uid_gid(void)`
        GetCurrentUidGid = 15, "BPF_FUNC_get_current_uid_gid", "get_current_uid_gid";
        /// `long bpf_get_current_comm(void *buf, u32 size_of_buf)`
        GetCurrentComm = 16, "BPF_FUNC_get_current_comm", "get_current_comm";
        /// `u32 bpf_get_cgroup_classid(struct sk_buff *skb)`
        GetCgroupClassid = 17, "BPF_FUNC_get_cgroup_classid", "get_cgroup_classid";
        /// `long bpf_skb_vlan_push(struct sk_buff *skb, __be16 vlan_proto, u16 vlan_tci)`
        SkbVlanPush = 18, "BPF_FUNC_skb_vlan_push", "skb_vlan_push";
        /// `long bpf_skb_vlan_pop(struct sk_buff *skb)`
        SkbVlanPop = 19, "BPF_FUNC_skb_vlan_pop", "skb_vlan_pop";
        /// `long bpf_skb_get_tunnel_key(struct sk_buff *skb, struct bpf_tunnel_key *key, u32 size, u64 flags)`
        SkbGetTunnelKey = 20, "BPF_FUNC_skb_get_tunnel_key", "skb_get_tunnel_key";
        /// `long bpf_skb_set_tunnel_key(struct sk_buff *skb, struct bpf_tunnel_key *key, u32 size, u64 flags)`
        SkbSetTunnelKey = 21, "BPF_FUNC_skb_set_tunnel_key", "skb_set_tunnel_key";
        /// `u64 bpf_perf_event_read(struct bpf_map *map, u64 flags)`
        PerfEventRead = 22, "BPF_FUNC_perf_event_read", "perf_event_read";
        /// `long bpf_redirect(u32 ifindex, u64 flags)`
        Redirect = 23, "BPF_FUNC_redirect", "redirect";
        /// `u32 bpf_get_route_realm(struct sk_buff *skb)`
        GetRouteRealm = 24, "BPF_FUNC_get_route_realm", "get_route_realm";
        /// `long bpf_perf_event_output(void *ctx, struct bpf_map *map, u64 flags, void *data, u64 size)`
        PerfEventOutput = 25, "BPF_FUNC_perf_event_output", "perf_event_output";
        /// `long bpf_skb_load_bytes(const void *skb, u32 offset, void *to, u32 len)`
        SkbLoadBytes = 26, "BPF_FUNC_skb_load_bytes", "skb_load_bytes";
        /// `long bpf_get_stackid(void *ctx, struct bpf_map *map, u64 flags)`
        GetStackid = 27, "BPF_FUNC_get_stackid", "get_stackid";
        /// `s64 bpf_csum_diff(__be32 *from, u32 from_size, __be32 *to, u32 to_size, __wsum seed)`
        CsumDiff = 28, "BPF_FUNC_csum_diff", "csum_diff";
        /// `long bpf_skb_get_tunnel_opt(struct sk_buff *skb, void *opt, u32 size)`
        SkbGetTunnelOpt = 29, "BPF_FUNC_skb_get_tunnel_opt", "skb_get_tunnel_opt";
        /// `long bpf_skb_set_tunnel_opt(struct sk_buff *skb, void *opt, u32 size)`
        SkbSetTunnelOpt = 30, "BPF_FUNC_skb_set_tunnel_opt", "skb_set_tunnel_opt";
        /// `long bpf_skb_change_proto(struct sk_buff *skb, __be16 proto, u64 flags)`
        SkbChangeProto = 31, "BPF_FUNC_skb_change_proto", "skb_change_proto";
        /// `long bpf_skb_change_type(struct sk_buff *skb, u32 type)`
        SkbChangeType = 32, "BPF_FUNC_skb_change_type", "skb_change_type";
        /// `long bpf_skb_under_cgroup(struct sk_buff *skb, struct bpf_map *map, u32 index)`
        SkbUnderCgroup = 33, "BPF_FUNC_skb_under_cgroup", "skb_under_cgroup";
        /// `u32 bpf_get_hash_recalc(struct sk_buff *skb)`
        GetHashRecalc = 34, "BPF_FUNC_get_hash_recalc", "get_hash_recalc";
        /// `u64 bpf_get_current_task(void)`
        GetCurrentTask = 35, "BPF_FUNC_get_current_task", "get_current_task";
        /// `long bpf_probe_write_user(void *dst, const void *src, u32 len)`
        ProbeWriteUser = 36, "BPF_FUNC_probe_write_user", "probe_write_user";
        /// `long bpf_current_task_under_cgroup(struct bpf_map *map, u32 index)`
        CurrentTaskUnderCgroup = 37, "BPF_FUNC_current_task_under_cgroup", "current_task_under_cgroup";
        /// `long bpf_skb_change_tail(struct sk_buff *skb, u32 len, u64 flags)`
        SkbChangeTail = 38, "BPF_FUNC_skb_change_tail", "skb_change_tail";
        /// `long bpf_skb_pull_data(struct sk_buff *skb, u32 len)`
        SkbPullData = 39, "BPF_FUNC_skb_pull_data", "skb_pull_data";
        /// `s64 bpf_csum_update(struct sk_buff *skb, __wsum csum)`
        CsumUpdate = 40, "BPF_FUNC_csum_update", "csum_update";
        /// `void bpf_set_hash_invalid(struct sk_buff *skb)`
        SetHashInvalid = 41, "BPF_FUNC_set_hash_invalid", "set_hash_invalid";
        /// `long bpf_get_numa_node_id(void)`
        GetNumaNodeId = 42, "BPF_FUNC_get_numa_node_id", "get_numa_node_id";
        /// `long bpf_skb_change_head(struct sk_buff *skb, u32 len, u64 flags)`
        SkbChangeHead = 43, "BPF_FUNC_skb_change_head", "skb_change_head";
        /// `long bpf_xdp_adjust_head(struct xdp_buff *xdp_md, int delta)`
        XdpAdjustHead = 44, "BPF_FUNC_xdp_adjust_head", "xdp_adjust_head";
        /// `long bpf_probe_read_str(void *dst, u32 size, const void *unsafe_ptr)`
        ProbeReadStr = 45, "BPF_FUNC_probe_read_str", "probe_read_str";
        /// `u64 bpf_get_socket_cookie(struct sk_buff *skb)`
        GetSocketCookie = 46, "BPF_FUNC_get_socket_cookie", "get_socket_cookie";
        /// `u32 bpf_get_socket_uid(struct sk_buff *skb)`
        GetSocketUid = 47, "BPF_FUNC_get_socket_uid", "get_socket_uid";
        /// `long bpf_set_hash(struct sk_buff *skb, u32 hash)`
        SetHash = 48, "BPF_FUNC_set_hash", "set_hash";
        /// `long bpf_setsockopt(void *bpf_socket, int level, int optname, void *optval, int optlen)`
        Setsockopt = 49, "BPF_FUNC_setsockopt", "setsockopt";
        /// `long bpf_skb_adjust_room(struct sk_buff *skb, s32 len_diff, u32 mode, u64 flags)`
        SkbAdjustRoom = 50, "BPF_FUNC_skb_adjust_room", "skb_adjust_room";
        /// `long bpf_redirect_map(struct bpf_map *map, u64 key, u64 flags)`
        RedirectMap = 51, "BPF_FUNC_redirect_map", "redirect_map";
        /// `long bpf_sk_redirect_map(struct sk_buff *skb, struct bpf_map *map, u32 key, u64 flags)`
        SkRedirectMap = 52, "BPF_FUNC_sk_redirect_map", "sk_redirect_map";
        /// `long bpf_sock_map_update(struct bpf_sock_ops *skops, struct bpf_map *map, void *key, u64 flags)`
        SockMapUpdate = 53, "BPF_FUNC_sock_map_update", "sock_map_update";
        /// `long bpf_xdp_adjust_meta(struct xdp_buff *xdp_md, int delta)`
        XdpAdjustMeta = 54, "BPF_FUNC_xdp_adjust_meta", "xdp_adjust_meta";
        /// `long bpf_perf_event_read_value(struct bpf_map *map, u64 flags, struct bpf_perf_event_value *buf, u32 buf_size)`
        PerfEventReadValue = 55, "BPF_FUNC_perf_event_read_value", "perf_event_read_value";
        /// `long bpf_perf_prog_read_value(struct bpf_perf_event_data *ctx, struct bpf_perf_event_value *buf, u32 buf_size)`
        PerfProgReadValue = 56, "BPF_FUNC_perf_prog_read_value", "perf_prog_read_value";
        /// `long bpf_getsockopt(void *bpf_socket, int level, int optname, void *optval, int optlen)`
        Getsockopt = 57, "BPF_FUNC_getsockopt", "getsockopt";
        /// `long bpf_override_return(struct pt_regs *regs, u64 rc)`
        OverrideReturn = 58, "BPF_FUNC_override_return", "override_return";
        /// `long bpf_sock_ops_cb_flags_set(struct bpf_sock_ops *bpf_sock, int argval)`
        SockOpsCbFlagsSet = 59, "BPF_FUNC_sock_ops_cb_flags_set", "sock_ops_cb_flags_set";
        /// `long bpf_msg_redirect_map(struct sk_msg_buff *msg, struct bpf_map *map, u32 key, u64 flags)`
        MsgRedirectMap = 60, "BPF_FUNC_msg_redirect_map", "msg_redirect_map";
        /// `long bpf_msg_apply_bytes(struct sk_msg_buff *msg, u32 bytes)`
        MsgApplyBytes = 61, "BPF_FUNC_msg_apply_bytes", "msg_apply_bytes";
        /// `long bpf_msg_cork_bytes(struct sk_msg_buff *msg, u32 bytes)`
        MsgCorkBytes = 62, "BPF_FUNC_msg_cork_bytes", "msg_cork_bytes";
        /// `long bpf_msg_pull_data(struct sk_msg_buff *msg, u32 start, u32 end, u64 flags)`
        MsgPullData = 63, "BPF_FUNC_msg_pull_data", "msg_pull_data";
        /// `long bpf_bind(struct bpf_sock_addr *ctx, struct sockaddr *addr, int addr_len)`
        Bind = 64, "BPF_FUNC_bind", "bind";
        /// `long bpf_xdp_adjust_tail(struct xdp_buff *xdp_md, int delta)`
        XdpAdjustTail = 65, "BPF_FUNC_xdp_adjust_tail", "xdp_adjust_tail";
        /// `long bpf_skb_get_xfrm_state(struct sk_buff *skb, u32 index, struct bpf_xfrm_state *xfrm_state, u32 size, u64 flags)`
        SkbGetXfrmState = 66, "BPF_FUNC_skb_get_xfrm_state", "skb_get_xfrm_state";
        /// `long bpf_get_stack(void *ctx, void *buf, u32 size, u64 flags)`
        GetStack = 67, "BPF_FUNC_get_stack", "get_stack";
        /// `long bpf_skb_load_bytes_relative(const void *skb, u32 offset, void *to, u32 len, u32 start_header)`
        SkbLoadBytesRelative = 68, "BPF_FUNC_skb_load_bytes_relative", "skb_load_bytes_relative";
        /// `long bpf_fib_lookup(void *ctx, struct bpf_fib_lookup *params, int plen, u32 flags)`
        FibLookup = 69, "BPF_FUNC_fib_lookup", "fib_lookup";
        /// `long bpf_sock_hash_update(struct bpf_sock_ops *skops, struct bpf_map *map, void *key, u64 flags)`
        SockHashUpdate = 70, "BPF_FUNC_sock_hash_update", "sock_hash_update";
        /// `long bpf_msg_redirect_hash(struct sk_msg_buff *msg, struct bpf_map *map, void *key, u64 flags)`
        MsgRedirectHash = 71, "BPF_FUNC_msg_redirect_hash", "msg_redirect_hash";
        /// `long bpf_sk_redirect_hash(struct sk_buff *skb, struct bpf_map *map, void *key, u64 flags)`
        SkRedirectHash = 72, "BPF_FUNC_sk_redirect_hash", "sk_redirect_hash";
        /// `long bpf_lwt_push_encap(struct sk_buff *skb, u32 type, void *hdr, u32 len)`
        LwtPushEncap = 73, "BPF_FUNC_lwt_push_encap", "lwt_push_encap";
        /// `long bpf_lwt_seg6_store_bytes(struct sk_buff *skb, u32 offset, const void *from, u32 len)`
        LwtSeg6StoreBytes = 74, "BPF_FUNC_lwt_seg6_store_bytes", "lwt_seg6_store_bytes";
        /// `long bpf_lwt_seg6_adjust_srh(struct sk_buff *skb, u32 offset, s32 delta)`
        LwtSeg6AdjustSrh = 75, "BPF_FUNC_lwt_seg6_adjust_srh", "lwt_seg6_adjust_srh";
        /// `long bpf_lwt_seg6_action(struct sk_buff *skb, u32 action, void *param, u32 param_len)`
        LwtSeg6Action = 76, "BPF_FUNC_lwt_seg6_action", "lwt_seg6_action";
        /// `long bpf_rc_repeat(void *ctx)`
        RcRepeat = 77, "BPF_FUNC_rc_repeat", "rc_repeat";
        /// `long bpf_rc_keydown(void *ctx, u32 protocol, u64 scancode, u32 toggle)`
        RcKeydown = 78, "BPF_FUNC_rc_keydown", "rc_keydown";
        /// `u64 bpf_skb_cgroup_id(struct sk_buff *skb)`
        SkbCgroupId = 79, "BPF_FUNC_skb_cgroup_id", "skb_cgroup_id";
        /// `u64 bpf_get_current_cgroup_id(void)`
        GetCurrentCgroupId = 80, "BPF_FUNC_get_current_cgroup_id", "get_current_cgroup_id";
        /// `void *bpf_get_local_storage(void *map, u64 flags)`
        GetLocalStorage = 81, "BPF_FUNC_get_local_storage", "get_local_storage";
        /// `long bpf_sk_select_reuseport(struct sk_reuseport_md *reuse, struct bpf_map *map, void *key, u64 flags)`
        SkSelectReuseport = 82, "BPF_FUNC_sk_select_reuseport", "sk_select_reuseport";
        /// `u64 bpf_skb_ancestor_cgroup_id(struct sk_buff *skb, int ancestor_level)`
        SkbAncestorCgroupId = 83, "BPF_FUNC_skb_ancestor_cgroup_id", "skb_ancestor_cgroup_id";
        /// `struct bpf_sock *bpf_sk_lookup_tcp(void *ctx, struct bpf_sock_tuple *tuple, u32 tuple_size, u64 netns, u64 flags)`
        SkLookupTcp = 84, "BPF_FUNC_sk_lookup_tcp", "sk_lookup_tcp";
        /// `struct bpf_sock *bpf_sk_lookup_udp(void *ctx, struct bpf_sock_tuple *tuple, u32 tuple_size, u64 netns, u64 flags)`
        SkLookupUdp = 85, "BPF_FUNC_sk_lookup_udp", "sk_lookup_udp";
        /// `long bpf_sk_release(void *sock)`
        SkRelease = 86, "BPF_FUNC_sk_release", "sk_release";
        /// `long bpf_map_push_elem(struct bpf_map *map, const void *value, u64 flags)`
        MapPushElem = 87, "BPF_FUNC_map_push_elem", "map_push_elem";
        /// `long bpf_map_pop_elem(struct bpf_map *map, void *value)`
        MapPopElem = 88, "BPF_FUNC_map_pop_elem", "map_pop_elem";
        /// `long bpf_map_peek_elem(struct bpf_map *map, void *value)`
        MapPeekElem = 89, "BPF_FUNC_map_peek_elem", "map_peek_elem";
        /// `long bpf_msg_push_data(struct sk_msg_buff *msg, u32 start, u32 len, u64 flags)`
        MsgPushData = 90, "BPF_FUNC_msg_push_data", "msg_push_data";
        /// `long bpf_msg_pop_data(struct sk_msg_buff *msg, u32 start, u32 len, u64 flags)`
        MsgPopData = 91, "BPF_FUNC_msg_pop_data", "msg_pop_data";
        /// `long bpf_rc_pointer_rel(void *ctx, s32 rel_x, s32 rel_y)`
        RcPointerRel = 92, "BPF_FUNC_rc_pointer_rel", "rc_pointer_rel";
        /// `long bpf_spin_lock(struct bpf_spin_lock *lock)`
        SpinLock = 93, "BPF_FUNC_spin_lock", "spin_lock";
        /// `long bpf_spin_unlock(struct bpf_spin_lock *lock)`
        SpinUnlock = 94, "BPF_FUNC_spin_unlock", "spin_unlock";
        /// `struct bpf_sock *bpf_sk_fullsock(struct bpf_sock *sk)`
        SkFullsock = 95, "BPF_FUNC_sk_fullsock", "sk_fullsock";
        /// `struct bpf_tcp_sock *bpf_tcp_sock(struct bpf_sock *sk)`
        TcpSock = 96, "BPF_FUNC_tcp_sock", "tcp_sock";
        /// `long bpf_skb_ecn_set_ce(struct sk_buff *skb)`
        SkbEcnSetCe = 97, "BPF_FUNC_skb_ecn_set_ce", "skb_ecn_set_ce";
        /// `struct bpf_sock *bpf_get_listener_sock(struct bpf_sock *sk)`
        GetListenerSock = 98, "BPF_FUNC_get_listener_sock", "get_listener_sock";
        /// `struct bpf_sock *bpf_skc_lookup_tcp(void *ctx, struct bpf_sock_tuple *tuple, u32 tuple_size, u64 netns, u64 flags)`
        SkcLookupTcp = 99, "BPF_FUNC_skc_lookup_tcp", "skc_lookup_tcp";
        /// `long bpf_tcp_check_syncookie(void *sk, void *iph, u32 iph_len, struct tcphdr *th, u32 th_len)`
        TcpCheckSyncookie = 100, "BPF_FUNC_tcp_check_syncookie", "tcp_check_syncookie";
        /// `long bpf_sysctl_get_name(struct bpf_sysctl *ctx, char *buf, size_t buf_len, u64 flags)`
        SysctlGetName = 101, "BPF_FUNC_sysctl_get_name", "sysctl_get_name";
        /// `long bpf_sysctl_get_current_value(struct bpf_sysctl *ctx, char *buf, size_t buf_len)`
        SysctlGetCurrentValue = 102, "BPF_FUNC_sysctl_get_current_value", "sysctl_get_current_value";
        /// `long bpf_sysctl_get_new_value(struct bpf_sysctl *ctx, char *buf, size_t buf_len)`
        SysctlGetNewValue = 103, "BPF_FUNC_sysctl_get_new_value", "sysctl_get_new_value";
        /// `long bpf_sysctl_set_new_value(struct bpf_sysctl *ctx, const char *buf, size_t buf_len)`
        SysctlSetNewValue = 104, "BPF_FUNC_sysctl_set_new_value", "sysctl_set_new_value";
        /// `long bpf_strtol(const char *buf, size_t buf_len, u64 flags, long *res)`
        Strtol = 105, "BPF_FUNC_strtol", "strtol";
        /// `long bpf_strtoul(const char *buf, size_t buf_len, u64 flags, unsigned long *res)`
        Strtoul = 106, "BPF_FUNC_strtoul", "strtoul";
        /// `void *bpf_sk_storage_get(struct bpf_map *map, void *sk, void *value, u64 flags)`
        SkStorageGet = 107, "BPF_FUNC_sk_storage_get", "sk_storage_get";
        /// `long bpf_sk_storage_delete(struct bpf_map *map, void *sk)`
        SkStorageDelete = 108, "BPF_FUNC_sk_storage_delete", "sk_storage_delete";
        /// `long bpf_send_signal(u32 sig)`
        SendSignal = 109, "BPF_FUNC_send_signal", "send_signal";
        /// `s64 bpf_tcp_gen_syncookie(void *sk, void *iph, u32 iph_len, struct tcphdr *th, u32 th_len)`
        TcpGenSyncookie = 110, "BPF_FUNC_tcp_gen_syncookie", "tcp_gen_syncookie";
        /// `long bpf_skb_output(void *ctx, struct bpf_map *map, u64 flags, void *data, u64 size)`
        SkbOutput = 111, "BPF_FUNC_skb_output", "skb_output";
        /// `long bpf_probe_read_user(void *dst, u32 size, const void *unsafe_ptr)`
        ProbeReadUser = 112, "BPF_FUNC_probe_read_user", "probe_read_user";
        /// `long bpf_probe_read_kernel(void *dst, u32 size, const void *unsafe_ptr)`
        ProbeReadKernel = 113, "BPF_FUNC_probe_read_kernel", "probe_read_kernel";
        /// `long bpf_probe_read_user_str(void *dst, u32 size, const void *unsafe_ptr)`
        ProbeReadUserStr = 114, "BPF_FUNC_probe_read_user_str", "probe_read_user_str";
        /// `long bpf_probe_read_kernel_str(void *dst, u32 size, const void *unsafe_ptr)`
        ProbeReadKernelStr = 115, "BPF_FUNC_probe_read_kernel_str", "probe_read_kernel_str";
        /// `long bpf_tcp_send_ack(void *tp, u32 rcv_nxt)`
        TcpSendAck = 116, "BPF_FUNC_tcp_send_ack", "tcp_send_ack";
        /// `long bpf_send_signal_thread(u32 sig)`
        SendSignalThread = 117, "BPF_FUNC_send_signal_thread", "send_signal_thread";
        /// `u64 bpf_jiffies64(void)`
        Jiffies64 = 118, "BPF_FUNC_jiffies64", "jiffies64";
        /// `long bpf_read_branch_records(struct bpf_perf_event_data *ctx, void *buf, u32 size, u64 flags)`
        ReadBranchRecords = 119, "BPF_FUNC_read_branch_records", "read_branch_records";
        /// `long bpf_get_ns_current_pid_tgid(u64 dev, u64 ino, struct bpf_pidns_info *nsdata, u32 size)`
        GetNsCurrentPidTgid = 120, "BPF_FUNC_get_ns_current_pid_tgid", "get_ns_current_pid_tgid";
        /// `long bpf_xdp_output(void *ctx, struct bpf_map *map, u64 flags, void *data, u64 size)`
        XdpOutput = 121, "BPF_FUNC_xdp_output", "xdp_output";
        /// `u64 bpf_get_netns_cookie(void *ctx)`
        GetNetnsCookie = 122, "BPF_FUNC_get_netns_cookie", "get_netns_cookie";
        /// `u64 bpf_get_current_ancestor_cgroup_id(int ancestor_level)`
        GetCurrentAncestorCgroupId = 123, "BPF_FUNC_get_current_ancestor_cgroup_id", "get_current_ancestor_cgroup_id";
        /// `long bpf_sk_assign(struct sk_buff *skb, void *sk, u64 flags)`
        SkAssign = 124, "BPF_FUNC_sk_assign", "sk_assign";
        /// `u64 bpf_ktime_get_boot_ns(void)`
        KtimeGetBootNs = 125, "BPF_FUNC_ktime_get_boot_ns", "ktime_get_boot_ns";
        /// `long bpf_seq_printf(struct seq_file *m, const char *fmt, u32 fmt_size, const void *data, u32 data_len)`
        SeqPrintf = 126, "BPF_FUNC_seq_printf", "seq_printf";
        /// `long bpf_seq_write(struct seq_file *m, const void *data, u32 len)`
        SeqWrite = 127, "BPF_FUNC_seq_write", "seq_write";
        /// `u64 bpf_sk_cgroup_id(void *sk)`
        SkCgroupId = 128, "BPF_FUNC_sk_cgroup_id", "sk_cgroup_id";
        /// `u64 bpf_sk_ancestor_cgroup_id(void *sk, int ancestor_level)`
        SkAncestorCgroupId = 129, "BPF_FUNC_sk_ancestor_cgroup_id", "sk_ancestor_cgroup_id";
        /// `long bpf_ringbuf_output(void *ringbuf, void *data, u64 size, u64 flags)`
        RingbufOutput = 130, "BPF_FUNC_ringbuf_output", "ringbuf_output";
        /// `void *bpf_ringbuf_reserve(void *ringbuf, u64 size, u64 flags)`
        RingbufReserve = 131, "BPF_FUNC_ringbuf_reserve", "ringbuf_reserve";
        /// `void bpf_ringbuf_submit(void *data, u64 flags)`
        RingbufSubmit = 132, "BPF_FUNC_ringbuf_submit", "ringbuf_submit";
        /// `void bpf_ringbuf_discard(void *data, u64 flags)`
        RingbufDiscard = 133, "BPF_FUNC_ringbuf_discard", "ringbuf_discard";
        /// `u64 bpf_ringbuf_query(void *ringbuf, u64 flags)`
        RingbufQuery = 134, "BPF_FUNC_ringbuf_query", "ringbuf_query";
        /// `long bpf_csum_level(struct sk_buff *skb, u64 level)`
        CsumLevel = 135, "BPF_FUNC_csum_level", "csum_level";
        /// `struct tcp6_sock *bpf_skc_to_tcp6_sock(void *sk)`
        SkcToTcp6Sock = 136, "BPF_FUNC_skc_to_tcp6_sock", "skc_to_tcp6_sock";
        /// `struct tcp_sock *bpf_skc_to_tcp_sock(void *sk)`
        SkcToTcpSock = 137, "BPF_FUNC_skc_to_tcp_sock", "skc_to_tcp_sock";
        /// `struct tcp_timewait_sock *bpf_skc_to_tcp_timewait_sock(void *sk)`
        SkcToTcpTimewaitSock = 138, "BPF_FUNC_skc_to_tcp_timewait_sock", "skc_to_tcp_timewait_sock";
        /// `struct tcp_request_sock *bpf_skc_to_tcp_request_sock(void *sk)`
        SkcToTcpRequestSock = 139, "BPF_FUNC_skc_to_tcp_request_sock", "skc_to_tcp_request_sock";
        /// `struct udp6_sock *bpf_skc_to_udp6_sock(void *sk)`
        SkcToUdp6Sock = 140, "BPF_FUNC_skc_to_udp6_sock", "skc_to_udp6_sock";
        /// `long bpf_get_task_stack(struct task_struct *task, void *buf, u32 size, u64 flags)`
        GetTaskStack = 141, "BPF_FUNC_get_task_stack", "get_task_stack";
        /// `long bpf_load_hdr_opt(struct bpf_sock_ops *skops, void *searchby_res, u32 len, u64 flags)`
        LoadHdrOpt = 142, "BPF_FUNC_load_hdr_opt", "load_hdr_opt";
        /// `long bpf_store_hdr_opt(struct bpf_sock_ops *skops, const void *from, u32 len, u64 flags)`
        StoreHdrOpt = 143, "BPF_FUNC_store_hdr_opt", "store_hdr_opt";
        /// `long bpf_reserve_hdr_opt(struct bpf_sock_ops *skops, u32 len, u64 flags)`
        ReserveHdrOpt = 144, "BPF_FUNC_reserve_hdr_opt", "reserve_hdr_opt";
        /// `void *bpf_inode_storage_get(struct bpf_map *map, void *inode, void *value, u64 flags)`
        InodeStorageGet = 145, "BPF_FUNC_inode_storage_get", "inode_storage_get";
        /// `int bpf_inode_storage_delete(struct bpf_map *map, void *inode)`
        InodeStorageDelete = 146, "BPF_FUNC_inode_storage_delete", "inode_storage_delete";
        /// `long bpf_d_path(const struct path *path, char *buf, u32 sz)`
        DPath = 147, "BPF_FUNC_d_path", "d_path";
        /// `long bpf_copy_from_user(void *dst, u32 size, const void *user_ptr)`
        CopyFromUser = 148, "BPF_FUNC_copy_from_user", "copy_from_user";
        /// `long bpf_snprintf_btf(char *str, u32 str_size, struct btf_ptr *ptr, u32 btf_ptr_size, u64 flags)`
        SnprintfBtf = 149, "BPF_FUNC_snprintf_btf", "snprintf_btf";
        /// `long bpf_seq_printf_btf(struct seq_file *m, struct btf_ptr *ptr, u32 ptr_size, u64 flags)`
        SeqPrintfBtf = 150, "BPF_FUNC_seq_printf_btf", "seq_printf_btf";
        /// `u64 bpf_skb_cgroup_classid(struct sk_buff *skb)`
        SkbCgroupClassid = 151, "BPF_FUNC_skb_cgroup_classid", "skb_cgroup_classid";
        /// `long bpf_redirect_neigh(u32 ifindex, struct bpf_redir_neigh *params, int plen, u64 flags)`
        RedirectNeigh = 152, "BPF_FUNC_redirect_neigh", "redirect_neigh";
        /// `void *bpf_per_cpu_ptr(const void *percpu_ptr, u32 cpu)`
        PerCpuPtr = 153, "BPF_FUNC_per_cpu_ptr", "per_cpu_ptr";
        /// `void *bpf_this_cpu_ptr(const void *percpu_ptr)`
        ThisCpuPtr = 154, "BPF_FUNC_this_cpu_ptr", "this_cpu_ptr";
        /// `long bpf_redirect_peer(u32 ifindex, u64 flags)`
        RedirectPeer = 155, "BPF_FUNC_redirect_peer", "redirect_peer";
        /// `void *bpf_task_storage_get(struct bpf_map *map, struct task_struct *task, void *value, u64 flags)`
        TaskStorageGet = 156, "BPF_FUNC_task_storage_get", "task_storage_get";
        /// `long bpf_task_storage_delete(struct bpf_map *map, struct task_struct *task)`
        TaskStorageDelete = 157, "BPF_FUNC_task_storage_delete", "task_storage_delete";
        /// `struct task_struct *bpf_get_current_task_btf(void)`
        GetCurrentTaskBtf = 158, "BPF_FUNC_get_current_task_btf", "get_current_task_btf";
        /// `long bpf_bprm_opts_set(struct linux_binprm *bprm, u64 flags)`
        BprmOptsSet = 159, "BPF_FUNC_bprm_opts_set", "bprm_opts_set";
        /// `u64 bpf_ktime_get_coarse_ns(void)`
        KtimeGetCoarseNs = 160, "BPF_FUNC_ktime_get_coarse_ns", "ktime_get_coarse_ns";
        /// `long bpf_ima_inode_hash(struct inode *inode, void *dst, u32 size)`
        ImaInodeHash = 161, "BPF_FUNC_ima_inode_hash", "ima_inode_hash";
        /// `struct socket *bpf_sock_from_file(struct file *file)`
        SockFromFile = 162, "BPF_FUNC_sock_from_file", "sock_from_file";
        /// `long bpf_check_mtu(void *ctx, u32 ifindex, u32 *mtu_len, s32 len_diff, u64 flags)`
        CheckMtu = 163, "BPF_FUNC_check_mtu", "check_mtu";
        /// `long bpf_for_each_map_elem(struct bpf_map *map, void *callback_fn, void *callback_ctx, u64 flags)`
        ForEachMapElem = 164, "BPF_FUNC_for_each_map_elem", "for_each_map_elem";
        /// `long bpf_snprintf(char *str, u32 str_size, const char *fmt, u64 *data, u32 data_len)`
        Snprintf = 165, "BPF_FUNC_snprintf", "snprintf";
        /// `long bpf_sys_bpf(u32 cmd, void *attr, u32 attr_size)`
        SysBpf = 166, "BPF_FUNC_sys_bpf", "sys_bpf";
        /// `long bpf_btf_find_by_name_kind(char *name, int name_sz, u32 kind, int flags)`
        BtfFindByNameKind = 167, "BPF_FUNC_btf_find_by_name_kind", "btf_find_by_name_kind";
        /// `long bpf_sys_close(u32 fd)`
        SysClose = 168, "BPF_FUNC_sys_close", "sys_close";
        /// `long bpf_timer_init(struct bpf_timer *timer, struct bpf_map *map, u64 flags)`
        TimerInit = 169, "BPF_FUNC_timer_init", "timer_init";
        /// `long bpf_timer_set_callback(struct bpf_timer *timer, void *callback_fn)`
        TimerSetCallback = 170, "BPF_FUNC_timer_set_callback", "timer_set_callback";
        /// `long bpf_timer_start(struct bpf_timer *timer, u64 nsecs, u64 flags)`
        TimerStart = 171, "BPF_FUNC_timer_start", "timer_start";
        /// `long bpf_timer_cancel(struct bpf_timer *timer)`
        TimerCancel = 172, "BPF_FUNC_timer_cancel", "timer_cancel";
        /// `u64 bpf_get_func_ip(void *ctx)`
        GetFuncIp = 173, "BPF_FUNC_get_func_ip", "get_func_ip";
        /// `u64 bpf_get_attach_cookie(void *ctx)`
        GetAttachCookie = 174, "BPF_FUNC_get_attach_cookie", "get_attach_cookie";
        /// `long bpf_task_pt_regs(struct task_struct *task)`
        TaskPtRegs = 175, "BPF_FUNC_task_pt_regs", "task_pt_regs";
        /// `long bpf_get_branch_snapshot(void *entries, u32 size, u64 flags)`
        GetBranchSnapshot = 176, "BPF_FUNC_get_branch_snapshot", "get_branch_snapshot";
        /// `long bpf_trace_vprintk(const char *fmt, u32 fmt_size, const void *data, u32 data_len)`
        TraceVprintk = 177, "BPF_FUNC_trace_vprintk", "trace_vprintk";
        /// `struct unix_sock *bpf_skc_to_unix_sock(void *sk)`
        SkcToUnixSock = 178, "BPF_FUNC_skc_to_unix_sock", "skc_to_unix_sock";
        /// `long bpf_kallsyms_lookup_name(const char *name, int name_sz, int flags, u64 *res)`
        KallsymsLookupName = 179, "BPF_FUNC_kallsyms_lookup_name", "kallsyms_lookup_name";
        /// `long bpf_find_vma(struct task_struct *task, u64 addr, void *callback_fn, void *callback_ctx, u64 flags)`
        FindVma = 180, "BPF_FUNC_find_vma", "find_vma";
        /// `long bpf_loop(u32 nr_loops, void *callback_fn, void *callback_ctx, u64 flags)`
        Loop = 181, "BPF_FUNC_loop", "loop";
        /// `long bpf_strncmp(const char *s1, u32 s1_sz, const char *s2)`
        Strncmp = 182, "BPF_FUNC_strncmp", "strncmp";
        /// `long bpf_get_func_arg(void *ctx, u32 n, u64 *value)`
        GetFuncArg = 183, "BPF_FUNC_get_func_arg", "get_func_arg";
        /// `long bpf_get_func_ret(void *ctx, u64 *value)`
        GetFuncRet = 184, "BPF_FUNC_get_func_ret", "get_func_ret";
        /// `long bpf_get_func_arg_cnt(void *ctx)`
        GetFuncArgCnt = 185, "BPF_FUNC_get_func_arg_cnt", "get_func_arg_cnt";
        /// `int bpf_get_retval(void)`
        GetRetval = 186, "BPF_FUNC_get_retval", "get_retval";
        /// `int bpf_set_retval(int retval)`
        SetRetval = 187, "BPF_FUNC_set_retval", "set_retval";
        /// `u64 bpf_xdp_get_buff_len(struct xdp_buff *xdp_md)`
        XdpGetBuffLen = 188, "BPF_FUNC_xdp_get_buff_len", "xdp_get_buff_len";
        /// `long bpf_xdp_load_bytes(struct xdp_buff *xdp_md, u32 offset, void *buf, u32 len)`
        XdpLoadBytes = 189, "BPF_FUNC_xdp_load_bytes", "xdp_load_bytes";
        /// `long bpf_xdp_store_bytes(struct xdp_buff *xdp_md, u32 offset, void *buf, u32 len)`
        XdpStoreBytes = 190, "BPF_FUNC_xdp_store_bytes", "xdp_store_bytes";
        /// `long bpf_copy_from_user_task(void *dst, u32 size, const void *user_ptr, struct task_struct *tsk, u64 flags)`
        CopyFromUserTask = 191, "BPF_FUNC_copy_from_user_task", "copy_from_user_task";
        /// `long bpf_skb_set_tstamp(struct sk_buff *skb, u64 tstamp, u32 tstamp_type)`
        SkbSetTstamp = 192, "BPF_FUNC_skb_set_tstamp", "skb_set_tstamp";
        /// `long bpf_ima_file_hash(struct file *file, void *dst, u32 size)`
        ImaFileHash = 193, "BPF_FUNC_ima_file_hash", "ima_file_hash";
        /// `void *bpf_kptr_xchg(void *dst, void *ptr)`
        KptrXchg = 194, "BPF_FUNC_kptr_xchg", "kptr_xchg";
        /// `void *bpf_map_lookup_percpu_elem(struct bpf_map *map, const void *key, u32 cpu)`
        MapLookupPercpuElem = 195, "BPF_FUNC_map_lookup_percpu_elem", "map_lookup_percpu_elem";
        /// `struct mptcp_sock *bpf_skc_to_mptcp_sock(void *sk)`
        SkcToMptcpSock = 196, "BPF_FUNC_skc_to_mptcp_sock", "skc_to_mptcp_sock";
        /// `long bpf_dynptr_from_mem(void *data, u64 size, u64 flags, struct bpf_dynptr *ptr)`
        DynptrFromMem = 197, "BPF_FUNC_dynptr_from_mem", "dynptr_from_mem";
        /// `long bpf_ringbuf_reserve_dynptr(void *ringbuf, u32 size, u64 flags, struct bpf_dynptr *ptr)`
        RingbufReserveDynptr = 198, "BPF_FUNC_ringbuf_reserve_dynptr", "ringbuf_reserve_dynptr";
        /// `void bpf_ringbuf_submit_dynptr(struct bpf_dynptr *ptr, u64 flags)`
        RingbufSubmitDynptr = 199, "BPF_FUNC_ringbuf_submit_dynptr", "ringbuf_submit_dynptr";
        /// `void bpf_ringbuf_discard_dynptr(struct bpf_dynptr *ptr, u64 flags)`
        RingbufDiscardDynptr = 200, "BPF_FUNC_ringbuf_discard_dynptr", "ringbuf_discard_dynptr";
        /// `long bpf_dynptr_read(void *dst, u64 len, const struct bpf_dynptr *src, u64 offset, u64 flags)`
        DynptrRead = 201, "BPF_FUNC_dynptr_read", "dynptr_read";
        /// `long bpf_dynptr_write(const struct bpf_dynptr *dst, u64 offset, void *src, u64 len, u64 flags)`
        DynptrWrite = 202, "BPF_FUNC_dynptr_write", "dynptr_write";
        /// `void *bpf_dynptr_data(const struct bpf_dynptr *ptr, u64 offset, u64 len)`
        DynptrData = 203, "BPF_FUNC_dynptr_data", "dynptr_data";
        /// `s64 bpf_tcp_raw_gen_syncookie_ipv4(struct iphdr *iph, struct tcphdr *th, u32 th_len)`
        TcpRawGenSyncookieIpv4 = 204, "BPF_FUNC_tcp_raw_gen_syncookie_ipv4", "tcp_raw_gen_syncookie_ipv4";
        /// `s64 bpf_tcp_raw_gen_syncookie_ipv6(struct ipv6hdr *iph, struct tcphdr *th, u32 th_len)`
        TcpRawGenSyncookieIpv6 = 205, "BPF_FUNC_tcp_raw_gen_syncookie_ipv6", "tcp_raw_gen_syncookie_ipv6";
        /// `long bpf_tcp_raw_check_syncookie_ipv4(struct iphdr *iph, struct tcphdr *th)`
        TcpRawCheckSyncookieIpv4 = 206, "BPF_FUNC_tcp_raw_check_syncookie_ipv4", "tcp_raw_check_syncookie_ipv4";
        /// `long bpf_tcp_raw_check_syncookie_ipv6(struct ipv6hdr *iph, struct tcphdr *th)`
        TcpRawCheckSyncookieIpv6 = 207, "BPF_FUNC_tcp_raw_check_syncookie_ipv6", "tcp_raw_check_syncookie_ipv6";
        /// `u64 bpf_ktime_get_tai_ns(void)`
        KtimeGetTaiNs = 208, "BPF_FUNC_ktime_get_tai_ns", "ktime_get_tai_ns";
        /// `long bpf_user_ringbuf_drain(struct bpf_map *map, void *callback_fn, void *ctx, u64 flags)`
        UserRingbufDrain = 209, "BPF_FUNC_user_ringbuf_drain", "user_ringbuf_drain";
        /// `void *bpf_cgrp_storage_get(struct bpf_map *map, struct cgroup *cgroup, void *value, u64 flags)`
        CgrpStorageGet = 210, "BPF_FUNC_cgrp_storage_get", "cgrp_storage_get";
        /// `long bpf_cgrp_storage_delete(struct bpf_map *map, struct cgroup *cgroup)`
        CgrpStorageDelete = 211, "BPF_FUNC_cgrp_storage_delete", "cgrp_storage_delete";
    }
}
