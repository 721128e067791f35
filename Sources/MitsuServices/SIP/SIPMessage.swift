/// One SIP request (RFC 3261 §7) as the honeypot sees it: request line, headers in order (names
/// normalised from their compact forms), body. Responses sent to us are recognised only to be rejected.
public struct SIPRequest: Equatable, Sendable {
    public var method: String
    public var uri: String
    public var version: String
    /// In arrival order, names in their long form ("v" → "Via"), values trimmed. Repeated headers stay
    /// separate entries; Via order matters for the response.
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public static func == (a: SIPRequest, b: SIPRequest) -> Bool {
        a.method == b.method && a.uri == b.uri && a.version == b.version && a.body == b.body
            && a.headers.map(\.name) == b.headers.map(\.name) && a.headers.map(\.value) == b.headers.map(\.value)
    }

    /// The first value of a header, by its long name, case-insensitively.
    public func header(_ name: String) -> String? {
        let key = name.lowercased()
        return headers.first { $0.name.lowercased() == key }?.value
    }

    /// Every value of a header, comma-separated values split where that is safe (Via).
    public func values(_ name: String) -> [String] {
        let key = name.lowercased()
        return headers.filter { $0.name.lowercased() == key }.map(\.value)
    }
}

/// Why bytes were not a SIP request: the text goes into `protocol.error`.
public enum SIPParseError: Error, Equatable, CustomStringConvertible {
    case tooLarge(Int)
    case notUTF8
    case badRequestLine(String)
    case isResponse(String)
    case badHeader(String)
    case tooManyHeaders
    case badContentLength(String)
    case truncatedBody(expected: Int, got: Int)
    case missingHeader(String)

    public var description: String {
        switch self {
        case .tooLarge(let n): return "SIP message of \(n) bytes exceeds the limit"
        case .notUTF8: return "SIP head is not UTF-8 text"
        case .badRequestLine(let l): return "bad SIP request line '\(l)'"
        case .isResponse(let l): return "unexpected SIP response '\(l)'"
        case .badHeader(let l): return "bad SIP header line '\(l)'"
        case .tooManyHeaders: return "too many SIP header lines"
        case .badContentLength(let v): return "bad Content-Length '\(v)'"
        case .truncatedBody(let e, let g): return "SIP body truncated: Content-Length \(e), \(g) bytes present"
        case .missingHeader(let h): return "SIP request without \(h)"
        }
    }
}

public enum SIPMessage {
    /// The largest message accepted: a UDP datagram's payload can't be larger, and a TCP client gets
    /// no more room than that.
    public static let maxMessageBytes = 65_507
    public static let maxHeadBytes = 16 << 10
    public static let maxHeaderLines = 128
    /// Strings copied into errors and events are cut to this many characters.
    static let quoteCap = 120

    /// RFC 3261 §7.3.3 compact header names.
    static let compactForms: [String: String] = [
        "i": "Call-ID", "m": "Contact", "e": "Content-Encoding", "l": "Content-Length", "c": "Content-Type",
        "f": "From", "s": "Subject", "k": "Supported", "t": "To", "v": "Via", "u": "Allow-Events", "o": "Event",
        "r": "Refer-To", "b": "Referred-By", "x": "Session-Expires", "a": "Accept-Contact", "j": "Reject-Contact",
        "d": "Request-Disposition", "y": "Identity", "n": "Identity-Info",
    ]

    /// Canonical spelling of the headers the responses mirror, so "CALL-ID" and "call-id" compare.
    static let canonical: [String: String] = [
        "via": "Via", "from": "From", "to": "To", "call-id": "Call-ID", "cseq": "CSeq", "content-length": "Content-Length",
        "user-agent": "User-Agent", "contact": "Contact", "authorization": "Authorization",
        "proxy-authorization": "Proxy-Authorization", "max-forwards": "Max-Forwards", "content-type": "Content-Type",
    ]

    /// Index just past the blank line ending the head (CRLFCRLF, or bare LFLF from sloppy tools), and the
    /// head's length without it.
    static func headEnd(_ b: [UInt8], from start: Int = 0) -> (head: Int, next: Int)? {
        var i = start
        while i < b.count {
            if b[i] == 10 {
                if i + 1 < b.count, b[i + 1] == 10 { return (i, i + 2) }
                if i + 2 < b.count, b[i + 1] == 13, b[i + 2] == 10 { return (i, i + 3) }
            }
            i += 1
        }
        return nil
    }

    /// Parses a head (request line and headers, without the blank line).
    static func parseHead(_ head: ArraySlice<UInt8>) throws -> SIPRequest {
        guard head.count <= maxHeadBytes else { throw SIPParseError.tooLarge(head.count) }
        // The head must be text; a NUL or invalid UTF-8 means this is not SIP. Lines are split on bytes:
        // in a Swift String "\r\n" is one Character.
        guard !head.contains(0), String(validating: head, as: UTF8.self) != nil else { throw SIPParseError.notUTF8 }
        var lines: [Substring] = []
        for raw in head.split(separator: 10, omittingEmptySubsequences: false) {
            let bytes = raw.last == 13 ? raw.dropLast() : raw
            // A bare CR or another control byte inside a line would be mirrored into our answers (Via, From,
            // To, Call-ID, CSeq): such a message is rejected, not echoed.
            guard !bytes.contains(where: { $0 < 0x20 && $0 != 9 || $0 == 0x7f }) else {
                throw SIPParseError.badHeader(String(decoding: bytes.prefix(quoteCap), as: UTF8.self))
            }
            let line = Substring(String(decoding: bytes, as: UTF8.self))
            // Folded continuation lines (RFC 3261 §7.3.1) belong to the header above.
            if let first = line.first, first == " " || first == "\t", lines.count > 1 {
                lines[lines.count - 1] = Substring(lines[lines.count - 1] + " " + line.drop { $0 == " " || $0 == "\t" })
            } else {
                lines.append(line)
            }
            guard lines.count <= maxHeaderLines + 1 else { throw SIPParseError.tooManyHeaders }
        }
        // RFC 3261 §7.5: leading CRLFs before the start line are ignored.
        while let f = lines.first, f.isEmpty { lines.removeFirst() }
        // A datagram's head without the blank line still ends with its last CRLF.
        while let l = lines.last, l.isEmpty { lines.removeLast() }
        guard let first = lines.first else { throw SIPParseError.badRequestLine("") }
        let parts = first.split(separator: " ", omittingEmptySubsequences: true)
        if first.hasPrefix("SIP/") { throw SIPParseError.isResponse(String(first.prefix(quoteCap))) }
        guard parts.count == 3, isToken(parts[0]), parts[2].uppercased() == "SIP/2.0", parts[1].contains(":") else {
            throw SIPParseError.badRequestLine(String(first.prefix(quoteCap)))
        }
        var request = SIPRequest(method: String(parts[0]), uri: String(parts[1]), version: String(parts[2]), headers: [], body: [])
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { throw SIPParseError.badHeader(String(line.prefix(quoteCap))) }
            let rawName = line[..<colon].trimmingSpaces
            guard isToken(rawName) else { throw SIPParseError.badHeader(String(line.prefix(quoteCap))) }
            let lower = rawName.lowercased()
            let name = compactForms[lower] ?? canonical[lower] ?? String(rawName)
            request.headers.append((name, String(line[line.index(after: colon)...].trimmingSpaces)))
        }
        return request
    }

    /// The declared body length, nil when absent.
    static func contentLength(_ r: SIPRequest) throws -> Int? {
        guard let v = r.header("Content-Length") else { return nil }
        guard !v.isEmpty, v.count <= 9, v.allSatisfy({ $0.isASCII && $0.isNumber }), let n = Int(v) else {
            throw SIPParseError.badContentLength(String(v.prefix(quoteCap)))
        }
        guard n <= maxMessageBytes else { throw SIPParseError.tooLarge(n) }
        return n
    }

    /// Checks the headers every request must carry (RFC 3261 §8.1.1) before anything answers it.
    static func validate(_ r: SIPRequest) throws {
        for h in ["Via", "From", "To", "Call-ID", "CSeq"] where (r.header(h) ?? "").isEmpty {
            throw SIPParseError.missingHeader(h)
        }
        let cseq = r.header("CSeq")!.split(separator: " ", omittingEmptySubsequences: true)
        guard cseq.count == 2, cseq[0].count <= 10, UInt32(cseq[0]) != nil else {
            throw SIPParseError.badHeader("CSeq: " + String(r.header("CSeq")!.prefix(quoteCap)))
        }
    }

    /// A UDP datagram: one message; without Content-Length the body is the rest of the datagram
    /// (RFC 3261 §18.3).
    public static func parseDatagram(_ bytes: [UInt8]) throws -> SIPRequest {
        guard bytes.count <= maxMessageBytes else { throw SIPParseError.tooLarge(bytes.count) }
        let end = headEnd(bytes)
        // A datagram without the blank line is taken as a head only (some scanners omit it).
        var r = try parseHead(bytes[0..<(end?.head ?? bytes.count)])
        let bodyStart = end?.next ?? bytes.count
        let available = bytes.count - bodyStart
        if let n = try contentLength(r) {
            guard n <= available else { throw SIPParseError.truncatedBody(expected: n, got: available) }
            r.body = Array(bytes[bodyStart..<(bodyStart + n)])
        } else {
            r.body = Array(bytes[bodyStart...])
        }
        try validate(r)
        return r
    }
}

/// TCP framing (RFC 3261 §18.3): messages follow each other on the stream, each head ended by a blank
/// line and its body sized by Content-Length (mandatory on streams; absent means no body). Keep-alive
/// CRLFs between messages are skipped. Bounded: a head or message larger than the limits is an error.
public struct SIPStreamFramer: Sendable {
    private var buffer: [UInt8] = []
    /// Bytes of `buffer` already searched for the blank line, so a head trickling in byte by byte is not
    /// rescanned from its start each time (quadratic).
    private var scanned = 0
    private var pending: (request: SIPRequest, next: Int, length: Int)?

    public init() {}

    public var pendingBytes: Int { buffer.count }

    /// Adds bytes; returns the complete requests now available, or throws at the first bad one (the
    /// connection is closed then, so the framer's state after an error does not matter).
    public mutating func feed(_ bytes: [UInt8]) throws -> [(request: SIPRequest, raw: [UInt8])] {
        buffer += bytes
        var out: [(request: SIPRequest, raw: [UInt8])] = []
        while true {
            var start = 0
            while start < buffer.count, buffer[start] == 13 || buffer[start] == 10 { start += 1 }
            if start > 0 {
                buffer.removeFirst(start)
                scanned = 0
            }
            guard !buffer.isEmpty else { break }
            // A head already parsed, waiting for its body, is not parsed again for every chunk.
            let head: (request: SIPRequest, next: Int, length: Int)
            if let p = pending {
                head = p
            } else {
                // Resume a little before where the last search stopped: the terminator may straddle chunks.
                guard let end = SIPMessage.headEnd(buffer, from: max(0, scanned - 3)) else {
                    scanned = buffer.count
                    if buffer.count > SIPMessage.maxHeadBytes { throw SIPParseError.tooLarge(buffer.count) }
                    break
                }
                let r = try SIPMessage.parseHead(buffer[0..<end.head])
                let n = try SIPMessage.contentLength(r) ?? 0
                guard end.next + n <= SIPMessage.maxMessageBytes else { throw SIPParseError.tooLarge(end.next + n) }
                head = (r, end.next, n)
            }
            guard buffer.count >= head.next + head.length else {
                pending = head
                break
            }
            pending = nil
            var r = head.request
            let total = head.next + head.length
            r.body = Array(buffer[head.next..<total])
            let raw = Array(buffer[0..<total])
            buffer.removeFirst(total)
            scanned = 0
            try SIPMessage.validate(r)
            out.append((r, raw))
        }
        return out
    }
}

extension SIPMessage {
    /// RFC 3261 token characters (method and header names).
    static func isToken<S: StringProtocol>(_ s: S) -> Bool {
        !s.isEmpty && s.utf8.count <= 64 && s.utf8.allSatisfy { c in
            (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)
                || [UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "!"), UInt8(ascii: "%"), UInt8(ascii: "*"),
                    UInt8(ascii: "_"), UInt8(ascii: "+"), UInt8(ascii: "`"), UInt8(ascii: "'"), UInt8(ascii: "~")].contains(c)
        }
    }
}

extension Substring {
    var trimmingSpaces: Substring {
        let s = self
        guard let a = s.firstIndex(where: { $0 != " " && $0 != "\t" }) else { return s[s.endIndex...] }
        let b = s.lastIndex(where: { $0 != " " && $0 != "\t" })!
        return Substring(s[a...b])
    }
}
