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
        let bytes = withUnsafeBytes(of: v6) { Array($0) }
        if bytes[0..<10].allSatisfy({ $0 == 0 }), bytes[10] == 0xFF, bytes[11] == 0xFF {
            var mapped = in_addr()
            withUnsafeMutableBytes(of: &mapped) { $0.copyBytes(from: bytes[12..<16]) }
            return ntop(mapped)
        }
        var buf = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        guard inet_ntop(AF_INET6, &v6, &buf, socklen_t(buf.count)) != nil else { return nil }
        return String(decoding: buf.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    private static func ntop(_ a: in_addr) -> String? {
        var a = a
        var buf = [CChar](repeating: 0, count: Int(INET_ADDRSTRLEN))
        guard inet_ntop(AF_INET, &a, &buf, socklen_t(buf.count)) != nil else { return nil }
        return String(decoding: buf.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
