import MitsuCore

/// A filter over stored events. Every field left nil matches everything; set fields are ANDed.
public struct EventQuery: Sendable, Equatable {
    /// Inclusive lower bound on `@timestamp`.
    public var since: Timestamp?
    /// Exclusive upper bound on `@timestamp`, so that consecutive windows never count an event twice.
    public var until: Timestamp?
    public var honeypot: String?
    public var kind: EventKind?
    /// An exact address (`198.51.100.7`, `2001:db8::1`) or a CIDR block (`203.0.113.0/24`, `2001:db8::/32`).
    /// Addresses are compared in canonical form, so `2001:DB8:0::1` finds `2001:db8::1`, and an IPv4 query
    /// also finds clients that a dual-stack socket reported as `::ffff:a.b.c.d`.
    public var srcIP: String?
    public var session: SessionID?
    /// At most this many events are returned; ignored by `count`.
    public var limit: Int
    /// Newest first (the dashboard's default) or oldest first (replay, export).
    public var newestFirst: Bool

    public init(
        since: Timestamp? = nil, until: Timestamp? = nil, honeypot: String? = nil, kind: EventKind? = nil,
        srcIP: String? = nil, session: SessionID? = nil, limit: Int = 100, newestFirst: Bool = true
    ) {
        self.since = since
        self.until = until
        self.honeypot = honeypot
        self.kind = kind
        self.srcIP = srcIP
        self.session = session
        self.limit = limit
        self.newestFirst = newestFirst
    }
}
