/// One thing that happened, as one flat JSON object.
///
/// Field names follow T-Pot's normalised Logstash output (`src_ip`, `dest_port`, `geoip.country_code2`, …)
/// so that existing Kibana/Filebeat habits carry over. Every field but `@timestamp`, `event` and `honeypot`
/// is optional and omitted from the JSON when absent.
public struct Event: Sendable, Equatable, Codable {
    public var timestamp: Timestamp
    public var kind: EventKind
    public var honeypot: String
    public var session: SessionID?

    public var srcIP: String?
    public var srcPort: Int?
    public var destIP: String?
    public var destPort: Int?
    /// `tcp` or `udp`.
    public var transport: String?
    /// The application protocol spoken, when known (`ssh`, `http`, …).
    public var `protocol`: String?

    public var username: String?
    public var password: String?
    public var input: String?
    public var url: String?
    public var filename: String?
    public var sha256: String?
    public var md5: String?
    public var size: Int64?
    public var hassh: String?
    /// The client's algorithm lists HASSH is computed from: `kex;ciphers;macs;compression`.
    public var hasshAlgorithms: String?
    public var clientVersion: String?
    /// For public-key logins: the key's type and its OpenSSH fingerprint (`SHA256:…`).
    public var keyType: String?
    public var fingerprint: String?
    // MitsuServices: challenge-response captures and database clients.
    /// A captured challenge-response in the form hashcat reads (`$mysqlna$salt*response`, …).
    public var hashcat: String?
    /// The hashcat mode (`-m`) that cracks `hashcat`.
    public var hashcatMode: Int?
    /// The kind of captured hash (`netntlmv2`, `netntlmv1`; SMB).
    public var hashType: String?
    /// The Windows domain a client logged in to (SMB NTLM).
    public var domain: String?
    /// The database a client asked for (MySQL, MSSQL).
    public var database: String?
    /// The host name and application a client named itself with (MSSQL Login7).
    public var clientHostname: String?
    public var clientApp: String?
    /// The identifier a client chose for itself (MQTT CONNECT's client id).
    public var clientID: String?

    public var http: HTTPInfo?
    /// A SIP request (MitsuServices' SIP honeypot): who called whom, with what, and any digest answered.
    public var sip: SIPInfo?
    public var attack: AttackInfo?
    public var alert: AlertInfo?
    public var payload: PayloadInfo?
    /// A TLS ClientHello's fingerprints (HTTPS ports, trap payloads).
    public var tls: TLSInfo?
    /// A DNS question (trap payloads detected as DNS).
    public var dns: DNSInfo?
    public var geoip: GeoIPInfo?
    /// A canary secret: which one, and where and to whom it leaked (`canary.leaked`, `canary.used`, and
    /// the login or request that used it).
    public var canary: CanaryInfo?

    /// Seconds from `session.connect` to `session.close`.
    public var duration: Double?
    public var bytesIn: Int64?
    public var bytesOut: Int64?
    /// Free-text explanation (why a connection was refused, what a parser rejected, a crash's exit status).
    public var message: String?
    /// For sensor events: the worker (honeypot family) concerned.
    public var worker: String?
    /// The name of the sensor that captured the event (host name by default).
    public var sensor: String?

    public init(
        kind: EventKind, honeypot: String, session: SessionID? = nil, timestamp: Timestamp = .now()
    ) {
        self.timestamp = timestamp
        self.kind = kind
        self.honeypot = honeypot
        self.session = session
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case timestamp = "@timestamp"
        case kind = "event"
        case honeypot, session
        case srcIP = "src_ip"
        case srcPort = "src_port"
        case destIP = "dest_ip"
        case destPort = "dest_port"
        case transport, `protocol`
        case username, password, input, url, filename, sha256, md5, size, hassh
        case hasshAlgorithms = "hassh_algorithms"
        case clientVersion = "client_version"
        case keyType = "key_type"
        case fingerprint
        case hashcat
        case hashcatMode = "hashcat_mode"
        case hashType = "hash_type"
        case domain
        case database
        case clientHostname = "client_hostname"
        case clientApp = "client_app"
        case clientID = "client_id"
        case http, sip, attack, alert, payload, tls, dns, geoip, canary
        case duration
        case bytesIn = "bytes_in"
        case bytesOut = "bytes_out"
        case message, worker, sensor
    }

    /// The JSON field names of the top level, in the order they are written.
    public static let fieldNames: [String] = CodingKeys.allCases.map(\.rawValue)
}

public struct TLSInfo: Sendable, Equatable, Codable {
    /// The highest version offered (`1.3`, `1.2`, … `ssl3`).
    public var version: String?
    public var sni: String?
    /// The first ALPN protocol offered (`h2`, `http/1.1`).
    public var alpn: String?
    public var ja3: String?
    public var ja3Hash: String?
    public var ja4: String?

    public init(version: String? = nil, sni: String? = nil, alpn: String? = nil, ja3: String? = nil, ja3Hash: String? = nil, ja4: String? = nil) {
        self.version = version
        self.sni = sni
        self.alpn = alpn
        self.ja3 = ja3
        self.ja3Hash = ja3Hash
        self.ja4 = ja4
    }

    enum CodingKeys: String, CodingKey {
        case version, sni, alpn, ja3
        case ja3Hash = "ja3_hash"
        case ja4
    }
}

/// A DNS query's first question, named as Suricata's EVE names it.
public struct DNSInfo: Sendable, Equatable, Codable {
    public var rrname: String?
    /// The type's mnemonic (`A`, `AAAA`, `ANY`, …; `TYPEnn` for others).
    public var rrtype: String?

    public init(rrname: String? = nil, rrtype: String? = nil) {
        self.rrname = rrname
        self.rrtype = rrtype
    }
}

public struct HTTPInfo: Sendable, Equatable, Codable {
    public var method: String?
    public var uri: String?
    public var version: String?
    public var host: String?
    public var userAgent: String?
    public var headers: [String: String]?
    public var bodySHA256: String?
    /// The web session's label so far: `benign`, `crawler`, `scanner` or `attacker` (MitsuWeb's ClientLabeler).
    public var client: String?
    /// Groups one client's requests (address + user agent, until it goes quiet) across connections.
    public var clientSession: String?

    public init(method: String? = nil, uri: String? = nil, version: String? = nil, host: String? = nil,
                userAgent: String? = nil, headers: [String: String]? = nil, bodySHA256: String? = nil,
                client: String? = nil, clientSession: String? = nil) {
        self.method = method
        self.uri = uri
        self.version = version
        self.host = host
        self.userAgent = userAgent
        self.headers = headers
        self.bodySHA256 = bodySHA256
        self.client = client
        self.clientSession = clientSession
    }

    enum CodingKeys: String, CodingKey {
        case method, uri, version, host
        case userAgent = "user_agent"
        case headers
        case bodySHA256 = "body_sha256"
        case client
        case clientSession = "client_session"
    }
}

/// A SIP request's identity and, for a digest answer, the challenge-response parts (RFC 2617).
public struct SIPInfo: Sendable, Equatable, Codable {
    public var method: String?
    public var uri: String?
    public var from: String?
    public var to: String?
    public var userAgent: String?
    public var callID: String?
    /// The scanner the User-Agent names (`friendly-scanner`, `sipvicious`, `sipsak`, …).
    public var scanner: String?
    /// The status code the honeypot answered with (absent for ACK, which gets none).
    public var status: Int?
    public var realm: String?
    public var nonce: String?
    /// The `uri` parameter of the digest (what the client hashed), not the request URI.
    public var digestURI: String?
    public var response: String?

    public init(method: String? = nil, uri: String? = nil, from: String? = nil, to: String? = nil, userAgent: String? = nil,
                callID: String? = nil, scanner: String? = nil, status: Int? = nil, realm: String? = nil, nonce: String? = nil,
                digestURI: String? = nil, response: String? = nil) {
        self.method = method
        self.uri = uri
        self.from = from
        self.to = to
        self.userAgent = userAgent
        self.callID = callID
        self.scanner = scanner
        self.status = status
        self.realm = realm
        self.nonce = nonce
        self.digestURI = digestURI
        self.response = response
    }

    enum CodingKeys: String, CodingKey {
        case method, uri, from, to
        case userAgent = "user_agent"
        case callID = "call_id"
        case scanner, status, realm, nonce
        case digestURI = "digest_uri"
        case response
    }
}

/// A canary secret shown by a lure, and the leak it came from when it is used again.
public struct CanaryInfo: Sendable, Equatable, Codable {
    /// Which canary (`db_password`, `aws_access_key_id`, …); for `canary.leaked`, every name the lure showed, comma-separated.
    public var name: String
    /// The lure that showed it (`/.env`, `/.git/config`).
    public var leakURL: String?
    /// The request that fetched the lure: its honeypot, session, time and client address.
    public var leakHoneypot: String?
    public var leakSession: String?
    public var leakTime: String?
    public var leakSrcIP: String?

    public init(name: String, leakURL: String? = nil, leakHoneypot: String? = nil, leakSession: String? = nil,
                leakTime: String? = nil, leakSrcIP: String? = nil) {
        self.name = name
        self.leakURL = leakURL
        self.leakHoneypot = leakHoneypot
        self.leakSession = leakSession
        self.leakTime = leakTime
        self.leakSrcIP = leakSrcIP
    }

    enum CodingKeys: String, CodingKey {
        case name
        case leakURL = "leak_url"
        case leakHoneypot = "leak_honeypot"
        case leakSession = "leak_session"
        case leakTime = "leak_time"
        case leakSrcIP = "leak_src_ip"
    }
}

public struct AttackInfo: Sendable, Equatable, Codable {
    public var categories: [String]
    public var cves: [String]

    public init(categories: [String] = [], cves: [String] = []) {
        self.categories = categories
        self.cves = cves
    }
}

public struct AlertInfo: Sendable, Equatable, Codable {
    public var signatureID: Int
    public var signature: String
    public var category: String?
    public var severity: Int?
    public var cveIDs: [String]?
    /// The rule's revision (MitsuIDS): with `signature_id` it names the exact rule text that fired.
    public var rev: Int?

    public init(signatureID: Int, signature: String, category: String? = nil, severity: Int? = nil, cveIDs: [String]? = nil,
                rev: Int? = nil) {
        self.signatureID = signatureID
        self.signature = signature
        self.category = category
        self.severity = severity
        self.cveIDs = cveIDs
        self.rev = rev
    }

    enum CodingKeys: String, CodingKey {
        case signatureID = "signature_id"
        case signature, category, severity
        case cveIDs = "cve_ids"
        case rev
    }
}

/// What a client sent, summarised: enough to search and chart, and the bytes themselves in base64.
public struct PayloadInfo: Sendable, Equatable, Codable {
    public var length: Int
    public var sha256: String
    public var md5: String?
    /// The payload with every byte outside printable ASCII replaced by `.`, capped for display.
    public var printable: String
    public var b64: String
    /// True when the client sent more than the capture cap and the rest was dropped.
    public var truncated: Bool?

    public init(length: Int, sha256: String, md5: String? = nil, printable: String, b64: String, truncated: Bool? = nil) {
        self.length = length
        self.sha256 = sha256
        self.md5 = md5
        self.printable = printable
        self.b64 = b64
        self.truncated = truncated
    }
}

/// Location and network of an address. For private, loopback and reserved addresses only `label` is set
/// (e.g. `private`, `loopback`): they are never looked up.
public struct GeoIPInfo: Sendable, Equatable, Codable {
    public var countryCode2: String?
    public var countryName: String?
    public var continentCode: String?
    public var cityName: String?
    public var latitude: Double?
    public var longitude: Double?
    public var asn: Int?
    public var asOrg: String?
    public var label: String?

    public init(countryCode2: String? = nil, countryName: String? = nil, continentCode: String? = nil,
                cityName: String? = nil, latitude: Double? = nil, longitude: Double? = nil,
                asn: Int? = nil, asOrg: String? = nil, label: String? = nil) {
        self.countryCode2 = countryCode2
        self.countryName = countryName
        self.continentCode = continentCode
        self.cityName = cityName
        self.latitude = latitude
        self.longitude = longitude
        self.asn = asn
        self.asOrg = asOrg
        self.label = label
    }

    public var isEmpty: Bool { self == GeoIPInfo() }

    enum CodingKeys: String, CodingKey {
        case countryCode2 = "country_code2"
        case countryName = "country_name"
        case continentCode = "continent_code"
        case cityName = "city_name"
        case latitude, longitude, asn
        case asOrg = "as_org"
        case label
    }
}
