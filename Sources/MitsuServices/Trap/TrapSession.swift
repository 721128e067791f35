import MitsuCore

/// The state of one trap session, free of I/O: what the client sent (up to the cap), byte counts, and the
/// events that describe it. The NIO handler only feeds it bytes and asks it for events.
public struct TrapSession: Sendable {
    public let id: SessionID
    /// `destPort` is the port the client aimed at: the original port in all-port mode, not the listener's.
    public let endpoints: Endpoints
    public let transport: String
    public let startedAt: Timestamp
    public let cap: Int
    public private(set) var captured: [UInt8] = []
    public private(set) var bytesIn: Int64 = 0
    public private(set) var bytesOut: Int64 = 0
    /// Why the session ended, when it was not the client's own close.
    public var endReason: String?

    public init(id: SessionID = .next(), endpoints: Endpoints, transport: String = "tcp", cap: Int, startedAt: Timestamp = .now()) {
        self.id = id
        self.endpoints = endpoints
        self.transport = transport
        self.cap = cap
        self.startedAt = startedAt
    }

    public mutating func received<C: Collection>(_ bytes: C) where C.Element == UInt8 {
        bytesIn += Int64(bytes.count)
        let room = cap - captured.count
        if room > 0 { captured.append(contentsOf: bytes.prefix(room)) }
    }

    public mutating func sent(_ count: Int) { bytesOut += Int64(count) }

    func event(_ kind: EventKind, at time: Timestamp) -> Event {
        var e = Event(kind: kind, honeypot: "trap", session: id, timestamp: time)
        e.set(endpoints, transport: transport)
        return e
    }

    public func connectEvent() -> Event { event(.sessionConnect, at: startedAt) }

    /// The `payload` event (when the client sent anything) and the `session.close` event.
    public func closeEvents(at time: Timestamp = .now()) -> [Event] {
        var out: [Event] = []
        if bytesIn > 0 {
            var p = event(.payload, at: time)
            p.payload = PayloadInfo(captured: captured, totalLength: Int(clamping: bytesIn))
            // By content, not port: HTTP on 6379, TLS on 8443 (its JA3/JA4 say which tool connected), SSH on
            // 2375 … The label and what the recogniser read go into `protocol` and the usual fields.
            p.apply(ProtocolDetector.detect(captured, transport: transport == "udp" ? .udp : .tcp))
            out.append(p)
        }
        var c = event(.sessionClose, at: time)
        c.duration = Double(time.millisecondsSince1970 - startedAt.millisecondsSince1970) / 1000
        c.bytesIn = bytesIn
        c.bytesOut = bytesOut
        c.message = endReason
        out.append(c)
        return out
    }
}
