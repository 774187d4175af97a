//! The maps and programs of a loaded object, findable by the values programs hold: a map by its
//! handle (what `lddw` of a map yields), a program by its id (what a program array holds).

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use sluice_interp::Executable;
use sluice_maps::{Map, map_handle};

/// Maps by handle and programs by id, shared by every run.
#[derive(Debug, Default)]
pub struct Registry {
    maps: RwLock<HashMap<u64, Arc<dyn Map>>>,
    programs: RwLock<HashMap<u32, Arc<Executable>>>,
}

impl Registry {
    /// Registers a map; returns its handle.
    pub fn add_map(&self, map: &Arc<dyn Map>) -> u64 {
        let handle = map_handle(map);
        if let Ok(mut maps) = self.maps.write() {
            maps.insert(handle, map.clone());
        }
        handle
    }

    /// The map with this handle.
    pub fn map(&self, handle: u64) -> Option<Arc<dyn Map>> {
        self.maps.read().ok()?.get(&handle).cloned()
    }

    /// Every registered map.
    pub fn maps(&self) -> Vec<Arc<dyn Map>> {
        self.maps
            .read()
            .map(|maps| maps.values().cloned().collect())
            .unwrap_or_default()
    }

    /// Registers a program under an id.
    pub fn add_program(&self, id: u32, executable: Arc<Executable>) {
        if let Ok(mut programs) = self.programs.write() {
            programs.insert(id, executable);
        }
    }

    /// The program with this id.
    pub fn program(&self, id: u32) -> Option<Arc<Executable>> {
        self.programs.read().ok()?.get(&id).cloned()
    }
}
