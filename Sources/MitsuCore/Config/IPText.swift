import Foundation

/// Validation and normalisation of textual IP addresses, shared by config checks, filters and events.
public enum IPText {
    public static func isValid(_ text: String) -> Bool { normalized(text) != nil }

    /// The canonical text of an IPv4 or IPv6 address (inet_ntop form); IPv4-mapped IPv6 (`::ffff:1.2.3.4`,
    /// what a dual-stack socket reports for IPv4 clients) becomes plain IPv4 so one client has one address.
    public static func normalized(_ text: String) -> String? {
        guard text.utf8.count <= 64, !text.utf8.contains(UInt8(ascii: "%")) else { return nil }
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 { return ntop(v4) }
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, text, &v6) == 1 else { return nil }
        if let mapped = mappedIPv4(v6) { return mapped }
        var buf = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        guard inet_ntop(AF_INET6, &v6, &buf, socklen_t(buf.count)) != nil else { return nil }
        return String(decoding: buf.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The IPv4 text of an IPv4-mapped IPv6 address (`::ffff:a.b.c.d`), nil for any other address. Also
    /// for addresses that never were text: a dual-stack socket's peer.
    public static func mappedIPv4(_ v6: in6_addr) -> String? {
        withUnsafeBytes(of: v6) { b in
            guard isIPv4Mapped(b) else { return nil }
            var v4 = in_addr()
            withUnsafeMutableBytes(of: &v4) { $0.copyBytes(from: b[12..<16]) }
            return ntop(v4)
        }
    }

    /// True for the 16 bytes of an IPv4-mapped IPv6 address (`::ffff:0:0/96`): ten zero bytes, then
    /// 0xFF 0xFF, then the IPv4 address. Any other length is not one.
    @inlinable
    public static func isIPv4Mapped<Bytes: Collection>(_ bytes: Bytes) -> Bool where Bytes.Element == UInt8 {
        guard bytes.count == 16 else { return false }
        var i = bytes.startIndex
        for n in 0..<12 {
            guard bytes[i] == (n < 10 ? 0 : 0xFF) else { return false }
            i = bytes.index(after: i)
        }
        return true
    }

    private static func ntop(_ a: in_addr) -> String? {
        var a = a
        var buf = [CChar](repeating: 0, count: Int(INET_ADDRSTRLEN))
        guard inet_ntop(AF_INET, &a, &buf, socklen_t(buf.count)) != nil else { return nil }
        return String(decoding: buf.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
