import Foundation
import Yams

/// What every honeypot family has: whether it runs, where it listens, and its limits.
public struct HoneypotConfig: Sendable, Equatable {
    public var enabled: Bool
    /// Addresses to bind. `::` is dual-stack (IPv4 arrives as v4-mapped), the default.
    public var listen: [String] = ["::"]
    public var tcpPorts: [Int]
    public var udpPorts: [Int]
    public var limits: LimitsConfig

    public init(enabled: Bool = true, tcpPorts: [Int] = [], udpPorts: [Int] = [], limits: LimitsConfig = LimitsConfig()) {
        self.enabled = enabled
        self.tcpPorts = tcpPorts
        self.udpPorts = udpPorts
        self.limits = limits
    }


    func commonNodes() -> [(String, Yams.Node)] {
        [("enabled", .bool(enabled)), ("listen", .strings(listen)), ("tcp_ports", .ints(tcpPorts)),
         ("udp_ports", .ints(udpPorts)), ("limits", limits.node())]
    }

    /// Reads the common keys; the caller reads its family's own keys from the same node and then
    /// calls `finish()`.
    mutating func applyCommon(_ n: inout ConfigNode) throws {
        if let v = try n.bool("enabled") { enabled = v }
        if let v = try n.strings("listen") {
            for (i, addr) in v.enumerated() where !IPText.isValid(addr) {
                throw n.error("listen[\(i)]", "'\(addr.prefix(60))' is not an IPv4 or IPv6 address")
            }
            listen = v
        }
        if let v = try n.ports("tcp_ports") { tcpPorts = v }
        if let v = try n.ports("udp_ports") { udpPorts = v }
        if var l = try n.section("limits") { try limits.apply(&l) }
    }
}

/// honeytrap's role: catch whatever arrives on ports no other honeypot serves.
public struct TrapConfig: Sendable, Equatable {
    public var common: HoneypotConfig
    /// Bytes of client payload kept per session; the rest is counted but dropped.
    public var payloadCap: Int = 64 << 10
    /// Seconds to wait for client bytes before closing (most scanners speak first or not at all).
    public var readTimeoutSeconds: Int = 30
    /// Canned first response per port (like honeytrap's responses/): sent on connect for TCP, as the
    /// answer to each datagram for UDP. YAML escapes (`"\r\n"`, `"\x00"`) give exact bytes.
    public var responses: [Int: String] = [:]
    /// All-port mode: one extra listener that receives every otherwise unserved TCP port through an
    /// iptables REDIRECT; the original port is read with SO_ORIGINAL_DST.
    public var allPorts: Bool = false
    public var allPortsListenPort: Int = 65_432

    /// Commonly scanned ports that no other Mitsu honeypot serves.
    public static let defaultTCPPorts = [
        81, 110, 111, 135, 143, 389, 502, 1080, 1723, 1883, 2375, 2376, 3389, 4444, 5000, 5432,
        5555, 5900, 6379, 7547, 8000, 8081, 8888, 9000, 9200, 11211, 27017, 37777, 49152,
    ]
    public static let defaultUDPPorts = [19, 123, 161, 389, 1900, 3702, 5683, 11211]

    public init() {
        common = HoneypotConfig(enabled: true, tcpPorts: TrapConfig.defaultTCPPorts, udpPorts: TrapConfig.defaultUDPPorts)
    }


    func node() -> Yams.Node {
        var pairs = common.commonNodes()
        pairs += [("payload_cap", .int(payloadCap)), ("read_timeout_seconds", .int(readTimeoutSeconds)),
                  ("responses", .map(responses.keys.sorted().map { (String($0), Yams.Node(responses[$0] ?? "", Tag(.str), .doubleQuoted)) })),
                  ("all_ports", .bool(allPorts)), ("all_ports_listen_port", .int(allPortsListenPort))]
        return .map(pairs)
    }

    mutating func apply(_ n: inout ConfigNode) throws {
        try common.applyCommon(&n)
        if let v = try n.byteCount("payload_cap", in: 1...(16 << 20)) { payloadCap = v }
        if let v = try n.int("read_timeout_seconds", in: 1...3600) { readTimeoutSeconds = v }
        if let v = try n.bool("all_ports") { allPorts = v }
        if let v = try n.int("all_ports_listen_port", in: 1...65535) { allPortsListenPort = v }
        if let r = try n.section("responses") {
            var out: [Int: String] = [:]
            for (key, value) in try r.entries() {
                guard let port = Int(key), (1...65535).contains(port) else {
                    throw value.error("is not a port number 1-65535")
                }
                guard let text = value.scalarText else { throw value.error("expected the response text") }
                out[port] = text
            }
            responses = out
        }
        try n.finish()
    }
}

/// Cowrie/Kippo's role: SSH (and, in the same worker, Telnet) logins and the shell behind them.
public struct SSHConfig: Sendable, Equatable {
    public var common: HoneypotConfig
    /// Host name the fake host shows; empty: chosen at random once per install and kept.
    public var hostname: String = ""
    /// Failed attempts after which the connection is closed (OpenSSH MaxAuthTries).
    public var maxAuthTries: Int = 6
    /// Seconds a client has to authenticate (OpenSSH LoginGraceTime).
    public var loginGraceSeconds: Int = 120
    /// `user:password` rules, first match wins (`*`, `/regex/`, `!` denies); see docs/configuration.md.
    public var authRules: [String] = LoginPolicy.defaultRuleLines
    /// Unmatched pairs succeed on an address's Nth distinct attempt (0: never).
    public var acceptAfter: Int = LoginPolicy.defaultAcceptAfter
    /// Bytes after which the server starts a new key exchange (OpenSSH RekeyLimit); 0: the cipher's own
    /// limit, as OpenSSH's "default" (1 GiB for 8-byte-block ciphers, 2^32 blocks for AES).
    public var rekeyBytes: Int = 0
    /// Seconds after which the server rekeys (RekeyLimit's second field); 0: never, OpenSSH's default.
    public var rekeySeconds: Int = 0
    /// OpenSSH MaxStartups `start:rate:full`: unauthenticated connections beyond `start` are dropped
    /// with a probability rising from `rate` % to 100 % at `full`.
    public var maxStartups = MaxStartups(start: 10, rate: 30, full: 100)
    /// Real fetching of what attackers download in the fake host (shared by Telnet).
    public var downloads = DownloadsConfig()
    /// What the server presents: a built-in persona name or a persona file (relative to the config file).
    public var persona: String = SSHConfig.builtinPersonas[0]
    /// The loaded persona file, when `persona` names one.
    public var personaSpec: SSHPersonaSpec?

    /// Personas compiled into MitsuSSH; the first is the default.
    public static let builtinPersonas = ["openssh-9.2p1-debian12", "dropbear-2022.83"]

    public init() {
        common = HoneypotConfig(enabled: true, tcpPorts: [22, 2222], udpPorts: [])
    }

    public func loginPolicy() -> LoginPolicy {
        LoginPolicy(rules: authRules.compactMap(LoginPolicy.rule), acceptAfter: acceptAfter)
    }

    func node() -> Yams.Node {
        var pairs = common.commonNodes()
        pairs += [("hostname", .str(hostname)), ("max_auth_tries", .int(maxAuthTries)),
                  ("login_grace_seconds", .int(loginGraceSeconds)), ("auth_rules", .strings(authRules)),
                  ("accept_after", .int(acceptAfter)), ("rekey_bytes", .int(rekeyBytes)), ("rekey_seconds", .int(rekeySeconds)),
                  ("persona", .str(persona)), ("max_startups", .str("\(maxStartups.start):\(maxStartups.rate):\(maxStartups.full)")),
                  ("downloads", downloads.node())]
        return .map(pairs)
    }

    mutating func apply(_ n: inout ConfigNode) throws {
        try common.applyCommon(&n)
        if let v = try n.string("hostname") {
            guard v.isEmpty || (v.count <= 63 && v.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" })) else {
                throw n.error("hostname", "must be a host name label (letters, digits, '-', at most 63)")
            }
            hostname = v
        }
        if let v = try n.int("max_auth_tries", in: 1...100) { maxAuthTries = v }
        if let v = try n.int("login_grace_seconds", in: 1...3600) { loginGraceSeconds = v }
        if let v = try n.strings("auth_rules") {
            for (i, line) in v.enumerated() where LoginPolicy.rule(line) == nil {
                throw n.error("auth_rules[\(i)]", "expected user:password (with *, /regex/ or a leading ! on the password)")
            }
            authRules = v
        }
        if let v = try n.int("accept_after", in: 0...1000) { acceptAfter = v }
        // OpenSSH refuses RekeyLimit below 16 bytes.
        if let v = try n.byteCount("rekey_bytes", in: 0...(1 << 40)) {
            guard v == 0 || v >= 16 else { throw n.error("rekey_bytes", "must be 0 (cipher default) or at least 16") }
            rekeyBytes = v
        }
        if let v = try n.int("rekey_seconds", in: 0...(30 * 86_400)) { rekeySeconds = v }
        if var d = try n.section("downloads") { try downloads.apply(&d) }
        if let v = try n.string("max_startups") {
            let parts = v.split(separator: ":").map { Int($0) }
            guard parts.count == 3, let start = parts[0], let rate = parts[1], let full = parts[2],
                  start >= 1, (0...100).contains(rate), full > start, full <= 1_000_000 else {
                throw n.error("max_startups", "expected start:rate:full as OpenSSH's MaxStartups, e.g. 10:30:100")
            }
            maxStartups = MaxStartups(start: start, rate: rate, full: full)
        }
        if let v = try n.string("persona") {
            if !SSHConfig.builtinPersonas.contains(v) {
                let base = (n.file as NSString).deletingLastPathComponent
                let path = v.hasPrefix("/") || base.isEmpty ? v : base + "/" + v
                guard FileManager.default.fileExists(atPath: path) else {
                    throw n.error("persona", "neither a built-in persona (\(SSHConfig.builtinPersonas.joined(separator: ", "))) nor a readable file: \(path)")
                }
                personaSpec = try SSHPersonaSpec.load(path: path)
            }
            persona = v
        }
        try n.finish()
    }
}

/// Telnet on 23 and 2323; logins follow `honeypots.ssh`'s rules and host name.
public struct TelnetConfig: Sendable, Equatable {
    public var common: HoneypotConfig

    public init() {
        common = HoneypotConfig(enabled: true, tcpPorts: [23, 2323], udpPorts: [])
    }

    func node() -> Yams.Node { .map(common.commonNodes()) }

    mutating func apply(_ n: inout ConfigNode) throws {
        try common.applyCommon(&n)
        try n.finish()
    }
}

/// OpenSSH's MaxStartups triple.
public struct MaxStartups: Sendable, Equatable {
    public var start: Int
    public var rate: Int
    public var full: Int

    public init(start: Int, rate: Int, full: Int) {
        self.start = start
        self.rate = rate
        self.full = full
    }
}
