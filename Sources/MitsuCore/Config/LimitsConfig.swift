import Yams

/// Caps that protect the sensor from its visitors. Set globally under `limits:` and overridable per
/// honeypot under `honeypots.NAME.limits:`.
public struct LimitsConfig: Sendable, Equatable {
    /// Open connections across the whole worker; new ones beyond this are refused and counted.
    public var maxConnections: Int = 4096
    /// Open connections from one source address.
    public var maxConnectionsPerIP: Int = 64
    /// Bytes a single session may send before it is closed.
    public var sessionBytes: Int = 4 << 20
    /// Wall-clock lifetime of a session.
    public var sessionSeconds: Int = 600
    /// A session that sends nothing for this long is closed.
    public var idleSeconds: Int = 120
    /// Listen backlog. Bursts of hundreds of SYNs are normal for a honeypot; the kernel caps this at
    /// net.core.somaxconn.
    public var backlog: Int = 4096

    public init() {}

    func node() -> Yams.Node {
        .map([("max_connections", .int(maxConnections)), ("max_connections_per_ip", .int(maxConnectionsPerIP)),
              ("session_bytes", .int(sessionBytes)), ("session_seconds", .int(sessionSeconds)),
              ("idle_seconds", .int(idleSeconds)), ("backlog", .int(backlog))])
    }

    mutating func apply(_ n: inout ConfigNode) throws {
        if let v = try n.int("max_connections", in: 1...1_000_000) { maxConnections = v }
        if let v = try n.int("max_connections_per_ip", in: 1...1_000_000) { maxConnectionsPerIP = v }
        if let v = try n.byteCount("session_bytes", in: 1...(1 << 40)) { sessionBytes = v }
        if let v = try n.int("session_seconds", in: 1...86_400 * 7) { sessionSeconds = v }
        if let v = try n.int("idle_seconds", in: 1...86_400) { idleSeconds = v }
        if let v = try n.int("backlog", in: 1...65_535) { backlog = v }
        try n.finish()
    }
}
