//! Which helpers accept which map types: the kernel's `check_map_func_compatibility`, both
//! directions (a map type restricts the helpers it may be passed to, and a helper restricts
//! the map types it accepts).

use sluice_abi::helpers::HelperId;
use sluice_abi::map_type::MapType;

/// Helpers a map of this type may be passed to, when the map type restricts them.
fn helpers_for_map(map_type: MapType) -> Option<&'static [HelperId]> {
    use HelperId as H;
    Some(match map_type {
        MapType::ProgArray => &[H::TailCall],
        MapType::PerfEventArray => &[
            H::PerfEventRead,
            H::PerfEventOutput,
            H::SkbOutput,
            H::PerfEventReadValue,
            H::XdpOutput,
        ],
        MapType::Ringbuf => &[
            H::RingbufOutput,
            H::RingbufReserve,
            H::RingbufQuery,
            H::RingbufReserveDynptr,
            H::RingbufSubmitDynptr,
            H::RingbufDiscardDynptr,
        ],
        MapType::UserRingbuf => &[H::UserRingbufDrain],
        MapType::StackTrace => &[H::GetStackid],
        MapType::CgroupArray => &[H::SkbUnderCgroup, H::CurrentTaskUnderCgroup],
        MapType::CgroupStorage | MapType::PercpuCgroupStorage => &[H::GetLocalStorage],
        MapType::Devmap | MapType::DevmapHash | MapType::Xskmap => {
            &[H::RedirectMap, H::MapLookupElem]
        }
        MapType::Cpumap => &[H::RedirectMap],
        MapType::ArrayOfMaps | MapType::HashOfMaps => &[H::MapLookupElem],
        MapType::Sockmap => &[
            H::SkRedirectMap,
            H::SockMapUpdate,
            H::MsgRedirectMap,
            H::SkSelectReuseport,
            H::MapLookupElem,
            H::MapUpdateElem,
            H::MapDeleteElem,
        ],
        MapType::Sockhash => &[
            H::SkRedirectHash,
            H::SockHashUpdate,
            H::MsgRedirectHash,
            H::SkSelectReuseport,
            H::MapLookupElem,
            H::MapUpdateElem,
            H::MapDeleteElem,
        ],
        MapType::ReuseportSockarray => &[H::SkSelectReuseport],
        MapType::Queue | MapType::Stack => &[H::MapPeekElem, H::MapPopElem, H::MapPushElem],
        MapType::SkStorage => &[H::SkStorageGet, H::SkStorageDelete, H::KptrXchg],
        MapType::InodeStorage => &[H::InodeStorageGet, H::InodeStorageDelete, H::KptrXchg],
        MapType::TaskStorage => &[H::TaskStorageGet, H::TaskStorageDelete, H::KptrXchg],
        MapType::CgrpStorage => &[H::CgrpStorageGet, H::CgrpStorageDelete, H::KptrXchg],
        MapType::BloomFilter => &[H::MapPeekElem, H::MapPushElem],
        _ => return None,
    })
}

/// Map types this helper accepts, when the helper restricts them.
fn maps_for_helper(helper: HelperId) -> Option<&'static [MapType]> {
    use HelperId as H;
    use MapType as M;
    Some(match helper {
        H::TailCall => &[M::ProgArray],
        H::PerfEventRead
        | H::PerfEventOutput
        | H::PerfEventReadValue
        | H::SkbOutput
        | H::XdpOutput => &[M::PerfEventArray],
        H::RingbufOutput
        | H::RingbufReserve
        | H::RingbufQuery
        | H::RingbufReserveDynptr
        | H::RingbufSubmitDynptr
        | H::RingbufDiscardDynptr => &[M::Ringbuf],
        H::UserRingbufDrain => &[M::UserRingbuf],
        H::GetStackid => &[M::StackTrace],
        H::CurrentTaskUnderCgroup | H::SkbUnderCgroup => &[M::CgroupArray],
        H::RedirectMap => &[M::Devmap, M::DevmapHash, M::Cpumap, M::Xskmap],
        H::SkRedirectMap | H::MsgRedirectMap | H::SockMapUpdate => &[M::Sockmap],
        H::SkRedirectHash | H::MsgRedirectHash | H::SockHashUpdate => &[M::Sockhash],
        H::GetLocalStorage => &[M::CgroupStorage, M::PercpuCgroupStorage],
        H::SkSelectReuseport => &[M::ReuseportSockarray, M::Sockmap, M::Sockhash],
        H::MapPopElem => &[M::Queue, M::Stack],
        H::MapPeekElem | H::MapPushElem => &[M::Queue, M::Stack, M::BloomFilter],
        H::MapLookupPercpuElem => &[M::PercpuArray, M::PercpuHash, M::LruPercpuHash],
        H::SkStorageGet | H::SkStorageDelete => &[M::SkStorage],
        H::InodeStorageGet | H::InodeStorageDelete => &[M::InodeStorage],
        H::TaskStorageGet | H::TaskStorageDelete => &[M::TaskStorage],
        H::CgrpStorageGet | H::CgrpStorageDelete => &[M::CgrpStorage],
        _ => return None,
    })
}

/// Whether a map of type `map_type` (the kernel's number) may be passed to `helper`.
pub(crate) fn compatible(map_type: u32, helper: HelperId) -> bool {
    let Some(map_type) = MapType::from_u32(map_type) else {
        return false;
    };
    let map_ok = helpers_for_map(map_type).is_none_or(|helpers| helpers.contains(&helper));
    let helper_ok = maps_for_helper(helper).is_none_or(|maps| maps.contains(&map_type));
    map_ok && helper_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_directions() {
        assert!(compatible(MapType::Hash.as_u32(), HelperId::MapLookupElem));
        assert!(!compatible(
            MapType::Ringbuf.as_u32(),
            HelperId::MapLookupElem
        ));
        assert!(!compatible(MapType::Hash.as_u32(), HelperId::RingbufOutput));
        assert!(compatible(MapType::ProgArray.as_u32(), HelperId::TailCall));
        assert!(!compatible(MapType::Array.as_u32(), HelperId::TailCall));
        assert!(compatible(
            MapType::BloomFilter.as_u32(),
            HelperId::MapPeekElem
        ));
        assert!(!compatible(
            MapType::BloomFilter.as_u32(),
            HelperId::MapPopElem
        ));
    }
}
