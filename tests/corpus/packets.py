"""Frame builders for gen_manifest.py: Ethernet, 802.1Q, ARP, IPv4 (with
options), IPv6, TCP, UDP, ICMP, all with correct checksums unless asked."""
import ipaddress
import struct

MAC_DST = bytes.fromhex("020000000001")
MAC_SRC = bytes.fromhex("020000000002")
BROADCAST = b"\xff" * 6


def csum16(data: bytes) -> int:
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack(f"!{len(data) // 2}H", data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def ip4(a):
    return ipaddress.IPv4Address(a).packed


def ip6(a):
    return ipaddress.IPv6Address(a).packed


def eth(payload, ethertype, dst=MAC_DST, src=MAC_SRC):
    return dst + src + struct.pack("!H", ethertype) + payload


def vlan(payload, ethertype, vid, tpid=0x8100, pcp=0):
    """Returns (tpid, bytes after the MAC addresses' EtherType)."""
    return struct.pack("!HH", (pcp << 13) | vid, ethertype) + payload


def ipv4(src, dst, proto, payload, ttl=64, ident=0x1234, tos=0, options=b"",
         frag=0x4000, bad_csum=False):
    assert len(options) % 4 == 0
    ihl = 5 + len(options) // 4
    total = ihl * 4 + len(payload)
    hdr = struct.pack("!BBHHHBBH4s4s", 0x40 | ihl, tos, total, ident, frag, ttl, proto, 0,
                      ip4(src), ip4(dst)) + options
    c = csum16(hdr)
    if bad_csum:
        c ^= 0x5A5A
    return hdr[:10] + struct.pack("!H", c) + hdr[12:] + payload


def ipv6(src, dst, nh, payload, hlim=64, flow=0):
    return struct.pack("!IHBB16s16s", (6 << 28) | flow, len(payload), nh, hlim,
                       ip6(src), ip6(dst)) + payload


def _pseudo4(src, dst, proto, length):
    return ip4(src) + ip4(dst) + struct.pack("!BBH", 0, proto, length)


def _pseudo6(src, dst, proto, length):
    return ip6(src) + ip6(dst) + struct.pack("!IxxxB", length, proto)


def tcp(src, dst, sport, dport, payload=b"", flags=0x18, seq=1000, ack=2000, v6=False,
        window=65535):
    hdr = struct.pack("!HHIIBBHHH", sport, dport, seq, ack, 5 << 4, flags, window, 0, 0)
    seg = hdr + payload
    ph = (_pseudo6 if v6 else _pseudo4)(src, dst, 6, len(seg))
    c = csum16(ph + seg)
    return seg[:16] + struct.pack("!H", c) + seg[18:]


def udp(src, dst, sport, dport, payload=b"", v6=False, zero_csum=False):
    length = 8 + len(payload)
    seg = struct.pack("!HHHH", sport, dport, length, 0) + payload
    if zero_csum:
        return seg
    ph = (_pseudo6 if v6 else _pseudo4)(src, dst, 17, length)
    c = csum16(ph + seg) or 0xFFFF
    return seg[:6] + struct.pack("!H", c) + seg[8:]


def icmp_echo(ident=1, seq=1, payload=b"abcdefghijklmnop", typ=8):
    hdr = struct.pack("!BBHHH", typ, 0, 0, ident, seq) + payload
    return hdr[:2] + struct.pack("!H", csum16(hdr)) + hdr[4:]


def tcp4(src="10.0.0.1", dst="10.0.0.2", sport=12345, dport=80, payload=b"", ttl=64,
         flags=0x18, dmac=MAC_DST, smac=MAC_SRC, **kw):
    return eth(ipv4(src, dst, 6, tcp(src, dst, sport, dport, payload, flags), ttl=ttl, **kw),
               0x0800, dmac, smac)


def udp4(src="10.0.0.1", dst="10.0.0.2", sport=5000, dport=53, payload=b"", ttl=64,
         dmac=MAC_DST, smac=MAC_SRC, zero_csum=False, **kw):
    return eth(ipv4(src, dst, 17, udp(src, dst, sport, dport, payload, zero_csum=zero_csum),
                    ttl=ttl, **kw), 0x0800, dmac, smac)


def icmp4(src="10.0.0.1", dst="10.0.0.2", typ=8, ident=0x4242, seq=1, dmac=MAC_DST,
          smac=MAC_SRC, **kw):
    return eth(ipv4(src, dst, 1, icmp_echo(ident, seq, typ=typ), **kw), 0x0800, dmac, smac)


def raw4(src, dst, payload, proto=253, ttl=64, **kw):
    return eth(ipv4(src, dst, proto, payload, ttl=ttl, **kw), 0x0800)


def tcp6(src="2001:db8::1", dst="2001:db8::2", sport=40000, dport=443, payload=b"", **kw):
    return eth(ipv6(src, dst, 6, tcp(src, dst, sport, dport, payload, v6=True), **kw), 0x86DD)


def udp6(src="2001:db8::1", dst="2001:db8::2", sport=40000, dport=53, payload=b"", **kw):
    return eth(ipv6(src, dst, 17, udp(src, dst, sport, dport, payload, v6=True), **kw), 0x86DD)


def arp_request(sender="10.0.0.1", target="10.0.0.2"):
    body = struct.pack("!HHBBH6s4s6s4s", 1, 0x0800, 6, 4, 1, MAC_SRC, ip4(sender),
                       b"\0" * 6, ip4(target))
    return eth(body, 0x0806, BROADCAST, MAC_SRC)


def vlan_frame(inner_type, inner, vids=(42,), outer_tpid=0x8100):
    """Tags `inner` (a layer-3 packet of EtherType inner_type) with the VLAN
    ids in vids, outermost first."""
    payload, etype = inner, inner_type
    for vid in reversed(vids):
        payload = vlan(payload, etype, vid)
        etype = 0x8100
    return eth(payload, outer_tpid)


def pad(frame, length):
    """Pads a frame with zero bytes up to length (like a NIC's minimum size)."""
    return frame + b"\0" * max(0, length - len(frame))
