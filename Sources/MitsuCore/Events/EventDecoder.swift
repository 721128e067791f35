/// Parses one event line into an `Event`, field by field, with `JSONReader`.
///
/// Strict where it matters (types, the three required fields, known event kinds, session id form) and
/// lenient where versions differ: unknown fields are skipped, `null` means absent.
enum EventDecoder {
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>) throws -> Event {
        var r = JSONReader(bytes)
        var timestamp: Timestamp?
        var kind: EventKind?
        var honeypot: String?
        var e = Event(kind: .payload, honeypot: "", timestamp: Timestamp(millisecondsSince1970: 0))
        try r.object(depth: 0) { r, key in
            if r.null() { return }
            switch key {
            // Cases are compared in order: the fields nearly every event has come first.
            case "@timestamp":
                let text = try r.string()
                guard let t = Timestamp(iso8601: text) else { throw r.fail("@timestamp is not ISO 8601") }
                timestamp = t
            case "event":
                let text = try r.string()
                guard let k = EventKind(rawValue: text) else { throw r.fail("unknown event kind '\(text.prefix(40))'") }
                kind = k
            case "honeypot": honeypot = try r.string()
            case "session":
                guard let id = SessionID(try r.string()) else { throw r.fail("session is not 12 hex digits") }
                e.session = id
            case "src_ip": e.srcIP = try r.string()
            case "src_port": e.srcPort = try r.int()
            case "dest_ip": e.destIP = try r.string()
            case "dest_port": e.destPort = try r.int()
            case "transport": e.transport = try r.string()
            case "protocol": e.protocol = try r.string()
            case "sensor": e.sensor = try r.string()
            case "message": e.message = try r.string()
            case "geoip": e.geoip = try geoip(&r)
            case "url": e.url = try r.string()
            case "http": e.http = try http(&r)
            case "payload": e.payload = try payload(&r)
            case "attack": e.attack = try attack(&r)
            case "username": e.username = try r.string()
            case "password": e.password = try r.string()
            case "duration": e.duration = try r.double()
            case "bytes_in": e.bytesIn = try r.int64()
            case "bytes_out": e.bytesOut = try r.int64()
            case "input": e.input = try r.string()
            case "filename": e.filename = try r.string()
            case "sha256": e.sha256 = try r.string()
            case "md5": e.md5 = try r.string()
            case "size": e.size = try r.int64()
            case "hassh": e.hassh = try r.string()
            case "client_version": e.clientVersion = try r.string()
            case "hassh_algorithms": e.hasshAlgorithms = try r.string()
            case "key_type": e.keyType = try r.string()
            case "fingerprint": e.fingerprint = try r.string()
            case "hashcat": e.hashcat = try r.string()
            case "hashcat_mode": e.hashcatMode = try r.int()
            case "hash_type": e.hashType = try r.string()
            case "domain": e.domain = try r.string()
            case "database": e.database = try r.string()
            case "client_hostname": e.clientHostname = try r.string()
            case "client_app": e.clientApp = try r.string()
            case "client_id": e.clientID = try r.string()
            case "sip": e.sip = try sip(&r)
            case "alert": e.alert = try alert(&r)
            case "tls": e.tls = try tls(&r)
            case "dns": e.dns = try dns(&r)
            case "canary": e.canary = try canary(&r)
            case "worker": e.worker = try r.string()
            default: try r.skipValue(depth: 1)
            }
        }
        try r.end()
        guard let timestamp else { throw EventCodec.DecodeError.invalid("missing field @timestamp") }
        guard let kind else { throw EventCodec.DecodeError.invalid("missing field event") }
        guard let honeypot else { throw EventCodec.DecodeError.invalid("missing field honeypot") }
        e.timestamp = timestamp
        e.kind = kind
        e.honeypot = honeypot
        return e
    }

    private static func http(_ r: inout JSONReader) throws -> HTTPInfo {
        var h = HTTPInfo()
        try r.object(depth: 1) { r, key in
            if r.null() { return }
            switch key {
            case "method": h.method = try r.string()
            case "uri": h.uri = try r.string()
            case "version": h.version = try r.string()
            case "host": h.host = try r.string()
            case "user_agent": h.userAgent = try r.string()
            case "body_sha256": h.bodySHA256 = try r.string()
            case "client": h.client = try r.string()
            case "client_session": h.clientSession = try r.string()
            case "headers":
                var headers: [String: String] = [:]
                try r.object(depth: 2) { r, name in headers[name] = try r.string() }
                h.headers = headers
            default: try r.skipValue(depth: 2)
            }
        }
        return h
    }

    private static func sip(_ r: inout JSONReader) throws -> SIPInfo {
        var x = SIPInfo()
        try r.object(depth: 1) { r, key in
            if r.null() { return }
            switch key {
            case "method": x.method = try r.string()
            case "uri": x.uri = try r.string()
            case "from": x.from = try r.string()
            case "to": x.to = try r.string()
            case "user_agent": x.userAgent = try r.string()
            case "call_id": x.callID = try r.string()
            case "scanner": x.scanner = try r.string()
            case "status": x.status = try r.int()
            case "realm": x.realm = try r.string()
            case "nonce": x.nonce = try r.string()
            case "digest_uri": x.digestURI = try r.string()
            case "response": x.response = try r.string()
            default: try r.skipValue(depth: 2)
            }
        }
        return x
    }

    private static func canary(_ r: inout JSONReader) throws -> CanaryInfo {
        var c = CanaryInfo(name: "")
        try r.object(depth: 1) { r, key in
            if r.null() { return }
            switch key {
            case "name": c.name = try r.string()
            case "leak_url": c.leakURL = try r.string()
            case "leak_honeypot": c.leakHoneypot = try r.string()
            case "leak_session": c.leakSession = try r.string()
            case "leak_time": c.leakTime = try r.string()
            case "leak_src_ip": c.leakSrcIP = try r.string()
            default: try r.skipValue(depth: 2)
            }
        }
        return c
    }

    private static func attack(_ r: inout JSONReader) throws -> AttackInfo {
        var a = AttackInfo()
        try r.object(depth: 1) { r, key in
            if r.null() { return }
            switch key {
            case "categories": a.categories = try r.strings(depth: 2)
            case "cves": a.cves = try r.strings(depth: 2)
            default: try r.skipValue(depth: 2)
            }
        }
        return a
    }

    private static func alert(_ r: inout JSONReader) throws -> AlertInfo {
        var id: Int?
        var signature: String?
        var a = AlertInfo(signatureID: 0, signature: "")
        try r.object(depth: 1) { r, key in
            if r.null() { return }
            switch key {
            case "signature_id": id = try r.int()
            case "signature": signature = try r.string()
            case "category": a.category = try r.string()
            case "severity": a.severity = try r.int()
            case "cve_ids": a.cveIDs = try r.strings(depth: 2)
            case "rev": a.rev = try r.int()
            default: try r.skipValue(depth: 2)
            }
        }
        guard let id, let signature else { throw EventCodec.DecodeError.invalid("alert needs signature_id and signature") }
        a.signatureID = id
        a.signature = signature
        return a
    }

    private static func payload(_ r: inout JSONReader) throws -> PayloadInfo {
        var length: Int?
        var sha: String?
        var printable: String?
        var b64: String?
        var md5: String?
        var truncated: Bool?
        try r.object(depth: 1) { r, key in
            if r.null() { return }
            switch key {
            case "length": length = try r.int()
            case "sha256": sha = try r.string()
            case "md5": md5 = try r.string()
            case "printable": printable = try r.string()
            case "b64": b64 = try r.string()
            case "truncated": truncated = try r.bool()
            default: try r.skipValue(depth: 2)
            }
        }
        guard let length, let sha, let printable, let b64 else {
            throw EventCodec.DecodeError.invalid("payload needs length, sha256, printable and b64")
        }
        return PayloadInfo(length: length, sha256: sha, md5: md5, printable: printable, b64: b64, truncated: truncated)
    }

    private static func tls(_ r: inout JSONReader) throws -> TLSInfo {
        var t = TLSInfo()
        try r.object(depth: 1) { r, key in
            if r.null() { return }
            switch key {
            case "version": t.version = try r.string()
            case "sni": t.sni = try r.string()
            case "alpn": t.alpn = try r.string()
            case "ja3": t.ja3 = try r.string()
            case "ja3_hash": t.ja3Hash = try r.string()
            case "ja4": t.ja4 = try r.string()
            default: try r.skipValue(depth: 2)
            }
        }
        return t
    }

    private static func dns(_ r: inout JSONReader) throws -> DNSInfo {
        var d = DNSInfo()
        try r.object(depth: 1) { r, key in
            if r.null() { return }
            switch key {
            case "rrname": d.rrname = try r.string()
            case "rrtype": d.rrtype = try r.string()
            default: try r.skipValue(depth: 2)
            }
        }
        return d
    }

    private static func geoip(_ r: inout JSONReader) throws -> GeoIPInfo {
        var g = GeoIPInfo()
        try r.object(depth: 1) { r, key in
            if r.null() { return }
            switch key {
            case "country_code2": g.countryCode2 = try r.string()
            case "country_name": g.countryName = try r.string()
            case "continent_code": g.continentCode = try r.string()
            case "city_name": g.cityName = try r.string()
            case "latitude": g.latitude = try r.double()
            case "longitude": g.longitude = try r.double()
            case "asn": g.asn = try r.int()
            case "as_org": g.asOrg = try r.string()
            case "label": g.label = try r.string()
            default: try r.skipValue(depth: 2)
            }
        }
        return g
    }
}
