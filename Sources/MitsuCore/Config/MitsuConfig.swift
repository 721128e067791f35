import Foundation
import Yams

/// The whole configuration. Every value has a built-in default, so `mitsu run` needs no file; a file
/// overrides only what it names. Unknown keys and bad values are errors naming the file, line and key.
public struct MitsuConfig: Sendable, Equatable {
    public var sensor = SensorConfig()
    public var collector = CollectorConfig()
    public var store = StoreConfig()
    public var geoip = GeoIPConfig()
    public var supervisor = SupervisorConfig()
    public var ids = IDSConfig()
    /// Defaults for every honeypot; each honeypot may override them under its own `limits:`.
    public var limits = LimitsConfig()
    public var trap = TrapConfig()
    public var ssh = SSHConfig()
    public var telnet = TelnetConfig()
    // MitsuWeb
    public var web = WebConfig()
    // MitsuServices (Dionaea's protocols).
    public var ftp = FTPConfig()
    public var tftp = TFTPConfig()
    public var mysql = MySQLConfig()
    public var mssql = MSSQLConfig()
    public var smb = SMBConfig()
    public var sip = SIPConfig()
    // MitsuDashboard
    public var dashboard = DashboardConfig()

    public init() {}

    /// The honeypot families that run as `mitsu worker NAME`, in start order.
    public static let familyNames = ["ssh", "telnet", "trap", "web", "ftp", "tftp", "mysql", "mssql", "smb", "sip"]

    public var enabledFamilies: [String] {
        MitsuConfig.familyNames.filter { family($0)?.enabled ?? false }
    }

    public func family(_ name: String) -> HoneypotConfig? {
        switch name {
        case "trap": return trap.common
        case "ssh": return ssh.common
        case "telnet": return telnet.common
        case "web":
            // Every TCP port the family serves (HTTP and HTTPS), e.g. for the trap's all-port rules.
            var c = web.common
            c.tcpPorts += web.httpsPorts
            return c
        case "ftp": return ftp.common
        case "tftp": return tftp.common
        case "mysql": return mysql.common
        case "mssql": return mssql.common
        case "smb": return smb.common
        case "sip": return sip.common
        default: return nil
        }
    }

    /// Parses YAML text. `file` is only used in error messages.
    public static func parse(_ yaml: String, file: String) throws -> MitsuConfig {
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch let e as YamlError {
            throw ConfigError(file: file, line: Self.line(of: e), key: "", message: "not valid YAML: \(Self.summary(of: e))")
        }
        var config = MitsuConfig()
        guard let root else { return config }
        var n = ConfigNode(node: root, file: file, path: "")
        try config.apply(&n)
        return config
    }

    public static func load(path: String) throws -> MitsuConfig {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ConfigError(file: path, line: nil, key: "", message: "cannot read the file (\(error.localizedDescription))")
        }
        return try parse(text, file: path)
    }

    mutating func apply(_ n: inout ConfigNode) throws {
        if var s = try n.section("sensor") { try sensor.apply(&s) }
        if var s = try n.section("collector") { try collector.apply(&s) }
        if var s = try n.section("store") { try store.apply(&s) }
        if var s = try n.section("geoip") { try geoip.apply(&s) }
        if var s = try n.section("supervisor") { try supervisor.apply(&s) }
        if var s = try n.section("ids") { try ids.apply(&s) }
        if var s = try n.section("dashboard") { try dashboard.apply(&s) }
        if var s = try n.section("limits") {
            try limits.apply(&s)
            // Honeypots inherit the global limits unless they set their own (applied below).
            trap.common.limits = limits
            ssh.common.limits = limits
            telnet.common.limits = limits
            web.common.limits = limits
            ftp.common.limits = limits
            tftp.common.limits = limits
            mysql.common.limits = limits
            mssql.common.limits = limits
            smb.common.limits = limits
            sip.common.limits = limits
        }
        if var h = try n.section("honeypots") {
            if var s = try h.section("ssh") { try ssh.apply(&s) }
            if var s = try h.section("telnet") { try telnet.apply(&s) }
            if var s = try h.section("trap") { try trap.apply(&s) }
            if var s = try h.section("web") { try web.apply(&s) }
            if var s = try h.section("ftp") { try ftp.apply(&s) }
            if var s = try h.section("tftp") { try tftp.apply(&s) }
            if var s = try h.section("mysql") { try mysql.apply(&s) }
            if var s = try h.section("mssql") { try mssql.apply(&s) }
            if var s = try h.section("smb") { try smb.apply(&s) }
            if var s = try h.section("sip") { try sip.apply(&s) }
            try h.finish()
        }
        try n.finish()
        try validate(file: n.file)
    }

    /// Checks that span sections.
    func validate(file: String) throws {
        if trap.allPorts, trap.common.tcpPorts.contains(trap.allPortsListenPort) {
            throw ConfigError(file: file, line: nil, key: "honeypots.trap.all_ports_listen_port",
                              message: "port \(trap.allPortsListenPort) is also in tcp_ports")
        }
    }

    /// The effective configuration as YAML; `parse` of this text gives back an equal config.
    public func yaml() -> String {
        let root = Node.map([
            ("sensor", sensor.node()),
            ("collector", collector.node()),
            ("store", store.node()),
            ("geoip", geoip.node()),
            ("supervisor", supervisor.node()),
            ("ids", ids.node()),
            ("dashboard", dashboard.node()),
            ("limits", limits.node()),
            ("honeypots", .map([("ssh", ssh.node()), ("telnet", telnet.node()), ("trap", trap.node()), ("web", web.node()),
                                 ("ftp", ftp.node()), ("tftp", tftp.node()), ("mysql", mysql.node()), ("mssql", mssql.node()),
                                 ("smb", smb.node()), ("sip", sip.node())])),
        ])
        return (try? Yams.serialize(node: root, width: -1)) ?? ""
    }

    private static func line(of e: YamlError) -> Int? {
        switch e {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
            return mark.line
        default:
            return nil
        }
    }

    private static func summary(of e: YamlError) -> String {
        switch e {
        case .scanner(_, let problem, _, _), .parser(_, let problem, _, _), .composer(_, let problem, _, _):
            return problem
        default:
            return "\(e)"
        }
    }
}
