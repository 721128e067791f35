/// The identification-string exchange (RFC 4253 §4.2) as OpenSSH's sshd answers it: a first line that
/// does not start with "SSH-" gets "Invalid SSH identification string." and a close; a protocol major
/// other than 2 (or 1.99) gets "Protocol major versions differ.\r\n"; lines are capped.
public enum IdentificationResult: Equatable {
    case needMoreData
    case accepted(version: String, consumed: Int)
    case rejected(reply: [UInt8], reason: String)
}

public enum Identification {
    /// sshd reads at most this many bytes for the identification line.
    static let maxLine = 8192

    public static func parse(_ buffer: [UInt8]) -> IdentificationResult {
        guard let nl = buffer.firstIndex(of: 10) else {
            if buffer.count > maxLine {
                return .rejected(reply: Array("Invalid SSH identification string.".utf8), reason: "identification line too long")
            }
            // A line that is clearly not SSH is answered as soon as its first bytes show it.
            if buffer.count >= 4, Array(buffer.prefix(4)) != Array("SSH-".utf8) {
                return .needMoreData
            }
            return .needMoreData
        }
        var line = Array(buffer[..<nl])
        if line.last == 13 { line.removeLast() }
        let text = String(decoding: line, as: UTF8.self)
        guard text.hasPrefix("SSH-"), line.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) else {
            return .rejected(reply: Array("Invalid SSH identification string.".utf8), reason: "invalid identification: \(text.prefix(100))")
        }
        let parts = text.dropFirst(4).split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0] == "2.0" || parts[0] == "1.99" else {
            return .rejected(reply: Array("Protocol major versions differ.\r\n".utf8), reason: "protocol version \(parts.first ?? "")")
        }
        return .accepted(version: text, consumed: nl + 1)
    }
}
