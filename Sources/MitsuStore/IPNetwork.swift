import Foundation
import MitsuCore

/// An IPv4 or IPv6 address as raw bytes, and its canonical text.
///
/// The store keeps `src_ip` in canonical form (inet_ntop text; IPv4-mapped IPv6 such as `::ffff:1.2.3.4`,
/// which a dual-stack socket reports for IPv4 clients, written as plain IPv4) so that one client has one
/// spelling, an exact-address query is a plain index lookup, and CIDR queries can use a text prefix.
struct IPAddress: Equatable, Sendable {
    /// 4 bytes for IPv4, 16 for IPv6.
    let bytes: [UInt8]

    var isIPv4: Bool { bytes.count == 4 }

    init?(_ text: String) {
        // Zone ids (`fe80::1%eth0`) are not addresses an attacker can come from; longer text is not an address.
        guard !text.isEmpty, text.utf8.count <= 64, !text.utf8.contains(UInt8(ascii: "%")) else { return nil }
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            bytes = withUnsafeBytes(of: &v4) { Array($0) }
            return
        }
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, text, &v6) == 1 else { return nil }
        let raw = withUnsafeBytes(of: &v6) { Array($0) }
        if IPText.isIPv4Mapped(raw) {
            bytes = Array(raw[12..<16])
        } else {
            bytes = raw
        }
    }

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// inet_ntop text: lowercase, zeros compressed, IPv4 dotted.
    var text: String {
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
        let ok: Bool
        if isIPv4 {
            var a = in_addr()
            withUnsafeMutableBytes(of: &a) { $0.copyBytes(from: bytes) }
            ok = inet_ntop(AF_INET, &a, &buffer, socklen_t(buffer.count)) != nil
        } else {
            var a = in6_addr()
            withUnsafeMutableBytes(of: &a) { $0.copyBytes(from: bytes) }
            ok = inet_ntop(AF_INET6, &a, &buffer, socklen_t(buffer.count)) != nil
        }
        guard ok else { return "" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The canonical spelling of `text`, or `text` unchanged when it is not an address (it is then stored
    /// as given: a sensor must never lose an event over a field it cannot parse).
    static func canonicalText(_ text: String) -> String {
        // Fast path for the common case, once per stored event: inet_pton accepts only plain dotted
        // decimal for IPv4 (no leading zeros, no shorthand), so text it accepts is already canonical.
        if text.utf8.count <= 15, text.utf8.allSatisfy({ $0 == UInt8(ascii: ".") || ($0 >= 48 && $0 <= 57) }) {
            var v4 = in_addr()
            if inet_pton(AF_INET, text, &v4) == 1 { return text }
        }
        return IPAddress(text)?.text ?? text
    }
}

/// A CIDR block (`203.0.113.0/24`, `2001:db8::/32`); a bare address is a block of one.
struct IPNetwork: Equatable, Sendable {
    let address: IPAddress
    let prefixLength: Int

    /// Accepts `ADDRESS` or `ADDRESS/LENGTH`. Host bits set in ADDRESS are ignored
    /// (`203.0.113.7/24` is `203.0.113.0/24`), as operators often paste an address with a mask.
    init?(_ text: String) {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let address = IPAddress(String(parts[0])) else { return nil }
        // A mapped spelling (`::ffff:203.0.113.0/120`) is stored as IPv4, so its prefix counts from bit 96.
        let mapped = address.isIPv4 && parts[0].contains(":")
        let maxLength = mapped ? 128 : address.bytes.count * 8
        var length = maxLength
        if parts.count == 2 {
            guard parts[1].utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), let n = Int(parts[1]), (0...maxLength).contains(n)
            else { return nil }
            length = n
        }
        if mapped {
            guard length >= 96 else { return nil }
            length -= 96
        }
        self.address = IPAddress(bytes: IPNetwork.masked(address.bytes, length))
        self.prefixLength = length
    }

    var isSingleAddress: Bool { prefixLength == address.bytes.count * 8 }

    func contains(_ other: IPAddress) -> Bool {
        guard other.bytes.count == address.bytes.count else { return false }
        return IPNetwork.masked(other.bytes, prefixLength) == address.bytes
    }

    /// The text every canonical address of this block starts with, for an index range scan
    /// (`src_ip >= prefix AND src_ip < upperBound`); nil when no such prefix exists (then the caller
    /// scans the address family and checks each row in Swift).
    ///
    /// IPv4: the whole octets inside the prefix, `203.0.113.`. IPv6: the leading whole groups inside the
    /// prefix up to the first zero group, `2001:db8:` — inet_ntop may compress a zero group into `::`,
    /// so text after the first zero group is not fixed.
    var textPrefix: String? {
        if address.isIPv4 {
            let octets = prefixLength / 8
            guard octets > 0 else { return nil }
            return address.bytes[0..<octets].map { String($0) }.joined(separator: ".") + "."
        }
        var groups: [String] = []
        for i in 0..<(prefixLength / 16) {
            let group = UInt16(address.bytes[2 * i]) << 8 | UInt16(address.bytes[2 * i + 1])
            if group == 0 { break }
            groups.append(String(group, radix: 16))
        }
        return groups.isEmpty ? nil : groups.joined(separator: ":") + ":"
    }

    /// The smallest string greater than every string starting with `prefix` (its last byte, `.` or `:`,
    /// incremented: both are ASCII below `~`).
    static func upperBound(ofPrefix prefix: String) -> String {
        var utf8 = Array(prefix.utf8)
        utf8[utf8.count - 1] += 1
        return String(decoding: utf8, as: UTF8.self)
    }

    private static func masked(_ bytes: [UInt8], _ length: Int) -> [UInt8] {
        var out = bytes
        for i in out.indices {
            let bitsHere = min(max(length - i * 8, 0), 8)
            out[i] &= bitsHere == 0 ? 0 : UInt8(truncatingIfNeeded: 0xFF << (8 - bitsHere))
        }
        return out
    }
}
