//! The process-wide table from map id to map, for [`crate::map_by_id`]. It holds weak
//! references only, so it never keeps a map alive; dead entries are pruned as new maps arrive.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, MutexGuard, Weak};

use crate::map::Map;

static MAPS: Mutex<BTreeMap<u32, Weak<dyn Map>>> = Mutex::new(BTreeMap::new());

fn maps() -> MutexGuard<'static, BTreeMap<u32, Weak<dyn Map>>> {
    MAPS.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

pub(crate) fn register(map: &Arc<dyn Map>) {
    let mut maps = maps();
    if maps.len() >= 64 && maps.len().is_power_of_two() {
        maps.retain(|_, map| map.strong_count() > 0);
    }
    maps.insert(map.id(), Arc::downgrade(map));
}

pub(crate) fn find(id: u32) -> Option<Arc<dyn Map>> {
    maps().get(&id)?.upgrade()
}
