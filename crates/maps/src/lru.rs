//! The kernel's LRU lists for `BPF_MAP_TYPE_LRU_HASH` and `BPF_MAP_TYPE_LRU_PERCPU_HASH`
//! (`kernel/bpf/bpf_lru_list.c`), reimplemented over element indices so that Sluice evicts the
//! elements Linux evicts.
//!
//! The kernel's LRU is approximate, and this module keeps its approximations on purpose:
//!
//! - **Common LRU** (the default): one global list set (active, inactive, free) and, per CPU, a
//!   local free list and a local pending list. An update takes a node from its CPU's local free
//!   list; when that is empty it first flushes the CPU's pending nodes (the elements it
//!   inserted since) into the global lists, rotates them, and then moves up to `target_free`
//!   nodes (`clamp(max_entries / n_cpus / 2, 1, 128)`) to the local free list, taking free
//!   nodes first and then evicting from the tail of the inactive list. So eviction happens in
//!   batches of `target_free` of the oldest elements, not one at a time: a single thread
//!   inserting keys `1..=N+k` into an LRU of `N` entries keeps the newest keys but fewer than
//!   `N` of them (on Linux 6.18 with 2 possible CPUs, `N = 100, k = 5` keeps `26..=105`; Sluice
//!   keeps the same when its operations run on the same CPU number).
//! - Elements pending on *another* CPU's local list are invisible to this CPU's eviction until
//!   that CPU refills, so when updates come from several CPUs the kernel (and Sluice) may evict
//!   a younger element and keep an older one; when nothing else is free a CPU steals from the
//!   other CPUs' local lists, round robin.
//! - The reference bit (set by program lookups and by updates of an existing key, never by
//!   user-space lookups) gives an element one more trip through the active list instead of LRU
//!   order.
//! - **Per-CPU LRU** (`BPF_F_NO_COMMON_LRU`): each CPU owns `max_entries / n_cpus` elements and
//!   evicts only among them, four at a time.
//!
//! Which CPU an operation runs on is an input: programs give theirs, and user-space operations
//! use the map's user-space CPU (0 unless set), where the kernel uses whichever CPU the
//! `bpf(2)` caller happens to run on. Everything here runs under the map's LRU lock; only the
//! reference bits are touched outside it (by lookups), as in the kernel.

use std::sync::atomic::{AtomicBool, Ordering::Relaxed};

/// `LOCAL_FREE_TARGET`: the most nodes a CPU takes to its local free list at once.
const LOCAL_FREE_TARGET: u32 = 128;
/// `LOCAL_NR_SCANS`.
const LOCAL_NR_SCANS: u32 = LOCAL_FREE_TARGET;
/// `PERCPU_FREE_TARGET`.
const PERCPU_FREE_TARGET: u32 = 4;
/// `PERCPU_NR_SCANS`.
const PERCPU_NR_SCANS: u32 = PERCPU_FREE_TARGET;

/// Which list a node is on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Active,
    Inactive,
    Free,
    LocalFree,
    LocalPending,
}

impl Kind {
    fn is_local(self) -> bool {
        matches!(self, Kind::LocalFree | Kind::LocalPending)
    }
}

/// One `bpf_lru_list`: the heads of its three lists, the active and inactive counts and the
/// inactive rotation cursor.
#[derive(Clone, Debug)]
struct ListSet {
    active: u32,
    inactive: u32,
    free: u32,
    n_active: u32,
    n_inactive: u32,
    next_inactive_rotation: u32,
}

/// One CPU's `bpf_lru_locallist`.
#[derive(Clone, Debug)]
struct LocalList {
    free: u32,
    pending: u32,
    next_steal: u32,
}

/// What the LRU needs from the hash table: the reference bits and a way to unlink an element
/// (`del_from_htab`), which returns whether the element was in the table.
pub(crate) struct Env<'a> {
    pub(crate) refs: &'a [AtomicBool],
    pub(crate) del: &'a mut dyn FnMut(u32) -> bool,
}

/// The LRU state of one map. Nodes `0..n_elems` are elements; the list heads follow.
#[derive(Debug)]
pub(crate) struct Lru {
    prev: Vec<u32>,
    next: Vec<u32>,
    kind: Vec<Kind>,
    cpu: Vec<u32>,
    lists: Vec<ListSet>,
    locals: Vec<LocalList>,
    percpu: bool,
    n_cpus: u32,
    nr_scans: u32,
    target_free: u32,
}

impl Lru {
    /// `bpf_lru_init` and `bpf_lru_populate`: every element free, on the global free list
    /// (common LRU) or spread evenly over the CPUs' free lists (per-CPU LRU).
    pub(crate) fn new(n_elems: u32, n_cpus: u32, percpu: bool) -> Lru {
        let n_cpus = n_cpus.max(1);
        let n_heads = if percpu { 3 * n_cpus } else { 3 + 2 * n_cpus };
        let total = (n_elems + n_heads) as usize;
        let mut lru = Lru {
            prev: (0..total as u32).collect(),
            next: (0..total as u32).collect(),
            kind: vec![Kind::Free; n_elems as usize],
            cpu: vec![0; n_elems as usize],
            lists: Vec::new(),
            locals: Vec::new(),
            percpu,
            n_cpus,
            nr_scans: if percpu {
                PERCPU_NR_SCANS
            } else {
                LOCAL_NR_SCANS
            },
            target_free: ((n_elems / n_cpus) / 2).clamp(1, LOCAL_FREE_TARGET),
        };
        let mut head = n_elems;
        let mut take_head = || {
            head += 1;
            head - 1
        };
        let n_sets = if percpu { n_cpus } else { 1 };
        for _ in 0..n_sets {
            let (active, inactive, free) = (take_head(), take_head(), take_head());
            lru.lists.push(ListSet {
                active,
                inactive,
                free,
                n_active: 0,
                n_inactive: 0,
                next_inactive_rotation: inactive,
            });
        }
        if !percpu {
            for cpu in 0..n_cpus {
                let (free, pending) = (take_head(), take_head());
                lru.locals.push(LocalList {
                    free,
                    pending,
                    next_steal: cpu,
                });
            }
            for node in 0..n_elems {
                let free = lru.lists[0].free;
                lru.list_add(node, free);
            }
        } else {
            let per_cpu = (n_elems / n_cpus).max(1);
            let mut node = 0;
            'cpus: for cpu in 0..n_cpus {
                loop {
                    if node == n_elems {
                        break 'cpus;
                    }
                    lru.cpu[node as usize] = cpu;
                    let free = lru.lists[cpu as usize].free;
                    lru.list_add(node, free);
                    node += 1;
                    if node % per_cpu == 0 {
                        break;
                    }
                }
            }
        }
        lru
    }

    // Doubly linked lists over node indices; a head is a node linked to itself when empty.

    fn list_add(&mut self, node: u32, head: u32) {
        let first = self.next[head as usize];
        self.next[node as usize] = first;
        self.prev[node as usize] = head;
        self.prev[first as usize] = node;
        self.next[head as usize] = node;
    }

    fn list_del(&mut self, node: u32) {
        let (prev, next) = (self.prev[node as usize], self.next[node as usize]);
        self.next[prev as usize] = next;
        self.prev[next as usize] = prev;
        self.prev[node as usize] = node;
        self.next[node as usize] = node;
    }

    fn list_move(&mut self, node: u32, head: u32) {
        self.list_del(node);
        self.list_add(node, head);
    }

    fn is_empty(&self, head: u32) -> bool {
        self.next[head as usize] == head
    }

    fn head(&self, set: usize, kind: Kind) -> u32 {
        let list = &self.lists[set];
        match kind {
            Kind::Active => list.active,
            Kind::Inactive => list.inactive,
            _ => list.free,
        }
    }

    fn count(&mut self, set: usize, kind: Kind, delta: i32) {
        let list = &mut self.lists[set];
        match kind {
            Kind::Active => list.n_active = list.n_active.wrapping_add_signed(delta),
            Kind::Inactive => list.n_inactive = list.n_inactive.wrapping_add_signed(delta),
            _ => {}
        }
    }

    fn is_ref(refs: &[AtomicBool], node: u32) -> bool {
        refs[node as usize].load(Relaxed)
    }

    fn clear_ref(refs: &[AtomicBool], node: u32) {
        refs[node as usize].store(false, Relaxed);
    }

    /// `__bpf_lru_node_move_to_free`.
    fn move_to_free(&mut self, set: usize, node: u32, free_head: u32, target: Kind) {
        if self.kind[node as usize].is_local() {
            return;
        }
        if self.lists[set].next_inactive_rotation == node {
            self.lists[set].next_inactive_rotation = self.prev[node as usize];
        }
        self.count(set, self.kind[node as usize], -1);
        self.kind[node as usize] = target;
        self.list_move(node, free_head);
    }

    /// `__bpf_lru_node_move_in`: from a local list into the global lists.
    fn move_in(&mut self, set: usize, node: u32, target: Kind, refs: &[AtomicBool]) {
        if !self.kind[node as usize].is_local() || target.is_local() {
            return;
        }
        self.count(set, target, 1);
        self.kind[node as usize] = target;
        Self::clear_ref(refs, node);
        let head = self.head(set, target);
        self.list_move(node, head);
    }

    /// `__bpf_lru_node_move`: between or within the active, inactive and free lists.
    fn move_node(&mut self, set: usize, node: u32, target: Kind, refs: &[AtomicBool]) {
        let kind = self.kind[node as usize];
        if kind.is_local() || target.is_local() {
            return;
        }
        if kind != target {
            self.count(set, kind, -1);
            self.count(set, target, 1);
            self.kind[node as usize] = target;
        }
        Self::clear_ref(refs, node);
        if self.lists[set].next_inactive_rotation == node {
            self.lists[set].next_inactive_rotation = self.prev[node as usize];
        }
        let head = self.head(set, target);
        self.list_move(node, head);
    }

    /// `__bpf_lru_list_rotate_active`: from the tail, referenced nodes go back to the head of
    /// the active list, the others to the inactive list.
    fn rotate_active(&mut self, set: usize, refs: &[AtomicBool]) {
        let active = self.lists[set].active;
        if self.is_empty(active) {
            return;
        }
        let first = self.next[active as usize];
        let mut node = self.prev[active as usize];
        let mut scanned = 0;
        while node != active {
            let before = self.prev[node as usize];
            let target = if Self::is_ref(refs, node) {
                Kind::Active
            } else {
                Kind::Inactive
            };
            self.move_node(set, node, target, refs);
            scanned += 1;
            if scanned == self.nr_scans || node == first {
                break;
            }
            node = before;
        }
    }

    /// `__bpf_lru_list_rotate_inactive`: from the rotation cursor backwards, referenced nodes
    /// move to the active list; the cursor remembers where the scan stopped.
    fn rotate_inactive(&mut self, set: usize, refs: &[AtomicBool]) {
        let inactive = self.lists[set].inactive;
        if self.is_empty(inactive) {
            return;
        }
        let cursor = self.lists[set].next_inactive_rotation;
        let mut last = self.next[cursor as usize];
        if last == inactive {
            last = self.next[last as usize];
        }
        let mut current = cursor;
        let mut next = inactive;
        let mut scanned = 0;
        while scanned < self.nr_scans {
            if current == inactive {
                current = self.prev[current as usize];
                continue;
            }
            next = self.prev[current as usize];
            if Self::is_ref(refs, current) {
                self.move_node(set, current, Kind::Active, refs);
            }
            if current == last {
                break;
            }
            current = next;
            scanned += 1;
        }
        self.lists[set].next_inactive_rotation = next;
    }

    /// `__bpf_lru_list_rotate`.
    fn rotate(&mut self, set: usize, refs: &[AtomicBool]) {
        if self.lists[set].n_inactive < self.lists[set].n_active {
            self.rotate_active(set, refs);
        }
        self.rotate_inactive(set, refs);
    }

    /// `__bpf_lru_list_shrink_inactive`: evicts unreferenced nodes from the tail of the
    /// inactive list onto `free_head`.
    fn shrink_inactive(
        &mut self,
        set: usize,
        target_count: u32,
        free_head: u32,
        target: Kind,
        env: &mut Env<'_>,
    ) -> u32 {
        let inactive = self.lists[set].inactive;
        let mut shrunk = 0;
        let mut scanned = 0;
        let mut node = self.prev[inactive as usize];
        while node != inactive {
            let before = self.prev[node as usize];
            if Self::is_ref(env.refs, node) {
                self.move_node(set, node, Kind::Active, env.refs);
            } else if (env.del)(node) {
                self.move_to_free(set, node, free_head, target);
                shrunk += 1;
                if shrunk == target_count {
                    break;
                }
            }
            scanned += 1;
            if scanned == self.nr_scans {
                break;
            }
            node = before;
        }
        shrunk
    }

    /// `__bpf_lru_list_shrink`: as [`Lru::shrink_inactive`], and when that frees nothing,
    /// evicts one node ignoring reference bits (inactive list first).
    fn shrink(
        &mut self,
        set: usize,
        target_count: u32,
        free_head: u32,
        target: Kind,
        env: &mut Env<'_>,
    ) -> u32 {
        let shrunk = self.shrink_inactive(set, target_count, free_head, target, env);
        if shrunk > 0 {
            return shrunk;
        }
        let list = if self.is_empty(self.lists[set].inactive) {
            self.lists[set].active
        } else {
            self.lists[set].inactive
        };
        let mut node = self.prev[list as usize];
        while node != list {
            let before = self.prev[node as usize];
            if (env.del)(node) {
                self.move_to_free(set, node, free_head, target);
                return 1;
            }
            node = before;
        }
        0
    }

    /// `__local_list_flush`: the CPU's pending nodes, oldest first, to the head of the active
    /// (referenced) or inactive list.
    fn flush(&mut self, cpu: usize, refs: &[AtomicBool]) {
        let pending = self.locals[cpu].pending;
        let mut node = self.prev[pending as usize];
        while node != pending {
            let before = self.prev[node as usize];
            let target = if Self::is_ref(refs, node) {
                Kind::Active
            } else {
                Kind::Inactive
            };
            self.move_in(0, node, target, refs);
            node = before;
        }
    }

    /// `bpf_lru_list_pop_free_to_local`.
    fn pop_free_to_local(&mut self, cpu: usize, env: &mut Env<'_>) {
        self.flush(cpu, env.refs);
        self.rotate(0, env.refs);
        let free = self.lists[0].free;
        let local_free = self.locals[cpu].free;
        let mut moved = 0;
        let mut node = self.next[free as usize];
        while node != free {
            let after = self.next[node as usize];
            self.move_to_free(0, node, local_free, Kind::LocalFree);
            moved += 1;
            if moved == self.target_free {
                break;
            }
            node = after;
        }
        if moved < self.target_free {
            self.shrink(
                0,
                self.target_free - moved,
                local_free,
                Kind::LocalFree,
                env,
            );
        }
    }

    /// `__local_list_add_pending`.
    fn add_pending(&mut self, cpu: usize, node: u32, refs: &[AtomicBool]) {
        self.cpu[node as usize] = cpu as u32;
        self.kind[node as usize] = Kind::LocalPending;
        Self::clear_ref(refs, node);
        let pending = self.locals[cpu].pending;
        self.list_add(node, pending);
    }

    /// `__local_list_pop_free`.
    fn pop_local_free(&mut self, cpu: usize) -> Option<u32> {
        let free = self.locals[cpu].free;
        if self.is_empty(free) {
            return None;
        }
        let node = self.next[free as usize];
        self.list_del(node);
        Some(node)
    }

    /// `__local_list_pop_pending`: the oldest unreferenced pending node still in the table,
    /// else the oldest one at all.
    fn pop_pending(&mut self, cpu: usize, env: &mut Env<'_>) -> Option<u32> {
        let pending = self.locals[cpu].pending;
        for force in [false, true] {
            let mut node = self.prev[pending as usize];
            while node != pending {
                let before = self.prev[node as usize];
                if (force || !Self::is_ref(env.refs, node)) && (env.del)(node) {
                    self.list_del(node);
                    return Some(node);
                }
                node = before;
            }
        }
        None
    }

    /// `bpf_common_lru_pop_free`.
    fn common_pop_free(&mut self, cpu: usize, env: &mut Env<'_>) -> Option<u32> {
        let mut node = self.pop_local_free(cpu);
        if node.is_none() {
            self.pop_free_to_local(cpu, env);
            node = self.pop_local_free(cpu);
        }
        if let Some(node) = node {
            self.add_pending(cpu, node, env.refs);
            return Some(node);
        }
        let first_steal = self.locals[cpu].next_steal;
        let mut steal = first_steal;
        loop {
            let victim = steal as usize;
            node = self
                .pop_local_free(victim)
                .or_else(|| self.pop_pending(victim, env));
            steal = (steal + 1) % self.n_cpus;
            if node.is_some() || steal == first_steal {
                break;
            }
        }
        self.locals[cpu].next_steal = steal;
        let node = node?;
        self.add_pending(cpu, node, env.refs);
        Some(node)
    }

    /// `bpf_percpu_lru_pop_free`.
    fn percpu_pop_free(&mut self, cpu: usize, env: &mut Env<'_>) -> Option<u32> {
        self.rotate(cpu, env.refs);
        let free = self.lists[cpu].free;
        if self.is_empty(free) {
            self.shrink(cpu, PERCPU_FREE_TARGET, free, Kind::Free, env);
        }
        if self.is_empty(free) {
            return None;
        }
        let node = self.next[free as usize];
        Self::clear_ref(env.refs, node);
        self.move_node(cpu, node, Kind::Inactive, env.refs);
        Some(node)
    }

    /// `bpf_lru_pop_free`: a node for a new element inserted on `cpu`, evicting if needed;
    /// `None` when nothing can be freed (the update then fails with `ENOMEM`).
    pub(crate) fn pop_free(&mut self, cpu: u32, env: &mut Env<'_>) -> Option<u32> {
        let cpu = (cpu % self.n_cpus) as usize;
        if self.percpu {
            self.percpu_pop_free(cpu, env)
        } else {
            self.common_pop_free(cpu, env)
        }
    }

    /// `bpf_lru_push_free`: gives back the node of an element removed from the table (or of an
    /// update that failed).
    pub(crate) fn push_free(&mut self, node: u32, refs: &[AtomicBool]) {
        let kind = self.kind[node as usize];
        if matches!(kind, Kind::Free | Kind::LocalFree) {
            return;
        }
        let owner = self.cpu[node as usize] as usize;
        if self.percpu {
            self.move_node(owner, node, Kind::Free, refs);
            return;
        }
        if kind == Kind::LocalPending {
            self.kind[node as usize] = Kind::LocalFree;
            Self::clear_ref(refs, node);
            let free = self.locals[owner].free;
            self.list_move(node, free);
            return;
        }
        self.move_node(0, node, Kind::Free, refs);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Inserting keys `0..n` on one CPU and evicting through a fake table.
    fn run(max_entries: u32, n_cpus: u32, inserts: u32) -> Vec<u32> {
        let refs: Vec<AtomicBool> = (0..max_entries).map(|_| AtomicBool::new(false)).collect();
        let mut lru = Lru::new(max_entries, n_cpus, false);
        let mut key_of: Vec<Option<u32>> = vec![None; max_entries as usize];
        for key in 0..inserts {
            let mut table = key_of.clone();
            let node = {
                let mut del = |node: u32| table[node as usize].take().is_some();
                let mut env = Env {
                    refs: &refs,
                    del: &mut del,
                };
                lru.pop_free(0, &mut env)
            }
            .expect("a node");
            key_of = table;
            key_of[node as usize] = Some(key);
        }
        let mut keys: Vec<u32> = key_of.into_iter().flatten().collect();
        keys.sort_unstable();
        keys
    }

    #[test]
    fn batch_eviction_matches_the_kernel() {
        // Values observed on Linux 6.18 with two possible CPUs, all updates on CPU 0.
        assert_eq!(run(4, 2, 9), vec![5, 6, 7, 8]);
        assert_eq!(run(16, 2, 21), (8..21).collect::<Vec<_>>());
        assert_eq!(run(100, 2, 105), (25..105).collect::<Vec<_>>());
    }
}
