import Yams

/// MitsuDashboard: the web UI and `/api/v1`, served by the collector process (`mitsu run`).
/// Loopback by default: operators reach it with `ssh -L 64297:127.0.0.1:64297 user@sensor`.
public struct DashboardConfig: Sendable, Equatable {
    public var enabled: Bool = true
    /// Address to listen on (IPv4 or IPv6 literal). Anything but loopback exposes the login page.
    public var listen: String = "127.0.0.1"
    /// TCP port; `--port-offset` is added like for every honeypot. 0: any free port (the bound address
    /// is written to DATA/run/dashboard.url either way).
    public var port: Int = 64297
    /// Serve HTTPS with a self-signed certificate made once and kept in DATA/dashboard/ (cookies are then
    /// `Secure`, and HSTS is sent).
    public var tls: Bool = false
    /// Hours a login stays valid without activity.
    public var sessionHours: Int = 12
    /// Failed logins allowed per client address and per account within 15 minutes before more are refused.
    public var loginAttempts: Int = 5

    public init() {}

    /// The port to bind: `port + offset`, folded back into 1024…65535 when the sum is too large (test
    /// runs use offsets of 20000+, and every sensor must still get a distinct, valid port).
    public func effectivePort(offset: Int) -> Int {
        guard port != 0 else { return 0 }
        let p = port + offset
        guard p > 65535 else { return max(p, 1) }
        return 1024 + (p - 1024) % (65536 - 1024)
    }

    mutating func apply(_ n: inout ConfigNode) throws {
        if let v = try n.bool("enabled") { enabled = v }
        if let v = try n.string("listen") {
            guard IPText.isValid(v) else { throw n.error("listen", "expected an IPv4 or IPv6 address such as 127.0.0.1 or ::1, got '\(v.prefix(60))'") }
            listen = v
        }
        if let v = try n.int("port", in: 0...65535) { port = v }
        if let v = try n.bool("tls") { tls = v }
        if let v = try n.int("session_hours", in: 1...720) { sessionHours = v }
        if let v = try n.int("login_attempts", in: 1...1000) { loginAttempts = v }
        try n.finish()
    }

    func node() -> Node {
        .map([("enabled", .bool(enabled)), ("listen", .str(listen)), ("port", .int(port)), ("tls", .bool(tls)),
              ("session_hours", .int(sessionHours)), ("login_attempts", .int(loginAttempts))])
    }
}
