//! Map commands against the kernel: creation, element updates with each flag and the error
//! numbers the kernel gives, iteration order, per-CPU values and queues.

mod common;

use common::{
    BPF_MAP_TYPE_ARRAY, BPF_MAP_TYPE_HASH, BPF_MAP_TYPE_PERCPU_ARRAY, BPF_MAP_TYPE_PERCPU_HASH,
    BPF_MAP_TYPE_QUEUE, require_kernel,
};
use sluice_kernel::{
    BPF_ANY, BPF_EXIST, BPF_NOEXIST, Command, Errno, Error, KernelMap, MapCreate, possible_cpus,
};

fn create(map_type: u32, key_size: u32, value_size: u32, max_entries: u32) -> KernelMap {
    let spec = MapCreate {
        map_type,
        key_size,
        value_size,
        max_entries,
        name: "sluice_test",
        ..MapCreate::default()
    };
    match spec.create() {
        Ok(map) => map,
        Err(error) => panic!("cannot create map type {map_type}: {error}"),
    }
}

fn errno(result: Result<impl std::fmt::Debug, Error>) -> Errno {
    match result {
        Err(error) => error
            .errno()
            .unwrap_or_else(|| panic!("expected a kernel error, got {error}")),
        Ok(value) => panic!("expected a kernel error, got Ok({value:?})"),
    }
}

fn u32_key(key: u32) -> [u8; 4] {
    key.to_ne_bytes()
}

fn u64_value(value: u64) -> [u8; 8] {
    value.to_ne_bytes()
}

#[test]
fn array_elements_always_exist() {
    require_kernel!();
    let map = create(BPF_MAP_TYPE_ARRAY, 4, 8, 4);
    assert_eq!(
        (map.map_type(), map.key_size(), map.value_size()),
        (BPF_MAP_TYPE_ARRAY, 4, 8)
    );
    assert_eq!(map.max_entries(), 4);

    // Every index below max_entries exists from the start, zeroed.
    let mut value = [0xff; 8];
    assert!(map.lookup(&u32_key(3), &mut value).unwrap());
    assert_eq!(value, [0; 8]);
    // Past the end there is no element.
    assert!(!map.lookup(&u32_key(4), &mut value).unwrap());

    map.update(&u32_key(1), &u64_value(0x1122), BPF_ANY)
        .unwrap();
    map.update(&u32_key(1), &u64_value(0x3344), BPF_EXIST)
        .unwrap();
    assert!(map.lookup(&u32_key(1), &mut value).unwrap());
    assert_eq!(u64::from_ne_bytes(value), 0x3344);

    // Array elements can be neither created nor deleted.
    assert_eq!(
        errno(map.update(&u32_key(2), &u64_value(1), BPF_NOEXIST)),
        Errno::EEXIST
    );
    assert_eq!(
        errno(map.update(&u32_key(4), &u64_value(1), BPF_ANY)),
        Errno::E2BIG
    );
    assert_eq!(errno(map.delete(&u32_key(1))), Errno::EINVAL);

    // Iteration visits the indices in order.
    let mut keys = Vec::new();
    let mut key = None;
    while let Some(next) = map.get_next_key(key.as_deref()).unwrap() {
        keys.push(u32::from_ne_bytes(next.as_slice().try_into().unwrap()));
        key = Some(next);
    }
    assert_eq!(keys, [0, 1, 2, 3]);
}

#[test]
fn hash_update_flags_and_errors() {
    require_kernel!();
    let map = create(BPF_MAP_TYPE_HASH, 4, 8, 8);
    let mut value = [0; 8];

    assert!(!map.lookup(&u32_key(10), &mut value).unwrap());
    // BPF_EXIST on a missing key: ENOENT.
    assert_eq!(
        errno(map.update(&u32_key(10), &u64_value(1), BPF_EXIST)),
        Errno::ENOENT
    );
    map.update(&u32_key(10), &u64_value(1), BPF_NOEXIST)
        .unwrap();
    // BPF_NOEXIST on an existing key: EEXIST.
    assert_eq!(
        errno(map.update(&u32_key(10), &u64_value(2), BPF_NOEXIST)),
        Errno::EEXIST
    );
    map.update(&u32_key(10), &u64_value(3), BPF_EXIST).unwrap();
    assert!(map.lookup(&u32_key(10), &mut value).unwrap());
    assert_eq!(u64::from_ne_bytes(value), 3);
    // An unknown flag.
    assert_eq!(
        errno(map.update(&u32_key(10), &u64_value(3), 0x100)),
        Errno::EINVAL
    );

    map.delete(&u32_key(10)).unwrap();
    assert_eq!(errno(map.delete(&u32_key(10))), Errno::ENOENT);
    assert!(!map.lookup(&u32_key(10), &mut value).unwrap());
    assert_eq!(map.get_next_key(None).unwrap(), None);
}

#[test]
fn hash_is_full_at_max_entries() {
    require_kernel!();
    let map = create(BPF_MAP_TYPE_HASH, 4, 8, 2);
    map.update(&u32_key(1), &u64_value(1), BPF_ANY).unwrap();
    map.update(&u32_key(2), &u64_value(2), BPF_ANY).unwrap();
    assert_eq!(
        errno(map.update(&u32_key(3), &u64_value(3), BPF_ANY)),
        Errno::E2BIG
    );
    // Replacing an existing element still works when full.
    map.update(&u32_key(2), &u64_value(4), BPF_ANY).unwrap();
}

#[test]
fn hash_iteration_visits_every_key_once() {
    require_kernel!();
    let map = create(BPF_MAP_TYPE_HASH, 4, 8, 64);
    let inserted: Vec<u32> = (0..40).map(|i| i * 7 + 1).collect();
    for &key in &inserted {
        map.update(&u32_key(key), &u64_value(u64::from(key) * 2), BPF_NOEXIST)
            .unwrap();
    }
    let mut seen = Vec::new();
    let mut key: Option<Vec<u8>> = None;
    while let Some(next) = map.get_next_key(key.as_deref()).unwrap() {
        seen.push(u32::from_ne_bytes(next.as_slice().try_into().unwrap()));
        key = Some(next);
    }
    seen.sort_unstable();
    assert_eq!(seen, inserted);

    // A key that is not in the map restarts the iteration at the first key.
    let first = map.get_next_key(None).unwrap().unwrap();
    assert_eq!(map.get_next_key(Some(&u32_key(1000))).unwrap(), Some(first));
}

#[test]
fn percpu_array_has_one_value_per_possible_cpu() {
    require_kernel!();
    let n_cpus = possible_cpus().unwrap();
    assert!(n_cpus >= 1);
    // A 4-byte value takes an 8-byte slot per CPU.
    let map = create(BPF_MAP_TYPE_PERCPU_ARRAY, 4, 4, 2);
    assert_eq!(map.value_len().unwrap(), 8 * n_cpus);

    let mut buffer = vec![0; map.value_len().unwrap()];
    for (cpu, slot) in buffer.chunks_exact_mut(8).enumerate() {
        slot[..4].copy_from_slice(&(100 + cpu as u32).to_ne_bytes());
    }
    map.update(&u32_key(1), &buffer, BPF_ANY).unwrap();

    let values = map.lookup_percpu(&u32_key(1)).unwrap().unwrap();
    assert_eq!(values.len(), n_cpus);
    for (cpu, value) in values.iter().enumerate() {
        assert_eq!(value, &(100 + cpu as u32).to_ne_bytes());
    }
    let untouched = map.lookup_percpu(&u32_key(0)).unwrap().unwrap();
    assert_eq!(untouched, vec![vec![0; 4]; n_cpus]);
    assert_eq!(map.lookup_percpu(&u32_key(2)).unwrap(), None);

    // A buffer sized for one CPU is refused before the kernel is asked.
    let mut short = [0; 4];
    let error = map.lookup(&u32_key(1), &mut short).unwrap_err();
    assert!(matches!(error, Error::InvalidArgument { .. }), "{error}");
}

#[test]
fn percpu_hash_lookup_and_delete() {
    require_kernel!();
    let n_cpus = possible_cpus().unwrap();
    let map = create(BPF_MAP_TYPE_PERCPU_HASH, 4, 8, 4);
    let buffer: Vec<u8> = (0..map.value_len().unwrap()).map(|i| i as u8).collect();
    map.update(&u32_key(5), &buffer, BPF_NOEXIST).unwrap();
    let mut out = vec![0; buffer.len()];
    assert!(map.lookup_and_delete(Some(&u32_key(5)), &mut out).unwrap());
    assert_eq!(out, buffer);
    assert_eq!(out.len(), 8 * n_cpus);
    assert!(!map.lookup(&u32_key(5), &mut out).unwrap());
}

#[test]
fn queue_pops_in_fifo_order() {
    require_kernel!();
    let map = create(BPF_MAP_TYPE_QUEUE, 0, 4, 2);
    map.update(&[], &1u32.to_ne_bytes(), BPF_ANY).unwrap();
    map.update(&[], &2u32.to_ne_bytes(), BPF_ANY).unwrap();
    // Full: E2BIG unless BPF_EXIST, which drops the oldest value.
    assert_eq!(
        errno(map.update(&[], &3u32.to_ne_bytes(), BPF_ANY)),
        Errno::E2BIG
    );
    map.update(&[], &3u32.to_ne_bytes(), BPF_EXIST).unwrap();

    let mut value = [0; 4];
    // A lookup peeks.
    assert!(map.lookup(&[], &mut value).unwrap());
    assert_eq!(u32::from_ne_bytes(value), 2);
    assert!(map.lookup_and_delete(None, &mut value).unwrap());
    assert_eq!(u32::from_ne_bytes(value), 2);
    assert!(map.lookup_and_delete(None, &mut value).unwrap());
    assert_eq!(u32::from_ne_bytes(value), 3);
    assert!(!map.lookup_and_delete(None, &mut value).unwrap());
}

#[test]
fn bad_buffers_are_refused_before_the_kernel() {
    require_kernel!();
    let map = create(BPF_MAP_TYPE_HASH, 4, 8, 4);
    let mut value = [0; 8];
    let refused = |result: Result<bool, Error>| match result {
        Err(Error::InvalidArgument { command, .. }) => command,
        other => panic!("expected InvalidArgument, got {other:?}"),
    };
    assert_eq!(
        refused(map.lookup(&[1, 2, 3], &mut value)),
        Command::MapLookupElem
    );
    assert_eq!(
        refused(map.lookup(&u32_key(1), &mut value[..7])),
        Command::MapLookupElem
    );
    let error = map.update(&u32_key(1), &[0; 9], BPF_ANY).unwrap_err();
    assert_eq!(error.command(), Some(Command::MapUpdateElem));
    assert_eq!(error.errno(), None);
    assert!(map.get_next_key(Some(&[0; 5])).is_err());
    assert!(map.lookup_percpu(&u32_key(1)).is_err());
}

#[test]
fn creation_errors() {
    require_kernel!();
    let refused = |spec: MapCreate<'_>| errno(spec.create());
    let array = MapCreate {
        map_type: BPF_MAP_TYPE_ARRAY,
        key_size: 4,
        value_size: 8,
        max_entries: 1,
        ..MapCreate::default()
    };
    // Array keys are u32 indices.
    assert_eq!(
        refused(MapCreate {
            key_size: 8,
            ..array
        }),
        Errno::EINVAL
    );
    assert_eq!(
        refused(MapCreate {
            max_entries: 0,
            ..array
        }),
        Errno::EINVAL
    );
    assert_eq!(
        refused(MapCreate {
            map_type: 0x7fff,
            ..array
        }),
        Errno::EINVAL
    );
    // The kernel allows letters, digits, `_` and `.` in names.
    assert_eq!(
        refused(MapCreate {
            name: "no-dash",
            ..array
        }),
        Errno::EINVAL
    );
    // Over 15 bytes cannot be passed at all.
    let error = MapCreate {
        name: "sixteen_letters_",
        ..array
    }
    .create()
    .unwrap_err();
    assert!(matches!(error, Error::InvalidArgument { .. }), "{error}");
    assert!(
        MapCreate {
            name: "fifteen_letters",
            ..array
        }
        .create()
        .is_ok()
    );
    assert_eq!(
        error.to_string(),
        "BPF_MAP_CREATE: name `sixteen_letters_` is longer than 15 bytes"
    );
}

#[test]
fn a_frozen_map_is_read_only_for_user_space() {
    require_kernel!();
    let map = create(BPF_MAP_TYPE_ARRAY, 4, 8, 2);
    map.update(&u32_key(0), &u64_value(7), BPF_ANY).unwrap();
    map.freeze().unwrap();

    let error = map.update(&u32_key(0), &u64_value(8), BPF_ANY).unwrap_err();
    assert_eq!(error.errno(), Some(Errno::EPERM));
    assert_eq!(error.command(), Some(Command::MapUpdateElem));
    let mut value = [0; 8];
    assert!(map.lookup(&u32_key(0), &mut value).unwrap());
    assert_eq!(u64::from_ne_bytes(value), 7);

    // Freezing needs write access, which a frozen map no longer gives.
    let error = map.freeze().unwrap_err();
    assert_eq!(error.errno(), Some(Errno::EPERM));
    assert_eq!(error.command(), Some(Command::MapFreeze));
    assert_eq!(error.to_string(), "BPF_MAP_FREEZE failed: EPERM");
}
