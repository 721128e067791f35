/// Names the special-purpose ranges (RFC 6890 and friends) that GeoIP databases cannot place.
///
/// Honeypots see these constantly (the sensor's own health checks, NAT'd lab traffic, spoofed scans), and
/// a lookup would return nothing or, worse, a misleading country; a label says what the address is instead.
public enum AddressClassifier {
    /// The label for a special-purpose address, or nil for a public (routable) one.
    ///
    /// Labels: `unspecified`, `loopback`, `private`, `shared` (CGNAT 100.64/10), `link-local`, `multicast`,
    /// `broadcast`, `documentation`, `reserved`.
    public static func label(for ip: IPAddress) -> String? {
        if let v4 = ip.ipv4 { return label(ipv4: v4) }
        return label(ipv6High: ip.high, low: ip.low)
    }

    /// True when `label(for:)` is nil: the address is worth looking up.
    public static func isPublic(_ ip: IPAddress) -> Bool { label(for: ip) == nil }

    static func label(ipv4 a: UInt32) -> String? {
        func inRange(_ network: UInt32, _ prefix: UInt32) -> Bool {
            a >> (32 - prefix) == network >> (32 - prefix)
        }
        // Ordered so that more specific ranges win (broadcast lies inside 240/4, 0.0.0.0 inside 0/8).
        switch true {
        case a == 0: return "unspecified"
        case a == 0xFFFF_FFFF: return "broadcast"
        case inRange(0x0000_0000, 8): return "reserved"            // "this network"
        case inRange(0x0A00_0000, 8): return "private"             // 10/8
        case inRange(0x6440_0000, 10): return "shared"             // 100.64/10 (CGNAT)
        case inRange(0x7F00_0000, 8): return "loopback"            // 127/8
        case inRange(0xA9FE_0000, 16): return "link-local"         // 169.254/16
        case inRange(0xAC10_0000, 12): return "private"            // 172.16/12
        case inRange(0xC000_0000, 24): return "reserved"           // 192.0.0/24 (IETF assignments)
        case inRange(0xC000_0200, 24): return "documentation"      // 192.0.2/24 TEST-NET-1
        case inRange(0xC0A8_0000, 16): return "private"            // 192.168/16
        case inRange(0xC612_0000, 15): return "reserved"           // 198.18/15 (benchmarking)
        case inRange(0xC633_6400, 24): return "documentation"      // 198.51.100/24 TEST-NET-2
        case inRange(0xCB00_7100, 24): return "documentation"      // 203.0.113/24 TEST-NET-3
        case inRange(0xE000_0000, 4): return "multicast"           // 224/4
        case inRange(0xF000_0000, 4): return "reserved"            // 240/4
        default: return nil
        }
    }

    static func label(ipv6High high: UInt64, low: UInt64) -> String? {
        let top16 = high >> 48
        switch true {
        case high == 0 && low == 0: return "unspecified"
        case high == 0 && low == 1: return "loopback"
        case high >> 57 == 0xFC >> 1: return "private"              // fc00::/7 (unique local)
        case high >> 54 == 0xFE80 >> 6: return "link-local"         // fe80::/10
        case high >> 54 == 0xFEC0 >> 6: return "reserved"           // fec0::/10 (deprecated site-local)
        case high >> 56 == 0xFF: return "multicast"                 // ff00::/8
        case high >> 32 == 0x2001_0DB8: return "documentation"      // 2001:db8::/32
        case top16 == 0x3FFF && (high >> 44) & 0xF == 0: return "documentation" // 3fff::/20 (RFC 9637)
        case high == 0x0100_0000_0000_0000: return "reserved"       // 100::/64 (discard prefix)
        default: return nil
        }
    }
}
