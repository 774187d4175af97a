//! The `sluice` command as users and scripts see it: output, exit codes and error messages.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn sluice(args: &[&str]) -> Output {
    sluice_with_stdin(args, "")
}

fn sluice_with_stdin(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_sluice"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the sluice binary runs");
    child
        .stdin
        .take()
        .expect("stdin is piped")
        .write_all(stdin.as_bytes())
        .expect("stdin accepts input");
    child.wait_with_output().expect("sluice finishes")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn suite() -> PathBuf {
    sluice_conformance::suite_dir()
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A fresh scratch directory for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("sluice-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch directory");
    dir
}

#[test]
fn conformance_passes_the_whole_suite() {
    let dir = suite().join("tests");
    let output = sluice(&["conformance", dir.to_str().unwrap(), "--engine", "interp"]);
    let text = stdout(&output);
    assert_eq!(text.lines().last(), Some("313 passed, 0 failed"), "{text}");
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        text.lines()
            .filter(|line| line.starts_with("PASS "))
            .count(),
        313
    );
}

#[test]
fn conformance_refuses_reserved_fields_and_fails_broken_tests() {
    let dir = suite().join("negative");
    let output = sluice(&["conformance", dir.to_str().unwrap()]);
    assert_eq!(
        output.status.code(),
        Some(1),
        "a failed test makes the exit status 1"
    );
    let text = stdout(&output);
    for line in text
        .lines()
        .filter(|line| line.starts_with("PASS ") || line.starts_with("FAIL "))
    {
        let unused = line[5..].starts_with("unused-");
        assert_eq!(
            line.starts_with("PASS "),
            unused,
            "unexpected verdict: {line}"
        );
    }
    let n_unused = std::fs::read_dir(&dir).unwrap().filter(|entry| {
        entry
            .as_ref()
            .unwrap()
            .file_name()
            .to_string_lossy()
            .starts_with("unused-")
    });
    let n_unused = n_unused.count();
    let n_files = sluice_conformance::data_files(&dir).unwrap().len();
    let closing = format!("{n_unused} passed, {} failed", n_files - n_unused);
    assert_eq!(text.lines().last(), Some(closing.as_str()));
}

#[test]
fn conformance_json_lists_every_verdict() {
    let dir = suite().join("tests");
    let output = sluice(&["conformance", dir.to_str().unwrap(), "--json"]);
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("valid JSON");
    assert_eq!(report["passed"], 313);
    assert_eq!(report["failed"], 0);
    // The JIT is the default engine on x86-64.
    let default_engine = if cfg!(target_arch = "x86_64") {
        "jit"
    } else {
        "interp"
    };
    assert_eq!(report["engine"], default_engine);
    assert_eq!(report["tests"].as_array().unwrap().len(), 313);
    assert_eq!(report["tests"][0]["name"], "add.data");
}

#[test]
fn conformance_on_a_missing_directory_is_an_error() {
    let output = sluice(&["conformance", "/nonexistent/suite"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("/nonexistent/suite"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn asm_disasm_round_trip_in_both_syntaxes() {
    let dir = scratch("round-trip");
    let source = "\
        r1 = 0x1122334455667788 ll\n\
        r2 = *(u32 *)(r1 + 4)\n\
        if r2 s> 5 goto +2\n\
        lock *(u64 *)(r10 - 8) += r1\n\
        call 1\n\
        w0 = w2\n\
        exit\n";
    let source_path = dir.join("prog.s");
    std::fs::write(&source_path, source).unwrap();
    let binary = dir.join("prog.bin");
    let output = sluice(&[
        "asm",
        source_path.to_str().unwrap(),
        "-o",
        binary.to_str().unwrap(),
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let original = std::fs::read(&binary).unwrap();
    assert_eq!(original.len(), 8 * 8);
    for syntax in ["llvm", "conformance"] {
        let listing = sluice(&[
            "disasm",
            binary.to_str().unwrap(),
            "--syntax",
            syntax,
            "--no-index",
        ]);
        assert!(listing.status.success());
        let text_path = dir.join(format!("again-{syntax}.s"));
        std::fs::write(&text_path, &listing.stdout).unwrap();
        let again = dir.join(format!("again-{syntax}.bin"));
        let output = sluice(&[
            "asm",
            text_path.to_str().unwrap(),
            "-o",
            again.to_str().unwrap(),
            "--syntax",
            syntax,
        ]);
        assert!(output.status.success(), "{syntax}: {}", stderr(&output));
        assert_eq!(
            std::fs::read(&again).unwrap(),
            original,
            "{syntax} listing:\n{}",
            stdout(&listing)
        );
    }
    // The indexed listing (the default) also assembles back.
    let listing = sluice(&["disasm", binary.to_str().unwrap(), "--bytes"]);
    let back = sluice_with_stdin(&["asm", "-", "--syntax", "llvm"], &stdout(&listing));
    assert!(back.status.success(), "{}", stderr(&back));
    assert_eq!(stdout(&back).lines().count(), 8);
}

#[test]
fn asm_errors_name_the_line() {
    let output = sluice_with_stdin(&["asm", "-"], "r0 = 1\nr0 += r11\nexit\n");
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert!(
        message.contains("line 2") && message.contains("r11"),
        "{message}"
    );
}

#[test]
fn exec_prints_r0_and_reads_memory() {
    let output = sluice_with_stdin(
        &["exec", "-", "--mem", "0a 0b"],
        "r0 = *(u8 *)(r1 + 1)\nr0 += r2\nexit\n",
    );
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(stdout(&output).trim(), "0xd");
    let output = sluice_with_stdin(&["exec", "-", "--json"], "ldxb %r0, [%r10-1]\nexit\n");
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("valid JSON");
    assert!(json["r0"].is_u64());
}

#[test]
fn exec_reports_traps_with_instruction_and_address() {
    let output = sluice_with_stdin(
        &["exec", "-", "--mem", "00"],
        "r0 = 0\nr0 = *(u64 *)(r1 + 0)\nexit\n",
    );
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert!(
        message.contains("instruction #1")
            && message.contains("out-of-bounds read of 8 bytes at 0x"),
        "{message}"
    );
}

#[test]
fn exec_runs_a_section_of_an_elf_object() {
    let object = repo().join("tests/elf/sum.o");
    let output = sluice(&[
        "exec",
        object.to_str().unwrap(),
        "--section",
        ".text",
        "--mem",
        "01 02 03",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(stdout(&output).trim(), "0x6");
    let output = sluice(&["exec", object.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("--section"), "{}", stderr(&output));
}

#[test]
fn disasm_shows_elf_sections_and_symbols() {
    let object = repo().join("tests/elf/sum.o");
    let output = sluice(&["disasm", object.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    for expected in [
        "; section .text",
        "add_bytes:",
        "; section socket",
        "sum_input:",
        "r4 = *(u8 *)(r4 + 0)",
        "r0 <<= 1",
    ] {
        assert!(text.contains(expected), "missing `{expected}` in:\n{text}");
    }
}

#[test]
fn disasm_of_bad_bytecode_names_the_slot() {
    let dir = scratch("bad-bytecode");
    let path = dir.join("bad.bin");
    // exit, then an unknown opcode.
    std::fs::write(
        &path,
        [0x95, 0, 0, 0, 0, 0, 0, 0, 0xff, 0, 0, 0, 0, 0, 0, 0],
    )
    .unwrap();
    let output = sluice(&["disasm", path.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stdout(&output).contains("; invalid: unknown opcode 0xff"),
        "{}",
        stdout(&output)
    );
    assert!(
        stderr(&output).contains("instruction #1 (byte offset 8)"),
        "{}",
        stderr(&output)
    );
    std::fs::write(&path, [0x95, 0, 0, 0, 0, 0, 0, 0, 0xff]).unwrap();
    let output = sluice(&["disasm", path.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("byte offset 8"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn plugin_speaks_the_runner_protocol() {
    // ldxb r0, [r1+1]; exit
    let program = "71 10 01 00 00 00 00 00 95 00 00 00 00 00 00 00";
    let output = sluice_with_stdin(&["conformance-plugin", "aa bb"], program);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(stdout(&output), "bb\n");
    let output = sluice(&["conformance-plugin", "aa bb", "--program", program]);
    assert_eq!(stdout(&output), "bb\n");
    let output = sluice_with_stdin(&["conformance-plugin"], program);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("out-of-bounds"),
        "{}",
        stderr(&output)
    );
    // A reserved field set: refused at load.
    let output = sluice_with_stdin(&["conformance-plugin"], "95 01 00 00 00 00 00 00");
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("instruction #0"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn missing_files_and_bad_arguments_fail_cleanly() {
    let output = sluice(&["exec", "/nonexistent/prog.bin"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("cannot read /nonexistent/prog.bin"),
        "{}",
        stderr(&output)
    );
    let output = sluice(&["exec", "-", "--mem", "zz"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("--mem"), "{}", stderr(&output));
    let output = sluice(&["exec", "prog", "--engine", "warp"]);
    assert_eq!(output.status.code(), Some(2));
    let output = sluice(&["frobnicate"]);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn every_subcommand_has_help_with_an_example() {
    for command in ["asm", "disasm", "exec", "conformance", "conformance-plugin"] {
        let output = sluice(&[command, "--help"]);
        assert!(output.status.success());
        assert!(
            stdout(&output).contains("Example"),
            "{command} --help has no example"
        );
    }
}

/// A run of `tests/corpus/manifest.json`: the case with this object and program, run `run`.
/// Returns the input frame written to a scratch file, and the frame itself.
fn corpus_frame(object: &str, program: &str, run: usize) -> (PathBuf, Vec<u8>) {
    let manifest = repo().join("tests/corpus/manifest.json");
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(manifest).unwrap()).unwrap();
    let case = manifest["cases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|case| case["object"] == object && case["program"] == program)
        .unwrap_or_else(|| panic!("no case {object}:{program}"));
    let hex = case["runs"][run]["data_in"].as_str().unwrap();
    let frame = hex_bytes(hex);
    let path = scratch(&format!("{program}-{run}")).join("frame.bin");
    std::fs::write(&path, &frame).unwrap();
    (path, frame)
}

fn hex_bytes(hex: &str) -> Vec<u8> {
    (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
        .collect()
}

fn corpus(object: &str) -> String {
    repo()
        .join("tests/corpus")
        .join(object)
        .to_str()
        .unwrap()
        .to_string()
}

/// Runs `sluice test-run --json` and returns the report.
fn test_run_json(object: &str, program: &str, frame: &Path) -> serde_json::Value {
    let output = sluice(&[
        "test-run",
        &corpus(object),
        "--program",
        program,
        "--data-in",
        frame.to_str().unwrap(),
        "--json",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    serde_json::from_slice(&output.stdout).expect("valid JSON")
}

// The expected values below are the kernel's (Linux 6.18, `tests/corpus/check-kernel.sh`) for
// the same object and frame; `crates/runtime/tests/corpus.rs` checks every case that way.

#[test]
fn test_run_xdp_gives_the_kernels_results() {
    // TCP frame: counted, XDP_PASS, frame unchanged.
    let (frame_path, frame) = corpus_frame("array_map.o", "count_by_proto", 0);
    let report = test_run_json("array_map.o", "count_by_proto", &frame_path);
    assert_eq!(report["retval"], 2, "XDP_PASS");
    assert_eq!(report["data_out"], hex_string(&frame));
    // ICMP echo request: rewritten in place into the reply, XDP_TX.
    let (frame_path, _) = corpus_frame("icmp_reflect.o", "icmp_echo_reply", 0);
    let report = test_run_json("icmp_reflect.o", "icmp_echo_reply", &frame_path);
    assert_eq!(report["retval"], 3, "XDP_TX");
    assert_eq!(
        report["data_out"],
        "02000000000202000000000108004500002c123440004001149b0a0000020a00000100007a71424200\
         016162636465666768696a6b6c6d6e6f70"
    );
}

#[test]
fn test_run_tc_gives_the_kernels_results() {
    // Three chained tail calls end in TC_ACT_SHOT.
    let (frame_path, frame) = corpus_frame("tail_chain.o", "chain_entry", 0);
    let report = test_run_json("tail_chain.o", "chain_entry", &frame_path);
    assert_eq!(report["retval"], 2, "TC_ACT_SHOT");
    assert_eq!(report["data_out"], hex_string(&frame));
    assert_eq!(report["prog_type"], "sched_cls");
    // SEC("action"): a sched_act program.
    let (frame_path, frame) = corpus_frame("multi_prog.o", "act_side", 0);
    let report = test_run_json("multi_prog.o", "act_side", &frame_path);
    assert_eq!(report["retval"], 3, "TC_ACT_STOLEN");
    assert_eq!(report["data_out"], hex_string(&frame));
}

fn hex_string(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

#[test]
fn test_run_json_has_the_documented_fields() {
    let (frame_path, _) = corpus_frame("array_map.o", "count_by_proto", 1);
    let report = test_run_json("array_map.o", "count_by_proto", &frame_path);
    let fields = report.as_object().expect("one JSON object");
    for field in ["retval", "data_out", "ctx_out", "duration_ns"] {
        assert!(fields.contains_key(field), "no `{field}` in {report}");
    }
    assert!(report["retval"].is_u64());
    assert!(report["duration_ns"].is_u64());
    assert!(report["data_out"].is_string() && report["ctx_out"].is_string());
    assert!(report["trace"].is_array());
}

#[test]
fn test_run_text_output_and_standard_input() {
    let (_, frame) = corpus_frame("array_map.o", "count_by_proto", 0);
    let mut child = Command::new(env!("CARGO_BIN_EXE_sluice"))
        .args([
            "test-run",
            &corpus("array_map.o"),
            "--program",
            "count_by_proto",
            "--data-in",
            "-",
            "--repeat",
            "3",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(&frame).unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    for expected in [
        "count_by_proto (xdp) on jit: 3 runs",
        "retval: 2 (0x2)",
        "ns per run",
        "data_out: 72 bytes",
        "  0000  02 00 00 00 00 01 02 00  00 00 00 02 08 00 45 00  |..............E.|",
        "ctx_out: 24 bytes",
    ] {
        assert!(text.contains(expected), "missing `{expected}` in:\n{text}");
    }
}

#[test]
fn harden_blinds_jit_constants_without_changing_results() {
    let (frame_path, frame) = corpus_frame("icmp_reflect.o", "icmp_echo_reply", 0);
    let plain = test_run_json("icmp_reflect.o", "icmp_echo_reply", &frame_path);
    let output = sluice(&[
        "test-run",
        &corpus("icmp_reflect.o"),
        "--program",
        "icmp_echo_reply",
        "--data-in",
        frame_path.to_str().unwrap(),
        "--harden",
        "--json",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let hardened: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(hardened["harden"], true);
    assert_eq!(plain["harden"], false);
    assert_eq!(hardened["engine"], "jit");
    for field in ["retval", "data_out", "ctx_out"] {
        assert_eq!(hardened[field], plain[field], "{field}");
    }
    assert_ne!(
        hardened["data_out"],
        hex_string(&frame),
        "the reply was written"
    );
    // The interpreter has no code to harden: a usage error.
    let output = sluice(&[
        "test-run",
        &corpus("icmp_reflect.o"),
        "--program",
        "icmp_echo_reply",
        "--data-in",
        frame_path.to_str().unwrap(),
        "--engine",
        "interp",
        "--harden",
    ]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(stderr(&output).contains("--harden"), "{}", stderr(&output));
    // exec and conformance take it too.
    let output = sluice_with_stdin(&["exec", "-", "--harden"], "r0 = 0x12345678\nexit\n");
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(stdout(&output).trim(), "0x12345678");
}

#[test]
fn test_run_refuses_what_the_kernel_refuses() {
    // A missing program: the message lists the programs the object has; a usage error.
    let output = sluice(&["test-run", &corpus("multi_prog.o"), "--program", "nope"]);
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(
        message.contains("`nope`")
            && ["xdp_side", "tc_side", "act_side", "sock_side"]
                .iter()
                .all(|name| message.contains(name)),
        "{message}"
    );
    // A frame shorter than an Ethernet header: EINVAL, as BPF_PROG_TEST_RUN answers.
    let dir = scratch("short-frame");
    let short = dir.join("short.bin");
    std::fs::write(&short, [0u8; 13]).unwrap();
    for (object, program) in [
        ("array_map.o", "count_by_proto"),
        ("tail_chain.o", "chain_entry"),
    ] {
        let output = sluice(&[
            "test-run",
            &corpus(object),
            "--program",
            program,
            "--data-in",
            short.to_str().unwrap(),
        ]);
        assert_eq!(output.status.code(), Some(1), "{object}");
        let message = stderr(&output);
        assert!(
            message.contains("EINVAL") && message.contains(program),
            "{message}"
        );
    }
    // An unknown program type: a usage error that lists the types.
    let output = sluice(&[
        "test-run",
        &corpus("array_map.o"),
        "--program",
        "count_by_proto",
        "--prog-type",
        "xpd",
    ]);
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(
        message.contains("`xpd`") && message.contains("sched_cls"),
        "{message}"
    );
    // An engine test-run does not have.
    let output = sluice(&[
        "test-run",
        &corpus("array_map.o"),
        "--program",
        "count_by_proto",
        "--engine",
        "rbpf",
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("engines: interp, jit"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn test_run_prog_type_runs_old_section_names() {
    // SEC("xdp_prog") names no type for libbpf >= 1.0; --prog-type xdp gives it.
    let (frame_path, _) = corpus_frame("old_section_xdp.o", "xdp_min_len", 0);
    let output = sluice(&[
        "test-run",
        &corpus("old_section_xdp.o"),
        "--program",
        "xdp_min_len",
        "--prog-type",
        "xdp",
        "--data-in",
        frame_path.to_str().unwrap(),
        "--json",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["prog_type"], "xdp");
    assert_eq!(report["retval"], 2, "XDP_PASS");
    let output = sluice(&[
        "inspect",
        &corpus("multi_prog.o"),
        "--prog-type",
        "sched_act",
        "--json",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["programs"][0]["prog_type"], "sched_act");
    assert_eq!(report["programs"][0]["section_prog_type"], "xdp");
    let output = sluice(&["inspect", &corpus("multi_prog.o"), "--prog-type", "nope"]);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn test_run_and_inspect_have_help_with_an_example() {
    for command in ["test-run", "inspect"] {
        let output = sluice(&[command, "--help"]);
        assert!(output.status.success());
        assert!(
            stdout(&output).contains("Example"),
            "{command} --help has no example"
        );
    }
}

#[test]
fn verify_accepts_the_corpus_and_explains_a_rejection() {
    let corpus = repo().join("tests/corpus/bounded_loop.o");
    let output = sluice(&["verify", corpus.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stdout(&output).contains("loop_bytes (tc): accepted"));

    let example = repo().join("examples/verifier/missing_null_check.o");
    let output = sluice(&["verify", example.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    assert!(text.contains("error[null_pointer]"), "{text}");
    assert!(text.contains("missing_null_check.c:19"), "{text}");
    assert!(text.contains("*v += 1;"), "{text}");
    assert!(
        text.contains("hint: check the pointer returned by bpf_map_lookup_elem"),
        "{text}"
    );
}

#[test]
fn verify_json_has_the_documented_fields() {
    let example = repo().join("examples/verifier/missing_null_check.o");
    let output = sluice(&["verify", example.to_str().unwrap(), "--json"]);
    assert_eq!(output.status.code(), Some(1));
    let value: serde_json::Value = serde_json::from_str(&stdout(&output)).expect("one JSON object");
    let program = &value["programs"][0];
    assert_eq!(program["name"], "count_unchecked");
    assert_eq!(program["section"], "tc");
    assert_eq!(program["verdict"], "rejected");
    assert!(program["insns_processed"].as_u64().unwrap() > 0);
    assert!(program["states"].is_u64());
    assert!(program["time_us"].is_u64());
    assert_eq!(program["error"]["insn"], 7);
    assert_eq!(program["error"]["line"], 19);
    assert!(
        program["error"]["message"]
            .as_str()
            .unwrap()
            .contains("map_value_or_null")
    );
}

#[test]
fn verify_usage_and_load_errors_exit_2() {
    let example = repo().join("examples/verifier/missing_null_check.o");
    let output = sluice(&["verify", example.to_str().unwrap(), "--program", "nope"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("no program named `nope`"));
    let output = sluice(&["verify", "/nonexistent.o"]);
    assert_eq!(output.status.code(), Some(2));
    let output = sluice(&["verify", example.to_str().unwrap(), "--log-level", "3"]);
    assert_eq!(output.status.code(), Some(2));
    let garbage = scratch("verify-garbage").join("garbage.o");
    std::fs::write(&garbage, b"\x7fELF\x02\x01\x01garbage").unwrap();
    let output = sluice(&["verify", garbage.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn verify_unprivileged_refuses_loops() {
    let corpus = repo().join("tests/corpus/bounded_loop.o");
    let output = sluice(&[
        "verify",
        corpus.to_str().unwrap(),
        "--unprivileged",
        "--json",
    ]);
    assert_eq!(output.status.code(), Some(1));
    let value: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(value["programs"][0]["verdict"], "rejected");
    assert!(
        value["programs"][0]["error"]["message"]
            .as_str()
            .unwrap()
            .contains("back-edge")
    );
}

#[test]
fn disasm_jited_interleaves_native_code_with_ebpf_and_source() {
    let output = sluice(&["disasm", "--jited", &corpus("array_map.o")]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(
        text.starts_with("; count_by_proto (xdp): 40 eBPF instructions"),
        "{text}"
    );
    for expected in [
        "; entry stub",
        "push rbp",
        "; ./array_map.c:27: if ((void *)(eth + 1) > data_end)",
        "    9: if r1 > r6 goto +31",
        "cmp rdi,rbx",
        // the array lookup, inline
        "sbb r11,r11",
        "   41: exit",
        "; trap stubs",
    ] {
        assert!(text.contains(expected), "missing `{expected}` in:\n{text}");
    }
    // eBPF instructions in slot order, each followed by its native code.
    // (`{slot:5}: insn`; native lines are `    {offset:6x}:  bytes  insn`.)
    let slots: Vec<usize> = text
        .lines()
        .filter(|line| line.get(5..7) == Some(": "))
        .filter_map(|line| line[..5].trim().parse().ok())
        .collect();
    assert_eq!(slots.len(), 40, "{text}");
    assert!(slots.windows(2).all(|w| w[0] < w[1]), "{slots:?}");
    // Hardened: the program's constant 255 (`w1 = 255`) is no longer in the code.
    let hardened = stdout(&sluice(&[
        "disasm",
        "--jited",
        &corpus("array_map.o"),
        "--harden",
    ]));
    assert!(hardened.contains("constants blinded"), "{hardened}");
    assert!(text.contains("mov edi,0xff"), "{text}");
    assert!(!hardened.contains("mov edi,0xff"), "{hardened}");
}

#[test]
fn disasm_jited_needs_one_program_of_an_object() {
    let output = sluice(&["disasm", "--jited", &corpus("multi_prog.o")]);
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("choose one with --program")
            && stderr(&output).contains("xdp_side"),
        "{}",
        stderr(&output)
    );
    let output = sluice(&[
        "disasm",
        "--jited",
        &corpus("multi_prog.o"),
        "--program",
        "nope",
    ]);
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("no program `nope`"),
        "{}",
        stderr(&output)
    );
    let output = sluice(&[
        "disasm",
        "--jited",
        &corpus("multi_prog.o"),
        "--program",
        "tc_side",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stdout(&output).starts_with("; tc_side (sched_cls)"));
    let output = sluice_with_stdin(&["disasm", "--jited", "-"], "r0 = 1\nexit\n");
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("not an ELF object"),
        "{}",
        stderr(&output)
    );
    // --program without --jited is a usage error (clap).
    let output = sluice(&["disasm", &corpus("multi_prog.o"), "--program", "tc_side"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
}

/// Writes `frames` to a pcap capture in a scratch directory.
fn capture_of(name: &str, frames: &[Vec<u8>]) -> PathBuf {
    let path = scratch(name).join("in.pcap");
    let mut writer = sluice_capture::CaptureWriter::create(&path).unwrap();
    for (i, frame) in frames.iter().enumerate() {
        writer
            .write(std::time::Duration::from_millis(i as u64), frame)
            .unwrap();
    }
    writer.finish().unwrap();
    path
}

#[test]
fn run_counts_verdicts_over_a_capture_and_writes_what_passes() {
    // An ICMP echo request (answered with XDP_TX, rewritten) and a TCP frame (XDP_PASS).
    let (_, echo) = corpus_frame("icmp_reflect.o", "icmp_echo_reply", 0);
    let (_, tcp) = corpus_frame("array_map.o", "count_by_proto", 0);
    let frames = vec![
        echo.clone(),
        tcp.clone(),
        echo.clone(),
        tcp.clone(),
        tcp.clone(),
    ];
    let input = capture_of("run-verdicts", &frames);
    let out = input.with_file_name("out.pcap");
    let output = sluice(&[
        "run",
        &corpus("icmp_reflect.o"),
        "--pcap",
        input.to_str().unwrap(),
        "--write",
        out.to_str().unwrap(),
        "--json",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(report["frames"], 5);
    assert_eq!(report["verdicts"]["XDP_TX"]["frames"], 2, "{report}");
    assert_eq!(report["verdicts"]["XDP_PASS"]["frames"], 3, "{report}");
    assert_eq!(report["errors"], 0);
    assert!(report["capture_error"].is_null());
    // Every frame passes (TX or PASS); the echo requests come out as replies.
    let written: Vec<_> = sluice_capture::CaptureReader::open(&out)
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(written.len(), 5);
    assert_ne!(
        written[0].data, echo,
        "the request was rewritten into the reply"
    );
    assert_eq!(written[1].data, tcp);
    // The text summary.
    let output = sluice(&[
        "run",
        &corpus("icmp_reflect.o"),
        "--pcap",
        input.to_str().unwrap(),
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.contains("icmp_echo_reply (xdp)"), "{text}");
    assert!(
        text.lines()
            .any(|l| l.starts_with("XDP_TX") && l.contains(" 2 ")),
        "{text}"
    );
}

#[test]
fn run_reports_a_damaged_capture_after_the_frames_before_it() {
    let (_, tcp) = corpus_frame("array_map.o", "count_by_proto", 0);
    let input = capture_of("run-damaged", &[tcp.clone(), tcp.clone(), tcp.clone()]);
    // Cut the third frame short.
    let bytes = std::fs::read(&input).unwrap();
    let third = 24 + 2 * (16 + tcp.len());
    std::fs::write(&input, &bytes[..third + 20]).unwrap();
    let output = sluice(&[
        "run",
        &corpus("array_map.o"),
        "--pcap",
        input.to_str().unwrap(),
        "--json",
    ]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(report["frames"], 2);
    assert_eq!(report["verdicts"]["XDP_PASS"]["frames"], 2);
    let error = report["capture_error"].as_str().expect("an error");
    assert!(
        error.contains(&format!("frame 2 (byte offset {third})")),
        "{error}"
    );
    // Not a capture, or no such file: usage errors.
    let output = sluice(&[
        "run",
        &corpus("array_map.o"),
        "--pcap",
        &corpus("array_map.o"),
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("not a pcap or pcapng capture"),
        "{}",
        stderr(&output)
    );
    let output = sluice(&[
        "run",
        &corpus("multi_prog.o"),
        "--pcap",
        input.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("choose one with --program"),
        "{}",
        stderr(&output)
    );
}

/// The destination port of an IPv4 frame's TCP (6) or UDP (17) header, with the protocol;
/// `Err(())` when the frame is too short for what it announces, `Ok(None)` for other frames.
fn ipv4_dest_port(frame: &[u8]) -> Result<Option<(u8, u16)>, ()> {
    if frame.len() < 34 || frame[12..14] != [0x08, 0x00] {
        return if frame.len() >= 14 && frame[12..14] != [0x08, 0x00] {
            Ok(None)
        } else {
            Err(())
        };
    }
    let ihl = usize::from(frame[14] & 0xf);
    if ihl < 5 {
        return Err(());
    }
    let l4 = 14 + ihl * 4;
    let header = match frame[23] {
        6 => 20,
        17 => 8,
        _ => return Ok(None),
    };
    if frame.len() < l4 + header {
        return Err(());
    }
    Ok(Some((
        frame[23],
        u16::from_be_bytes([frame[l4 + 2], frame[l4 + 3]]),
    )))
}

/// The dispatcher example's rule: TCP handler drops 23, 445, 3389; UDP handler keeps only 53.
fn dispatcher_drops(frame: &[u8]) -> bool {
    match ipv4_dest_port(frame) {
        Err(()) => frame.len() >= 34,
        Ok(Some((6, port))) => matches!(port, 23 | 445 | 3389),
        Ok(Some((_, port))) => port != 53,
        Ok(None) => false,
    }
}

/// The firewall example's rule, written again in Rust: whether it drops `frame`.
fn firewall_drops(frame: &[u8]) -> bool {
    if frame.len() < 14 {
        return true;
    }
    if frame[12..14] != [0x08, 0x00] {
        return false;
    }
    let Some(&version_ihl) = frame.get(14) else {
        return true;
    };
    if frame.len() < 34 || version_ihl & 0xf < 5 {
        return true;
    }
    let l4 = 14 + usize::from(version_ihl & 0xf) * 4;
    let header = match frame[23] {
        6 => 20,
        17 => 8,
        _ => return false,
    };
    if frame.len() < l4 + header {
        return true;
    }
    let port = u16::from_be_bytes([frame[l4 + 2], frame[l4 + 3]]);
    matches!(port, 23 | 445 | 3389)
}

#[test]
fn the_examples_run_on_the_sample_capture() {
    let sample = repo().join("examples/sample.pcap");
    let frames: Vec<_> = sluice_capture::CaptureReader::open(&sample)
        .expect("the sample capture")
        .collect::<Result<_, _>>()
        .expect("intact");
    assert_eq!(frames.len(), 1000);
    let dropped = frames.iter().filter(|f| firewall_drops(&f.data)).count();
    assert!(
        dropped > 100 && dropped < 900,
        "a mix of verdicts: {dropped}"
    );
    let example = |name: &str| repo().join("examples").join(name);
    let output = sluice(&[
        "run",
        example("firewall.o").to_str().unwrap(),
        "--pcap",
        sample.to_str().unwrap(),
        "--json",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(
        report["verdicts"]["XDP_DROP"]["frames"], dropped as u64,
        "{report}"
    );
    assert_eq!(
        report["verdicts"]["XDP_PASS"]["frames"],
        (1000 - dropped) as u64,
        "{report}"
    );
    // The dispatcher: tail calls into a handler per protocol.
    let dispatcher_dropped = frames.iter().filter(|f| dispatcher_drops(&f.data)).count();
    assert_ne!(
        dispatcher_dropped, dropped,
        "the two rules differ on the sample"
    );
    let output = sluice(&[
        "run",
        example("dispatcher.o").to_str().unwrap(),
        "--program",
        "dispatcher",
        "--pcap",
        sample.to_str().unwrap(),
        "--json",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(
        report["verdicts"]["XDP_DROP"]["frames"], dispatcher_dropped as u64,
        "{report}"
    );
    // --dump-maps: the drops per port, keys and values from BTF.
    let output = sluice(&[
        "run",
        example("firewall.o").to_str().unwrap(),
        "--pcap",
        sample.to_str().unwrap(),
        "--dump-maps",
        "--json",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let entries = report["maps"]["drops"]["entries"]
        .as_array()
        .expect("drops");
    let mut ports: Vec<&str> = entries.iter().map(|e| e["key"].as_str().unwrap()).collect();
    ports.sort_unstable();
    assert_eq!(ports, ["23", "3389", "445"], "{report}");
    let total: u64 = entries
        .iter()
        .map(|e| e["value"].as_str().unwrap().parse::<u64>().unwrap())
        .sum();
    assert_eq!(total, dropped as u64);
    assert_eq!(report["maps"]["drops"]["type"], "hash");
    // --split: one capture per verdict, with the frames of that verdict.
    let dir = scratch("run-split");
    let output = sluice(&[
        "run",
        example("firewall.o").to_str().unwrap(),
        "--pcap",
        sample.to_str().unwrap(),
        "--split",
        dir.to_str().unwrap(),
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let count = |name: &str| {
        sluice_capture::CaptureReader::open(&dir.join(name))
            .expect("a capture per verdict")
            .count()
    };
    assert_eq!(count("XDP_DROP.pcap"), dropped);
    assert_eq!(count("XDP_PASS.pcap"), 1000 - dropped);
    let output = sluice(&[
        "run",
        example("src_counter.o").to_str().unwrap(),
        "--pcap",
        sample.to_str().unwrap(),
        "--json",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(report["verdicts"]["XDP_PASS"]["frames"], 1000, "{report}");
}

/// The IPv4 header checksum of `header` verifies (one's complement sum of its words is 0xffff).
fn ipv4_checksum_ok(header: &[u8]) -> bool {
    let mut sum: u32 = header
        .chunks(2)
        .map(|word| u32::from(u16::from_be_bytes([word[0], word[1]])))
        .sum();
    while sum > 0xffff {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    sum == 0xffff
}

#[test]
fn the_router_example_forwards_by_longest_prefix() {
    let sample = repo().join("examples/sample.pcap");
    let frames: Vec<_> = sluice_capture::CaptureReader::open(&sample)
        .expect("the sample capture")
        .collect::<Result<_, _>>()
        .expect("intact");
    // The rule: IPv4 frames with a full header are routed (every destination of the sample is
    // 10.0.0.1, inside 10.0.0.0/8 and, longer, 10.0.0.0/24: next hop 3); the rest pass.
    let routed: Vec<&[u8]> = frames
        .iter()
        .map(|f| &f.data[..])
        .filter(|f| f.len() >= 34 && f[12..14] == [8, 0] && f[14] & 0xf >= 5)
        .collect();
    let dir = scratch("router");
    let output = sluice(&[
        "run",
        repo().join("examples/router.o").to_str().unwrap(),
        "--pcap",
        sample.to_str().unwrap(),
        "--map-init",
        repo().join("examples/router_routes.json").to_str().unwrap(),
        "--split",
        dir.to_str().unwrap(),
        "--dump-maps",
        "--json",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(
        report["verdicts"]["XDP_REDIRECT"]["frames"],
        routed.len() as u64,
        "{report}"
    );
    assert_eq!(
        report["verdicts"]["XDP_PASS"]["frames"],
        (frames.len() - routed.len()) as u64,
        "{report}"
    );
    let forwarded = &report["maps"]["forwarded"]["entries"];
    assert_eq!(forwarded[0]["key"], "3", "the /24 route wins: {report}");
    assert_eq!(forwarded[0]["value"], routed.len().to_string());
    assert_eq!(forwarded.as_array().map(Vec::len), Some(1));
    let out: Vec<_> = sluice_capture::CaptureReader::open(&dir.join("XDP_REDIRECT.pcap"))
        .expect("redirected frames")
        .map(|frame| frame.expect("intact").data)
        .collect();
    assert_eq!(out.len(), routed.len());
    for (after, before) in out.iter().zip(&routed) {
        assert_eq!(after[0..6], [2, 0, 0, 0, 0x0a, 0x18], "the next hop's MAC");
        assert_eq!(after[6..12], [2, 0, 0, 0, 0, 0xfe], "the router's MAC");
        assert_eq!(after[22], before[22] - 1, "TTL decremented");
        let ihl = usize::from(after[14] & 0xf) * 4;
        assert!(ipv4_checksum_ok(&after[14..14 + ihl]), "checksum updated");
        assert_eq!(after[12..22], before[12..22], "nothing else changed");
        assert_eq!(after[23], before[23]);
        assert_eq!(after[26..], before[26..]);
    }
    // Without routes, everything passes.
    let output = sluice(&[
        "run",
        repo().join("examples/router.o").to_str().unwrap(),
        "--pcap",
        sample.to_str().unwrap(),
        "--json",
    ]);
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(
        report["verdicts"]["XDP_PASS"]["frames"],
        frames.len() as u64
    );
}
