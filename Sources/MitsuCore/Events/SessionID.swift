/// A connection's id: 12 lowercase hex digits, as Cowrie and T-Pot show sessions.
public struct SessionID: Sendable, Hashable, Codable, CustomStringConvertible {
    public let rawValue: String

    /// Accepts exactly 12 lowercase hex digits.
    public init?(_ text: String) {
        guard text.utf8.count == 12, text.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) }) else {
            return nil
        }
        rawValue = text
    }

    /// The id for a new connection. The first 5 hex digits are the minute (modulo 2^20, so they wrap
    /// every ~2 years, far beyond any retention) and the last 7 count up from a random start in each
    /// process. Ids therefore sort by time: the store's indexes on session take inserts at a handful of
    /// append points instead of one random page each in an index that grows with every connection — at
    /// 2 M stored events those random inserts cost a quarter of the collector's throughput. Within a
    /// process and minute ids are unique (2^28 a minute); two workers collide only if their counters
    /// overlap in the same minute, less often than 48 random bits do once tens of millions are stored.
    public static func next(now: Timestamp = .now()) -> SessionID {
        let minute = UInt64(max(0, now.millisecondsSince1970 / 60_000)) & 0xF_FFFF
        let count = SessionCounter.shared.next() & 0xFFF_FFFF
        return SessionID(value: minute << 28 | count)
    }

    /// 48 random bits: for tests and tools where ids need not sort by time.
    public static func random() -> SessionID {
        var rng = SystemRandomNumberGenerator()
        return SessionID(value: rng.next() & 0xFFFF_FFFF_FFFF)
    }

    private init(value: UInt64) {
        let hex = String(value, radix: 16)
        rawValue = String(repeating: "0", count: 12 - hex.count) + hex
    }

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

/// The per-process counter behind `SessionID.next()`, started at a random value so that two workers'
/// ids in the same minute are unlikely to meet.
private final class SessionCounter: @unchecked Sendable {
    static let shared = SessionCounter()
    private let lock = Lock()
    private var value: UInt64

    private init() {
        var rng = SystemRandomNumberGenerator()
        value = rng.next()
    }

    func next() -> UInt64 {
        lock.withLock {
            value &+= 1
            return value
        }
    }
}
