/// JA3 and JA4 of a ClientHello: how scanners, bots and exploit kits are told apart when their user
/// agent lies (a Go scanner claiming to be Chrome keeps Go's TLS stack).
///
/// JA3 (Salesforce): `version,ciphers,extensions,groups,point formats`, decimal, `-`-joined, GREASE
/// removed, and its MD5. JA4 (FoxIO, technical_details/JA4.md): `t` + version + `d`/`i` (SNI or not) +
/// cipher and extension counts + ALPN's first and last character, `_`, the first 12 hex of SHA-256 over
/// the sorted cipher list, `_`, the same over the sorted extensions (without SNI and ALPN) `_` the
/// signature algorithms in their order.
public struct TLSFingerprint: Sendable, Equatable {
    public var ja3: String
    public var ja3Hash: String
    public var ja4: String

    /// `transport` is JA4's first character: `t` for TLS over TCP (`q` QUIC, `d` DTLS).
    public init(_ h: TLSClientHello, transport: Character = "t") {
        let ciphers = h.cipherSuites.filter { !Self.isGREASE($0) }
        let extensions = h.extensions.filter { !Self.isGREASE($0) }
        let groups = h.supportedGroups.filter { !Self.isGREASE($0) }
        let dec: ([UInt16]) -> String = { $0.map(String.init).joined(separator: "-") }
        ja3 = [String(h.legacyVersion), dec(ciphers), dec(extensions), dec(groups),
               h.pointFormats.map(String.init).joined(separator: "-")].joined(separator: ",")
        ja3Hash = Digests.md5(Array(ja3.utf8))

        let versions = h.supportedVersions.filter { !Self.isGREASE($0) }
        let version = Self.versionCode(versions.max() ?? h.legacyVersion)
        let counts = Self.twoDigits(ciphers.count) + Self.twoDigits(extensions.count)
        let a = "\(transport)\(version)\(extensions.contains(0) ? "d" : "i")\(counts)\(Self.alpnCode(h.alpn.first))"
        let b = Self.hash12(ciphers.sorted().map(Self.hex4).joined(separator: ","), empty: ciphers.isEmpty)
        var cText = extensions.filter { $0 != 0x0000 && $0 != 0x0010 }.sorted().map(Self.hex4).joined(separator: ",")
        let sigs = h.signatureAlgorithms.filter { !Self.isGREASE($0) }
        if !sigs.isEmpty { cText += "_" + sigs.map(Self.hex4).joined(separator: ",") }
        let c = Self.hash12(cText, empty: extensions.filter { $0 != 0x0000 && $0 != 0x0010 }.isEmpty)
        ja4 = "\(a)_\(b)_\(c)"
    }

    /// RFC 8701: 0x0a0a, 0x1a1a, … 0xfafa.
    static func isGREASE(_ v: UInt16) -> Bool { v & 0x0f0f == 0x0a0a && v >> 8 == v & 0xff }

    static func versionCode(_ v: UInt16) -> String {
        switch v {
        case 0x0304: return "13"
        case 0x0303: return "12"
        case 0x0302: return "11"
        case 0x0301: return "10"
        case 0x0300: return "s3"
        case 0x0200: return "s2"
        case 0x0100: return "s1"
        default: return "00"
        }
    }

    static func twoDigits(_ n: Int) -> String { n >= 99 ? "99" : (n < 10 ? "0\(n)" : "\(n)") }

    /// First and last character of the first ALPN value; its hex's first and last digit when either is
    /// not alphanumeric; `00` without ALPN.
    static func alpnCode(_ first: [UInt8]?) -> String {
        guard let v = first, let f = v.first, let l = v.last else { return "00" }
        func alnum(_ c: UInt8) -> Bool { (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) }
        if alnum(f) && alnum(l) { return String(decoding: [f, l], as: UTF8.self) }
        let h = Digests.hex(v)
        return String([h.first!, h.last!])
    }

    static func hex4(_ v: UInt16) -> String {
        let h = String(v, radix: 16)
        return String(repeating: "0", count: 4 - h.count) + h
    }

    static func hash12(_ text: String, empty: Bool) -> String {
        empty ? "000000000000" : String(Digests.sha256(Array(text.utf8)).prefix(12))
    }
}
