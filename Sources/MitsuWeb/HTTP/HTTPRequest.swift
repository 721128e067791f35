import Foundation

/// One parsed HTTP/1.x request, with the bytes kept exactly as the client sent them: exploits depend on
/// exact encodings (`.%2e/`, `%ADd`, double encoding), so nothing here is normalised. Decoding is the
/// classifier's business and works on copies.
public struct HTTPRequest: Sendable, Equatable {
    public struct Header: Sendable, Equatable {
        public var name: String
        public var value: String
    }

    public var method: String
    /// The request target as sent (`/a/..%2f?x=1`), decoded as UTF-8 with invalid bytes replaced.
    public var target: String
    /// `HTTP/1.0` or `HTTP/1.1`.
    public var version: String
    public var headers: [Header]
    public var body: [UInt8]
    /// True when the body arrived with `Transfer-Encoding: chunked` (the body is the de-chunked bytes).
    public var chunked: Bool
    /// The request as it arrived on the wire (head, chunk framing and body), up to the raw cap.
    public var raw: [UInt8]
    /// Bytes the request occupied on the wire; above `raw.count` when the cap cut the copy.
    public var rawLength: Int

    public init(method: String, target: String, version: String, headers: [Header] = [], body: [UInt8] = [],
                chunked: Bool = false, raw: [UInt8] = [], rawLength: Int = 0) {
        self.method = method
        self.target = target
        self.version = version
        self.headers = headers
        self.body = body
        self.chunked = chunked
        self.raw = raw
        self.rawLength = rawLength
    }

    /// The first value of a header, by case-insensitive name.
    public func header(_ name: String) -> String? {
        headers.first { Self.sameName($0.name, name) }?.value
    }

    /// All values of a header, in order.
    public func headerValues(_ name: String) -> [String] {
        headers.filter { Self.sameName($0.name, name) }.map(\.value)
    }

    /// Header names are ASCII tokens and compare case-insensitively in ASCII, as web servers compare them
    /// (Unicode case folding would make `coo\u{212A}ie`, with a Kelvin sign, a Cookie). Byte by byte,
    /// without the two lowercased copies per header that this cost when it ran several times a request.
    static func sameName(_ a: String, _ b: String) -> Bool {
        guard a.utf8.count == b.utf8.count else { return false }
        return zip(a.utf8, b.utf8).allSatisfy { x, y in x == y || (x | 0x20 == y | 0x20 && (x | 0x20) >= 0x61 && (x | 0x20) <= 0x7a) }
    }

    /// Whether the connection stays open after the response (HTTP/1.1 unless `close`; HTTP/1.0 only
    /// with `keep-alive`), as nginx decides it.
    public var keepAlive: Bool {
        let tokens = headerValues("connection").flatMap { $0.lowercased().split(separator: ",") }
            .map { $0.trimmingCharacters(in: .whitespaces) }
        if version == "HTTP/1.1" { return !tokens.contains("close") }
        return tokens.contains("keep-alive")
    }

    /// Whether the client asked for keep-alive by name (`Connection: keep-alive`): Apache answers with
    /// `Keep-Alive`/`Connection: Keep-Alive` only then.
    public var keepAliveRequested: Bool {
        headerValues("connection").contains { v in v.lowercased().split(separator: ",").contains { $0.trimmingCharacters(in: .whitespaces) == "keep-alive" } }
    }

    /// The path part of the target (before `?`), still encoded. For an absolute-form target
    /// (`http://host/path`, as proxies are asked) the scheme and authority are dropped, as nginx does.
    public var rawPath: Substring {
        var t = target[...]
        // Origin form (`/…`, nearly every request) has no scheme to drop: no Foundation search for one
        // (it was ~3 % of the web worker's CPU per `GET /`). A `://` in its query is not a scheme either.
        if t.first != "/", let scheme = t.range(of: "://"), t[..<scheme.lowerBound].lowercased().hasPrefix("http") {
            let rest = t[scheme.upperBound...]
            t = rest.firstIndex(of: "/").map { rest[$0...] } ?? "/"
        }
        if let q = t.firstIndex(of: "?") { return t[..<q] }
        return t
    }

    /// Origin-form (`/path`) or absolute-form (`http://…`); anything else (`*`, `host:port`) nginx refuses.
    public var hasUsableTarget: Bool {
        target.hasPrefix("/") || target.lowercased().hasPrefix("http://") || target.lowercased().hasPrefix("https://")
    }

    /// The query part of the target (after the first `?`), still encoded; empty when there is none.
    public var rawQuery: Substring {
        let t = target[...]
        if let q = t.firstIndex(of: "?") { return t[t.index(after: q)...] }
        return ""
    }
}
