/// A field the dashboard ranks events by ("top N"). Each case is a fixed piece of SQL: the URL names a
/// case (`?by=src_ip`), never a column, so no request text reaches the SQL.
public enum Dimension: String, CaseIterable, Sendable {
    case honeypot
    case event
    case srcIP = "src_ip"
    case country
    case asn
    case destPort = "dest_port"
    case username
    case password
    /// username and password together, from login events.
    case credentials
    /// Shell input (`command.input`).
    case command
    case httpURI = "http_uri"
    case httpMethod = "http_method"
    case userAgent = "user_agent"
    case clientVersion = "client_version"
    case hassh
    case signature
    case alertCategory = "alert_category"
    /// CVE ids from the web classifier (`attack.cves`) and from IDS alerts (`alert.cve_ids`).
    case cve
    /// Web attack categories (`attack.categories`).
    case attackCategory = "attack_category"
    case payloadSHA256 = "payload_sha256"
    /// Any event's `input`: shell commands and the service honeypots' protocol commands (FTP, MySQL, MSSQL).
    case input

    /// Names of the key columns, then of the detail columns, as the API reports them.
    public var columns: [String] {
        switch self {
        case .srcIP: return ["src_ip", "country", "asn"]
        case .asn: return ["asn", "as_org"]
        case .credentials: return ["username", "password"]
        case .payloadSHA256: return ["payload_sha256", "printable"]
        default: return [rawValue]
        }
    }

    /// SQL pieces: the key expressions grouped on, detail aggregates, an optional table-valued join for
    /// array fields, and conditions that pick the events the dimension is about.
    struct SQL {
        var keys: [String]
        var details: [String] = []
        var join: String = ""
        var conditions: [String] = []
    }

    var sql: SQL {
        func json(_ path: String) -> String { "json_extract(events.json, '\(path)')" }
        switch self {
        case .honeypot: return SQL(keys: ["honeypot"])
        case .event: return SQL(keys: ["event"])
        case .srcIP: return SQL(keys: ["src_ip"], details: ["MAX(country)", "MAX(asn)"], conditions: ["src_ip IS NOT NULL"])
        case .country: return SQL(keys: ["country"], conditions: ["country IS NOT NULL"])
        case .asn: return SQL(keys: ["asn"], details: ["MAX(\(json("$.geoip.as_org")))"], conditions: ["asn IS NOT NULL"])
        case .destPort: return SQL(keys: ["dest_port"], conditions: ["dest_port IS NOT NULL", "event = 'session.connect'"])
        case .username: return SQL(keys: ["username"], conditions: ["username IS NOT NULL", "event IN ('login.failed','login.success')"])
        case .password: return SQL(keys: ["password"], conditions: ["password IS NOT NULL", "event IN ('login.failed','login.success')"])
        case .credentials:
            return SQL(keys: ["username", "password"],
                       conditions: ["username IS NOT NULL", "password IS NOT NULL", "event IN ('login.failed','login.success')"])
        case .command: return SQL(keys: [json("$.input")], conditions: ["event = 'command.input'"])
        case .httpURI: return SQL(keys: [json("$.http.uri")], conditions: ["event = 'http.request'"])
        case .httpMethod: return SQL(keys: [json("$.http.method")], conditions: ["event = 'http.request'"])
        case .userAgent: return SQL(keys: [json("$.http.user_agent")], conditions: ["event = 'http.request'"])
        case .clientVersion: return SQL(keys: [json("$.client_version")], conditions: ["event = 'ssh.client.version'"])
        case .hassh: return SQL(keys: [json("$.hassh")], conditions: ["event = 'ssh.client.kex'"])
        case .signature: return SQL(keys: [json("$.alert.signature")], conditions: ["event = 'ids.alert'"])
        case .alertCategory: return SQL(keys: [json("$.alert.category")], conditions: ["event = 'ids.alert'"])
        case .cve:
            return SQL(keys: ["j.value"],
                       join: ", json_each(COALESCE(json_extract(events.json, '$.attack.cves'), json_extract(events.json, '$.alert.cve_ids'), '[]')) AS j",
                       conditions: ["event IN ('http.request','ids.alert')"])
        case .attackCategory:
            return SQL(keys: ["j.value"], join: ", json_each(COALESCE(json_extract(events.json, '$.attack.categories'), '[]')) AS j",
                       conditions: ["event = 'http.request'"])
        case .input: return SQL(keys: [json("$.input")])
        case .payloadSHA256:
            return SQL(keys: [json("$.payload.sha256")], details: ["MAX(substr(\(json("$.payload.printable")), 1, 120))"],
                       conditions: ["event = 'payload'"])
        }
    }
}
