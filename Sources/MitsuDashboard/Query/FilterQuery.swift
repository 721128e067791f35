import Hummingbird
import MitsuCore
import MitsuStore

/// Reads the explore/overview filter from a URL query. The parameter names are the API's (see
/// docs/openapi.yaml): range, since, until, honeypot, event, src_ip, session, country, asn, username,
/// dest_port, q.
public struct FilterQuery: Sendable {
    public var range: TimeRange?
    public var filter: EventFilter
    /// Raw parameters, to rebuild links (paging, export) with the same filter.
    public var parameters: [(String, String)]

    public static let names = ["range", "since", "until", "honeypot", "event", "src_ip", "session", "country", "asn", "username", "dest_port", "q"]

    /// `defaultRange` nil: no time bound unless the query sets one (explore, attacker, session pages).
    public static let maxLength = 512

    /// Empty parameters mean "no filter" (an empty field of the explore form); longer than `maxLength`
    /// is refused rather than cut, so a filter never silently means something else.
    public init(_ query: [String: String], defaultRange: String?, now: Timestamp = .now()) throws {
        for k in FilterQuery.names where (query[k]?.count ?? 0) > FilterQuery.maxLength {
            throw QueryError("\(k) is longer than \(FilterQuery.maxLength) characters")
        }
        func value(_ k: String) -> String? {
            guard let v = query[k], !v.isEmpty else { return nil }
            return v
        }
        parameters = FilterQuery.names.compactMap { k in value(k).map { (k, $0) } }
        var f = EventFilter()
        if value("range") == "all" {
            // No time bound, but a malformed since/until is still an error rather than silently ignored.
            _ = try TimeRange.parse(range: "1h", since: value("since"), until: value("until"), now: now)
            range = nil
        } else if value("range") != nil || value("since") != nil || value("until") != nil || defaultRange != nil {
            let r = try TimeRange.parse(range: value("range"), since: value("since"), until: value("until"), fallback: defaultRange ?? "24h", now: now)
            range = r
            f.since = r.since
            f.until = r.until
        }
        f.honeypot = value("honeypot")
        f.event = value("event")
        f.session = value("session")
        f.username = value("username")
        f.text = value("q")
        if let v = value("src_ip") {
            guard IPText.isValid(v.split(separator: "/").first.map(String.init) ?? "") else {
                throw QueryError("src_ip must be an IPv4/IPv6 address or CIDR block")
            }
            f.srcIP = v
        }
        if let v = value("country") {
            guard v.count == 2, v.allSatisfy({ $0.isASCII && $0.isLetter }) else { throw QueryError("country must be a two-letter code") }
            f.country = v.uppercased()
        }
        if let v = value("asn") {
            guard let n = Int(v.hasPrefix("AS") ? String(v.dropFirst(2)) : v), n >= 0, n <= Int(UInt32.max) else { throw QueryError("asn must be a number") }
            f.asn = n
        }
        if let v = value("dest_port") {
            guard let n = Int(v), (0...65535).contains(n) else { throw QueryError("dest_port must be 0-65535") }
            f.destPort = n
        }
        filter = f
    }

    /// The filter as a query string (escaped for a URL; callers HTML-escape it for an href).
    public func queryString(replacing extra: [(String, String)] = []) -> String {
        let keys = Set(extra.map(\.0))
        return (parameters.filter { !keys.contains($0.0) } + extra)
            .map { "\($0.0)=\(HTMLText.urlComponent($0.1))" }.joined(separator: "&")
    }
}

extension Request {
    /// Query parameters as a dictionary (first value of each name wins), decoded like a form: `+` is a
    /// space (what browsers send for GET forms), then percent-escapes.
    var queryDictionary: [String: String] {
        FormBody.parse(uri.query ?? "")
    }
}
