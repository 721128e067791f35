import Yams

/// MitsuWeb (Glastopf/TANNER's role): HTTP on `tcp_ports`, HTTPS on `https_ports`.
public struct WebConfig: Sendable, Equatable {
    public var common: HoneypotConfig
    public var httpsPorts: [Int] = [443, 8443]
    /// `nginx` (Debian 12's nginx 1.22.1) or `apache` (Debian's Apache 2.4).
    public var persona: String = "nginx"
    /// Host name in lures and the certificate's CN; empty: the SSH persona's host name.
    public var hostname: String = ""
    /// The certificate's O; empty: a plausible company picked once per install.
    public var tlsOrganization: String = ""
    /// Rules file (docs/web.md); empty: the built-in rules shipped with Mitsu.
    public var rulesFile: String = ""
    /// Largest request body accepted (nginx's client_max_body_size; above it: 413).
    public var maxBodySize: Int = 1 << 20
    /// Bytes of each raw request kept in the event's payload.
    public var rawCap: Int = 64 << 10
    /// Store request bodies and uploaded files as artifacts.
    public var storeBodies: Bool = true
    /// Fetch the URLs attacks point at (droppers, RFI targets) into artifacts: the shell's downloader and
    /// caps, off by default like `honeypots.ssh.downloads`.
    public var downloads = DownloadsConfig()

    public static let personas = ["nginx", "apache"]

    public init() {
        common = HoneypotConfig(enabled: true, tcpPorts: [80, 8080], udpPorts: [])
    }

    func node() -> Yams.Node {
        var pairs = common.commonNodes()
        pairs += [("https_ports", .ints(httpsPorts)), ("persona", .str(persona)), ("hostname", .str(hostname)),
                  ("tls_organization", .str(tlsOrganization)), ("rules_file", .str(rulesFile)),
                  ("max_body_size", .int(maxBodySize)), ("raw_cap", .int(rawCap)), ("store_bodies", .bool(storeBodies)),
                  ("downloads", downloads.node())]
        return .map(pairs)
    }

    mutating func apply(_ n: inout ConfigNode) throws {
        try common.applyCommon(&n)
        if let v = try n.ports("https_ports") {
            for p in v where common.tcpPorts.contains(p) {
                throw n.error("https_ports", "port \(p) is also in tcp_ports (plain HTTP)")
            }
            httpsPorts = v
        }
        if let v = try n.string("persona") {
            guard WebConfig.personas.contains(v) else {
                throw n.error("persona", "expected one of \(WebConfig.personas.joined(separator: ", ")), got '\(v.prefix(40))'")
            }
            persona = v
        }
        if let v = try n.string("hostname") {
            guard v.isEmpty || (v.count <= 253 && v.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "." })) else {
                throw n.error("hostname", "must be a host name (letters, digits, '-', '.')")
            }
            hostname = v
        }
        if let v = try n.string("tls_organization") {
            guard v.count <= 64 else { throw n.error("tls_organization", "at most 64 characters") }
            tlsOrganization = v
        }
        if let v = try n.string("rules_file") { rulesFile = v }
        if let v = try n.byteCount("max_body_size", in: 0...(64 << 20)) { maxBodySize = v }
        if let v = try n.byteCount("raw_cap", in: 1024...(16 << 20)) { rawCap = v }
        if let v = try n.bool("store_bodies") { storeBodies = v }
        if var d = try n.section("downloads") { try downloads.apply(&d) }
        try n.finish()
    }
}
