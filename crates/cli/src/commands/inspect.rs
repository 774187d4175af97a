//! `sluice inspect`: what an object holds.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use serde_json::{Value, json};
use sluice_abi::map_type::MapType;
use sluice_abi::prog_type::ProgType;
use sluice_obj::{MapDef, MapOrigin, Object};

use crate::input::read_file;

/// List the programs, maps and sections of an object.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
For each program: name, section, program type (from libbpf's section names), instruction
count and subprograms. For each map: type, key and value sizes with their BTF types,
max_entries, flags and pinning. Then every section with its size.

With --prog-type, every program is shown with that type (the JSON keeps the section's own in
section_prog_type), as test-run would run it.

Examples:
  sluice inspect prog.o
  sluice inspect prog.o --prog-type sched_cls      an iproute2-style object
  sluice inspect prog.o --json | jq '.maps[].name'")]
pub(crate) struct Args {
    /// ELF object compiled with clang -target bpf.
    file: PathBuf,
    /// Program type (bpftool's names: xdp, sched_cls, socket_filter, ...) for every program,
    /// overriding the one the section name implies, as `test-run --prog-type` does.
    #[arg(long, value_name = "TYPE", value_parser = super::test_run::parse_prog_type)]
    prog_type: Option<ProgType>,
    /// Print one JSON object.
    #[arg(long)]
    json: bool,
}

fn type_name(object: &Object, type_id: Option<u32>) -> Option<String> {
    Some(object.btf.as_ref()?.display(type_id?))
}

fn map_type_name(map_type: u32) -> String {
    MapType::from_u32(map_type)
        .map_or_else(|| format!("unknown({map_type})"), |t| t.name().to_string())
}

fn origin(def: &MapDef) -> &'static str {
    match def.origin {
        MapOrigin::BtfDefined => "btf",
        MapOrigin::Legacy => "legacy",
        MapOrigin::GlobalData { .. } => "global data",
        MapOrigin::Kconfig => "kconfig",
    }
}

pub(crate) fn run(args: Args) -> Result<ExitCode> {
    let bytes = read_file(&args.file)?;
    let object = Object::parse(&bytes).with_context(|| format!("{}", args.file.display()))?;
    let programs: Vec<Value> = object
        .programs
        .iter()
        .map(|program| {
            json!({
                "name": program.name,
                "section": program.section,
                "prog_type": args.prog_type.or(program.prog_type).map(|t| t.name()),
                "section_prog_type": program.prog_type.map(|t| t.name()),
                "attach_type": program.attach_type.map(|t| t.name()),
                "insns": program.insns.len(),
                "functions": program.functions.iter().map(|f| f.name.clone()).collect::<Vec<_>>(),
            })
        })
        .collect();
    let maps: Vec<Value> = object
        .maps
        .iter()
        .map(|map| {
            json!({
                "name": map.name,
                "type": map_type_name(map.map_type),
                "key_size": map.key_size,
                "value_size": map.value_size,
                "key_type": type_name(&object, map.btf_key_type_id),
                "value_type": type_name(&object, map.btf_value_type_id),
                "max_entries": map.max_entries,
                "map_flags": map.map_flags,
                "pinning": map.pinning,
                "origin": origin(map),
                "inner": map.inner.as_ref().map(|inner| json!({
                    "type": map_type_name(inner.map_type),
                    "key_size": inner.key_size,
                    "value_size": inner.value_size,
                    "max_entries": inner.max_entries,
                })),
            })
        })
        .collect();
    let sections: Vec<Value> = object
        .sections
        .iter()
        .map(|section| json!({ "name": section.name, "size": section.size, "code": section.is_code }))
        .collect();
    if args.json {
        let report = json!({
            "file": args.file.display().to_string(),
            "license": object.license,
            "kernel_version": object.kernel_version,
            "btf": object.btf.is_some(),
            "programs": programs,
            "maps": maps,
            "sections": sections,
        });
        println!("{}", serde_json::to_string_pretty(&report)?);
        return Ok(ExitCode::SUCCESS);
    }
    println!(
        "{}: license {:?}, {} program(s), {} map(s){}",
        args.file.display(),
        object.license,
        object.programs.len(),
        object.maps.len(),
        if object.btf.is_some() { ", BTF" } else { "" }
    );
    println!("\nprograms:");
    for program in &object.programs {
        let prog_type = args
            .prog_type
            .or(program.prog_type)
            .map_or("unknown (use --prog-type)", |t| t.name());
        let subprograms = program.functions.len().saturating_sub(1);
        println!(
            "  {:<24} section {:<32} type {:<16} {:>5} insns, {} subprogram(s)",
            program.name,
            program.section,
            prog_type,
            program.insns.len(),
            subprograms
        );
    }
    println!("\nmaps:");
    for map in &object.maps {
        let key =
            type_name(&object, map.btf_key_type_id).map_or(String::new(), |t| format!(" ({t})"));
        let value =
            type_name(&object, map.btf_value_type_id).map_or(String::new(), |t| format!(" ({t})"));
        println!(
            "  {:<24} {:<16} key {}{key}, value {}{value}, max_entries {}, flags {:#x}{}",
            map.name,
            map_type_name(map.map_type),
            map.key_size,
            map.value_size,
            map.max_entries,
            map.map_flags,
            if map.pinning != 0 {
                ", pinned by name"
            } else {
                ""
            }
        );
    }
    println!("\nsections:");
    for section in &object.sections {
        println!(
            "  {:<32} {:>8} bytes{}",
            section.name,
            section.size,
            if section.is_code { "  code" } else { "" }
        );
    }
    Ok(ExitCode::SUCCESS)
}
