// Kept apart from the recognisers: it needs the digests (swift-crypto), which Fuzz/ does not link.
extension Event {
    /// Sets `protocol` and the fields a detection carries, in the places the rest of the schema already
    /// uses for them: `http{}`, `sip{}`, `tls{}`, `client_version`/`hassh`/`hassh_algorithms` (SSH),
    /// `username` (RDP cookie, MQTT, MySQL), `client_id` (MQTT), `database`, `input` (a Redis command),
    /// `dns{}`.
    public mutating func apply(_ d: DetectedProtocol) {
        self.protocol = d.label.rawValue
        switch d.label {
        case .http, .docker:
            http = HTTPInfo(method: d.method, uri: d.uri, version: d.version, host: d.host, userAgent: d.userAgent)
        case .sip:
            sip = SIPInfo(method: d.method, uri: d.uri, from: d.from, to: d.to, userAgent: d.userAgent, callID: d.callID)
        case .dns:
            dns = DNSInfo(rrname: d.queryName, rrtype: d.queryType.map(DNSRecognizer.typeName))
        default:
            break
        }
        if let hello = d.tlsHello { tls = TLSInfo(hello) }
        if let v = d.clientVersion { clientVersion = v }
        if let a = d.hasshAlgorithms {
            hasshAlgorithms = a
            hassh = Digests.md5(Array(a.utf8))
        }
        if let u = d.username { username = u }
        if let id = d.clientID { clientID = id }
        if let db = d.database { database = db }
        if let c = d.command { input = c }
    }
}
