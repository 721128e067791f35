/// The inspection buffers Mitsu builds from an event. Raw values are Suricata's sticky-buffer names;
/// `payload` is `pkt_data` (the reassembled client stream), `command` is Mitsu's own shell-command buffer.
/// The TLS, DNS and SSH buffers hold what protocol detection and the honeypots read from a client's first
/// message (`AppLayerBuffers` fills them).
public enum BufferKind: String, Sendable, CaseIterable, Hashable {
    case payload = "pkt_data"
    case httpURI = "http.uri"
    case httpURIRaw = "http.uri.raw"
    case httpMethod = "http.method"
    case httpHost = "http.host"
    case httpHostRaw = "http.host.raw"
    case httpUserAgent = "http.user_agent"
    case httpHeader = "http.header"
    case httpHeaderRaw = "http.header.raw"
    case httpHeaderNames = "http.header_names"
    case httpCookie = "http.cookie"
    case httpRequestBody = "http.request_body"
    case httpContentType = "http.content_type"
    case httpContentLen = "http.content_len"
    case httpStatCode = "http.stat_code"
    case httpRequestLine = "http.request_line"
    case httpStart = "http.start"
    case httpProtocol = "http.protocol"
    case httpReferer = "http.referer"
    case httpAccept = "http.accept"
    case httpAcceptEnc = "http.accept_enc"
    case httpAcceptLang = "http.accept_lang"
    case httpConnection = "http.connection"
    case fileData = "file.data"
    case command = "mitsu.command"
    case tlsSNI = "tls.sni"
    case ja3Hash = "ja3.hash"
    case ja3String = "ja3.string"
    case ja4Hash = "ja4.hash"
    case dnsQuery = "dns.query"
    case sshProto = "ssh.proto"
    case sshSoftware = "ssh.software"
    case sshHassh = "ssh.hassh"
    case sshHasshString = "ssh.hassh.string"
    // Transformed buffers: Suricata gives each (buffer, transforms) pair of a rule its own buffer, so the
    // prefilter scans the transformed bytes. Only the combinations ET Open uses exist here.
    case dnsQueryDotPrefix = "dns.query + dotprefix"
    case tlsSNIDotPrefix = "tls.sni + dotprefix"
    case httpHostDotPrefix = "http.host + dotprefix"

    /// Dense index for per-buffer tables: the case's position in `allCases`. A case without a payload is
    /// stored as its declaration-order number (Swift's ABI for such enums), read here without a lookup: a
    /// dictionary keyed by the case hashed its raw string, several times for every buffer of every event.
    @inline(__always)
    public var index: Int { Int(unsafeBitCast(self, to: UInt8.self)) }
    /// `allCases.count`, without building `allCases` (a fresh array on each use).
    public static let count = allCases.count
    /// The transformed buffers, in `allCases` order.
    static let transformed = allCases.filter { $0.transformedFrom != nil }

    /// Sticky-buffer keyword names, including Suricata's older spellings.
    static let stickyNames: [String: BufferKind] = {
        var m: [String: BufferKind] = [:]
        for b in allCases where b.transformedFrom == nil { m[b.rawValue] = b }
        m["file_data"] = .fileData
        m["http_request_line"] = .httpRequestLine
        m["http.request_header"] = .httpHeader
        // Suricata's pre-5.0 names of the same sticky buffers; ET Open still uses them.
        m["tls_sni"] = .tlsSNI
        m["ja3_hash"] = .ja3Hash
        m["ja3_string"] = .ja3String
        m["dns_query"] = .dnsQuery
        m["ssh_proto"] = .sshProto
        m["ssh_software"] = .sshSoftware
        return m
    }()

    /// Legacy content modifiers (`content:"x"; http_uri;`) and the buffer they move the content to.
    static let legacyModifiers: [String: BufferKind] = [
        "http_uri": .httpURI, "http_raw_uri": .httpURIRaw, "http_method": .httpMethod,
        "http_host": .httpHost, "http_raw_host": .httpHostRaw, "http_user_agent": .httpUserAgent,
        "http_header": .httpHeader, "http_raw_header": .httpHeaderRaw, "http_header_names": .httpHeaderNames,
        "http_cookie": .httpCookie, "http_client_body": .httpRequestBody, "http_stat_code": .httpStatCode,
        "http_content_type": .httpContentType, "http_content_len": .httpContentLen,
        "http_request_line": .httpRequestLine, "http_start": .httpStart, "http_protocol": .httpProtocol,
        "http_referer": .httpReferer, "http_accept": .httpAccept, "http_accept_enc": .httpAcceptEnc,
        "http_accept_lang": .httpAcceptLang, "http_connection": .httpConnection,
    ]

    /// `dotprefix`: the buffer with a `.` in front, so `content:".example.com"; endswith;` matches the
    /// domain and its subdomains but not `badexample.com`. Nil when Mitsu has no such combination.
    var dotPrefixed: BufferKind? {
        switch self {
        case .dnsQuery: return .dnsQueryDotPrefix
        case .tlsSNI: return .tlsSNIDotPrefix
        case .httpHost: return .httpHostDotPrefix
        default: return nil
        }
    }

    /// The buffer a transformed buffer is computed from.
    var transformedFrom: BufferKind? {
        switch self {
        case .dnsQueryDotPrefix: return .dnsQuery
        case .tlsSNIDotPrefix: return .tlsSNI
        case .httpHostDotPrefix: return .httpHost
        default: return nil
        }
    }

    /// Buffers that hold a lowercase hex digest and the length every content in them must have. Suricata
    /// lowercases contents in them and rejects a rule whose content has another length (it could never
    /// match); so does Mitsu.
    var digestLength: Int? {
        switch self {
        case .ja3Hash, .sshHassh: return 32
        default: return nil
        }
    }

    /// pcre buffer flags (`/x/U`).
    static let pcreFlags: [Character: BufferKind] = [
        "U": .httpURI, "I": .httpURIRaw, "P": .httpRequestBody, "Q": .fileData, "H": .httpHeader,
        "D": .httpHeaderRaw, "M": .httpMethod, "C": .httpCookie, "S": .httpStatCode, "V": .httpUserAgent,
        "W": .httpHost, "Z": .httpHostRaw,
    ]
}
