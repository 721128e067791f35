/// Turns events into JSON lines and back. The same format serves events.jsonl, the worker → collector
/// stream and the spool, so a line copied from any of them can be replayed into any other.
public enum EventCodec {
    /// The longest line the decoder accepts. A worker never writes more: payload capture is capped well
    /// below this (base64 of 64 KiB is ~87 KiB), so a longer line is corruption or an attack on the socket.
    public static let maxLineBytes = 1 << 20

    public enum DecodeError: Error, Equatable, CustomStringConvertible {
        case tooLong(Int)
        case empty
        case invalid(String)

        public var description: String {
            switch self {
            case .tooLong(let n): return "event line of \(n) bytes exceeds the \(EventCodec.maxLineBytes)-byte limit"
            case .empty: return "empty event line"
            case .invalid(let why): return "invalid event: \(why)"
            }
        }
    }

    /// One JSON object, without the trailing newline.
    public static func encode(_ e: Event) -> [UInt8] {
        var w = JSONWriter(capacity: 384)
        w.beginObject()
        w.key("@timestamp")
        w.appendTimestamp(e.timestamp)
        w.field("event", e.kind.rawValue)
        w.field("honeypot", e.honeypot)
        w.field("session", e.session?.rawValue)
        w.field("src_ip", e.srcIP)
        w.field("src_port", e.srcPort)
        w.field("dest_ip", e.destIP)
        w.field("dest_port", e.destPort)
        w.field("transport", e.transport)
        w.field("protocol", e.protocol)
        w.field("username", e.username)
        w.field("password", e.password)
        w.field("input", e.input)
        w.field("url", e.url)
        w.field("filename", e.filename)
        w.field("sha256", e.sha256)
        w.field("md5", e.md5)
        w.field("size", e.size)
        w.field("hassh", e.hassh)
        w.field("hassh_algorithms", e.hasshAlgorithms)
        w.field("client_version", e.clientVersion)
        w.field("key_type", e.keyType)
        w.field("fingerprint", e.fingerprint)
        w.field("hashcat", e.hashcat)
        w.field("hashcat_mode", e.hashcatMode)
        w.field("hash_type", e.hashType)
        w.field("domain", e.domain)
        w.field("database", e.database)
        w.field("client_hostname", e.clientHostname)
        w.field("client_app", e.clientApp)
        w.field("client_id", e.clientID)
        if let h = e.http {
            w.key("http")
            w.beginObject()
            w.field("method", h.method)
            w.field("uri", h.uri)
            w.field("version", h.version)
            w.field("host", h.host)
            w.field("user_agent", h.userAgent)
            w.field("headers", h.headers)
            w.field("body_sha256", h.bodySHA256)
            w.field("client", h.client)
            w.field("client_session", h.clientSession)
            w.endObject()
        }
        if let x = e.sip {
            w.key("sip")
            w.beginObject()
            w.field("method", x.method)
            w.field("uri", x.uri)
            w.field("from", x.from)
            w.field("to", x.to)
            w.field("user_agent", x.userAgent)
            w.field("call_id", x.callID)
            w.field("scanner", x.scanner)
            w.field("status", x.status)
            w.field("realm", x.realm)
            w.field("nonce", x.nonce)
            w.field("digest_uri", x.digestURI)
            w.field("response", x.response)
            w.endObject()
        }
        if let a = e.attack {
            w.key("attack")
            w.beginObject()
            w.field("categories", a.categories)
            w.field("cves", a.cves)
            w.endObject()
        }
        if let a = e.alert {
            w.key("alert")
            w.beginObject()
            w.field("signature_id", a.signatureID)
            w.field("signature", a.signature)
            w.field("category", a.category)
            w.field("severity", a.severity)
            w.field("cve_ids", a.cveIDs)
            w.field("rev", a.rev)
            w.endObject()
        }
        if let p = e.payload {
            w.key("payload")
            w.beginObject()
            w.field("length", p.length)
            w.field("sha256", p.sha256)
            w.field("md5", p.md5)
            w.field("printable", p.printable)
            w.field("b64", p.b64)
            w.field("truncated", p.truncated)
            w.endObject()
        }
        if let t = e.tls {
            w.key("tls")
            w.beginObject()
            w.field("version", t.version)
            w.field("sni", t.sni)
            w.field("alpn", t.alpn)
            w.field("ja3", t.ja3)
            w.field("ja3_hash", t.ja3Hash)
            w.field("ja4", t.ja4)
            w.endObject()
        }
        if let d = e.dns {
            w.key("dns")
            w.beginObject()
            w.field("rrname", d.rrname)
            w.field("rrtype", d.rrtype)
            w.endObject()
        }
        if let g = e.geoip {
            w.key("geoip")
            w.beginObject()
            w.field("country_code2", g.countryCode2)
            w.field("country_name", g.countryName)
            w.field("continent_code", g.continentCode)
            w.field("city_name", g.cityName)
            w.field("latitude", g.latitude)
            w.field("longitude", g.longitude)
            w.field("asn", g.asn)
            w.field("as_org", g.asOrg)
            w.field("label", g.label)
            w.endObject()
        }
        if let c = e.canary {
            w.key("canary")
            w.beginObject()
            w.field("name", c.name)
            w.field("leak_url", c.leakURL)
            w.field("leak_honeypot", c.leakHoneypot)
            w.field("leak_session", c.leakSession)
            w.field("leak_time", c.leakTime)
            w.field("leak_src_ip", c.leakSrcIP)
            w.endObject()
        }
        w.field("duration", e.duration)
        w.field("bytes_in", e.bytesIn)
        w.field("bytes_out", e.bytesOut)
        w.field("message", e.message)
        w.field("worker", e.worker)
        w.field("sensor", e.sensor)
        w.endObject()
        return w.bytes
    }

    public static func encodeString(_ e: Event) -> String {
        String(decoding: encode(e), as: UTF8.self)
    }

    /// Decodes one line (a trailing `\n` or `\r\n` is ignored). Bounded: rejects lines over `maxLineBytes`
    /// before parsing. Unknown fields are ignored so that newer workers can talk to an older collector;
    /// an unknown `event` kind is an error because the catalogue must list every kind that is stored.
    public static func decode<Bytes: Collection>(_ line: Bytes) throws -> Event where Bytes.Element == UInt8 {
        guard line.count <= maxLineBytes else { throw DecodeError.tooLong(line.count) }
        if let result = try line.withContiguousStorageIfAvailable({ try decode(buffer: $0) }) { return result }
        let copy = Array(line)
        return try copy.withUnsafeBufferPointer { try decode(buffer: $0) }
    }

    private static func decode(buffer: UnsafeBufferPointer<UInt8>) throws -> Event {
        var end = buffer.count
        while end > 0, buffer[end - 1] == 10 || buffer[end - 1] == 13 { end -= 1 }
        guard end > 0 else { throw DecodeError.empty }
        do {
            return try EventDecoder.decode(UnsafeBufferPointer(rebasing: buffer[0..<end]))
        } catch let e as DecodeError {
            throw e
        } catch {
            throw DecodeError.invalid("\(error)")
        }
    }

}
