/// An IPv4 or IPv6 address in 16 bytes.
///
/// IPv4 addresses are stored in their IPv4-mapped form (`::ffff:a.b.c.d`), so `1.2.3.4` and
/// `::ffff:1.2.3.4` are the same value: a dual-stack listener reports IPv4 peers in the mapped form, and
/// both must be classified and looked up as IPv4. Two `UInt64` halves rather than a byte array keep the
/// type trivial (no allocation, no reference counting) on the per-event enrichment path.
public struct IPAddress: Sendable, Hashable, CustomStringConvertible, LosslessStringConvertible {
    /// Bytes 0–7, big-endian (network order).
    public let high: UInt64
    /// Bytes 8–15, big-endian (network order).
    public let low: UInt64

    /// The `::ffff:0:0/96` prefix in the low half.
    private static let mappedPrefix: UInt64 = 0x0000_FFFF_0000_0000

    public init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// An IPv4 address from its 32-bit value (`0x01020304` is `1.2.3.4`).
    public init(ipv4: UInt32) {
        self.init(high: 0, low: IPAddress.mappedPrefix | UInt64(ipv4))
    }

    /// Four bytes are an IPv4 address, sixteen an IPv6 address; any other count is nil.
    public init?<Bytes: Collection>(bytes: Bytes) where Bytes.Element == UInt8 {
        switch bytes.count {
        case 4:
            self.init(ipv4: bytes.reduce(0) { $0 << 8 | UInt32($1) })
        case 16:
            var high: UInt64 = 0
            var low: UInt64 = 0
            for (i, b) in bytes.enumerated() {
                if i < 8 { high = high << 8 | UInt64(b) } else { low = low << 8 | UInt64(b) }
            }
            self.init(high: high, low: low)
        default:
            return nil
        }
    }

    /// Parses dotted-quad IPv4 or RFC 4291 IPv6 text (with `::`, an embedded IPv4 tail and an optional
    /// `%zone`, which is dropped). Anything else, including IPv4 with leading zeros, is nil.
    public init?(_ text: String) {
        let parsed = text.utf8.withContiguousStorageIfAvailable { IPAddressParser.parse($0) }
            ?? Array(text.utf8).withUnsafeBufferPointer { IPAddressParser.parse($0) }
        guard let parsed else { return nil }
        self = parsed
    }

    /// True for IPv4 addresses (stored IPv4-mapped).
    public var isIPv4: Bool { high == 0 && low >> 32 == IPAddress.mappedPrefix >> 32 }

    /// The 32-bit IPv4 value, or nil for an IPv6 address.
    public var ipv4: UInt32? { isIPv4 ? UInt32(truncatingIfNeeded: low) : nil }

    /// The 16 bytes in network order (IPv4 in mapped form).
    public var bytes: [UInt8] {
        (0..<16).map { i in
            let half = i < 8 ? high : low
            return UInt8(truncatingIfNeeded: half >> (UInt64(7 - i % 8) * 8))
        }
    }

    /// Dotted quad for IPv4, RFC 5952 canonical text for IPv6.
    public var description: String {
        if let v4 = ipv4 {
            return "\(v4 >> 24).\(v4 >> 16 & 0xFF).\(v4 >> 8 & 0xFF).\(v4 & 0xFF)"
        }
        let groups = (0..<8).map { i -> UInt16 in
            let half = i < 4 ? high : low
            return UInt16(truncatingIfNeeded: half >> (UInt64(3 - i % 4) * 16))
        }
        // RFC 5952: compress the longest run of two or more zero groups, the first one on a tie.
        var bestStart = -1, bestLength = 0, runStart = -1
        for i in 0...8 {
            if i < 8, groups[i] == 0 {
                if runStart < 0 { runStart = i }
            } else if runStart >= 0 {
                if i - runStart > bestLength { bestStart = runStart; bestLength = i - runStart }
                runStart = -1
            }
        }
        if bestLength < 2 { bestStart = -1 }
        var text = ""
        var i = 0
        while i < 8 {
            if i == bestStart {
                text += i == 0 ? "::" : ":"
                i += bestLength
                continue
            }
            text += String(groups[i], radix: 16)
            if i < 7 { text += ":" }
            i += 1
        }
        return text
    }
}
