import Foundation
import MitsuCore

/// The shell command a command-injection request smuggles in (`ip=1.2.3.4;id`, `` `whoami` ``,
/// `$(cat /etc/passwd)`, a GPON `dest_host`, a Realtek `<NewInternalClient>`, Shellshock's `() { :; };`),
/// as the vulnerable script would hand it to `/bin/sh`. Attacker text: only ever given to MitsuShell's
/// interpreter, which runs nothing.
public enum InjectedCommand {
    static let maxLength = 4096

    /// The command, or nil when no injection can be found in the request's values.
    public static func extract(_ r: HTTPRequest, view: RequestView) -> String? {
        for text in candidates(r, view: view) {
            if let c = command(in: text) { return c }
        }
        return nil
    }

    /// Where an injection can sit, most specific first: parameter values (case kept), the query as a whole
    /// (JAWS' `/shell?cd+/tmp;…` has no `=`), XML element texts, header values, the body as sent.
    static func candidates(_ r: HTTPRequest, view: RequestView) -> [String] {
        var out = view.formFields.map(\.value).filter { !$0.isEmpty }
        let q = String(decoding: Decoding.fullyDecode(Array(r.rawQuery.utf8.prefix(RequestView.textCap)), plusAsSpace: true), as: UTF8.self)
        if !q.isEmpty, !q.contains("=") { out.append(q) }
        let body = String(decoding: r.body.prefix(RequestView.textCap), as: UTF8.self)
        if body.hasPrefix("<") || body.contains("</") { out += xmlTexts(body) }
        // Ordinary headers are full of `;` (Accept, User-Agent): only a substitution, Shellshock or
        // HNAP's SOAPAction counts there.
        for h in r.headers {
            let v = String(h.value.prefix(RequestView.textCap))
            if HTTPRequest.sameName(h.name, "soapaction") || Self.substitutes(v) { out.append(v) }
        }
        if Self.substitutes(body) { out.append(body) }
        return out
    }

    static func substitutes(_ v: String) -> Bool {
        v.contains("$(") || v.contains("`") || v.contains("() {")
    }

    /// The text between tags, entities undone (`&amp;&amp;` → `&&`), at most 64 pieces.
    static func xmlTexts(_ s: String) -> [String] {
        var out: [String] = []
        var current = ""
        var inTag = false
        for ch in s {
            if ch == "<" {
                inTag = true
                let t = current.trimmingCharacters(in: .whitespacesAndNewlines)
                if !t.isEmpty { out.append(Decoding.htmlEntityDecode(t)) }
                current = ""
                if out.count >= 64 { break }
            } else if ch == ">", inTag {
                inTag = false
            } else if !inTag {
                current.append(ch)
            }
        }
        return out
    }

    /// The injected command in one value: Shellshock's function body tail, a `$(…)` or backtick
    /// substitution, or what follows `;`, `|`, `&&`, `||`, `&` or a newline — whichever starts first.
    static func command(in text: String) -> String? {
        let s = Array(text.unicodeScalars.prefix(maxLength * 4))
        var best: (start: Int, command: String)?
        func offer(_ start: Int, _ c: String) {
            let t = tidy(c)
            guard !t.isEmpty, let f = t.unicodeScalars.first, isCommandStart(f) else { return }
            if let b = best, b.start <= start { return }
            best = (start, t)
        }
        // Shellshock: `() { :; }; CMD` (and variants with more inside the braces).
        if let open = find(s, Array("() {".unicodeScalars), from: 0), let close = find(s, Array("};".unicodeScalars), from: open) {
            offer(open, String(String.UnicodeScalarView(s[(close + 2)...])))
            if let b = best { return String(b.command.prefix(maxLength)) }
        }
        var i = 0
        while i < s.count {
            let c = s[i]
            if c == "$", i + 1 < s.count, s[i + 1] == "(", !(i + 2 < s.count && s[i + 2] == "(") {
                if let end = matchingParen(s, from: i + 2) {
                    offer(i, String(String.UnicodeScalarView(s[(i + 2)..<end])))
                    if best != nil { break }
                }
            } else if c == "`" {
                if let end = s[(i + 1)...].firstIndex(of: "`") {
                    offer(i, String(String.UnicodeScalarView(s[(i + 1)..<end])))
                    if best != nil { break }
                    i = end
                }
            } else if c == ";" || c == "|" || c == "&" || c == "\n" {
                var j = i + 1
                while j < s.count, s[j] == "|" || s[j] == "&" { j += 1 }
                offer(i, String(String.UnicodeScalarView(s[j...])))
                if best != nil { break }
            }
            i += 1
        }
        return best.map { String($0.command.prefix(maxLength)) }
    }

    static func isCommandStart(_ c: Unicode.Scalar) -> Bool {
        (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || c == "/" || c == "." || c == "$" || c == "(" || c == "{"
            || c == "\\" || c == "'" || c == "\""
    }

    /// Trims the value's leftovers around the command: whitespace, and a trailing quote or comment mark
    /// that closed the original context (`';id;'`), when it leaves the quotes unbalanced.
    static func tidy(_ c: String) -> String {
        var t = c.trimmingCharacters(in: .whitespacesAndNewlines)
        for q in ["'", "\""] {
            let n = t.filter { String($0) == q }.count
            if n % 2 == 1, t.hasSuffix(q) { t.removeLast() }
        }
        while let l = t.last, l == ";" || l == "#" || l == " " || l == "&" || l == "|" { t.removeLast() }
        return t
    }

    static func find(_ s: [Unicode.Scalar], _ needle: [Unicode.Scalar], from: Int) -> Int? {
        guard needle.count <= s.count, from <= s.count - needle.count else { return nil }
        for i in from...(s.count - needle.count) where s[i] == needle[0] && Array(s[i..<(i + needle.count)]) == needle { return i }
        return nil
    }

    static func matchingParen(_ s: [Unicode.Scalar], from: Int) -> Int? {
        var depth = 1
        var i = from
        while i < s.count {
            if s[i] == "(" { depth += 1 } else if s[i] == ")" {
                depth -= 1
                if depth == 0 { return i }
            }
            i += 1
        }
        return nil
    }
}
