import Foundation
import MitsuCore

/// The parts of a request a rule can look at, each computed once per request: raw (lowercased, as sent)
/// and decoded (percent-decoding rounds, `%u`, HTML references, `+` in form data) forms of the target,
/// path, query, headers, cookies and body. Text longer than `textCap` is cut, which bounds matching time.
public struct RequestView: Sendable {
    public static let textCap = 64 << 10

    public let method: String
    public let requestLine: String
    public let rawURI: String
    public let uri: String
    public let rawPath: String
    public let path: String
    public let query: String
    /// Every header as `name: value` lines, decoded.
    public let headers: String
    public let headerValues: [String: String]
    public let userAgent: String
    public let cookie: String
    public let rawBody: String
    public let body: String
    /// Parameter names and values from the query, an urlencoded or multipart body, one `name=value` a line.
    public let args: String
    public let parts: [MultipartPart]
    public let formFields: [(name: String, value: String)]
    /// Everything at once: decoded target, query (with `+` as space), header lines and body.
    public let any: String

    public init(_ r: HTTPRequest) {
        method = r.method.uppercased()
        requestLine = Decoding.lowercasedASCII("\(r.method) \(r.target) \(r.version)")
        let target = Array(r.target.utf8.prefix(Self.textCap))
        rawURI = Decoding.lowercasedASCII(String(decoding: target, as: UTF8.self))
        uri = Decoding.normalise(target, plusAsSpace: false)
        rawPath = Decoding.lowercasedASCII(String(r.rawPath))
        path = Decoding.normalise(Array(r.rawPath.utf8), plusAsSpace: false)
        let rawQuery = Array(r.rawQuery.utf8)
        query = Decoding.normalise(rawQuery, plusAsSpace: true)

        var values: [String: String] = [:]
        var lines: [String] = []
        for h in r.headers {
            let name = Decoding.lowercasedASCII(h.name)
            let value = Decoding.normalise(Array(h.value.utf8.prefix(Self.textCap)), plusAsSpace: false)
            values[name] = values[name].map { $0 + "\n" + value } ?? value
            lines.append("\(name): \(value)")
        }
        headerValues = values
        headers = lines.joined(separator: "\n")
        userAgent = values["user-agent"] ?? ""
        cookie = values["cookie"] ?? ""

        let bodyBytes = Array(r.body.prefix(Self.textCap))
        rawBody = Decoding.lowercasedASCII(String(decoding: bodyBytes, as: UTF8.self))
        let contentType = Decoding.lowercasedASCII(r.header("content-type") ?? "")
        var fields: [(String, String)] = Self.pairs(rawQuery)
        var multipart: [MultipartPart] = []
        if contentType.hasPrefix("application/x-www-form-urlencoded") {
            body = Decoding.normalise(bodyBytes, plusAsSpace: true)
            fields += Self.pairs(bodyBytes)
        } else if let boundary = Multipart.boundary(contentType: r.header("content-type") ?? "") {
            multipart = Multipart.parse(Array(r.body), boundary: boundary)
            body = Decoding.normalise(bodyBytes, plusAsSpace: false)
            for p in multipart where p.filename == nil {
                fields.append((Decoding.lowercasedASCII(p.name), Decoding.normalise(Array(p.body.prefix(4096)), plusAsSpace: false)))
            }
        } else if ByteSearch.contains("json", in: contentType) || ByteSearch.contains("\\u00", in: rawBody) {
            body = Decoding.normalise(Array(Self.jsonUnescape(String(decoding: bodyBytes, as: UTF8.self)).utf8), plusAsSpace: false)
        } else {
            body = Decoding.normalise(bodyBytes, plusAsSpace: false)
        }
        parts = multipart
        formFields = fields
        args = fields.map { "\($0.0)=\($0.1)" }.joined(separator: "\n")
        // The query again with `+` as space (uri keeps `+`: in a path it is literal).
        any = [uri, query, headers, body].joined(separator: "\n")
    }

    /// `a=1&b=2` as decoded (name, value) pairs, names lowercased; at most 256.
    static func pairs(_ bytes: [UInt8]) -> [(String, String)] {
        guard !bytes.isEmpty else { return [] }
        return bytes.split(separator: UInt8(ascii: "&")).prefix(256).map { item in
            let kv = item.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
            let name = Decoding.normalise(Array(kv.first ?? []), plusAsSpace: true)
            let value = kv.count > 1 ? String(decoding: Decoding.fullyDecode(Array(kv[1]), plusAsSpace: true), as: UTF8.self) : ""
            return (name, Decoding.htmlEntityDecode(value))
        }
    }

    /// Undoes JSON string escapes attackers use to hide `${jndi:` and friends (`\u0024`, `\/`).
    static func jsonUnescape(_ s: String) -> String {
        guard s.contains("\\") else { return s }
        var out = String.UnicodeScalarView()
        var it = Array(s.unicodeScalars)[...]
        while let c = it.first {
            it = it.dropFirst()
            guard c == "\\", let n = it.first else { out.append(c); continue }
            switch n {
            case "u":
                let hex = String(String.UnicodeScalarView(it.dropFirst().prefix(4)))
                if hex.count == 4, let v = UInt32(hex, radix: 16), let sc = Unicode.Scalar(v) {
                    out.append(sc)
                    it = it.dropFirst(5)
                } else { out.append(c) }
            case "/", "\\", "\"": out.append(n); it = it.dropFirst()
            case "n": out.append("\n"); it = it.dropFirst()
            default: out.append(c)
            }
        }
        return String(out)
    }
}
