//! Map definitions as the object declares them, before any map exists.

/// Where a map definition came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MapOrigin {
    /// A BTF-defined map in `.maps`.
    BtfDefined,
    /// A `struct bpf_map_def` in the legacy `maps` section.
    Legacy,
    /// Global data: a one-element array holding the section (`.data`, `.rodata`, `.bss`, ...).
    GlobalData {
        /// The section's name.
        section: String,
        /// `.rodata*`: the program may only read it.
        read_only: bool,
    },
    /// The values of `.kconfig` externs.
    Kconfig,
}

/// Initial contents of a map.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub enum MapInit {
    /// Empty (or zeroed, for arrays).
    #[default]
    None,
    /// The single value of a global data map.
    Data(Vec<u8>),
    /// Program array slots: index to program name (`.values = { [1] = &prog }`).
    Programs(Vec<(u32, String)>),
    /// Map-of-maps slots: index to the index of the inner map in [`crate::Object::maps`].
    Maps(Vec<(u32, usize)>),
}

/// One map the object declares.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MapDef {
    /// The symbol name (or section name for global data).
    pub name: String,
    /// `bpf_map_type` value.
    pub map_type: u32,
    pub key_size: u32,
    pub value_size: u32,
    pub max_entries: u32,
    pub map_flags: u32,
    /// `LIBBPF_PIN_NONE` (0) or `LIBBPF_PIN_BY_NAME` (1).
    pub pinning: u32,
    pub numa_node: u32,
    /// `map_extra` (bloom filter hash count, arena address).
    pub map_extra: u64,
    /// For maps of maps: the template of the inner maps.
    pub inner: Option<Box<MapDef>>,
    /// BTF type ids of key and value, when the object declares them by type.
    pub btf_key_type_id: Option<u32>,
    pub btf_value_type_id: Option<u32>,
    pub init: MapInit,
    pub origin: MapOrigin,
}

impl MapDef {
    /// A definition with the given type and sizes and everything else zero.
    pub fn new(
        name: &str,
        map_type: u32,
        key_size: u32,
        value_size: u32,
        max_entries: u32,
    ) -> MapDef {
        MapDef {
            name: name.to_string(),
            map_type,
            key_size,
            value_size,
            max_entries,
            map_flags: 0,
            pinning: 0,
            numa_node: 0,
            map_extra: 0,
            inner: None,
            btf_key_type_id: None,
            btf_value_type_id: None,
            init: MapInit::None,
            origin: MapOrigin::Legacy,
        }
    }

    /// Whether this map holds global data.
    pub fn is_global_data(&self) -> bool {
        matches!(
            self.origin,
            MapOrigin::GlobalData { .. } | MapOrigin::Kconfig
        )
    }
}
