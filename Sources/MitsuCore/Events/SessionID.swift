/// A connection's id: 12 lowercase hex digits (48 random bits), as Cowrie and T-Pot show sessions.
public struct SessionID: Sendable, Hashable, Codable, CustomStringConvertible {
    public let rawValue: String

    /// Accepts exactly 12 lowercase hex digits.
    public init?(_ text: String) {
        guard text.utf8.count == 12, text.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) }) else {
            return nil
        }
        rawValue = text
    }

    public static func random() -> SessionID {
        var rng = SystemRandomNumberGenerator()
        let value = rng.next() & 0xFFFF_FFFF_FFFF
        let hex = String(value, radix: 16)
        return SessionID(uncheckedRaw: String(repeating: "0", count: 12 - hex.count) + hex)
    }

    private init(uncheckedRaw: String) { rawValue = uncheckedRaw }

    public var description: String { rawValue }

    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        let text = try c.decode(String.self)
        guard let id = SessionID(text) else {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: "a session id is 12 lowercase hex digits")
        }
        self = id
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rawValue)
    }
}
