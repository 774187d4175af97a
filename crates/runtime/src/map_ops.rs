//! Operations only some map types have, reached by downcasting.

use std::sync::Arc;

use sluice_maps::{ArrayOfMaps, HashOfMaps, Map, MapError, ProgArray};

/// Puts `inner` into slot `key` of a map of maps.
pub(crate) fn set_inner(
    outer: &Arc<dyn Map>,
    key: &[u8],
    inner: &Arc<dyn Map>,
) -> Result<(), MapError> {
    if let Some(array) = outer.as_any().downcast_ref::<ArrayOfMaps>() {
        let index = key
            .try_into()
            .map(u32::from_le_bytes)
            .map_err(|_| MapError::Invalid)?;
        return array.set_inner(index, inner.clone());
    }
    if let Some(hash) = outer.as_any().downcast_ref::<HashOfMaps>() {
        return hash.set_inner(key, inner.clone(), 0);
    }
    Err(MapError::Invalid)
}

/// The program id in slot `index` of a program array.
pub(crate) fn prog_array_slot(map: &Arc<dyn Map>, index: u32) -> Option<u32> {
    map.as_any().downcast_ref::<ProgArray>()?.get(index)
}
