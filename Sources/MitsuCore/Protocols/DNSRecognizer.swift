/// A DNS query (RFC 1035): header with QR=0, one question, no answers, a well-formed name and a known
/// class. Over TCP the message follows a 2-byte length. Keeps the question's name and type.
enum DNSRecognizer {
    static let maxName = 255

    static func recognize(_ bytes: [UInt8], lengthPrefixed: Bool) -> DetectedProtocol? {
        var start = 0
        var end = bytes.count
        if lengthPrefixed {
            guard bytes.count >= 14 else { return nil }
            let length = Int(bytes[0]) << 8 | Int(bytes[1])
            guard length >= 12, length + 2 <= bytes.count else { return nil }
            start = 2
            end = 2 + length
        }
        var c = PayloadCursor(bytes, from: start, end: end)
        guard c.skip(2), let flags = c.u16(), flags & 0x8000 == 0, (flags >> 11) & 0xf <= 5,
              c.u16() == 1, c.u16() == 0, c.u16() == 0, let additional = c.u16(), additional <= 2 else { return nil }
        var labels: [String] = []
        var nameLength = 0
        while true {
            guard let n = c.u8(), n & 0xc0 == 0 else { return nil }
            if n == 0 { break }
            nameLength += Int(n) + 1
            guard nameLength <= maxName, let r = c.take(Int(n)) else { return nil }
            labels.append(ProtocolText.printable(bytes, r))
        }
        guard let type = c.u16(), let qclass = c.u16(), [1, 3, 4, 254, 255].contains(qclass) else { return nil }
        // Without additional records (EDNS OPT) the question must end the message.
        guard additional > 0 || c.remaining == 0 else { return nil }
        var d = DetectedProtocol(.dns)
        d.queryName = labels.isEmpty ? "." : labels.joined(separator: ".")
        d.queryType = type
        return d
    }

    /// Mnemonics for the query types scanners use; others as `TYPEnn` (RFC 3597).
    static func typeName(_ t: UInt16) -> String {
        switch t {
        case 1: return "A"
        case 2: return "NS"
        case 5: return "CNAME"
        case 6: return "SOA"
        case 12: return "PTR"
        case 15: return "MX"
        case 16: return "TXT"
        case 28: return "AAAA"
        case 33: return "SRV"
        case 35: return "NAPTR"
        case 43: return "DS"
        case 46: return "RRSIG"
        case 48: return "DNSKEY"
        case 64: return "SVCB"
        case 65: return "HTTPS"
        case 251: return "IXFR"
        case 252: return "AXFR"
        case 255: return "ANY"
        default: return "TYPE\(t)"
        }
    }
}
