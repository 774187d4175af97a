//! Verifying the programs of an ELF object: the maps, functions and source lines come from the
//! object ([`sluice_obj::Object`]) and its BTF.

use sluice_abi::prog_type::ProgType;
use sluice_obj::btf::{Btf, Kind, Linkage, TypeBody, TypeId};
use sluice_obj::{MapDef, MapInit, MapOrigin, Object, ProgramDef};

use crate::error::{ErrorKind, VerifyError};
use crate::options::{FuncArg, FuncInfo, MapInfo, VerifyOptions};
use crate::verified::VerifiedProgram;

/// One program's verdict.
#[derive(Debug)]
pub struct ObjectVerdict<'a> {
    pub program: &'a ProgramDef,
    pub result: Result<VerifiedProgram, VerifyError>,
}

/// Context structures, by BTF name: a pointer to one of them in a global function's
/// prototype is the context.
const CTX_STRUCTS: &[&str] = &[
    "xdp_md",
    "__sk_buff",
    "pt_regs",
    "bpf_perf_event_data",
    "bpf_raw_tracepoint_args",
    "bpf_sock_addr",
    "bpf_sock_ops",
    "bpf_sock",
    "sk_msg_md",
    "bpf_sk_lookup",
    "bpf_sysctl",
    "bpf_sockopt",
    "bpf_cgroup_dev_ctx",
    "bpf_nf_ctx",
];

/// The options to verify `def` with: its program type (`prog_type` overrides the section's),
/// the object's maps, and the functions' BTF signatures.
pub fn options_for(
    object: &Object,
    def: &ProgramDef,
    prog_type: Option<ProgType>,
    privileged: bool,
) -> Result<VerifyOptions, VerifyError> {
    let Some(prog_type) = prog_type.or(def.prog_type) else {
        return Err(VerifyError::new(
            ErrorKind::InvalidInsn,
            None,
            format!(
                "section `{}` does not say the program type of `{}`: give one with --prog-type",
                def.section, def.name
            ),
        ));
    };
    let mut options = VerifyOptions::new(prog_type);
    options.attach_type = def.attach_type;
    options.privileged = privileged;
    options.sleepable = def.sleepable;
    options.gpl_compatible = license_is_gpl(&object.license);
    options.maps = object
        .maps
        .iter()
        .map(|map| map_info(object.btf.as_ref(), map))
        .collect();
    if let Some(btf) = &object.btf {
        options.functions = def
            .functions
            .iter()
            .filter_map(|function| func_info(btf, &function.name, function.start))
            .collect();
    }
    Ok(options)
}

/// Verifies the program named `name` (`prog_type` overrides the section's type).
pub fn verify_object(
    object: &Object,
    name: &str,
    prog_type: Option<ProgType>,
    privileged: bool,
) -> Result<VerifiedProgram, VerifyError> {
    let def = object
        .programs
        .iter()
        .find(|p| p.name == name)
        .ok_or_else(|| {
            VerifyError::new(
                ErrorKind::InvalidInsn,
                None,
                format!("no program named `{name}`"),
            )
        })?;
    verify_def(object, def, prog_type, privileged)
}

/// Verifies one program of the object.
pub fn verify_def(
    object: &Object,
    def: &ProgramDef,
    prog_type: Option<ProgType>,
    privileged: bool,
) -> Result<VerifiedProgram, VerifyError> {
    let options = options_for(object, def, prog_type, privileged)?;
    crate::verify_slots(def.insns.clone(), &options)
}

/// The licenses the kernel counts as GPL-compatible (`license_is_gpl_compatible`).
pub fn license_is_gpl(license: &str) -> bool {
    matches!(
        license,
        "GPL"
            | "GPL v2"
            | "GPL and additional rights"
            | "Dual BSD/GPL"
            | "Dual MIT/GPL"
            | "Dual MPL/GPL"
    )
}

/// The verifier's view of a map definition.
pub fn map_info(btf: Option<&Btf>, def: &MapDef) -> MapInfo {
    let mut info = MapInfo::new(
        &def.name,
        def.map_type,
        def.key_size,
        def.value_size,
        def.max_entries,
    );
    info.map_flags = def.map_flags;
    info.inner = def
        .inner
        .as_ref()
        .map(|inner| Box::new(map_info(btf, inner)));
    if let (Some(btf), Some(value_type)) = (btf, def.btf_value_type_id) {
        info.spin_lock_off = find_struct_member(btf, value_type, "bpf_spin_lock", 0);
    }
    let frozen = matches!(
        def.origin,
        MapOrigin::GlobalData {
            read_only: true,
            ..
        } | MapOrigin::Kconfig
    );
    if frozen && let MapInit::Data(data) = &def.init {
        let mut value = data.clone();
        value.resize(def.value_size as usize, 0);
        info.frozen_value = Some(value);
    }
    info
}

/// The offset of the first member (at any depth) whose type is the struct `name`.
fn find_struct_member(btf: &Btf, type_id: TypeId, name: &str, depth: u32) -> Option<u32> {
    if depth > 8 {
        return None;
    }
    let (_, ty) = btf.resolve(type_id).ok()?;
    let ty = ty?;
    for member in ty.members() {
        let (member_id, member_ty) = btf.resolve(member.type_id).ok()?;
        let Some(member_ty) = member_ty else { continue };
        let offset = member.bit_offset / 8;
        if member_ty.kind() == Kind::Struct && btf.type_name(member_ty) == name {
            return Some(offset);
        }
        if matches!(member_ty.kind(), Kind::Struct | Kind::Union)
            && let Some(inner) = find_struct_member(btf, member_id, name, depth + 1)
        {
            return Some(offset + inner);
        }
    }
    None
}

/// A function's signature from its BTF `FUNC`.
fn func_info(btf: &Btf, name: &str, start: usize) -> Option<FuncInfo> {
    let func_id = btf.find_by_name(Kind::Func, name)?;
    let func = btf.type_by_id(func_id)?;
    let TypeBody::Func { proto, linkage } = &func.body else {
        return None;
    };
    let TypeBody::FuncProto(proto) = &btf.type_by_id(*proto)?.body else {
        return None;
    };
    let args = proto
        .params
        .iter()
        .map(|param| func_arg(btf, param.type_id))
        .collect();
    Some(FuncInfo {
        insn_idx: start,
        name: name.to_string(),
        global: *linkage == Linkage::Global,
        args,
        returns_void: proto.ret == 0,
    })
}

fn func_arg(btf: &Btf, type_id: TypeId) -> FuncArg {
    let Ok((_, Some(ty))) = btf.resolve(type_id) else {
        return FuncArg::Scalar;
    };
    let TypeBody::Ptr(pointee) = ty.body else {
        return FuncArg::Scalar;
    };
    if let Ok((_, Some(target))) = btf.resolve(pointee)
        && target.kind() == Kind::Struct
        && CTX_STRUCTS.contains(&btf.type_name(target))
    {
        return FuncArg::Ctx;
    }
    FuncArg::Mem {
        size: btf.size_of(pointee).unwrap_or(0),
        non_null: false,
    }
}

/// The source line of linked instruction `insn_idx` of `def`: file, line number and text.
pub fn source_line(
    object: &Object,
    def: &ProgramDef,
    insn_idx: usize,
) -> Option<(String, u32, String)> {
    let (btf, ext) = (object.btf.as_ref()?, object.btf_ext.as_ref()?);
    let origin = def.origins.get(insn_idx)?;
    let section = object.code_sections.get(origin.section)?;
    let line = ext.line_at(btf, section, origin.slot)?;
    Some((line.file.into_owned(), line.line, line.text.into_owned()))
}
