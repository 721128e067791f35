/// The 4-byte framing in front of every SMB message: RFC 1002's session service on 139 (type, flags,
/// 17-bit length) and MS-SMB2's "direct TCP" on 445 (a zero byte and a 24-bit length). Both put 0x00
/// first for a message, so one reader serves both ports; the session request (0x81) and keep-alive
/// (0x85) only occur on 139.
public enum NetBIOSFrame: Equatable, Sendable {
    /// An SMB message (0x00).
    case message([UInt8])
    /// A session request (0x81) naming the server it wants; answered with a positive response.
    case sessionRequest(called: String)
    case keepAlive
    /// A type the session service does not define, or a length above the cap: the caller closes.
    case invalid(String)

    public static let headerLength = 4

    /// Reads one frame from the front of `inbox`; nil while it is incomplete. `maxLength` caps what a
    /// peer can make the session buffer.
    public static func next(_ inbox: inout [UInt8], maxLength: Int) -> NetBIOSFrame? {
        guard inbox.count >= headerLength else { return nil }
        let type = inbox[0]
        let length: Int
        switch type {
        case 0x00: length = Int(inbox[1]) << 16 | Int(inbox[2]) << 8 | Int(inbox[3])
        case 0x81, 0x85: length = Int(inbox[1] & 0x01) << 16 | Int(inbox[2]) << 8 | Int(inbox[3])
        default: return .invalid("NetBIOS session packet type 0x\(Hex.string([type]))")
        }
        guard length <= maxLength else { return .invalid("NetBIOS frame of \(length) bytes over the cap of \(maxLength)") }
        guard inbox.count >= headerLength + length else { return nil }
        let body = Array(inbox[headerLength..<(headerLength + length)])
        inbox.removeFirst(headerLength + length)
        switch type {
        case 0x00: return .message(body)
        case 0x85: return .keepAlive
        default: return .sessionRequest(called: decodeName(body))
        }
    }

    /// Frames an SMB message for either port.
    public static func frame(_ message: [UInt8]) -> [UInt8] {
        let n = message.count
        return [0x00, UInt8(truncatingIfNeeded: n >> 16), UInt8(truncatingIfNeeded: n >> 8), UInt8(truncatingIfNeeded: n)] + message
    }

    /// POSITIVE SESSION RESPONSE: Windows accepts any called name that is its own or *SMBSERVER.
    public static let positiveResponse: [UInt8] = [0x82, 0, 0, 0]
    /// NEGATIVE SESSION RESPONSE with error 0x8F (unspecified).
    public static let negativeResponse: [UInt8] = [0x83, 0, 0, 1, 0x8f]

    /// The called name of a session request: RFC 1001 "first-level encoding", two letters 'A'+nibble
    /// per byte after a length byte; 15 name bytes and a suffix byte. Returns the trimmed name, or ""
    /// when the encoding is broken (the request is still answered).
    static func decodeName(_ body: [UInt8]) -> String {
        guard let len = body.first, len == 32, body.count >= 33 else { return "" }
        var out: [UInt8] = []
        var i = 1
        while i + 1 < 33 {
            let hi = body[i] &- 0x41, lo = body[i + 1] &- 0x41
            guard hi < 16, lo < 16 else { return "" }
            out.append(hi << 4 | lo)
            i += 2
        }
        let name = out.prefix(15).filter { $0 >= 0x21 && $0 < 0x7f }
        return String(decoding: name, as: UTF8.self)
    }
}
