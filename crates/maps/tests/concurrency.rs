//! Maps used from several threads at once: counters incremented through `lookup_addr` and
//! `SharedBuf::rmw` stay exact; inserts and deletes racing with lookups and iteration never
//! crash and leave the contents the writers determined; LRU maps never leak elements; ring
//! buffers deliver every record of every producer exactly once and in order.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;

use sluice_maps::spec::{map_flags, map_type};
use sluice_maps::{HashMap, Map, MapError, MapSpec, QueueStack, RingBuf, RmwOp, create};

const THREADS: u32 = 4;

fn key(k: u32) -> [u8; 4] {
    k.to_ne_bytes()
}

/// Adds 1 to the u64 at a program address, as an eBPF `lock xadd` would.
fn add_one(map: &dyn Map, addr: u64) {
    let storage = map.storage();
    let buf = storage
        .iter()
        .find(|buf| addr >= buf.addr() && addr + 8 <= buf.addr() + buf.len() as u64)
        .expect("address inside the map's storage");
    buf.rmw((addr - buf.addr()) as usize, 8, RmwOp::Add, 1)
        .expect("aligned");
}

#[test]
fn counters_through_lookup_addr_are_exact() {
    for spec in [
        MapSpec::new(map_type::HASH, 4, 8, 64),
        MapSpec::new(map_type::ARRAY, 4, 8, 64),
        MapSpec::new(map_type::PERCPU_HASH, 4, 8, 64).with_cpus(THREADS),
        MapSpec::new(map_type::LRU_HASH, 4, 8, 64).with_cpus(THREADS),
        MapSpec::new(map_type::LPM_TRIE, 8, 8, 64).with_flags(map_flags::NO_PREALLOC),
    ] {
        let map = create(&spec).unwrap();
        let lpm = spec.map_type == map_type::LPM_TRIE;
        let key_of = move |k: u32| -> Vec<u8> {
            if lpm {
                [32u32.to_ne_bytes(), k.to_be_bytes()].concat()
            } else {
                key(k).to_vec()
            }
        };
        for k in 0..64 {
            map.update_from_program(&key_of(k), &[0; 8], 0, 0).unwrap();
        }
        let threads: Vec<_> = (0..THREADS)
            .map(|cpu| {
                let map = map.clone();
                thread::spawn(move || {
                    for i in 0..20_000u32 {
                        let k = (i * 7 + cpu) % 64;
                        let addr = map.lookup_addr(&key_of(k), cpu).expect("present");
                        add_one(map.as_ref(), addr);
                    }
                })
            })
            .collect();
        for thread in threads {
            thread.join().unwrap();
        }
        let value_len = map.spec().user_value_len();
        let mut total = 0u64;
        for k in 0..64 {
            let mut value = vec![0u8; value_len];
            map.lookup(&key_of(k), &mut value).unwrap();
            total += value
                .chunks_exact(8)
                .map(|slot| u64::from_ne_bytes(slot.try_into().unwrap()))
                .sum::<u64>();
        }
        assert_eq!(total, u64::from(THREADS) * 20_000, "type {}", spec.map_type);
    }
}

fn value_of(k: u32) -> [u8; 8] {
    (u64::from(k) * 7).to_ne_bytes()
}

#[test]
fn inserts_and_deletes_race_with_lookups() {
    for spec in [
        MapSpec::new(map_type::HASH, 4, 8, 512).with_cpus(THREADS),
        MapSpec::new(map_type::HASH, 4, 8, 512)
            .with_cpus(THREADS)
            .with_flags(map_flags::NO_PREALLOC),
        MapSpec::new(map_type::PERCPU_HASH, 4, 8, 512).with_cpus(THREADS),
        MapSpec::new(map_type::LRU_HASH, 4, 8, 512).with_cpus(THREADS),
    ] {
        let map = create(&spec).unwrap();
        let stop = Arc::new(AtomicBool::new(false));
        // Two writers, each owning 200 keys, inserting, replacing and deleting.
        let writers: Vec<_> = (0..2u32)
            .map(|writer| {
                let map = map.clone();
                thread::spawn(move || {
                    let mut expected = BTreeMap::new();
                    let mut state = 0x9e37_79b9u32 ^ writer;
                    for _ in 0..40_000 {
                        state ^= state << 13;
                        state ^= state >> 17;
                        state ^= state << 5;
                        let k = writer * 1000 + state % 200;
                        if state.is_multiple_of(3) {
                            let result = map.delete(&key(k));
                            assert_eq!(result.is_ok(), expected.remove(&k).is_some());
                        } else {
                            map.update_from_program(&key(k), &value_of(k), 0, writer)
                                .unwrap();
                            expected.insert(k, ());
                        }
                    }
                    expected
                })
            })
            .collect();
        let readers: Vec<_> = (0..2u32)
            .map(|reader| {
                let map = map.clone();
                let stop = stop.clone();
                thread::spawn(move || {
                    let mut k = reader;
                    while !stop.load(Ordering::Relaxed) {
                        k = k.wrapping_mul(1_103_515_245).wrapping_add(12345) % 2000;
                        let mut value = vec![0u8; map.spec().user_value_len()];
                        match map.lookup(&key(k), &mut value) {
                            // Elements are reused, so a value may belong to another key, but it
                            // is always one a writer wrote (per-CPU: zeros in other slots).
                            Ok(()) => assert!(value.chunks_exact(8).all(|slot| {
                                u64::from_ne_bytes(slot.try_into().unwrap()) % 7 == 0
                            })),
                            Err(MapError::NotFound) => {}
                            Err(error) => panic!("lookup: {error}"),
                        }
                        let _ = map.lookup_addr(&key(k), 2 + reader);
                        // Iteration under churn: bounded, and never stuck on a bad element.
                        let mut current: Option<[u8; 4]> = None;
                        for _ in 0..50 {
                            let mut next = [0u8; 4];
                            if map
                                .next_key(current.as_ref().map(|k| &k[..]), &mut next)
                                .is_err()
                            {
                                break;
                            }
                            current = Some(next);
                        }
                    }
                })
            })
            .collect();
        let mut expected = BTreeMap::new();
        for writer in writers {
            expected.extend(writer.join().unwrap());
        }
        stop.store(true, Ordering::Relaxed);
        for reader in readers {
            reader.join().unwrap();
        }
        let mut present = BTreeMap::new();
        let mut current: Option<[u8; 4]> = None;
        loop {
            let mut next = [0u8; 4];
            if map
                .next_key(current.as_ref().map(|k| &k[..]), &mut next)
                .is_err()
            {
                break;
            }
            let k = u32::from_ne_bytes(next);
            let mut value = vec![0u8; map.spec().user_value_len()];
            map.lookup(&next, &mut value).unwrap();
            assert!(
                value.chunks_exact(8).any(|slot| slot == value_of(k)),
                "type {}: key {k}",
                spec.map_type
            );
            assert!(present.insert(k, ()).is_none(), "key {k} twice");
            current = Some(next);
        }
        assert_eq!(present, expected, "type {}", spec.map_type);
        let hash = map.as_any().downcast_ref::<HashMap>().unwrap();
        assert_eq!(hash.len(), expected.len());
    }
}

#[test]
fn lru_maps_evict_under_contention_without_leaking() {
    for flags in [0, map_flags::NO_COMMON_LRU] {
        let spec = MapSpec::new(map_type::LRU_HASH, 4, 8, 128)
            .with_cpus(THREADS)
            .with_flags(flags);
        let map = create(&spec).unwrap();
        let threads: Vec<_> = (0..THREADS)
            .map(|cpu| {
                let map = map.clone();
                thread::spawn(move || {
                    for i in 0..20_000u32 {
                        let k = cpu * 100_000 + i % 500;
                        match map.update_from_program(&key(k), &value_of(k), 0, cpu) {
                            Ok(()) | Err(MapError::NoMemory) => {}
                            Err(error) => panic!("update: {error}"),
                        }
                        let _ = map.lookup_addr(&key(k.wrapping_sub(3)), cpu);
                        if i % 17 == 0 {
                            let _ = map.delete(&key(k.wrapping_sub(5)));
                        }
                    }
                })
            })
            .collect();
        for thread in threads {
            thread.join().unwrap();
        }
        let hash = map.as_any().downcast_ref::<HashMap>().unwrap();
        assert!(hash.len() <= 128);
        // Quiet again: every element is still usable, on every CPU's lists.
        for cpu in 0..THREADS {
            for i in 0..300u32 {
                let k = 900_000 + cpu * 1000 + i;
                map.update_from_program(&key(k), &value_of(k), 0, cpu)
                    .unwrap();
                let mut value = [0u8; 8];
                map.lookup(&key(k), &mut value).unwrap();
                assert_eq!(value, value_of(k));
            }
        }
        assert!(hash.len() <= 128);
    }
}

#[test]
fn ring_buffers_deliver_every_record_once() {
    let map = create(&MapSpec::new(map_type::RINGBUF, 0, 0, 16384)).unwrap();
    const PER_PRODUCER: u32 = 5000;
    let producers: Vec<_> = (0..3u32)
        .map(|producer| {
            let map = map.clone();
            thread::spawn(move || {
                let rb = map.as_any().downcast_ref::<RingBuf>().unwrap();
                let buf = map.storage()[0];
                for seq in 0..PER_PRODUCER {
                    let record = [producer.to_ne_bytes(), seq.to_ne_bytes()].concat();
                    // Half the records go through reserve/submit, with odd sizes so that
                    // some wrap around the end.
                    let len = 8 + (seq % 13) as u64;
                    loop {
                        if seq % 2 == 0 {
                            if rb.output(&record, 0).is_ok() {
                                break;
                            }
                        } else if let Some(addr) = rb.reserve(len, 0) {
                            buf.write((addr - buf.addr()) as usize, &record);
                            rb.submit(addr, 0).unwrap();
                            break;
                        }
                        thread::yield_now();
                    }
                }
            })
        })
        .collect();
    let rb = map.as_any().downcast_ref::<RingBuf>().unwrap();
    let mut next_seq = [0u32; 3];
    let mut received = 0;
    while received < 3 * PER_PRODUCER {
        rb.wait(std::time::Duration::from_millis(100));
        rb.consume(&mut |record| {
            let producer = u32::from_ne_bytes(record[..4].try_into().unwrap()) as usize;
            let seq = u32::from_ne_bytes(record[4..8].try_into().unwrap());
            assert_eq!(seq, next_seq[producer], "producer {producer} out of order");
            next_seq[producer] += 1;
            received += 1;
        });
    }
    for producer in producers {
        producer.join().unwrap();
    }
    assert_eq!(next_seq, [PER_PRODUCER; 3]);
}

#[test]
fn queues_conserve_elements() {
    let map = create(&MapSpec::new(map_type::QUEUE, 0, 8, 64)).unwrap();
    let pushers: Vec<_> = (0..2u64)
        .map(|producer| {
            let map = map.clone();
            thread::spawn(move || {
                let mut pushed = 0;
                for i in 0..10_000u64 {
                    if map.push(&(producer << 32 | i).to_ne_bytes(), 0).is_ok() {
                        pushed += 1;
                    }
                }
                pushed
            })
        })
        .collect();
    let poppers: Vec<_> = (0..2)
        .map(|_| {
            let map = map.clone();
            thread::spawn(move || {
                let mut popped = 0;
                let mut out = [0u8; 8];
                for _ in 0..10_000 {
                    if map.pop(&mut out).is_ok() {
                        popped += 1;
                    }
                }
                popped
            })
        })
        .collect();
    let pushed: u64 = pushers.into_iter().map(|t| t.join().unwrap()).sum();
    let popped: u64 = poppers.into_iter().map(|t| t.join().unwrap()).sum();
    let queue = map.as_any().downcast_ref::<QueueStack>().unwrap();
    assert_eq!(pushed, popped + queue.len() as u64);
}
