/// Text → `IPAddress`, over raw UTF-8 so that parsing the source address of every event allocates nothing.
///
/// The input may come from a log line or a PROXY header, i.e. from an attacker: every index is checked
/// and lengths are capped before any work is done.
enum IPAddressParser {
    /// Longer than any address with a zone id we are willing to accept.
    private static let maxLength = 64

    static func parse(_ text: UnsafeBufferPointer<UInt8>) -> IPAddress? {
        guard !text.isEmpty, text.count <= maxLength else { return nil }
        var end = text.count
        // A zone id (`fe80::1%eth0`) names a local interface; it does not change the address.
        if let percent = text.firstIndex(of: UInt8(ascii: "%")) { end = percent }
        let body = UnsafeBufferPointer(rebasing: text[0..<end])
        if body.contains(UInt8(ascii: ":")) { return parseIPv6(body) }
        guard end == text.count, let v4 = parseIPv4(body) else { return nil }
        return IPAddress(ipv4: v4)
    }

    /// Strict dotted quad: four decimal octets, no leading zeros (they mean octal to some parsers, so
    /// accepting them would make the same text name two addresses).
    static func parseIPv4(_ text: UnsafeBufferPointer<UInt8>) -> UInt32? {
        guard text.count >= 7, text.count <= 15 else { return nil }
        var value: UInt32 = 0
        var octet: UInt32 = 0
        var digits = 0
        var dots = 0
        var leadingZero = false
        for c in text {
            if c >= 48 && c <= 57 {
                if digits == 1 && leadingZero { return nil }
                if digits == 0 { leadingZero = c == 48 }
                octet = octet * 10 + UInt32(c - 48)
                digits += 1
                guard digits <= 3, octet <= 255 else { return nil }
            } else if c == UInt8(ascii: ".") {
                guard digits > 0, dots < 3 else { return nil }
                value = value << 8 | octet
                octet = 0
                digits = 0
                dots += 1
            } else {
                return nil
            }
        }
        guard dots == 3, digits > 0 else { return nil }
        return value << 8 | octet
    }

    static func parseIPv6(_ text: UnsafeBufferPointer<UInt8>) -> IPAddress? {
        guard text.count >= 2, text.count <= 45 else { return nil }
        var groups: (UInt16, UInt16, UInt16, UInt16, UInt16, UInt16, UInt16, UInt16) = (0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        var gapAt = -1
        var i = 0
        let n = text.count

        func set(_ index: Int, _ value: UInt16) {
            withUnsafeMutableBytes(of: &groups) { raw in
                raw.storeBytes(of: value, toByteOffset: index * 2, as: UInt16.self)
            }
        }

        if text[0] == UInt8(ascii: ":") {
            guard n >= 2, text[1] == UInt8(ascii: ":") else { return nil }
            gapAt = 0
            i = 2
        }
        while i < n {
            guard count < 8 else { return nil }
            // A group ending in '.' is an embedded IPv4 tail: it fills the last two groups.
            var j = i
            var value: UInt32 = 0
            var sawDot = false
            while j < n, text[j] != UInt8(ascii: ":") {
                if text[j] == UInt8(ascii: ".") { sawDot = true }
                j += 1
            }
            if sawDot {
                guard j == n, count <= 6,
                      let v4 = parseIPv4(UnsafeBufferPointer(rebasing: text[i..<j])) else { return nil }
                set(count, UInt16(truncatingIfNeeded: v4 >> 16))
                set(count + 1, UInt16(truncatingIfNeeded: v4))
                count += 2
                i = j
                break
            }
            let digits = j - i
            guard digits >= 1, digits <= 4 else { return nil }
            for k in i..<j {
                guard let d = hexValue(text[k]) else { return nil }
                value = value << 4 | UInt32(d)
            }
            set(count, UInt16(truncatingIfNeeded: value))
            count += 1
            i = j
            if i < n {
                // At a ':'. A second ':' marks the single allowed gap.
                i += 1
                if i < n, text[i] == UInt8(ascii: ":") {
                    guard gapAt < 0 else { return nil }
                    gapAt = count
                    i += 1
                } else if i == n {
                    return nil // a trailing single ':'
                }
            }
        }
        if gapAt >= 0 {
            guard count < 8 else { return nil }
            // Move the groups after the gap to the end, zero-filling the gap.
            let tail = count - gapAt
            var shifted: (UInt16, UInt16, UInt16, UInt16, UInt16, UInt16, UInt16, UInt16) = (0, 0, 0, 0, 0, 0, 0, 0)
            withUnsafeBytes(of: groups) { src in
                withUnsafeMutableBytes(of: &shifted) { dst in
                    for g in 0..<gapAt {
                        dst.storeBytes(of: src.load(fromByteOffset: g * 2, as: UInt16.self), toByteOffset: g * 2, as: UInt16.self)
                    }
                    for g in 0..<tail {
                        let value = src.load(fromByteOffset: (gapAt + g) * 2, as: UInt16.self)
                        dst.storeBytes(of: value, toByteOffset: (8 - tail + g) * 2, as: UInt16.self)
                    }
                }
            }
            groups = shifted
        } else {
            guard count == 8 else { return nil }
        }
        let (g0, g1, g2, g3, g4, g5, g6, g7) = groups
        let high = UInt64(g0) << 48 | UInt64(g1) << 32 | UInt64(g2) << 16 | UInt64(g3)
        let low = UInt64(g4) << 48 | UInt64(g5) << 32 | UInt64(g6) << 16 | UInt64(g7)
        return IPAddress(high: high, low: low)
    }

    private static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case 48...57: return c - 48
        case 97...102: return c - 87
        case 65...70: return c - 55
        default: return nil
        }
    }
}
