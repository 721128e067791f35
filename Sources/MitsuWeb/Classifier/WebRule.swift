import Foundation
import MitsuCore

/// One classification rule from the rules file: when every condition holds, the request gets the rule's
/// categories and CVE ids. See docs/web.md for the file format.
public struct WebRule: Sendable {
    public var id: String
    public var categories: [String]
    public var cves: [String]
    public var conditions: [Condition]
    /// Line of the `rule` header in the rules file, for messages.
    public var line: Int

    public enum Field: Sendable, Equatable {
        case method, requestLine, rawURI, uri, rawPath, path, query, headers, userAgent, cookie
        case rawBody, body, args, any
        case header(String)

        static func parse(_ text: String) -> Field? {
            if text.hasPrefix("header:") {
                let name = Decoding.lowercasedASCII(String(text.dropFirst(7)))
                return name.isEmpty ? nil : .header(name)
            }
            switch text {
            case "method": return .method
            case "request_line": return .requestLine
            case "raw_uri": return .rawURI
            case "uri": return .uri
            case "raw_path": return .rawPath
            case "path": return .path
            case "query": return .query
            case "headers": return .headers
            case "ua": return .userAgent
            case "cookie": return .cookie
            case "raw_body": return .rawBody
            case "body": return .body
            case "args": return .args
            case "any": return .any
            default: return nil
            }
        }

        func text(in v: RequestView) -> String? {
            switch self {
            case .method: return Decoding.lowercasedASCII(v.method)
            case .requestLine: return v.requestLine
            case .rawURI: return v.rawURI
            case .uri: return v.uri
            case .rawPath: return v.rawPath
            case .path: return v.path
            case .query: return v.query
            case .headers: return v.headers
            case .userAgent: return v.userAgent
            case .cookie: return v.cookie
            case .rawBody: return v.rawBody
            case .body: return v.body
            case .args: return v.args
            case .any: return v.any
            case .header(let name): return v.headerValues[name]
            }
        }
    }

    public enum Operator: String, Sendable, CaseIterable {
        case contains, prefix, suffix, equals, regex, exists
        case notContains = "!contains"
        case absent
        /// `a|b|c`: contains any of the `|`-separated literals (cheaper than a regex alternation).
        case containsAny = "contains-any"
    }

    public struct Condition: @unchecked Sendable {
        // NSRegularExpression is immutable after creation and documented thread-safe.
        public var field: Field
        public var op: Operator
        /// Lowercased pattern (matching is case-insensitive: every field is lowercased).
        public var pattern: String
        var regex: NSRegularExpression?
        /// The pattern's bytes (`contains-any`: each alternative's), for byte-wise matching.
        var needles: [[UInt8]] = []
        /// `regex`: literals one of which every match contains (`RegexPrefilter`); the regex runs only
        /// when one is present (or the text is not plain ASCII). nil: it always runs.
        var prefilter: [[UInt8]]?
        /// `regex`: a required "literal, whitespace, literal" sequence (`LiteralSequence`), checked after
        /// `prefilter` and before the regex. nil: none.
        var sequence: LiteralSequence?

        func holds(in v: RequestView) -> Bool {
            let value = field.text(in: v)
            switch op {
            case .exists: return value != nil
            case .absent: return value == nil
            case .notContains: return !(value.map { Self.find(needles.first ?? [], in: $0) } ?? false)
            default: break
            }
            guard let s = value else { return false }
            switch op {
            case .contains: return Self.find(needles.first ?? [], in: s)
            case .containsAny: return needles.contains { Self.find($0, in: s) }
            case .prefix: return s.utf8.starts(with: needles.first ?? [])
            case .suffix: return s.utf8.reversed().starts(with: (needles.first ?? []).reversed())
            case .equals: return s == pattern
            case .regex:
                guard let regex else { return false }
                if let prefilter, !Self.mayMatch(prefilter, in: s) { return false }
                if let sequence, !sequence.mayMatch(s) { return false }
                return regex.firstMatch(in: s, range: NSRange(s.startIndex..., in: s)) != nil
            case .exists, .absent, .notContains: return false
            }
        }

        /// Whether a regex with these required literals can match `s`: one of them occurs, or `s` has a
        /// non-ASCII byte (where case-insensitive matching goes beyond ASCII lowercasing).
        /// ASCII case is ignored here: most fields are lowercased, but `args` keeps its values' case.
        static func mayMatch(_ literals: [[UInt8]], in s: String) -> Bool {
            var text = s
            return text.withUTF8 { hay in
                if hay.contains(where: { $0 >= 0x80 }) { return true }
                return literals.contains { findIgnoringASCIICase($0, in: hay) }
            }
        }

        /// `needle` is lowercased already.
        static func findIgnoringASCIICase(_ needle: [UInt8], in hay: UnsafeBufferPointer<UInt8>) -> Bool {
            guard let first = needle.first else { return true }
            guard needle.count <= hay.count else { return false }
            @inline(__always) func lower(_ b: UInt8) -> UInt8 { b >= 0x41 && b <= 0x5A ? b | 0x20 : b }
            let last = hay.count - needle.count
            var i = 0
            while i <= last {
                if lower(hay[i]) == first {
                    var k = 1
                    while k < needle.count, lower(hay[i + k]) == needle[k] { k += 1 }
                    if k == needle.count { return true }
                }
                i += 1
            }
            return false
        }

        /// Byte-wise substring search (every field is already lowercased ASCII-wise).
        static func find(_ needle: [UInt8], in s: String) -> Bool {
            ByteSearch.contains(needle, in: s)
        }
    }

    func matches(_ v: RequestView) -> Bool {
        conditions.allSatisfy { $0.holds(in: v) }
    }
}
