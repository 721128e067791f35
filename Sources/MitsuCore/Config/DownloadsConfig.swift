import Yams

/// Whether and how the fake host really fetches what attackers download (wget, curl, tftp, ftpget).
/// Off by default: fetching attacker URLs is the operator's decision (a sensor that downloads malware
/// talks to the attacker's infrastructure). When on, every fetch is capped in size and time, and
/// addresses that are not public (private, loopback, link-local, documentation, multicast, reserved)
/// are refused unless `allow_private` says otherwise — tests set it to fetch from their own loopback.
public struct DownloadsConfig: Sendable, Equatable {
    public var enabled = false
    /// Private, loopback, link-local and CGNAT addresses become reachable (tests, lab networks).
    /// Documentation, multicast and reserved ranges stay refused.
    public var allowPrivate = false
    public var maxBytes = 8 << 20
    public var timeoutSeconds = 30
    /// Fetches one session may make; the rest fail like an unreachable host.
    public var perSession = 10
    public var maxRedirects = 5

    public init() {}

    func node() -> Yams.Node {
        .map([("enabled", .bool(enabled)), ("allow_private", .bool(allowPrivate)), ("max_bytes", .int(maxBytes)),
              ("timeout_seconds", .int(timeoutSeconds)), ("per_session", .int(perSession)), ("max_redirects", .int(maxRedirects))])
    }

    mutating func apply(_ n: inout ConfigNode) throws {
        if let v = try n.bool("enabled") { enabled = v }
        if let v = try n.bool("allow_private") { allowPrivate = v }
        if let v = try n.byteCount("max_bytes", in: 1...(256 << 20)) { maxBytes = v }
        if let v = try n.int("timeout_seconds", in: 1...600) { timeoutSeconds = v }
        if let v = try n.int("per_session", in: 0...1000) { perSession = v }
        if let v = try n.int("max_redirects", in: 0...20) { maxRedirects = v }
        try n.finish()
    }
}
