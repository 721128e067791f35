/// A regex's required *sequence* of literals: one of `firsts`, then optional whitespace, then one of
/// `seconds`, as in `(;|\||&&|`|\$\(|\n)\s*(cat|id|wget|…)`. `RegexPrefilter`'s single required literals
/// cannot keep that regex from running on an ordinary browser request — every user agent has a `;` and
/// every `Accept` header the `cat` of `application` — but the two almost never meet with only whitespace
/// between them, so checking the pair skips ICU (about a tenth of the web worker's CPU) on nearly every
/// benign request.
///
/// Conservative like `RegexPrefilter`: only a pattern with one top-level alternative that contains two
/// adjacent required groups, the first made of exact literals and the second of alternatives with a
/// literal prefix, optionally separated by quantified `\s`, gets one; it only ever answers "may match" for
/// text the regex could match. ASCII case is ignored; text with a non-ASCII byte always may match.
struct LiteralSequence: Sendable, Equatable {
    /// Lowercased exact literals, one of which ends right before the whitespace.
    let firsts: [[UInt8]]
    /// Lowercased literal prefixes, one of which starts right after it.
    let seconds: [[UInt8]]
    /// Bytes (either case) a first literal starts with: most positions start none and are skipped.
    private let lead: [Bool]

    init(firsts: [[UInt8]], seconds: [[UInt8]]) {
        self.firsts = firsts
        self.seconds = seconds
        var lead = [Bool](repeating: false, count: 256)
        for a in firsts where !a.isEmpty {
            lead[Int(a[0])] = true
            lead[Int(a[0] >= 0x61 && a[0] <= 0x7A ? a[0] - 0x20 : a[0])] = true
        }
        self.lead = lead
    }

    static func of(_ pattern: String) -> LiteralSequence? {
        let s = Array(pattern.unicodeScalars)
        guard !RegexPrefilter.hasExtendedFlag(s) else { return nil }
        let whole = s[...]
        guard RegexPrefilter.topLevelAlternatives(whole).count == 1 else { return nil }
        var groups: [(inner: ArraySlice<Unicode.Scalar>, end: Int)] = []
        var i = whole.startIndex
        while i < whole.endIndex {
            let c = whole[i]
            if c == "\\" { i += 2; continue }
            if c == "[" { i = RegexPrefilter.skipClass(whole, from: i); continue }
            guard c == "(" else { i += 1; continue }
            let end = RegexPrefilter.skipGroup(whole, from: i)
            guard end - 1 > i + 1, whole[end - 1] == ")" else { return nil }
            var inner = whole[(i + 1)..<(end - 1)]
            if inner.first == "?" {
                // Only `(?:`: lookarounds and flag groups do not consume what they name.
                guard inner.count >= 2, inner[inner.startIndex + 1] == ":" else { i = end; continue }
                inner = inner.dropFirst(2)
            }
            groups.append((inner, end))
            i = end
        }
        for (k, a) in groups.enumerated() where k + 1 < groups.count {
            // A must be required (no optional quantifier) and B must start after only whitespace items.
            var j = a.end
            if let q = RegexPrefilter.skipQuantifier(whole, at: j) {
                guard !q.optional else { continue }
                j = q.next
            }
            while j + 1 < whole.endIndex, whole[j] == "\\", whole[j + 1] == "s" {
                j += 2
                if let q = RegexPrefilter.skipQuantifier(whole, at: j) { j = q.next }
            }
            let b = groups[k + 1]
            guard j < whole.endIndex, whole[j] == "(", RegexPrefilter.skipGroup(whole, from: j) == b.end else { continue }
            if let q = RegexPrefilter.skipQuantifier(whole, at: b.end), q.optional { continue }
            let aAlts = RegexPrefilter.topLevelAlternatives(a.inner).map(exactLiteral)
            let bAlts = RegexPrefilter.topLevelAlternatives(b.inner).map(requiredPrefix)
            guard aAlts.allSatisfy({ $0 != nil }), bAlts.allSatisfy({ !$0.isEmpty }) else { continue }
            return LiteralSequence(firsts: aAlts.compactMap { $0 }, seconds: bAlts)
        }
        return nil
    }

    /// The alternative's text when it is nothing but literal characters.
    static func exactLiteral(_ s: ArraySlice<Unicode.Scalar>) -> [UInt8]? {
        var out: [UInt8] = []
        var i = s.startIndex
        while i < s.endIndex {
            guard let (l, next) = literal(s, at: i) else { return nil }
            if RegexPrefilter.skipQuantifier(s, at: next) != nil { return nil }
            out.append(l)
            i = next
        }
        return out.isEmpty ? nil : out
    }

    /// The literal characters every match of the alternative starts with (empty when there are none).
    static func requiredPrefix(_ s: ArraySlice<Unicode.Scalar>) -> [UInt8] {
        var out: [UInt8] = []
        var i = s.startIndex
        while i < s.endIndex, let (l, next) = literal(s, at: i) {
            if let q = RegexPrefilter.skipQuantifier(s, at: next) {
                if !q.optional { out.append(l) }
                return out
            }
            out.append(l)
            i = next
        }
        return out
    }

    /// A literal character at `i` (plain, escaped punctuation, `\n`, `\r`, `\t`), lowercased, and the
    /// index after it; nil for anything else.
    static func literal(_ s: ArraySlice<Unicode.Scalar>, at i: Int) -> (UInt8, Int)? {
        let c = s[i]
        if c == "\\" {
            guard i + 1 < s.endIndex, s[i + 1].value >= 0x21, let l = RegexPrefilter.escapedLiteral(s[i + 1]), l.isASCII else { return nil }
            return (RegexPrefilter.lowered(l), i + 2)
        }
        guard c.isASCII, c.value >= 0x20, !"()[]{}.^$|?*+".unicodeScalars.contains(c) else { return nil }
        return (RegexPrefilter.lowered(c), i + 1)
    }

    /// Whether the regex can match `text`: some first literal, then whitespace, then some second one.
    func mayMatch(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { hay in
            if hay.contains(where: { $0 >= 0x80 }) { return true }
            let n = hay.count
            @inline(__always) func lower(_ b: UInt8) -> UInt8 { b >= 0x41 && b <= 0x5A ? b | 0x20 : b }
            func starts(_ lit: [UInt8], at p: Int) -> Bool {
                guard p + lit.count <= n else { return false }
                for k in 0..<lit.count where lower(hay[p + k]) != lit[k] { return false }
                return true
            }
            for p in 0..<n where lead[Int(hay[p])] {
                for a in firsts where starts(a, at: p) {
                    // The second literal may start anywhere in the whitespace run that follows (the
                    // regex can give whitespace back when the literal itself starts with some).
                    // \s in ICU: space, \t, \n, \v, \f, \r (and non-ASCII spaces, excluded above).
                    var q = p + a.count
                    while true {
                        if seconds.contains(where: { starts($0, at: q) }) { return true }
                        guard q < n, hay[q] == 0x20 || (hay[q] >= 0x09 && hay[q] <= 0x0D) else { break }
                        q += 1
                    }
                }
            }
            return false
        }
    }
}
