import Foundation
import MitsuCore

/// Finds the URLs an attack points at: the dropper a command injection fetches (`wget http://…/x.sh`,
/// GPON's `dest_host=`wget+http://…``), an RFI target (`?page=http://…/shell.txt?`), a Log4Shell callback
/// (`${jndi:ldap://…}`, also through `${lower:j}`-style obfuscation). These are the attacker's
/// infrastructure, the part worth keeping even when the exploit itself is ordinary.
///
/// Works on the request decoded but with case kept (paths are case-sensitive, so `RequestView`'s
/// lowercased text won't do). Bounded: text is cut at `RequestView.textCap` per part, at most `maxURLs`
/// distinct URLs of at most `maxLength` bytes come out.
public enum URLExtractor {
    public struct Found: Sendable, Equatable {
        public var url: String
        /// Where it was: `path`, `query`, `body`, or `header NAME`.
        public var source: String
    }

    public static let maxURLs = 8
    public static let maxLength = 2048
    /// Schemes worth recording. Only http(s), ftp and tftp are ever fetched; the JNDI ones are callbacks.
    static let schemes = ["http", "https", "ftp", "tftp", "ldap", "ldaps", "rmi", "dns", "iiop", "corba", "nds", "nis"]
    /// Tools whose next argument is a URL even without a scheme (`wget 1.2.3.4/bins.sh`).
    static let fetchTools = ["wget", "curl"]
    private static let fetchToolBytes = fetchTools.map { Array($0.utf8) }

    public static func extract(_ r: HTTPRequest) -> [Found] {
        var parts: [(String, [UInt8])] = [
            ("path", Array(r.rawPath.utf8)),
            ("query", Array(r.rawQuery.utf8)),
        ]
        for h in r.headers { parts.append(("header " + Decoding.lowercasedASCII(h.name), Array(h.value.utf8))) }
        if !r.body.isEmpty { parts.append(("body", Array(r.body))) }

        var found: [Found] = []
        for (source, raw) in parts where !raw.isEmpty {
            let plusAsSpace = source == "query" || source == "body"
            let text = Decoding.htmlEntityDecode(String(decoding: Decoding.fullyDecode(Array(raw.prefix(RequestView.textCap)),
                                                                                       plusAsSpace: plusAsSpace), as: UTF8.self))
            for url in urls(in: flattenLookups(text)) where !found.contains(where: { $0.url == url }) {
                found.append(Found(url: url, source: source))
                if found.count == maxURLs { return found }
            }
        }
        return found
    }

    /// The URLs in `text`, in order of appearance: `scheme://host…`, and a bare `host/path` after wget or curl.
    static func urls(in text: String) -> [String] {
        let bytes = Array(text.utf8)
        var out: [String] = []
        var i = 0
        while i < bytes.count, out.count < maxURLs {
            if bytes[i] == UInt8(ascii: ":"), i + 2 < bytes.count, bytes[i + 1] == UInt8(ascii: "/"), bytes[i + 2] == UInt8(ascii: "/") {
                var start = i
                while start > 0, isSchemeByte(bytes[start - 1]) { start -= 1 }
                let scheme = Decoding.lowercasedASCII(String(decoding: bytes[start..<i], as: UTF8.self))
                let end = urlEnd(bytes, from: i + 3)
                if schemes.contains(scheme), end > i + 3 {
                    let rest = String(decoding: bytes[(i + 3)..<end], as: UTF8.self)
                    out.append(String((scheme + "://" + rest).prefix(maxLength)))
                }
                i = max(end, i + 3)
                continue
            }
            if let (url, next) = bareToolArgument(bytes, at: i) {
                out.append(url)
                i = next
                continue
            }
            i += 1
        }
        return out
    }

    /// `wget 1.2.3.4/x` or `curl -O host:8080/x`: the first non-option word after the tool, when it has a
    /// host part with a dot or colon and a path, becomes `http://word`. A word with a scheme is left to
    /// the main scan.
    private static func bareToolArgument(_ b: [UInt8], at i: Int) -> (String, Int)? {
        guard i == 0 || !isWordByte(b[i - 1]) else { return nil }
        // Compared in place: this runs at every byte of every part of every attack, so no copies here.
        for t in fetchToolBytes {
            guard lowercase(b[i]) == t[0], i + t.count < b.count, b[i + t.count] == UInt8(ascii: " "),
                  t.indices.allSatisfy({ lowercase(b[i + $0]) == t[$0] })
            else { continue }
            var j = i + t.count
            // Skip options; an option's own argument (`-O file`) is skipped with it when it does not look like a URL.
            while j < b.count {
                while j < b.count, b[j] == UInt8(ascii: " ") { j += 1 }
                guard j < b.count else { return nil }
                let end = urlEnd(b, from: j)
                let word = String(decoding: b[j..<end], as: UTF8.self)
                if word.hasPrefix("-") { j = end; continue }
                guard !word.contains("://"), let slash = word.firstIndex(of: "/"), slash != word.startIndex else { return nil }
                let host = word[..<slash]
                guard host.contains(".") || host.contains(":"),
                      host.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" || $0 == ":" }) else { return nil }
                return (String(("http://" + word).prefix(maxLength)), end)
            }
            return nil
        }
        return nil
    }

    /// Undoes Log4j's lookup nesting so the callback URL shows: `${lower:J}` → `J`, `${::-j}` and
    /// `${env:X:-j}` → `j`; the `${jndi:` wrapper itself stays (it ends at `}`, which ends the URL).
    static func flattenLookups(_ text: String) -> String {
        // A byte search: String.contains(String) is Foundation's locale-aware search.
        guard ByteSearch.contains("${", in: text) else { return text }
        var s = text
        var searchEnd = s.endIndex
        // Innermost first: the last `${` has no lookup inside it, and the first `}` after it closes it. Each
        // round removes one lookup or moves `searchEnd` before an unclosed `${`; at most 64 rounds.
        for _ in 0..<64 {
            guard let open = s[..<searchEnd].range(of: "${", options: .backwards) else { break }
            guard let close = s[open.upperBound...].firstIndex(of: "}") else {
                searchEnd = open.lowerBound
                continue
            }
            let inner = s[open.upperBound..<close]
            let replacement: Substring
            if let dash = inner.range(of: ":-") {
                replacement = inner[dash.upperBound...]
            } else if inner.lowercased().hasPrefix("lower:") || inner.lowercased().hasPrefix("upper:") {
                replacement = inner.dropFirst(6)
            } else if inner.lowercased().hasPrefix("jndi:") {
                // Keep the callback readable: `jndi:ldap://h/a` stands alone, ended by a space.
                replacement = inner.dropFirst(5) + " "
            } else {
                replacement = " "
            }
            s.replaceSubrange(open.lowerBound...close, with: replacement)
            // Old indices are invalid after the edit; an unclosed `${` is passed over again, still bounded.
            searchEnd = s.endIndex
        }
        return s
    }

    /// Where a URL that starts at `from` ends: at whitespace, a control byte, a quote, or shell and
    /// template punctuation (`;|&<>(){}$` and backtick), and at most `maxLength` bytes on.
    private static func urlEnd(_ b: [UInt8], from: Int) -> Int {
        var j = from
        while j < b.count, j - from < maxLength {
            let c = b[j]
            if c <= 0x20 || c == 0x7f { break }
            if "\"'`<>;|&(){}$\\^[],".utf8.contains(c) { break }
            j += 1
        }
        // A sentence's trailing dot or colon is not part of the URL.
        while j > from, b[j - 1] == UInt8(ascii: ".") || b[j - 1] == UInt8(ascii: ":") { j -= 1 }
        return j
    }

    private static func isSchemeByte(_ c: UInt8) -> Bool {
        (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)
    }

    private static func isWordByte(_ c: UInt8) -> Bool {
        isSchemeByte(c) || (c >= 0x30 && c <= 0x39) || c == UInt8(ascii: "_") || c == UInt8(ascii: "-") || c == UInt8(ascii: "/")
    }

    private static func lowercase(_ c: UInt8) -> UInt8 { (c >= 65 && c <= 90) ? c | 0x20 : c }
}
