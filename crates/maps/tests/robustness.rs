//! No map operation panics, whatever the lengths, flags, cursors, CPUs or addresses: bad input
//! is an error (`EINVAL` for wrong lengths). Every map type gets random calls of every
//! operation.

use std::sync::Arc;

use sluice_maps::spec::{map_flags, map_type};
use sluice_maps::{BatchArgs, Map, MapError, MapSpec, PerfEventArray, RingBuf, StackTrace, create};

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    /// A length near `typical` most of the time, anything small otherwise.
    fn len(&mut self, typical: usize) -> usize {
        match self.below(4) {
            0 => self.below(40) as usize,
            _ => typical,
        }
    }

    fn bytes(&mut self, len: usize) -> Vec<u8> {
        (0..len).map(|_| self.next() as u8).collect()
    }

    fn bytes_near(&mut self, typical: usize) -> Vec<u8> {
        let len = self.len(typical);
        self.bytes(len)
    }

    fn bytes_below(&mut self, max: u64) -> Vec<u8> {
        let len = self.below(max) as usize;
        self.bytes(len)
    }

    fn flags(&mut self) -> u64 {
        match self.below(4) {
            0 => self.next(),
            _ => self.below(5),
        }
    }
}

fn all_maps() -> Vec<Arc<dyn Map>> {
    let template = MapSpec::new(map_type::HASH, 4, 4, 4);
    let specs = vec![
        MapSpec::new(map_type::ARRAY, 4, 12, 8),
        MapSpec::new(map_type::PERCPU_ARRAY, 4, 12, 8).with_cpus(3),
        MapSpec::new(map_type::HASH, 6, 12, 16),
        MapSpec::new(map_type::PERCPU_HASH, 4, 12, 16).with_cpus(3),
        MapSpec::new(map_type::LRU_HASH, 4, 8, 16).with_cpus(2),
        MapSpec::new(map_type::LRU_PERCPU_HASH, 4, 8, 16)
            .with_cpus(2)
            .with_flags(map_flags::NO_COMMON_LRU),
        MapSpec::new(map_type::LPM_TRIE, 8, 8, 16).with_flags(map_flags::NO_PREALLOC),
        MapSpec::new(map_type::QUEUE, 0, 8, 4),
        MapSpec::new(map_type::STACK, 0, 8, 4),
        MapSpec::new(map_type::BLOOM_FILTER, 0, 8, 16),
        MapSpec::new(map_type::PROG_ARRAY, 4, 4, 4),
        MapSpec::new(map_type::ARRAY_OF_MAPS, 4, 4, 4).with_inner(template.clone()),
        MapSpec::new(map_type::HASH_OF_MAPS, 4, 4, 4).with_inner(template),
        MapSpec::new(map_type::RINGBUF, 0, 0, 4096),
        MapSpec::new(map_type::PERF_EVENT_ARRAY, 4, 4, 2),
        MapSpec::new(map_type::STACK_TRACE, 4, 32, 8),
        MapSpec::new(map_type::DEVMAP, 4, 8, 4),
        MapSpec::new(map_type::DEVMAP_HASH, 4, 4, 4),
    ];
    specs
        .iter()
        .map(|spec| create(spec).unwrap_or_else(|error| panic!("{spec:?}: {error}")))
        .collect()
}

fn exercise(map: &dyn Map, rng: &mut Rng, inner: &Arc<dyn Map>) {
    let key_size = map.spec().key_size as usize;
    let value_len = map.spec().user_value_len();
    let value_size = map.spec().value_size as usize;
    for _ in 0..3000 {
        let key = {
            let len = rng.len(key_size);
            let mut key = rng.bytes(len);
            // Keep keys small numbers most of the time so they hit existing elements.
            if len >= 4 && rng.below(2) == 0 {
                key[..4].copy_from_slice(&(rng.below(10) as u32).to_ne_bytes());
            }
            key
        };
        let cpu = rng.below(4) as u32;
        match rng.below(13) {
            0 => {
                let mut value = rng.bytes_near(value_len);
                let _ = map.lookup(&key, &mut value);
            }
            1 => {
                let mut value = rng.bytes_near(value_len);
                if value.len() == 4 && rng.below(2) == 0 {
                    value.copy_from_slice(&inner.id().to_ne_bytes());
                }
                let _ = map.update(&key, &value, rng.flags());
            }
            2 => {
                let _ = map.delete(&key);
            }
            3 => {
                let mut next = vec![0; rng.len(key_size)];
                let previous = (rng.below(3) != 0).then_some(key.as_slice());
                let _ = map.next_key(previous, &mut next);
            }
            4 => {
                let mut value = vec![0; rng.len(value_len)];
                let previous = (rng.below(3) != 0).then_some(key.as_slice());
                let _ = map.lookup_and_delete(previous, &mut value);
            }
            5 => {
                if let Some(addr) = map.lookup_addr(&key, cpu) {
                    let inside = map
                        .storage()
                        .iter()
                        .any(|buf| addr >= buf.addr() && addr < buf.addr() + buf.len() as u64);
                    let is_map = matches!(
                        map.spec().map_type,
                        map_type::ARRAY_OF_MAPS | map_type::HASH_OF_MAPS
                    );
                    assert!(inside || is_map, "lookup_addr outside the map's storage");
                }
            }
            6 => {
                let value = rng.bytes_near(value_size);
                let _ = map.update_from_program(&key, &value, rng.flags(), cpu);
            }
            7 => {
                let _ = map.delete_from_program(&key);
            }
            8 => {
                let value = rng.bytes_near(value_size);
                let _ = map.push(&value, rng.flags());
                let mut out = vec![0; rng.len(value_size)];
                let _ = map.pop(&mut out);
                let _ = map.peek(&mut out);
            }
            9 | 10 => {
                let count = rng.below(6) as u32;
                let cursor = rng.bytes_near(map.batch_cursor_len());
                let mut out_batch = vec![0; rng.len(map.batch_cursor_len())];
                let mut keys = vec![0; rng.len(key_size * count as usize)];
                let mut values = vec![0; rng.len(value_len * count as usize)];
                let mut args = BatchArgs {
                    in_batch: (rng.below(2) == 0).then_some(cursor.as_slice()),
                    out_batch: &mut out_batch,
                    keys: &mut keys,
                    values: &mut values,
                    count,
                    elem_flags: rng.below(2),
                    flags: rng.below(2),
                };
                let outcome = if rng.below(2) == 0 {
                    map.lookup_batch(&mut args)
                } else {
                    map.lookup_and_delete_batch(&mut args)
                };
                assert!(outcome.count <= count);
            }
            _ => special(map, rng, cpu),
        }
    }
}

fn special(map: &dyn Map, rng: &mut Rng, cpu: u32) {
    if let Some(rb) = map.as_any().downcast_ref::<RingBuf>() {
        let size = rng.below(5000);
        if let Some(addr) = rb.reserve(size, rng.below(2)) {
            let junk = rng.next();
            let target = if rng.below(5) == 0 { addr ^ junk } else { addr };
            let _ = if rng.below(2) == 0 {
                rb.submit(target, rng.flags())
            } else {
                rb.discard(target, rng.flags())
            };
        }
        let data = rng.bytes_below(300);
        let _ = rb.output(&data, rng.flags());
        rb.consume(&mut |record| assert!(record.len() < 5000));
        let _ = rb.query(rng.below(6));
    }
    if let Some(perf) = map.as_any().downcast_ref::<PerfEventArray>() {
        let _ = perf.attach(rng.below(3) as u32, rng.below(200) as usize);
        let data = rng.bytes_below(50);
        let _ = perf.output(rng.flags() | (rng.below(2) * 0xffff_ffff), cpu, &data);
        let _ = perf.drain(rng.below(3) as u32);
        let _ = perf.take_lost(rng.below(3) as u32);
    }
    if let Some(stacks) = map.as_any().downcast_ref::<StackTrace>() {
        let ips: Vec<u64> = (0..rng.below(200)).map(|_| rng.below(8)).collect();
        let _ = stacks.get_stackid(&ips, rng.flags());
    }
}

#[test]
fn random_calls_never_panic() {
    let inner = create(&MapSpec::new(map_type::HASH, 4, 4, 4)).unwrap();
    let mut rng = Rng(0x1234_5678_9abc_def1);
    for map in all_maps() {
        exercise(map.as_ref(), &mut rng, &inner);
    }
}

#[test]
fn wrong_lengths_are_einval() {
    for map in all_maps() {
        let spec = map.spec().clone();
        let key = vec![0u8; spec.key_size as usize + 1];
        let mut value = vec![0u8; spec.user_value_len() + 1];
        let invalid = |result: Result<(), MapError>| {
            assert!(
                matches!(
                    result,
                    Err(MapError::Invalid
                        | MapError::KernelNotSupported
                        | MapError::OpNotSupported
                        | MapError::NotSupported)
                ),
                "type {}: {result:?}",
                spec.map_type
            );
        };
        invalid(map.lookup(&key, &mut value));
        invalid(map.update(&key, &value, 0));
    }
}
