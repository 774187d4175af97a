//! Which worker a frame goes to: a hash of its flow, as a NIC's receive-side scaling picks a
//! queue, so that every frame of one flow is run by the same worker, in order.
//!
//! The flow of an IPv4 or IPv6 frame is its addresses and protocol, plus the ports for TCP,
//! UDP and SCTP (first fragments and unfragmented packets only, as RSS does); frames of other
//! kinds (ARP, LLDP, ...) all go to worker 0, as RSS sends them to queue 0.

const ETH_HLEN: usize = 14;
const VLAN_HLEN: usize = 4;

/// FNV-1a over the flow's bytes.
fn fnv1a(parts: &[&[u8]]) -> u32 {
    let mut hash: u32 = 0x811c_9dc5;
    for part in parts {
        for byte in *part {
            hash ^= u32::from(*byte);
            hash = hash.wrapping_mul(0x0100_0193);
        }
    }
    hash
}

/// The flow hash of an Ethernet frame; 0 for frames that are not IP.
pub(crate) fn flow_hash(frame: &[u8]) -> u32 {
    let Some(ethertype) = frame.get(12..14) else {
        return 0;
    };
    let (mut ethertype, mut l3) = (u16::from_be_bytes([ethertype[0], ethertype[1]]), ETH_HLEN);
    // One or two VLAN tags (802.1Q, 802.1ad).
    while matches!(ethertype, 0x8100 | 0x88a8) {
        let Some(inner) = frame.get(l3 + 2..l3 + 4) else {
            return 0;
        };
        ethertype = u16::from_be_bytes([inner[0], inner[1]]);
        l3 += VLAN_HLEN;
    }
    let ports = |protocol: u8, l4: usize, first_fragment: bool| -> &[u8] {
        if first_fragment && matches!(protocol, 6 | 17 | 132) {
            frame.get(l4..l4 + 4).unwrap_or(&[])
        } else {
            &[]
        }
    };
    match ethertype {
        0x0800 => {
            let Some(header) = frame.get(l3..l3 + 20) else {
                return 0;
            };
            let l4 = l3 + usize::from(header[0] & 0xf) * 4;
            let fragment_offset = u16::from_be_bytes([header[6], header[7]]) & 0x1fff;
            let protocol = header[9];
            fnv1a(&[
                &header[12..20],
                &[protocol],
                ports(protocol, l4, fragment_offset == 0),
            ])
        }
        0x86dd => {
            let Some(header) = frame.get(l3..l3 + 40) else {
                return 0;
            };
            let protocol = header[6];
            fnv1a(&[&header[8..40], &[protocol], ports(protocol, l3 + 40, true)])
        }
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ipv4(source: [u8; 4], sport: u16, dport: u16) -> Vec<u8> {
        let mut frame = vec![0u8; 54];
        frame[12..14].copy_from_slice(&[8, 0]);
        frame[14] = 0x45;
        frame[23] = 6;
        frame[26..30].copy_from_slice(&source);
        frame[30..34].copy_from_slice(&[10, 0, 0, 1]);
        frame[34..36].copy_from_slice(&sport.to_be_bytes());
        frame[36..38].copy_from_slice(&dport.to_be_bytes());
        frame
    }

    #[test]
    fn one_flow_one_hash_and_flows_spread() {
        let a = ipv4([192, 168, 1, 1], 1000, 80);
        let mut a_later = a.clone();
        a_later.extend_from_slice(b"payload");
        a_later[53] = 0xff;
        assert_eq!(flow_hash(&a), flow_hash(&a_later));
        assert_ne!(flow_hash(&a), flow_hash(&ipv4([192, 168, 1, 1], 1001, 80)));
        assert_ne!(flow_hash(&a), flow_hash(&ipv4([192, 168, 1, 2], 1000, 80)));
        let workers = 4;
        let mut used = [0usize; 4];
        for port in 0..400u16 {
            used[flow_hash(&ipv4([192, 168, 1, 1], 1024 + port, 80)) as usize % workers] += 1;
        }
        assert!(used.iter().all(|n| *n > 50), "{used:?}");
    }

    #[test]
    fn frames_that_are_not_ip_go_to_worker_zero() {
        let mut arp = vec![0u8; 42];
        arp[12..14].copy_from_slice(&[8, 6]);
        assert_eq!(flow_hash(&arp), 0);
        assert_eq!(flow_hash(&[0u8; 5]), 0);
        let truncated = &ipv4([1, 2, 3, 4], 5, 6)[..20];
        assert_eq!(flow_hash(truncated), 0);
    }
}
