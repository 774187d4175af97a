//! Program arrays, maps of maps, ring buffers, perf event arrays, stack trace maps, device maps,
//! map ids and handles.

use std::sync::Arc;
use std::time::Duration;

use sluice_maps::spec::{map_flags, map_type, perf_flags, ringbuf_flags, stack_flags};
use sluice_maps::{
    ArrayOfMaps, DevMap, HashOfMaps, Map, MapError, MapSpec, PerfEventArray, ProgArray, RingBuf,
    StackTrace, create, map_by_id, map_handle,
};

fn key(k: u32) -> [u8; 4] {
    k.to_ne_bytes()
}

#[test]
fn ids_and_handles_are_unique_and_stable() {
    let a = create(&MapSpec::new(map_type::ARRAY, 4, 4, 1)).unwrap();
    let b = create(&MapSpec::new(map_type::ARRAY, 4, 4, 1)).unwrap();
    assert_ne!(a.id(), b.id());
    assert_ne!(a.id(), 0);
    assert_ne!(map_handle(&a), map_handle(&b));
    assert_eq!(map_handle(&a), map_handle(&a.clone()));
    assert_eq!(
        map_by_id(a.id()).map(|m| map_handle(&m)),
        Some(map_handle(&a))
    );
    let id = b.id();
    drop(b);
    assert!(map_by_id(id).is_none());
}

#[test]
fn program_arrays_hold_program_ids() {
    let map = create(&MapSpec::new(map_type::PROG_ARRAY, 4, 4, 4)).unwrap();
    let progs = map.as_any().downcast_ref::<ProgArray>().unwrap();
    assert_eq!(progs.get(1), None);
    let mut out = [0u8; 4];
    assert_eq!(map.lookup(&key(1), &mut out), Err(MapError::NotFound));
    map.update(&key(1), &42u32.to_ne_bytes(), 0).unwrap();
    assert_eq!(progs.get(1), Some(42));
    map.lookup(&key(1), &mut out).unwrap();
    assert_eq!(u32::from_ne_bytes(out), 42);
    assert_eq!(
        map.update(&key(1), &1u32.to_ne_bytes(), 1),
        Err(MapError::Invalid)
    );
    assert_eq!(
        map.update(&key(4), &1u32.to_ne_bytes(), 0),
        Err(MapError::Full)
    );
    assert_eq!(map.lookup_addr(&key(1), 0), None);
    assert_eq!(map.delete(&key(1)), Ok(()));
    assert_eq!(map.delete(&key(1)), Err(MapError::NotFound));
    assert_eq!(map.delete(&key(9)), Err(MapError::Full));
    progs.set(3, 7).unwrap();
    assert_eq!(progs.clear(3), Ok(()));
    assert_eq!(
        map.update_from_program(&key(0), &[0; 4], 0, 0),
        Err(MapError::OpNotSupported)
    );
}

#[test]
fn arrays_of_maps_check_their_template() {
    let template = MapSpec::new(map_type::ARRAY, 4, 8, 4);
    let outer =
        create(&MapSpec::new(map_type::ARRAY_OF_MAPS, 4, 4, 2).with_inner(template.clone()))
            .unwrap();
    let array = outer.as_any().downcast_ref::<ArrayOfMaps>().unwrap();
    let inner = create(&template).unwrap();
    let other = create(&MapSpec::new(map_type::ARRAY, 4, 8, 5)).unwrap();
    assert_eq!(array.set_inner(0, other.clone()), Err(MapError::Invalid));
    assert_eq!(array.set_inner(2, inner.clone()), Err(MapError::Full));
    array.set_inner(0, inner.clone()).unwrap();
    assert_eq!(outer.lookup_addr(&key(0), 0), Some(map_handle(&inner)));
    assert_eq!(outer.lookup_addr(&key(1), 0), None);
    let mut out = [0u8; 4];
    outer.lookup(&key(0), &mut out).unwrap();
    assert_eq!(u32::from_ne_bytes(out), inner.id());
    // User space names inner maps by id.
    outer.update(&key(1), &inner.id().to_ne_bytes(), 0).unwrap();
    assert_eq!(
        outer.update(&key(1), &0u32.to_ne_bytes(), 0),
        Err(MapError::BadHandle)
    );
    assert_eq!(
        outer.update(&key(1), &other.id().to_ne_bytes(), 0),
        Err(MapError::Invalid)
    );
    assert_eq!(
        outer.update(&key(1), &inner.id().to_ne_bytes(), 1),
        Err(MapError::Invalid)
    );
    assert_eq!(outer.delete(&key(1)), Ok(()));
    assert_eq!(outer.delete(&key(1)), Err(MapError::NotFound));
    // The outer map keeps its inner maps alive.
    let handle = map_handle(&inner);
    drop(inner);
    assert_eq!(outer.lookup_addr(&key(0), 0), Some(handle));

    // BPF_F_INNER_MAP lets array inner maps differ in size.
    let flexible = MapSpec::new(map_type::ARRAY, 4, 8, 4).with_flags(map_flags::INNER_MAP);
    let outer =
        create(&MapSpec::new(map_type::ARRAY_OF_MAPS, 4, 4, 1).with_inner(flexible.clone()))
            .unwrap();
    let mut bigger = flexible;
    bigger.max_entries = 100;
    outer
        .as_any()
        .downcast_ref::<ArrayOfMaps>()
        .unwrap()
        .set_inner(0, create(&bigger).unwrap())
        .unwrap();

    // Templates: no maps of maps (EINVAL), no program arrays (ENOTSUPP), one required.
    let nested = MapSpec::new(map_type::ARRAY_OF_MAPS, 4, 4, 1).with_inner(template.clone());
    assert_eq!(
        create(&MapSpec::new(map_type::ARRAY_OF_MAPS, 4, 4, 1).with_inner(nested)).map(drop),
        Err(MapError::Invalid)
    );
    assert_eq!(
        create(
            &MapSpec::new(map_type::ARRAY_OF_MAPS, 4, 4, 1).with_inner(MapSpec::new(
                map_type::PROG_ARRAY,
                4,
                4,
                1
            ))
        )
        .map(drop)
        .map_err(MapError::errno),
        Err(524)
    );
    assert!(create(&MapSpec::new(map_type::ARRAY_OF_MAPS, 4, 4, 1)).is_err());
}

#[test]
fn hashes_of_maps() {
    let template = MapSpec::new(map_type::HASH, 4, 4, 8);
    let outer = create(&MapSpec::new(map_type::HASH_OF_MAPS, 8, 4, 2).with_inner(template.clone()))
        .unwrap();
    let hash = outer.as_any().downcast_ref::<HashOfMaps>().unwrap();
    let inner = create(&template).unwrap();
    hash.set_inner(&[1; 8], inner.clone(), 0).unwrap();
    assert_eq!(
        hash.set_inner(&[1; 8], inner.clone(), 1),
        Err(MapError::Exists)
    );
    assert_eq!(
        hash.set_inner(&[2; 8], inner.clone(), 2),
        Err(MapError::NotFound)
    );
    hash.set_inner(&[2; 8], inner.clone(), 0).unwrap();
    assert_eq!(
        hash.set_inner(&[3; 8], inner.clone(), 0),
        Err(MapError::Full)
    );
    assert_eq!(outer.lookup_addr(&[2; 8], 0), Some(map_handle(&inner)));
    let mut next = [0u8; 8];
    outer.next_key(Some(&[9; 8]), &mut next).unwrap();
    assert_eq!(next, [1; 8]);
    outer.next_key(Some(&[1; 8]), &mut next).unwrap();
    assert_eq!(next, [2; 8]);
    assert_eq!(
        outer.next_key(Some(&[2; 8]), &mut next),
        Err(MapError::NotFound)
    );
    assert_eq!(outer.delete(&[2; 8]), Ok(()));
    assert_eq!(outer.delete(&[2; 8]), Err(MapError::NotFound));
    assert_eq!(outer.update(&[5; 8], &inner.id().to_ne_bytes(), 0), Ok(()));
}

fn ringbuf(size: u32) -> Arc<dyn Map> {
    create(&MapSpec::new(map_type::RINGBUF, 0, 0, size)).unwrap()
}

fn consume_all(rb: &RingBuf) -> Vec<Vec<u8>> {
    let mut records = Vec::new();
    rb.consume(&mut |record| records.push(record.to_vec()));
    records
}

#[test]
fn ring_buffers_deliver_committed_records_in_order() {
    let map = ringbuf(4096);
    let rb = map.as_any().downcast_ref::<RingBuf>().unwrap();
    let buf = map.storage()[0];
    assert_eq!(buf.len(), 8192);
    let a = rb.reserve(5, 0).unwrap();
    let b = rb.reserve(8, 0).unwrap();
    let c = rb.reserve(3, 0).unwrap();
    assert_eq!(b - a, 16);
    // The header: length with the busy bit, then the page offset.
    let mut header = [0u8; 8];
    buf.read((a - buf.addr() - 8) as usize, &mut header);
    assert_eq!(
        u32::from_ne_bytes(header[..4].try_into().unwrap()),
        5 | (1 << 31)
    );
    assert_eq!(u32::from_ne_bytes(header[4..].try_into().unwrap()), 3);
    buf.write((a - buf.addr()) as usize, b"hello");
    buf.write((b - buf.addr()) as usize, b"discard!");
    buf.write((c - buf.addr()) as usize, b"end");
    // Nothing is consumed while the first record is busy.
    rb.submit(c, 0).unwrap();
    assert!(consume_all(rb).is_empty());
    rb.discard(b, 0).unwrap();
    assert_eq!(rb.query(ringbuf_flags::AVAIL_DATA), 48);
    rb.submit(a, 0).unwrap();
    assert_eq!(consume_all(rb), vec![b"hello".to_vec(), b"end".to_vec()]);
    assert_eq!(rb.query(ringbuf_flags::AVAIL_DATA), 0);
    assert_eq!(rb.query(ringbuf_flags::CONS_POS), 48);
    assert_eq!(rb.query(ringbuf_flags::PROD_POS), 48);
    assert_eq!(rb.query(ringbuf_flags::RING_SIZE), 4096);
    assert_eq!(rb.query(99), 0);
    // Committing twice, or an address that is no reservation, is refused.
    assert_eq!(rb.submit(a, 0), Err(MapError::Invalid));
    assert_eq!(rb.submit(12345, 0), Err(MapError::Invalid));
    assert_eq!(rb.reserve(1, 1), None);
    assert_eq!(rb.output(b"x", 4), Err(MapError::Invalid));
    assert_eq!(map.lookup(&[], &mut []).map_err(MapError::errno), Err(524));
}

#[test]
fn ring_buffer_records_are_contiguous_across_the_wrap() {
    let map = ringbuf(4096);
    let rb = map.as_any().downcast_ref::<RingBuf>().unwrap();
    let buf = map.storage()[0];
    // Move the positions near the end: 4000 bytes of records, consumed.
    for _ in 0..10 {
        rb.output(&[0; 392], 0).unwrap();
    }
    assert_eq!(consume_all(rb).len(), 10);
    let start = rb.query(ringbuf_flags::PROD_POS);
    assert_eq!(start, 4000);
    // A 200-byte record from offset 4000 runs past the end of the data.
    let addr = rb.reserve(200, 0).unwrap();
    assert_eq!(addr - buf.addr(), 4008);
    let pattern: Vec<u8> = (0..200).map(|i| i as u8).collect();
    assert!(
        buf.write((addr - buf.addr()) as usize, &pattern),
        "contiguous past the end"
    );
    rb.submit(addr, 0).unwrap();
    assert_eq!(consume_all(rb), vec![pattern.clone()]);
    // The tail now sits at the start of the data, where the kernel's second mapping puts it.
    let mut tail = vec![0u8; 200 - 88];
    buf.read(0, &mut tail);
    assert_eq!(tail, pattern[88..]);
}

#[test]
fn ring_buffers_refuse_records_that_do_not_fit() {
    let map = ringbuf(4096);
    let rb = map.as_any().downcast_ref::<RingBuf>().unwrap();
    assert_eq!(rb.reserve(4096, 0), None);
    let big = rb.reserve(4000, 0).unwrap();
    assert_eq!(rb.output(&[1; 100], 0), Err(MapError::TryAgain));
    rb.discard(big, ringbuf_flags::NO_WAKEUP).unwrap();
    assert_eq!(consume_all(rb).len(), 0);
    rb.output(&[1; 100], 0).unwrap();
    for size in [0u32, 2048, 4096 + 1, 3 * 4096] {
        assert_eq!(
            create(&MapSpec::new(map_type::RINGBUF, 0, 0, size)).map(drop),
            Err(MapError::Invalid),
            "size {size}"
        );
    }
}

#[test]
fn ring_buffer_waiters_wake_on_submit() {
    let map = ringbuf(8192);
    let producer = map.clone();
    assert!(
        !map.as_any()
            .downcast_ref::<RingBuf>()
            .unwrap()
            .wait(Duration::from_millis(10))
    );
    let thread = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(20));
        let rb = producer.as_any().downcast_ref::<RingBuf>().unwrap();
        rb.output(b"ping", 0).unwrap();
    });
    let rb = map.as_any().downcast_ref::<RingBuf>().unwrap();
    assert!(rb.wait(Duration::from_secs(10)));
    assert_eq!(consume_all(rb), vec![b"ping".to_vec()]);
    thread.join().unwrap();
}

#[test]
fn perf_event_arrays_need_a_consumer() {
    let map = create(&MapSpec::new(map_type::PERF_EVENT_ARRAY, 4, 4, 2)).unwrap();
    let perf = map.as_any().downcast_ref::<PerfEventArray>().unwrap();
    assert_eq!(
        perf.output(perf_flags::CURRENT_CPU, 0, b"x"),
        Err(MapError::NotFound)
    );
    assert_eq!(perf.output(2, 0, b"x"), Err(MapError::Full));
    assert_eq!(perf.output(1 << 60, 0, b"x"), Err(MapError::Invalid));
    perf.attach(0, 64).unwrap();
    perf.attach(1, 64).unwrap();
    assert_eq!(perf.output(1, 0, b"x"), Err(MapError::OpNotSupported));
    perf.output(perf_flags::CURRENT_CPU, 0, b"hello").unwrap();
    perf.output(0, 0, &[7; 20]).unwrap();
    // 5 bytes take 8 + 16, 20 bytes take 8 + 24: 56 of 64; the next one is lost.
    assert_eq!(perf.output(0, 0, b"lost"), Err(MapError::NoSpace));
    assert_eq!(perf.take_lost(0), 1);
    assert_eq!(perf.take_lost(0), 0);
    let records = perf.drain(0);
    assert_eq!(records[0], b"hello\0\0\0\0\0\0\0".to_vec());
    assert_eq!(records[1].len(), 20);
    assert!(perf.drain(0).is_empty());
    assert_eq!(
        map.lookup(&key(0), &mut [0; 4]).map_err(MapError::errno),
        Err(524)
    );
    assert_eq!(map.delete(&key(1)), Ok(()));
    assert_eq!(map.delete(&key(1)), Err(MapError::NotFound));
}

#[test]
fn stack_ids_follow_the_kernel() {
    let map = create(&MapSpec::new(map_type::STACK_TRACE, 4, 8 * 4, 1)).unwrap();
    let stacks = map.as_any().downcast_ref::<StackTrace>().unwrap();
    // One bucket: every trace gets id 0.
    assert_eq!(stacks.get_stackid(&[1, 2, 3], 0), Ok(0));
    assert_eq!(stacks.get_stackid(&[1, 2, 3], 0), Ok(0));
    assert_eq!(stacks.get_stackid(&[4, 5], 0), Err(MapError::Exists));
    // Replacing needs a free element, and the only one is in use.
    assert_eq!(
        stacks.get_stackid(&[4, 5], stack_flags::REUSE_STACKID),
        Err(MapError::NoMemory)
    );
    let mut value = [0u8; 32];
    map.lookup(&key(0), &mut value).unwrap();
    assert_eq!(value[..8], 1u64.to_ne_bytes());
    assert_eq!(value[24..], [0; 8]);
    assert_eq!(map.delete(&key(0)), Ok(()));
    assert_eq!(map.delete(&key(0)), Err(MapError::NotFound));
    assert_eq!(map.delete(&key(1)), Err(MapError::Full));
    assert_eq!(map.lookup(&key(0), &mut value), Err(MapError::NotFound));
    // Skipping frames, and skipping them all.
    assert_eq!(stacks.get_stackid(&[9, 1, 2, 3], 1), Ok(0));
    map.lookup(&key(0), &mut value).unwrap();
    assert_eq!(value[..8], 1u64.to_ne_bytes());
    assert_eq!(stacks.get_stackid(&[1, 2], 2), Err(MapError::Fault));
    assert_eq!(stacks.get_stackid(&[1, 2], 1 << 11), Err(MapError::Invalid));
    // Traces are cut at the map's depth.
    let map = create(&MapSpec::new(map_type::STACK_TRACE, 4, 8 * 2, 64)).unwrap();
    let stacks = map.as_any().downcast_ref::<StackTrace>().unwrap();
    let id = stacks.get_stackid(&[1, 2, 3, 4], 0).unwrap();
    assert_eq!(stacks.get_stackid(&[1, 2, 9], 0), Ok(id));
    assert_eq!(
        stacks.get_stackid(&[1, 2, 9], stack_flags::FAST_STACK_CMP),
        Ok(id)
    );
    let mut next = [0u8; 4];
    map.next_key(None, &mut next).unwrap();
    assert_eq!(u32::from_ne_bytes(next), id);
    assert_eq!(
        map.next_key(Some(&next.clone()), &mut next),
        Err(MapError::NotFound)
    );
    assert_eq!(map.lookup_addr(&key(id), 0), None);
    assert_eq!(map.update(&key(0), &[0; 16], 0), Err(MapError::Invalid));
}

#[test]
fn device_maps() {
    let map = create(&MapSpec::new(map_type::DEVMAP, 4, 8, 4)).unwrap();
    assert_ne!(map.spec().map_flags & map_flags::RDONLY_PROG, 0);
    let value = |ifindex: u32, prog: u32| [ifindex.to_ne_bytes(), prog.to_ne_bytes()].concat();
    assert_eq!(map.lookup(&key(1), &mut [0; 8]), Err(MapError::NotFound));
    map.update(&key(1), &value(3, 0), 0).unwrap();
    let dev = map.as_any().downcast_ref::<DevMap>().unwrap();
    assert_eq!(dev.get(1), Some((3, 0)));
    assert!(map.lookup_addr(&key(1), 0).is_some());
    assert_eq!(map.update(&key(1), &value(3, 0), 1), Err(MapError::Exists));
    assert_eq!(map.update(&key(4), &value(3, 0), 0), Err(MapError::Full));
    assert_eq!(map.update(&key(1), &value(0, 5), 0), Err(MapError::Invalid));
    map.update(&key(1), &value(0, 0), 0).unwrap();
    assert_eq!(dev.get(1), None);
    assert_eq!(map.delete(&key(2)), Ok(()));
    assert_eq!(map.delete(&key(4)), Err(MapError::Invalid));

    let map = create(&MapSpec::new(map_type::DEVMAP_HASH, 4, 4, 2)).unwrap();
    assert_eq!(
        map.update(&key(7), &0u32.to_ne_bytes(), 0),
        Err(MapError::Invalid)
    );
    map.update(&key(7), &2u32.to_ne_bytes(), 2).unwrap();
    map.update(&key(9), &2u32.to_ne_bytes(), 0).unwrap();
    assert_eq!(
        map.update(&key(11), &2u32.to_ne_bytes(), 0),
        Err(MapError::Full)
    );
    assert_eq!(
        map.update(&key(9), &2u32.to_ne_bytes(), 1),
        Err(MapError::Exists)
    );
    // Buckets by the key's low bit: 7 and 9 share bucket 1; the newest comes first.
    let mut next = [0u8; 4];
    map.next_key(None, &mut next).unwrap();
    assert_eq!(next, key(9));
    map.next_key(Some(&key(9)), &mut next).unwrap();
    assert_eq!(next, key(7));
    assert_eq!(
        map.next_key(Some(&key(7)), &mut next),
        Err(MapError::NotFound)
    );
    assert_eq!(map.delete(&key(9)), Ok(()));
    assert_eq!(map.delete(&key(9)), Err(MapError::NotFound));
}
