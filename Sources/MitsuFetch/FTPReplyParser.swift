/// The FTP client's view of the server (RFC 959 §4.2), sans I/O and import-free so the fuzzer compiles
/// it alone: bytes from the control connection in, complete replies out, and the passive-mode replies
/// (227 PASV, 229 EPSV) decoded. The server is the attacker's: every line, reply and buffer is capped,
/// and anything that is not a well-formed reply is an error, never a guess.
struct FTPReply: Equatable {
    /// Three digits, 100…599.
    var code: Int
    /// The text of every line, code and separator removed.
    var lines: [String]
    var text: String { lines.joined(separator: "\n") }
}

struct FTPReplyParser {
    enum Failure: Error, Equatable {
        case malformed
        case tooLong
    }

    static let maxLine = 2_048
    static let maxLinesPerReply = 200

    private var buffer: [UInt8] = []
    /// Lines of a multi-line reply so far (`123-first` … `123 last`).
    private var open: (code: Int, lines: [String])?

    /// Takes bytes as they arrive; returns the replies they completed.
    mutating func feed(_ bytes: some Sequence<UInt8>) throws(Failure) -> [FTPReply] {
        buffer.append(contentsOf: bytes)
        var replies: [FTPReply] = []
        // One pass with a cursor, one removal at the end (a burst of short lines stays linear).
        var start = 0
        while let nl = buffer[start...].firstIndex(of: 0x0A) {
            var line = Array(buffer[start..<nl])
            start = nl + 1
            if line.last == 0x0D { line.removeLast() }
            guard line.count <= FTPReplyParser.maxLine else { throw .tooLong }
            if let reply = try take(line) { replies.append(reply) }
        }
        buffer.removeFirst(start)
        guard buffer.count <= FTPReplyParser.maxLine else { throw .tooLong }
        return replies
    }

    private mutating func take(_ line: [UInt8]) throws(Failure) -> FTPReply? {
        let code = FTPReplyParser.code(line)
        let separator = line.count > 3 ? line[3] : 0x20
        if var pending = open {
            // Inside a multi-line reply any line is text; it ends at the same code followed by a space.
            let ends = code == pending.code && separator == 0x20
            pending.lines.append(FTPReplyParser.text(ends ? Array(line.dropFirst(4)) : line))
            guard pending.lines.count <= FTPReplyParser.maxLinesPerReply else { throw .tooLong }
            open = ends ? nil : pending
            return ends ? FTPReply(code: pending.code, lines: pending.lines) : nil
        }
        guard let code, separator == 0x20 || separator == 0x2D else { throw .malformed }
        let text = FTPReplyParser.text(Array(line.dropFirst(4)))
        if separator == 0x2D {
            open = (code, [text])
            return nil
        }
        return FTPReply(code: code, lines: [text])
    }

    private static func code(_ line: [UInt8]) -> Int? {
        guard line.count >= 3, line[0] >= 0x31, line[0] <= 0x35, line[1] >= 0x30, line[1] <= 0x39,
              line[2] >= 0x30, line[2] <= 0x39 else { return nil }
        return Int(line[0] - 0x30) * 100 + Int(line[1] - 0x30) * 10 + Int(line[2] - 0x30)
    }

    private static func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }
}

/// Where a passive-mode reply says to connect for data.
enum FTPPassive {
    /// `227 Entering Passive Mode (h1,h2,h3,h4,p1,p2)`: the six numbers (anywhere in the text, as
    /// servers vary the wording), each 0…255. Returns the dotted address and the port.
    static func pasv(_ reply: FTPReply) -> (host: String, port: Int)? {
        guard reply.code == 227 else { return nil }
        let text = Array(reply.text.utf8)
        func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
        // The first run of digits and commas that is exactly six numbers of one to three digits.
        var k = 0
        while k < text.count {
            guard isDigit(text[k]) else { k += 1; continue }
            var j = k
            while j < text.count, isDigit(text[j]) || text[j] == 0x2C { j += 1 }
            let parts = text[k..<j].split(separator: 0x2C, omittingEmptySubsequences: false)
            if parts.count == 6, parts.allSatisfy({ !$0.isEmpty && $0.count <= 3 }) {
                let numbers = parts.map { $0.reduce(0) { $0 * 10 + Int($1 - 0x30) } }
                guard numbers.allSatisfy({ $0 <= 255 }) else { return nil }
                let port = numbers[4] * 256 + numbers[5]
                guard port > 0 else { return nil }
                return ("\(numbers[0]).\(numbers[1]).\(numbers[2]).\(numbers[3])", port)
            }
            k = j
        }
        return nil
    }

    /// `229 Entering Extended Passive Mode (|||port|)` (RFC 2428): the port; the host is the control one.
    static func epsv(_ reply: FTPReply) -> Int? {
        guard reply.code == 229, let open = reply.text.firstIndex(of: "("), let close = reply.text.lastIndex(of: ")"),
              open < close else { return nil }
        let inside = Array(reply.text[reply.text.index(after: open)..<close].utf8)
        // `(` d d d port d `)` with the same delimiter character four times.
        guard inside.count >= 5, let d = inside.first, d >= 33, d <= 126, !(d >= 0x30 && d <= 0x39),
              inside[1] == d, inside[2] == d, inside.last == d else { return nil }
        let digits = inside[3..<(inside.count - 1)]
        guard !digits.isEmpty, digits.count <= 5, digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        let port = digits.reduce(0) { $0 * 10 + Int($1 - 0x30) }
        return port > 0 && port < 65_536 ? port : nil
    }

    /// The data address to use, or nil to refuse: a PASV address must be the control connection's own
    /// (a server naming another host could aim the fetch at anything — the classic FTP bounce).
    static func dataTarget(_ reply: FTPReply, controlHost: String) -> (host: String, port: Int)? {
        if let port = epsv(reply) { return (controlHost, port) }
        if let (host, port) = pasv(reply) { return host == controlHost ? (host, port) : nil }
        return nil
    }
}
