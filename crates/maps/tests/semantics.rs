//! The kernel's semantics and error codes for arrays, hash maps (plain, per-CPU, LRU), LPM
//! tries, queues, stacks, bloom filters and the batch commands, without the kernel.

use std::collections::BTreeSet;
use std::sync::Arc;

use sluice_maps::spec::{map_flags, map_type, update_flags};
use sluice_maps::{BatchArgs, BatchOutcome, HashMap, Map, MapError, MapSpec, create};

fn key(k: u32) -> [u8; 4] {
    k.to_ne_bytes()
}

fn value(v: u64) -> [u8; 8] {
    v.to_ne_bytes()
}

fn lookup_u64(map: &dyn Map, k: u32) -> Result<u64, MapError> {
    let mut out = [0u8; 8];
    map.lookup(&key(k), &mut out)?;
    Ok(u64::from_ne_bytes(out))
}

fn keys_of(map: &dyn Map) -> BTreeSet<Vec<u8>> {
    let mut keys = BTreeSet::new();
    let mut current: Option<Vec<u8>> = None;
    loop {
        let mut next = vec![0; map.spec().key_size as usize];
        match map.next_key(current.as_deref(), &mut next) {
            Ok(()) => {}
            Err(MapError::NotFound) => break,
            Err(error) => panic!("next_key: {error}"),
        }
        assert!(keys.insert(next.clone()), "next_key repeated a key");
        current = Some(next);
    }
    keys
}

#[test]
fn arrays_hold_every_index() {
    let map = create(&MapSpec::new(map_type::ARRAY, 4, 8, 4)).unwrap();
    assert_eq!(lookup_u64(map.as_ref(), 3), Ok(0));
    assert_eq!(lookup_u64(map.as_ref(), 4), Err(MapError::NotFound));
    assert_eq!(map.update(&key(1), &value(7), update_flags::ANY), Ok(()));
    assert_eq!(map.update(&key(1), &value(8), update_flags::EXIST), Ok(()));
    assert_eq!(lookup_u64(map.as_ref(), 1), Ok(8));
    assert_eq!(
        map.update(&key(1), &value(9), update_flags::NOEXIST),
        Err(MapError::Exists)
    );
    assert_eq!(map.update(&key(4), &value(9), 0), Err(MapError::Full));
    assert_eq!(map.update(&key(1), &value(9), 3), Err(MapError::Invalid));
    assert_eq!(
        map.update(&key(1), &value(9), update_flags::F_LOCK),
        Err(MapError::Invalid)
    );
    assert_eq!(map.delete(&key(1)).map_err(MapError::errno), Err(22));
    assert_eq!(
        map.lookup_and_delete(Some(&key(1)), &mut [0; 8])
            .map_err(MapError::errno),
        Err(524)
    );
    // next_key: a missing or too large key gives 0, the last index ENOENT.
    let mut next = [0u8; 4];
    assert_eq!(map.next_key(None, &mut next), Ok(()));
    assert_eq!(next, key(0));
    assert_eq!(map.next_key(Some(&key(99)), &mut next), Ok(()));
    assert_eq!(next, key(0));
    assert_eq!(map.next_key(Some(&key(2)), &mut next), Ok(()));
    assert_eq!(next, key(3));
    assert_eq!(
        map.next_key(Some(&key(3)), &mut next),
        Err(MapError::NotFound)
    );
    // Program pointers are the value addresses inside the storage buffer.
    let addr = map.lookup_addr(&key(1), 0).unwrap();
    let base = map.storage()[0].addr();
    assert_eq!(addr, base + 8);
    assert_eq!(map.lookup_addr(&key(4), 0), None);
    map.update_from_program(&key(2), &value(5), 0, 0).unwrap();
    assert_eq!(lookup_u64(map.as_ref(), 2), Ok(5));
}

#[test]
fn percpu_arrays_have_a_slot_per_cpu() {
    let map = create(&MapSpec::new(map_type::PERCPU_ARRAY, 4, 4, 2).with_cpus(3)).unwrap();
    assert_eq!(map.spec().user_value_len(), 24);
    map.update_from_program(&key(1), &7u32.to_ne_bytes(), 0, 2)
        .unwrap();
    let mut all = [0u8; 24];
    map.lookup(&key(1), &mut all).unwrap();
    assert_eq!(all[16..20], 7u32.to_ne_bytes());
    assert_eq!(all[..16], [0; 16]);
    let slots: Vec<u64> = (0..3)
        .map(|cpu| map.lookup_addr(&key(1), cpu).unwrap())
        .collect();
    assert_eq!(slots[1] - slots[0], 8);
    assert_eq!(map.lookup_addr(&key(1), 3), None);
    assert_eq!(map.update(&key(0), &[1; 24], 0), Ok(()));
    assert_eq!(map.update(&key(0), &[1; 8], 0), Err(MapError::Invalid));
}

#[test]
fn hash_maps_follow_the_kernel() {
    let map = create(&MapSpec::new(map_type::HASH, 4, 8, 3)).unwrap();
    assert_eq!(lookup_u64(map.as_ref(), 1), Err(MapError::NotFound));
    assert_eq!(
        map.update(&key(1), &value(10), update_flags::EXIST),
        Err(MapError::NotFound)
    );
    assert_eq!(
        map.update(&key(1), &value(10), update_flags::NOEXIST),
        Ok(())
    );
    assert_eq!(
        map.update(&key(1), &value(11), update_flags::NOEXIST),
        Err(MapError::Exists)
    );
    assert_eq!(map.update(&key(1), &value(12), update_flags::EXIST), Ok(()));
    assert_eq!(lookup_u64(map.as_ref(), 1), Ok(12));
    map.update(&key(2), &value(20), 0).unwrap();
    map.update(&key(3), &value(30), 0).unwrap();
    // Full: a new key is E2BIG, replacing an existing one is fine.
    assert_eq!(map.update(&key(4), &value(40), 0), Err(MapError::Full));
    assert_eq!(map.update(&key(3), &value(31), 0), Ok(()));
    assert_eq!(map.update(&key(3), &value(31), 8), Err(MapError::Invalid));
    assert_eq!(map.delete(&key(4)), Err(MapError::NotFound));
    assert_eq!(map.delete(&key(2)), Ok(()));
    assert_eq!(map.update(&key(4), &value(40), 0), Ok(()));
    let mut out = [0u8; 8];
    assert_eq!(map.lookup_and_delete(Some(&key(4)), &mut out), Ok(()));
    assert_eq!(u64::from_ne_bytes(out), 40);
    assert_eq!(lookup_u64(map.as_ref(), 4), Err(MapError::NotFound));
    assert_eq!(
        keys_of(map.as_ref()),
        [key(1).to_vec(), key(3).to_vec()].into_iter().collect()
    );
    // A key not in the map restarts iteration at the first key.
    let mut first = [0u8; 4];
    map.next_key(None, &mut first).unwrap();
    let mut next = [0u8; 4];
    map.next_key(Some(&key(77)), &mut next).unwrap();
    assert_eq!(first, next);
}

#[test]
fn replacing_a_hash_value_moves_it_but_per_cpu_values_stay() {
    let map = create(&MapSpec::new(map_type::HASH, 4, 8, 4).with_cpus(2)).unwrap();
    map.update(&key(1), &value(1), 0).unwrap();
    let before = map.lookup_addr(&key(1), 0).unwrap();
    map.update(&key(1), &value(2), 0).unwrap();
    let after = map.lookup_addr(&key(1), 0).unwrap();
    assert_ne!(before, after, "the kernel swaps in a new element");
    assert_eq!(lookup_u64(map.as_ref(), 1), Ok(2));

    let map = create(&MapSpec::new(map_type::PERCPU_HASH, 4, 8, 4).with_cpus(2)).unwrap();
    map.update_from_program(&key(1), &value(5), 0, 1).unwrap();
    let mut all = [0u8; 16];
    map.lookup(&key(1), &mut all).unwrap();
    assert_eq!(all, [[0; 8], value(5)].concat().as_slice());
    let before = map.lookup_addr(&key(1), 0).unwrap();
    map.update_from_program(&key(1), &value(6), 0, 0).unwrap();
    assert_eq!(map.lookup_addr(&key(1), 0), Some(before));
    map.lookup(&key(1), &mut all).unwrap();
    assert_eq!(all, [value(6), value(5)].concat().as_slice());
    assert_eq!(
        map.update_from_program(&key(1), &value(6), 0, 2),
        Err(MapError::Invalid)
    );
}

#[test]
fn deleting_while_iterating_is_safe() {
    let map = create(&MapSpec::new(map_type::HASH, 4, 8, 64)).unwrap();
    for k in 0..64 {
        map.update(&key(k), &value(u64::from(k)), 0).unwrap();
    }
    // Delete each key as it is returned; iteration restarts from the first key and ends.
    let mut current: Option<Vec<u8>> = None;
    let mut steps = 0;
    loop {
        let mut next = [0u8; 4];
        if map.next_key(current.as_deref(), &mut next).is_err() {
            break;
        }
        map.delete(&next).unwrap();
        current = Some(next.to_vec());
        steps += 1;
        assert!(steps <= 64);
    }
    assert_eq!(steps, 64);
    assert!(keys_of(map.as_ref()).is_empty());
}

#[test]
fn no_prealloc_hashes_behave_the_same() {
    let spec = MapSpec::new(map_type::HASH, 8, 4, 2).with_flags(map_flags::NO_PREALLOC);
    let map = create(&spec).unwrap();
    map.update(&[1; 8], &[1; 4], 0).unwrap();
    map.update(&[2; 8], &[2; 4], 0).unwrap();
    assert_eq!(map.update(&[3; 8], &[3; 4], 0), Err(MapError::Full));
}

fn batch(
    map: &dyn Map,
    cursor: Option<&[u8]>,
    count: u32,
    delete: bool,
) -> (BatchOutcome, Vec<u8>, Vec<u8>, Vec<u8>) {
    let key_size = map.spec().key_size as usize;
    let value_len = map.spec().user_value_len();
    let mut out_batch = vec![0u8; map.batch_cursor_len()];
    let mut keys = vec![0u8; key_size * count as usize];
    let mut values = vec![0u8; value_len * count as usize];
    let mut args = BatchArgs {
        in_batch: cursor,
        out_batch: &mut out_batch,
        keys: &mut keys,
        values: &mut values,
        count,
        elem_flags: 0,
        flags: 0,
    };
    let outcome = if delete {
        map.lookup_and_delete_batch(&mut args)
    } else {
        map.lookup_batch(&mut args)
    };
    (outcome, out_batch, keys, values)
}

#[test]
fn hash_batches_walk_buckets() {
    let map = create(&MapSpec::new(map_type::HASH, 4, 8, 100)).unwrap();
    for k in 0..100 {
        map.update(&key(k), &value(u64::from(k) * 3), 0).unwrap();
    }
    assert_eq!(map.batch_cursor_len(), 4);
    let mut seen = BTreeSet::new();
    let mut cursor: Option<Vec<u8>> = None;
    loop {
        let (outcome, out_batch, keys, values) = batch(map.as_ref(), cursor.as_deref(), 16, false);
        for i in 0..outcome.count as usize {
            let k = u32::from_ne_bytes(keys[i * 4..i * 4 + 4].try_into().unwrap());
            let v = u64::from_ne_bytes(values[i * 8..i * 8 + 8].try_into().unwrap());
            assert_eq!(v, u64::from(k) * 3);
            assert!(seen.insert(k), "key {k} returned twice");
        }
        match outcome.result {
            Ok(()) => cursor = Some(out_batch),
            Err(MapError::NotFound) => break,
            Err(error) => panic!("batch: {error}"),
        }
    }
    assert_eq!(seen.len(), 100);
    // A count smaller than the first non-empty bucket is ENOSPC... unless every bucket holds
    // at most one element; count 0 does nothing.
    let (outcome, ..) = batch(map.as_ref(), None, 0, false);
    assert_eq!(
        outcome,
        BatchOutcome {
            count: 0,
            result: Ok(())
        }
    );
    // A cursor past the last bucket is ENOENT.
    let (outcome, ..) = batch(map.as_ref(), Some(&u32::MAX.to_ne_bytes()), 4, false);
    assert_eq!(outcome.result, Err(MapError::NotFound));
    // Lookup-and-delete empties the map.
    let mut cursor: Option<Vec<u8>> = None;
    let mut deleted = 0;
    loop {
        let (outcome, out_batch, ..) = batch(map.as_ref(), cursor.as_deref(), 32, true);
        deleted += outcome.count;
        if outcome.result.is_err() {
            assert_eq!(outcome.result, Err(MapError::NotFound));
            break;
        }
        cursor = Some(out_batch);
    }
    assert_eq!(deleted, 100);
    assert!(keys_of(map.as_ref()).is_empty());
}

#[test]
fn a_bucket_that_does_not_fit_is_enospc() {
    // One bucket: every element shares it.
    let map = create(&MapSpec::new(map_type::HASH, 4, 8, 1)).unwrap();
    map.update(&key(1), &value(1), 0).unwrap();
    let map2 = create(&MapSpec::new(map_type::LRU_HASH, 4, 8, 2)).unwrap();
    map2.update(&key(1), &value(1), 0).unwrap();
    map2.update(&key(2), &value(2), 0).unwrap();
    let (outcome, ..) = batch(map.as_ref(), None, 1, false);
    assert_eq!(outcome.count, 1);
    // Two elements in up to two buckets with room for one: either both fit one by one or the
    // shared bucket does not fit.
    let (outcome, ..) = batch(map2.as_ref(), None, 1, false);
    assert!(outcome.count == 1 || outcome.result == Err(MapError::NoSpace));
}

#[test]
fn array_batches_use_keys_as_cursors() {
    let map = create(&MapSpec::new(map_type::ARRAY, 4, 8, 5)).unwrap();
    for k in 0..5 {
        map.update(&key(k), &value(u64::from(k) + 1), 0).unwrap();
    }
    let (outcome, out_batch, keys, values) = batch(map.as_ref(), None, 3, false);
    assert_eq!(
        outcome,
        BatchOutcome {
            count: 3,
            result: Ok(())
        }
    );
    assert_eq!(out_batch, key(2));
    assert_eq!(keys, [key(0), key(1), key(2)].concat());
    assert_eq!(values[16..24], value(3));
    let (outcome, out_batch, ..) = batch(map.as_ref(), Some(&out_batch), 3, false);
    assert_eq!(
        outcome,
        BatchOutcome {
            count: 2,
            result: Err(MapError::NotFound)
        }
    );
    assert_eq!(out_batch, key(4));
    let (outcome, ..) = batch(map.as_ref(), None, 3, true);
    assert_eq!(outcome.result.map_err(MapError::errno), Err(524));
}

#[test]
fn lru_evicts_the_oldest_in_batches() {
    // 4 entries on 2 CPUs: the kernel frees one element at a time (target_free = 1).
    let map = create(&MapSpec::new(map_type::LRU_HASH, 4, 8, 4).with_cpus(2)).unwrap();
    for k in 1..=9 {
        map.update(&key(k), &value(u64::from(k)), 0).unwrap();
    }
    let kept: BTreeSet<Vec<u8>> = (6..=9).map(|k| key(k).to_vec()).collect();
    assert_eq!(keys_of(map.as_ref()), kept);
    // 100 entries on 2 CPUs: 25 at a time, so 105 inserts keep 26..=105.
    let map = create(&MapSpec::new(map_type::LRU_HASH, 4, 8, 100).with_cpus(2)).unwrap();
    for k in 1..=105 {
        map.update(&key(k), &value(0), 0).unwrap();
    }
    let kept: BTreeSet<Vec<u8>> = (26..=105).map(|k| key(k).to_vec()).collect();
    assert_eq!(keys_of(map.as_ref()), kept);
}

#[test]
fn lru_program_lookups_protect_an_element() {
    let map = create(&MapSpec::new(map_type::LRU_HASH, 4, 8, 4).with_cpus(1)).unwrap();
    for k in 1..=4 {
        map.update(&key(k), &value(0), 0).unwrap();
    }
    // Key 1 is the oldest; a program lookup sets its reference bit.
    for k in 5..=12 {
        assert!(
            map.lookup_addr(&key(1), 0).is_some(),
            "key 1 evicted before key {k}"
        );
        map.update(&key(k), &value(0), 0).unwrap();
    }
    assert!(keys_of(map.as_ref()).contains(key(1).as_slice()));
    // User-space lookups do not protect anything.
    let hash = map.as_any().downcast_ref::<HashMap>().unwrap();
    assert!(hash.len() <= 4);
}

#[test]
fn lru_percpu_lists_round_max_entries() {
    let spec = MapSpec::new(map_type::LRU_PERCPU_HASH, 4, 8, 5)
        .with_cpus(2)
        .with_flags(map_flags::NO_COMMON_LRU);
    let map = create(&spec).unwrap();
    assert_eq!(map.spec().max_entries, 6);
    for k in 0..20 {
        map.update_from_program(&key(k), &value(u64::from(k)), 0, k % 2)
            .unwrap();
    }
    assert!(keys_of(map.as_ref()).len() <= 6);
    assert_eq!(
        create(&MapSpec::new(map_type::LRU_HASH, 4, 8, 5).with_flags(map_flags::NO_PREALLOC))
            .map(drop)
            .map_err(MapError::errno),
        Err(524)
    );
}

fn lpm(prefixlen: u32, data: [u8; 4]) -> Vec<u8> {
    [prefixlen.to_ne_bytes(), data].concat()
}

#[test]
fn lpm_tries_match_the_longest_prefix() {
    let spec = MapSpec::new(map_type::LPM_TRIE, 8, 8, 8).with_flags(map_flags::NO_PREALLOC);
    let map = create(&spec).unwrap();
    map.update(&lpm(16, [192, 168, 0, 0]), &value(1), 0)
        .unwrap();
    map.update(&lpm(24, [192, 168, 0, 0]), &value(2), 0)
        .unwrap();
    map.update(&lpm(24, [192, 168, 128, 0]), &value(3), 0)
        .unwrap();
    map.update(&lpm(24, [192, 168, 1, 0]), &value(5), 0)
        .unwrap();
    let find = |addr: [u8; 4]| {
        let mut out = [0u8; 8];
        map.lookup(&lpm(32, addr), &mut out)
            .map(|()| u64::from_ne_bytes(out))
    };
    assert_eq!(find([192, 168, 0, 7]), Ok(2));
    assert_eq!(find([192, 168, 1, 7]), Ok(5));
    assert_eq!(find([192, 168, 2, 7]), Ok(1));
    assert_eq!(find([192, 168, 128, 1]), Ok(3));
    assert_eq!(find([10, 0, 0, 1]), Err(MapError::NotFound));
    // A lookup key's own prefix length bounds the match.
    let mut out = [0u8; 8];
    map.lookup(&lpm(20, [192, 168, 0, 7]), &mut out).unwrap();
    assert_eq!(u64::from_ne_bytes(out), 1);
    // The kernel's post-order: more specific prefixes first.
    let mut order = Vec::new();
    let mut current: Option<Vec<u8>> = None;
    loop {
        let mut next = vec![0u8; 8];
        if map.next_key(current.as_deref(), &mut next).is_err() {
            break;
        }
        order.push(next.clone());
        current = Some(next);
    }
    assert_eq!(
        order,
        vec![
            lpm(24, [192, 168, 0, 0]),
            lpm(24, [192, 168, 1, 0]),
            lpm(24, [192, 168, 128, 0]),
            lpm(16, [192, 168, 0, 0]),
        ]
    );
    // Updates and deletes are exact.
    assert_eq!(
        map.delete(&lpm(23, [192, 168, 0, 0])),
        Err(MapError::NotFound)
    );
    assert_eq!(
        map.update(&lpm(23, [192, 168, 0, 0]), &value(9), update_flags::EXIST),
        Err(MapError::NotFound)
    );
    assert_eq!(
        map.update(&lpm(24, [192, 168, 0, 0]), &value(9), update_flags::NOEXIST),
        Err(MapError::Exists)
    );
    assert_eq!(map.delete(&lpm(24, [192, 168, 0, 0])), Ok(()));
    assert_eq!(find([192, 168, 0, 7]), Ok(1));
    assert_eq!(
        map.update(&lpm(33, [0; 4]), &value(0), 0),
        Err(MapError::Invalid)
    );
    assert_eq!(map.delete(&lpm(33, [0; 4])), Err(MapError::Invalid));
    assert_eq!(
        map.lookup(&lpm(33, [0; 4]), &mut out),
        Err(MapError::NotFound)
    );
    // Full: ENOSPC.
    for i in 0..5 {
        map.update(&lpm(32, [10, 0, 0, i]), &value(0), 0).unwrap();
    }
    assert_eq!(
        map.update(&lpm(32, [10, 0, 1, 0]), &value(0), 0),
        Err(MapError::NoSpace)
    );
    assert!(map.lookup_addr(&lpm(32, [10, 0, 0, 3]), 0).is_some());
}

#[test]
fn queues_and_stacks() {
    let queue = create(&MapSpec::new(map_type::QUEUE, 0, 4, 3)).unwrap();
    let stack = create(&MapSpec::new(map_type::STACK, 0, 4, 3)).unwrap();
    for map in [&queue, &stack] {
        let mut out = [0u8; 4];
        assert_eq!(map.pop(&mut out), Err(MapError::NotFound));
        assert_eq!(map.peek(&mut out), Err(MapError::NotFound));
        for v in 1..=3u32 {
            map.push(&v.to_ne_bytes(), 0).unwrap();
        }
        assert_eq!(map.push(&4u32.to_ne_bytes(), 0), Err(MapError::Full));
        assert_eq!(
            map.push(&4u32.to_ne_bytes(), update_flags::NOEXIST),
            Err(MapError::Invalid)
        );
        // BPF_EXIST drops the oldest element to make room.
        map.push(&4u32.to_ne_bytes(), update_flags::EXIST).unwrap();
        assert_eq!(map.delete(&[]), Err(MapError::Invalid));
        let mut next = [0u8; 0];
        assert_eq!(map.next_key(None, &mut next), Err(MapError::Invalid));
    }
    let drain = |map: &Arc<dyn Map>| {
        let mut values = Vec::new();
        let mut out = [0u8; 4];
        map.lookup(&[], &mut out).unwrap();
        while map.lookup_and_delete(None, &mut out).is_ok() {
            values.push(u32::from_ne_bytes(out));
        }
        values
    };
    assert_eq!(drain(&queue), vec![2, 3, 4]);
    assert_eq!(drain(&stack), vec![4, 3, 2]);
}

#[test]
fn bloom_filters_have_no_false_negatives() {
    let spec = MapSpec::new(map_type::BLOOM_FILTER, 0, 8, 100).with_extra(3);
    let map = create(&spec).unwrap();
    for v in 0..100u64 {
        map.push(&value(v), 0).unwrap();
    }
    for v in 0..100u64 {
        let mut probe = value(v);
        assert_eq!(map.peek(&mut probe), Ok(()));
        assert_eq!(map.lookup(&[], &mut probe), Ok(()));
    }
    let absent = (1000..2000u64)
        .filter(|&v| map.peek(&mut value(v)) == Err(MapError::NotFound))
        .count();
    assert!(absent > 800, "too many false positives: {}", 1000 - absent);
    assert_eq!(
        map.push(&value(1), update_flags::EXIST),
        Err(MapError::Invalid)
    );
    assert_eq!(map.delete(&[]), Err(MapError::OpNotSupported));
    assert_eq!(map.pop(&mut value(1)), Err(MapError::OpNotSupported));
    assert_eq!(map.lookup_addr(&[], 0), None);
    assert_eq!(
        create(&MapSpec::new(map_type::BLOOM_FILTER, 0, 8, 100).with_extra(16)).map(drop),
        Err(MapError::Invalid)
    );
}
