/// Redis: a RESP array of bulk strings (`*2\r\n$3\r\nGET\r\n$1\r\nk\r\n`, what clients send) or an inline
/// command (`PING\r\n`, what scanners type) whose first word is a Redis command. `command` keeps the
/// first command and its first arguments.
enum RedisRecognizer {
    static let maxElements = 16
    /// Inline commands scanners and worms use; a generic word on a line is not Redis.
    static let inlineCommands: Set<String> = [
        "PING", "INFO", "CONFIG", "SET", "GET", "AUTH", "SLAVEOF", "REPLICAOF", "MODULE", "FLUSHALL", "FLUSHDB", "KEYS",
        "EVAL", "CLIENT", "COMMAND", "SELECT", "DBSIZE", "SAVE", "BGSAVE", "ECHO", "SCAN", "DEL", "SYSTEM",
    ]

    static func recognize(_ bytes: [UInt8]) -> DetectedProtocol? {
        bytes.first == UInt8(ascii: "*") ? array(bytes) : inline(bytes)
    }

    static func array(_ bytes: [UInt8]) -> DetectedProtocol? {
        var i = 1
        guard let count = number(bytes, &i), count >= 1, count <= 1 << 20 else { return nil }
        var words: [String] = []
        for _ in 0..<min(count, maxElements) {
            guard i < bytes.count, bytes[i] == UInt8(ascii: "$") else { break }
            i += 1
            guard let n = number(bytes, &i), n >= 0, n <= 512 << 20 else { return nil }
            let end = i + n
            words.append(ProtocolText.printable(bytes, i..<min(end, bytes.count)))
            guard end + 2 <= bytes.count, bytes[end] == 0x0d, bytes[end + 1] == 0x0a else { break }
            i = end + 2
        }
        // `*N\r\n` alone is too weak: the first element must be a bulk string.
        guard !words.isEmpty else { return nil }
        var d = DetectedProtocol(.redis)
        d.command = String(words.joined(separator: " ").prefix(DetectedProtocol.maxText))
        return d
    }

    /// Digits up to `\r\n` at `i`; advances past the CRLF.
    static func number(_ bytes: [UInt8], _ i: inout Int) -> Int? {
        var value = 0
        var digits = 0
        var negative = false
        if i < bytes.count, bytes[i] == UInt8(ascii: "-") { negative = true; i += 1 }
        while i < bytes.count, bytes[i] >= 0x30, bytes[i] <= 0x39, digits < 10 {
            value = value * 10 + Int(bytes[i] - 0x30)
            digits += 1
            i += 1
        }
        guard digits > 0, i + 1 < bytes.count, bytes[i] == 0x0d, bytes[i + 1] == 0x0a else { return nil }
        i += 2
        return negative ? -value : value
    }

    static func inline(_ bytes: [UInt8]) -> DetectedProtocol? {
        guard let lf = ProtocolText.lineEnd(bytes, from: 0, limit: 4096) else { return nil }
        let line = ProtocolText.trimCR(bytes, 0, lf)
        var w = 0
        while w < line.upperBound, w < 16, bytes[w] != 0x20 { w += 1 }
        let word = String(decoding: bytes[0..<w].map(ProtocolText.upper), as: UTF8.self)
        guard inlineCommands.contains(word) else { return nil }
        var d = DetectedProtocol(.redis)
        d.command = ProtocolText.printable(bytes, line)
        return d
    }
}

extension ProtocolText {
    static func upper(_ b: UInt8) -> UInt8 { b >= 0x61 && b <= 0x7a ? b - 0x20 : b }
}
