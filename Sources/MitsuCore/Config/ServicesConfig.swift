import Yams

// Dionaea's role (MitsuServices): one honeypot family per protocol, each its own worker.

/// The login rules a service shares with SSH's syntax: `user:password` patterns and "accept after".
public struct ServiceAuthConfig: Sendable, Equatable {
    public var rules: [String] = LoginPolicy.defaultRuleLines
    public var acceptAfter: Int = LoginPolicy.defaultAcceptAfter

    public func loginPolicy() -> LoginPolicy {
        LoginPolicy(rules: rules.compactMap(LoginPolicy.rule), acceptAfter: acceptAfter)
    }

    func nodes() -> [(String, Yams.Node)] { [("auth_rules", .strings(rules)), ("accept_after", .int(acceptAfter))] }

    mutating func apply(_ n: inout ConfigNode) throws {
        if let v = try n.strings("auth_rules") {
            for (i, line) in v.enumerated() where LoginPolicy.rule(line) == nil {
                throw n.error("auth_rules[\(i)]", "expected user:password (with *, /regex/ or a leading ! on the password)")
            }
            rules = v
        }
        if let v = try n.int("accept_after", in: 0...1000) { acceptAfter = v }
    }
}

/// FTP on 21: a vsftpd persona with a small fake tree; uploads are kept by SHA-256.
public struct FTPConfig: Sendable, Equatable {
    public var common: HoneypotConfig
    /// The 220 greeting text after the code (vsftpd 3.0.3 as Debian 12 ships it by default).
    public var banner: String = "(vsFTPd 3.0.3)"
    public var auth = ServiceAuthConfig()
    /// Largest upload kept (STOR/APPE); the transfer is cut with 451 beyond it.
    public var maxUploadBytes: Int = 16 << 20
    /// Seconds a data transfer (or waiting for its connection) may take.
    public var transferSeconds: Int = 120
    /// Failed logins after which the connection is closed (vsftpd max_login_fails).
    public var maxLoginFails: Int = 3

    public init() { common = HoneypotConfig(enabled: true, tcpPorts: [21], udpPorts: []) }

    func node() -> Yams.Node {
        .map(common.commonNodes() + [("banner", .str(banner))] + auth.nodes() + [
            ("max_upload_bytes", .int(maxUploadBytes)), ("transfer_seconds", .int(transferSeconds)),
            ("max_login_fails", .int(maxLoginFails)),
        ])
    }

    mutating func apply(_ n: inout ConfigNode) throws {
        try common.applyCommon(&n)
        if let v = try n.string("banner") {
            guard v.utf8.count <= 200, !v.contains("\r"), !v.contains("\n") else {
                throw n.error("banner", "must be one line of at most 200 bytes")
            }
            banner = v
        }
        try auth.apply(&n)
        if let v = try n.byteCount("max_upload_bytes", in: 1...(256 << 20)) { maxUploadBytes = v }
        if let v = try n.int("transfer_seconds", in: 1...3600) { transferSeconds = v }
        if let v = try n.int("max_login_fails", in: 1...100) { maxLoginFails = v }
        try n.finish()
    }
}

/// TFTP on 69/udp (RFC 1350 + options 2347/2348/2349): bait files to read, uploads kept by SHA-256.
public struct TFTPConfig: Sendable, Equatable {
    public var common: HoneypotConfig
    public var maxUploadBytes: Int = 16 << 20
    /// Seconds before an unacknowledged packet is sent again when the client asks for no timeout.
    public var timeoutSeconds: Int = 3
    /// Retransmissions of one packet before the transfer is abandoned.
    public var retries: Int = 5
    /// Transfers running at once, in total and per client address.
    public var maxTransfers: Int = 64
    public var maxTransfersPerIP: Int = 4

    public init() { common = HoneypotConfig(enabled: true, tcpPorts: [], udpPorts: [69]) }

    func node() -> Yams.Node {
        .map(common.commonNodes() + [
            ("max_upload_bytes", .int(maxUploadBytes)), ("timeout_seconds", .int(timeoutSeconds)),
            ("retries", .int(retries)), ("max_transfers", .int(maxTransfers)), ("max_transfers_per_ip", .int(maxTransfersPerIP)),
        ])
    }

    mutating func apply(_ n: inout ConfigNode) throws {
        try common.applyCommon(&n)
        if let v = try n.byteCount("max_upload_bytes", in: 1...(256 << 20)) { maxUploadBytes = v }
        if let v = try n.int("timeout_seconds", in: 1...255) { timeoutSeconds = v }
        if let v = try n.int("retries", in: 0...50) { retries = v }
        if let v = try n.int("max_transfers", in: 1...100_000) { maxTransfers = v }
        if let v = try n.int("max_transfers_per_ip", in: 1...10_000) { maxTransfersPerIP = v }
        try n.finish()
    }
}

/// MySQL on 3306: a handshake that captures the scrambled password in a crackable form.
public struct MySQLConfig: Sendable, Equatable {
    public var common: HoneypotConfig
    /// The version string of the greeting (MariaDB as Debian 12 ships it by default).
    public var serverVersion: String = "5.5.5-10.11.6-MariaDB-0+deb12u1"
    /// `mysql_native_password` (MariaDB, MySQL 5.x) or `caching_sha2_password` (MySQL 8 default).
    public var authPlugin: String = "mysql_native_password"
    /// Logins are refused unless a rule lets them in (a default honeypot keeps collecting hashes).
    public var auth = ServiceAuthConfig(rules: [], acceptAfter: 0)

    public init() { common = HoneypotConfig(enabled: true, tcpPorts: [3306], udpPorts: []) }

    func node() -> Yams.Node {
        .map(common.commonNodes() + [("server_version", .str(serverVersion)), ("auth_plugin", .str(authPlugin))] + auth.nodes())
    }

    mutating func apply(_ n: inout ConfigNode) throws {
        try common.applyCommon(&n)
        if let v = try n.string("server_version") {
            guard !v.isEmpty, v.utf8.count <= 60, v.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7f }) else {
                throw n.error("server_version", "must be 1-60 printable ASCII characters")
            }
            serverVersion = v
        }
        if let v = try n.string("auth_plugin") {
            guard ["mysql_native_password", "caching_sha2_password"].contains(v) else {
                throw n.error("auth_plugin", "expected mysql_native_password or caching_sha2_password, got '\(v.prefix(40))'")
            }
            authPlugin = v
        }
        try auth.apply(&n)
        try n.finish()
    }
}

/// Microsoft SQL Server on 1433: TDS pre-login and Login7, every login accepted by default so the
/// batches that follow (xp_cmdshell, …) are seen.
public struct MSSQLConfig: Sendable, Equatable {
    public var common: HoneypotConfig
    /// The version pre-login announces, `major.minor.build` (SQL Server 2019 CU by default).
    public var version: String = "15.0.2000"
    /// The server name clients see (`@@SERVERNAME`, login acknowledgement).
    public var serverName: String = "SQL01"
    public var auth = ServiceAuthConfig(rules: ["*:*"], acceptAfter: 0)

    public init() { common = HoneypotConfig(enabled: true, tcpPorts: [1433], udpPorts: []) }

    /// The parsed version, nil when malformed.
    public var versionParts: (major: Int, minor: Int, build: Int)? {
        let p = version.split(separator: ".").compactMap { Int($0) }
        guard p.count == 3, (0...255).contains(p[0]), (0...255).contains(p[1]), (0...65535).contains(p[2]) else { return nil }
        return (p[0], p[1], p[2])
    }

    func node() -> Yams.Node {
        .map(common.commonNodes() + [("version", .str(version)), ("server_name", .str(serverName))] + auth.nodes())
    }

    mutating func apply(_ n: inout ConfigNode) throws {
        try common.applyCommon(&n)
        if let v = try n.string("version") {
            version = v
            guard versionParts != nil else { throw n.error("version", "expected MAJOR.MINOR.BUILD such as 15.0.2000") }
        }
        if let v = try n.string("server_name") {
            guard !v.isEmpty, v.count <= 64, v.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
                throw n.error("server_name", "must be 1-64 letters, digits, '-' or '_'")
            }
            serverName = v
        }
        try auth.apply(&n)
        try n.finish()
    }
}

/// SIP on 5060 (UDP and TCP): an Asterisk (chan_sip) persona; digest answers are captured as hashcat
/// 11400 lines. Extensions in the list are challenged (401), others get 404, which is what lets
/// sipvicious' svwar "find" them.
public struct SIPConfig: Sendable, Equatable {
    public var common: HoneypotConfig
    /// The `Server:` header (chan_sip's `useragent`).
    public var userAgent: String = "Asterisk PBX 20.5.2"
    /// The digest realm of the challenges (chan_sip's default).
    public var realm: String = "asterisk"
    /// Extensions that exist: REGISTER and OPTIONS to them are challenged/answered, others get 404.
    public var extensions: [String] = (100...105).map(String.init)
    /// `user:password` rules for digest answers. Only `*` or an exact password can be checked (the password
    /// never travels), so a regex password never matches; by default every login is refused (hashes kept).
    public var authRules: [String] = []

    public init() { common = HoneypotConfig(enabled: true, tcpPorts: [5060], udpPorts: [5060]) }

    public func loginPolicy() -> LoginPolicy {
        LoginPolicy(rules: authRules.compactMap(LoginPolicy.rule), acceptAfter: 0)
    }

    func node() -> Yams.Node {
        .map(common.commonNodes() + [("user_agent", .str(userAgent)), ("realm", .str(realm)),
                                     ("extensions", .strings(extensions)), ("auth_rules", .strings(authRules))])
    }

    mutating func apply(_ n: inout ConfigNode) throws {
        try common.applyCommon(&n)
        func line(_ v: String, max: Int) -> Bool {
            !v.isEmpty && v.utf8.count <= max && v.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7f }
        }
        if let v = try n.string("user_agent") {
            guard line(v, max: 120) else { throw n.error("user_agent", "must be 1-120 printable ASCII characters") }
            userAgent = v
        }
        if let v = try n.string("realm") {
            guard line(v, max: 64), !v.contains("\""), !v.contains("\\") else {
                throw n.error("realm", "must be 1-64 printable ASCII characters without quotes or backslashes")
            }
            realm = v
        }
        if let v = try n.strings("extensions") {
            for (i, e) in v.enumerated() where e.isEmpty || e.count > 32 || !e.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.+*#".contains($0)) }) {
                throw n.error("extensions[\(i)]", "expected 1-32 letters, digits or -_.+*#, got '\(e.prefix(40))'")
            }
            guard v.count <= 10_000 else { throw n.error("extensions", "at most 10000 extensions") }
            extensions = v
        }
        if let v = try n.strings("auth_rules") {
            for (i, l) in v.enumerated() where LoginPolicy.rule(l) == nil {
                throw n.error("auth_rules[\(i)]", "expected user:password (with * or a leading ! on the password)")
            }
            authRules = v
        }
        try n.finish()
    }
}
