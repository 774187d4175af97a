//! [`LpmTrie`]: `BPF_MAP_TYPE_LPM_TRIE`, longest-prefix-match lookups.
//!
//! The rules and invariants are documented on [`LpmTrie`].

use std::any::Any;
use std::sync::{RwLock, RwLockReadGuard, RwLockWriteGuard};

use crate::error::MapError;
use crate::map::{Map, check_len};
use crate::spec::{MapSpec, map_flags, percpu_stride, update_flags};
use crate::storage::SharedBuf;
use crate::validate::{self, KMALLOC_MAX_SIZE};

/// `LPM_DATA_SIZE_MAX`.
const DATA_SIZE_MAX: u32 = 256;
/// `LPM_CREATE_FLAG_MASK`.
const CREATE_FLAG_MASK: u32 =
    map_flags::NO_PREALLOC | map_flags::NUMA_NODE | map_flags::ACCESS_MASK;
/// The most value storage Sluice preallocates for one trie.
const MAX_VALUE_BYTES: usize = 256 << 20;
/// `sizeof(struct lpm_trie_node)` on x86-64, for the kernel's value size limit.
const NODE_SIZE: u64 = 32;

/// [`LpmTrie`]: `BPF_MAP_TYPE_LPM_TRIE`, longest-prefix-match lookups.
///
/// Keys are `struct bpf_lpm_trie_key { u32 prefixlen; u8 data[]; }` with `prefixlen` in host
/// order and `data` big-endian (bit 0 is the top bit of `data[0]`). The trie is the kernel's
/// (`kernel/bpf/lpm_trie.c`): a binary trie whose nodes carry a prefix, with intermediate nodes
/// (no value) wherever two prefixes diverge; every intermediate node has exactly two children.
/// Lookups return the longest stored prefix that matches the key's first `prefixlen` bits;
/// updates and deletes are exact-match; `next_key` walks in post-order, so more specific
/// prefixes come before the prefixes that contain them, and keeps the data bits beyond the
/// prefix that the last update stored, as the kernel does.
///
/// Invariants: nodes live in an arena under one `RwLock` (lookups share it); each real node
/// owns one value slot in a [`SharedBuf`] allocated at creation, so value addresses never move.
/// The kernel allocates nodes on demand; Sluice preallocates value slots for
/// `min(max_entries, 256 MiB / value stride)` prefixes, and a trie that outgrows that is
/// `ENOMEM`. Replacing the value of an existing prefix writes it in place (the kernel swaps in a
/// new node, so its value address changes).
#[derive(Debug)]
pub struct LpmTrie {
    spec: MapSpec,
    id: u32,
    data_size: usize,
    max_prefixlen: u32,
    stride: usize,
    trie: RwLock<Trie>,
    values: SharedBuf,
}

#[derive(Debug)]
struct Node {
    child: [Option<u32>; 2],
    prefixlen: u32,
    /// Intermediate: no value, only there to split.
    intermediate: bool,
    data: Box<[u8]>,
    /// The value slot of a real node.
    slot: u32,
}

#[derive(Debug, Default)]
struct Trie {
    nodes: Vec<Node>,
    free_nodes: Vec<u32>,
    free_slots: Vec<u32>,
    root: Option<u32>,
    n_entries: u32,
}

/// Where a node hangs: the root pointer or a child pointer.
#[derive(Clone, Copy, Debug)]
enum Link {
    Root,
    Child(u32, usize),
}

/// A decoded key.
struct Key<'a> {
    prefixlen: u32,
    data: &'a [u8],
}

fn extract_bit(data: &[u8], index: u32) -> usize {
    data.get(index as usize / 8)
        .map_or(0, |byte| usize::from(byte >> (7 - index % 8) & 1))
}

impl Trie {
    fn get(&self, link: Link) -> Option<u32> {
        match link {
            Link::Root => self.root,
            Link::Child(node, bit) => self.nodes[node as usize].child[bit],
        }
    }

    fn set(&mut self, link: Link, target: Option<u32>) {
        match link {
            Link::Root => self.root = target,
            Link::Child(node, bit) => self.nodes[node as usize].child[bit] = target,
        }
    }

    fn node(&self, index: u32) -> &Node {
        &self.nodes[index as usize]
    }

    /// `longest_prefix_match`: the number of leading bits `node` and `key` share, at most the
    /// shorter of their prefix lengths.
    fn match_len(&self, node: u32, key: &Key<'_>) -> u32 {
        let node = self.node(node);
        let limit = node.prefixlen.min(key.prefixlen);
        let mut matched = 0;
        for (a, b) in node.data.iter().zip(key.data) {
            let diff = a ^ b;
            if diff != 0 {
                matched += diff.leading_zeros();
                break;
            }
            matched += 8;
            if matched >= limit {
                break;
            }
        }
        matched.min(limit)
    }

    fn alloc(&mut self, node: Node) -> u32 {
        match self.free_nodes.pop() {
            Some(index) => {
                self.nodes[index as usize] = node;
                index
            }
            None => {
                self.nodes.push(node);
                (self.nodes.len() - 1) as u32
            }
        }
    }

    fn free(&mut self, index: u32) {
        let node = &mut self.nodes[index as usize];
        if !node.intermediate {
            self.free_slots.push(node.slot);
        }
        node.child = [None, None];
        node.data = Box::new([]);
        self.free_nodes.push(index);
    }

    /// `trie_check_add_elem`.
    fn check_add(&mut self, flags: u64, max_entries: u32) -> Result<(), MapError> {
        if flags == update_flags::EXIST {
            return Err(MapError::NotFound);
        }
        if self.n_entries == max_entries {
            return Err(MapError::NoSpace);
        }
        Ok(())
    }
}

impl LpmTrie {
    /// Checks `spec` as the kernel's `trie_alloc` does and allocates the value slots.
    pub fn new(spec: &MapSpec) -> Result<LpmTrie, MapError> {
        let flags = spec.map_flags;
        let value_max = KMALLOC_MAX_SIZE - u64::from(DATA_SIZE_MAX) - NODE_SIZE;
        if spec.max_entries == 0
            || flags & map_flags::NO_PREALLOC == 0
            || flags & !CREATE_FLAG_MASK != 0
            || !validate::access_ok(flags)
            || spec.key_size < 4 + 1
            || spec.key_size > 4 + DATA_SIZE_MAX
            || spec.value_size < 1
            || u64::from(spec.value_size) > value_max
        {
            return Err(MapError::Invalid);
        }
        let data_size = spec.key_size as usize - 4;
        let stride = percpu_stride(spec.value_size);
        let n_slots = (spec.max_entries as usize).min((MAX_VALUE_BYTES / stride).max(1));
        let values = validate::alloc(n_slots * stride)?;
        Ok(LpmTrie {
            spec: spec.clone(),
            id: crate::next_map_id(),
            data_size,
            max_prefixlen: data_size as u32 * 8,
            stride,
            trie: RwLock::new(Trie {
                free_slots: (0..n_slots as u32).rev().collect(),
                ..Trie::default()
            }),
            values,
        })
    }

    fn read(&self) -> RwLockReadGuard<'_, Trie> {
        self.trie
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn write(&self) -> RwLockWriteGuard<'_, Trie> {
        self.trie
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn key<'a>(&self, key: &'a [u8]) -> Result<Key<'a>, MapError> {
        check_len(key, self.spec.key_size as usize)?;
        Ok(Key {
            prefixlen: u32::from_ne_bytes([key[0], key[1], key[2], key[3]]),
            data: &key[4..],
        })
    }

    /// `trie_lookup_elem`: the value slot of the longest matching prefix.
    fn find(&self, trie: &Trie, key: &Key<'_>) -> Option<u32> {
        if key.prefixlen > self.max_prefixlen {
            return None;
        }
        let mut found = None;
        let mut current = trie.root;
        while let Some(index) = current {
            let node = trie.node(index);
            let matched = trie.match_len(index, key);
            if matched == self.max_prefixlen {
                found = Some(index);
                break;
            }
            if matched < node.prefixlen {
                break;
            }
            if !node.intermediate {
                found = Some(index);
            }
            current = node.child[extract_bit(key.data, node.prefixlen)];
        }
        found.map(|index| trie.node(index).slot)
    }

    fn slot_offset(&self, slot: u32) -> usize {
        slot as usize * self.stride
    }

    fn new_node(&self, trie: &mut Trie, key: &Key<'_>, value: &[u8]) -> Result<u32, MapError> {
        let slot = trie.free_slots.pop().ok_or(MapError::NoMemory)?;
        self.values.write(self.slot_offset(slot), value);
        Ok(trie.alloc(Node {
            child: [None, None],
            prefixlen: key.prefixlen,
            intermediate: false,
            data: key.data.into(),
            slot,
        }))
    }

    /// `trie_update_elem`.
    fn insert(&self, key: &Key<'_>, value: &[u8], flags: u64) -> Result<(), MapError> {
        if flags > update_flags::EXIST || key.prefixlen > self.max_prefixlen {
            return Err(MapError::Invalid);
        }
        let mut guard = self.write();
        let trie = &mut *guard;
        let max_entries = self.spec.max_entries;
        let mut link = Link::Root;
        let mut matched = 0;
        let mut current = trie.root;
        while let Some(index) = current {
            matched = trie.match_len(index, key);
            let prefixlen = trie.node(index).prefixlen;
            if prefixlen != matched || prefixlen == key.prefixlen || prefixlen == self.max_prefixlen
            {
                break;
            }
            link = Link::Child(index, extract_bit(key.data, prefixlen));
            current = trie.get(link);
        }
        let Some(index) = current else {
            trie.check_add(flags, max_entries)?;
            let new = self.new_node(trie, key, value)?;
            trie.n_entries += 1;
            trie.set(link, Some(new));
            return Ok(());
        };
        if trie.node(index).prefixlen == matched {
            if !trie.node(index).intermediate {
                if flags == update_flags::NOEXIST {
                    return Err(MapError::Exists);
                }
                let slot = trie.node(index).slot;
                self.values.write(self.slot_offset(slot), value);
                trie.nodes[index as usize].data = key.data.into();
                return Ok(());
            }
            trie.check_add(flags, max_entries)?;
            let slot = trie.free_slots.pop().ok_or(MapError::NoMemory)?;
            self.values.write(self.slot_offset(slot), value);
            let node = &mut trie.nodes[index as usize];
            node.intermediate = false;
            node.slot = slot;
            node.data = key.data.into();
            trie.n_entries += 1;
            return Ok(());
        }
        trie.check_add(flags, max_entries)?;
        if matched == key.prefixlen {
            // The new prefix contains the node's: it becomes the node's parent.
            let bit = extract_bit(&trie.node(index).data, matched);
            let new = self.new_node(trie, key, value)?;
            trie.nodes[new as usize].child[bit] = Some(index);
            trie.n_entries += 1;
            trie.set(link, Some(new));
            return Ok(());
        }
        let new = self.new_node(trie, key, value)?;
        let data = trie.node(index).data.clone();
        let children = if extract_bit(key.data, matched) == 1 {
            [Some(index), Some(new)]
        } else {
            [Some(new), Some(index)]
        };
        let split = trie.alloc(Node {
            child: children,
            prefixlen: matched,
            intermediate: true,
            data,
            slot: 0,
        });
        trie.n_entries += 1;
        trie.set(link, Some(split));
        Ok(())
    }

    /// `trie_delete_elem`.
    fn remove(&self, key: &Key<'_>) -> Result<(), MapError> {
        if key.prefixlen > self.max_prefixlen {
            return Err(MapError::Invalid);
        }
        let mut guard = self.write();
        let trie = &mut *guard;
        let mut link = Link::Root;
        let mut parent_link = Link::Root;
        let mut parent: Option<u32> = None;
        let mut matched = 0;
        let mut current = trie.root;
        while let Some(index) = current {
            matched = trie.match_len(index, key);
            let prefixlen = trie.node(index).prefixlen;
            if prefixlen != matched || prefixlen == key.prefixlen {
                break;
            }
            parent = Some(index);
            parent_link = link;
            link = Link::Child(index, extract_bit(key.data, prefixlen));
            current = trie.get(link);
        }
        let index = match current {
            Some(index)
                if trie.node(index).prefixlen == key.prefixlen
                    && trie.node(index).prefixlen == matched
                    && !trie.node(index).intermediate =>
            {
                index
            }
            _ => return Err(MapError::NotFound),
        };
        trie.n_entries -= 1;
        let [left, right] = trie.node(index).child;
        if left.is_some() && right.is_some() {
            // Two children: the node stays as an intermediate one.
            let slot = trie.node(index).slot;
            trie.free_slots.push(slot);
            trie.nodes[index as usize].intermediate = true;
            return Ok(());
        }
        if let Some(parent) = parent
            && trie.node(parent).intermediate
            && left.is_none()
            && right.is_none()
        {
            // A leaf under an intermediate node: the node's sibling replaces the parent.
            let [parent_left, parent_right] = trie.node(parent).child;
            let sibling = if parent_left == Some(index) {
                parent_right
            } else {
                parent_left
            };
            trie.set(parent_link, sibling);
            trie.free(parent);
            trie.free(index);
            return Ok(());
        }
        trie.set(link, left.or(right));
        trie.free(index);
        Ok(())
    }

    /// `trie_get_next_key`: post-order successor of the key's node, or the leftmost node.
    fn next(&self, key: Option<&Key<'_>>, out: &mut [u8]) -> Result<(), MapError> {
        let trie = self.read();
        let Some(root) = trie.root else {
            return Err(MapError::NotFound);
        };
        let mut search_root = root;
        'exact: {
            let Some(key) = key.filter(|key| key.prefixlen <= self.max_prefixlen) else {
                break 'exact;
            };
            let mut stack = Vec::new();
            let mut matched = 0;
            let mut current = Some(root);
            while let Some(index) = current {
                stack.push(index);
                matched = trie.match_len(index, key);
                let node = trie.node(index);
                if node.prefixlen != matched || node.prefixlen == key.prefixlen {
                    break;
                }
                current = node.child[extract_bit(key.data, node.prefixlen)];
            }
            let Some(found) = current else {
                break 'exact;
            };
            if trie.node(found).prefixlen != matched || trie.node(found).intermediate {
                break 'exact;
            }
            let mut node = found;
            while stack.len() > 1 {
                let parent = stack[stack.len() - 2];
                let [left, right] = trie.node(parent).child;
                if left == Some(node)
                    && let Some(right) = right
                {
                    search_root = right;
                    break 'exact;
                }
                if !trie.node(parent).intermediate {
                    self.copy_key(&trie, parent, out);
                    return Ok(());
                }
                node = parent;
                stack.pop();
            }
            return Err(MapError::NotFound);
        }
        // The leftmost real node: descend left, else right, remembering the last real node.
        let mut next = search_root;
        let mut current = Some(search_root);
        while let Some(index) = current {
            let node = trie.node(index);
            if node.intermediate {
                current = node.child[0];
            } else {
                next = index;
                current = node.child[0].or(node.child[1]);
            }
        }
        self.copy_key(&trie, next, out);
        Ok(())
    }

    fn copy_key(&self, trie: &Trie, index: u32, out: &mut [u8]) {
        let node = trie.node(index);
        out[..4].copy_from_slice(&node.prefixlen.to_ne_bytes());
        out[4..4 + self.data_size].copy_from_slice(&node.data);
    }
}

impl Map for LpmTrie {
    fn spec(&self) -> &MapSpec {
        &self.spec
    }

    fn id(&self) -> u32 {
        self.id
    }

    fn lookup(&self, key: &[u8], value: &mut [u8]) -> Result<(), MapError> {
        let key = self.key(key)?;
        check_len(value, self.spec.value_size as usize)?;
        let trie = self.read();
        let slot = self.find(&trie, &key).ok_or(MapError::NotFound)?;
        self.values.read(self.slot_offset(slot), value);
        Ok(())
    }

    fn update(&self, key: &[u8], value: &[u8], flags: u64) -> Result<(), MapError> {
        let key = self.key(key)?;
        check_len(value, self.spec.value_size as usize)?;
        self.insert(&key, value, flags)
    }

    fn delete(&self, key: &[u8]) -> Result<(), MapError> {
        let key = self.key(key)?;
        self.remove(&key)
    }

    fn next_key(&self, key: Option<&[u8]>, next: &mut [u8]) -> Result<(), MapError> {
        check_len(next, self.spec.key_size as usize)?;
        let key = key.map(|key| self.key(key)).transpose()?;
        self.next(key.as_ref(), next)
    }

    fn lookup_addr(&self, key: &[u8], _cpu: u32) -> Option<u64> {
        let key = self.key(key).ok()?;
        let trie = self.read();
        let slot = self.find(&trie, &key)?;
        Some(self.values.addr() + self.slot_offset(slot) as u64)
    }

    fn update_from_program(
        &self,
        key: &[u8],
        value: &[u8],
        flags: u64,
        _cpu: u32,
    ) -> Result<(), MapError> {
        self.update(key, value, flags)
    }

    fn storage(&self) -> Vec<&SharedBuf> {
        vec![&self.values]
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}
