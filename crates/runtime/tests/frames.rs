//! The frame runner gives every frame what a test-run of it gives: the same verdict, the same
//! output frame and, over a stream of frames, the same map contents. Checked on every packet
//! program of the corpus and the examples, over the sample capture, on both engines.

use std::path::{Path, PathBuf};

use sluice_abi::prog_type::ProgType;
use sluice_isa::{CallTarget, Instruction};
use sluice_obj::Object;
use sluice_runtime::frames::{FrameOptions, FrameRunner};
use sluice_runtime::test_run::{TestRunInput, test_run};
use sluice_runtime::{Engine, LoadOptions, LoadedObject};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn load(path: &Path) -> Option<LoadedObject> {
    let object = Object::parse(&std::fs::read(path).ok()?).ok()?;
    LoadedObject::load(object, &LoadOptions::default()).ok()
}

/// Frames from the sample capture, and a few odd ones (shortest, truncated headers).
fn frames() -> Vec<Vec<u8>> {
    let sample = repo().join("examples/sample.pcap");
    let mut frames: Vec<Vec<u8>> = sluice_capture::CaptureReader::open(&sample)
        .expect("sample capture")
        .take(400)
        .map(|frame| frame.expect("intact").data)
        .collect();
    let ipv4 = frames
        .iter()
        .find(|f| f.len() > 60 && f[12..14] == [8, 0])
        .expect("an IPv4 frame")
        .clone();
    frames.push(ipv4[..14].to_vec());
    frames.push(ipv4[..20].to_vec());
    frames.push(ipv4[..34].to_vec());
    frames.push(ipv4[..40].to_vec());
    frames
}

/// Programs that draw random numbers or read the clock give different answers on each run.
fn deterministic(loaded: &LoadedObject, name: &str) -> bool {
    const PRANDOM: i32 = 7;
    const KTIME: [i32; 4] = [5, 125, 160, 208];
    let Ok(program) = loaded.program(name) else {
        return false;
    };
    !program.program.insns().iter().any(|(_, insn)| {
        matches!(insn, Instruction::Call(CallTarget::Helper(id))
            if *id == PRANDOM || KTIME.contains(id))
    })
}

#[test]
fn every_frame_gets_what_test_run_gives_it() {
    let mut objects: Vec<PathBuf> = Vec::new();
    for dir in ["tests/corpus", "examples"] {
        for entry in std::fs::read_dir(repo().join(dir)).expect("directory") {
            let path = entry.expect("entry").path();
            if path.extension().is_some_and(|ext| ext == "o") {
                objects.push(path);
            }
        }
    }
    objects.sort();
    let frames = frames();
    let mut n_checked = 0;
    for path in &objects {
        let Some(probe) = load(path) else { continue };
        for program in &probe.programs {
            let Some(prog_type) = program.prog_type else {
                continue;
            };
            if !matches!(
                prog_type,
                ProgType::Xdp | ProgType::SchedCls | ProgType::SchedAct | ProgType::SocketFilter
            ) || !deterministic(&probe, &program.name)
            {
                continue;
            }
            for engine in [Engine::Interp, Engine::Jit] {
                let (Some(ours), Some(theirs)) = (load(path), load(path)) else {
                    continue;
                };
                let fast = ours.program(&program.name).expect("program");
                let slow = theirs.program(&program.name).expect("program");
                let options = FrameOptions {
                    engine,
                    ..FrameOptions::default()
                };
                let mut runner = FrameRunner::new(&ours, fast, options).expect("a runner");
                let from_network = prog_type == ProgType::SocketFilter;
                for (index, frame) in frames.iter().enumerate() {
                    let place = format!(
                        "{} {} ({engine}) frame {index}",
                        path.display(),
                        program.name
                    );
                    let input = TestRunInput {
                        data_in: frame.clone(),
                        repeat: 1,
                        engine,
                        insn_budget: Some(1_000_000),
                        ..TestRunInput::default()
                    };
                    let expected = test_run(&theirs, slow, &input);
                    let got = runner.run(frame);
                    let (expected, got) = match (expected, got) {
                        (Ok(expected), Ok(got)) => (expected, got),
                        (Err(_), Err(_)) => continue,
                        (expected, got) => panic!("{place}: {expected:?} vs {got:?}"),
                    };
                    assert_eq!(got.retval, expected.retval, "{place}");
                    // Test-run's output starts at the metadata (XDP), or has the Ethernet header
                    // zeroed (programs that see the frame from the network header).
                    let mut want = expected.data_out.clone();
                    if prog_type == ProgType::Xdp {
                        let meta = u32::from_le_bytes(expected.ctx_out[0..4].try_into().unwrap());
                        want.drain(..meta as usize);
                    }
                    if from_network {
                        assert_eq!(got.data.get(14..), want.get(14..), "{place}");
                    } else {
                        assert_eq!(got.data, &want[..], "{place}");
                    }
                    let trace = runner.take_events().trace;
                    assert_eq!(trace, expected.events.trace, "{place}");
                }
                for (mine, theirs_map) in ours.maps.iter().zip(&theirs.maps) {
                    // Program arrays and maps of maps hold ids, which differ between loads.
                    if matches!(mine.spec().map_type, 3 | 12 | 13) {
                        continue;
                    }
                    let dump = |map: &std::sync::Arc<dyn sluice_maps::Map>| {
                        let spec = map.spec();
                        let mut entries = Vec::new();
                        let mut key: Option<Vec<u8>> = None;
                        loop {
                            let mut next = vec![0u8; spec.key_size as usize];
                            if spec.key_size == 0
                                || map.next_key(key.as_deref(), &mut next).is_err()
                            {
                                break;
                            }
                            let mut value = vec![0u8; spec.user_value_len()];
                            let _ = map.lookup(&next, &mut value);
                            entries.push((next.clone(), value));
                            key = Some(next);
                        }
                        entries.sort();
                        entries
                    };
                    assert!(
                        dump(mine) == dump(theirs_map),
                        "{} {}: map {}",
                        path.display(),
                        program.name,
                        mine.spec().name
                    );
                }
                n_checked += 1;
            }
        }
    }
    assert!(n_checked >= 20, "only {n_checked} programs checked");
}
