import MitsuCore

/// Which rules can match a request, found with one multi-pattern scan per field instead of each rule's
/// literal searches one after another (~200 conditions over `any` alone cost most of a `GET /`'s
/// classification).
///
/// Every rule that has one is indexed by its *anchor*: a condition that cannot hold unless one of its
/// literals occurs in its field — `contains`, `contains-any`, `prefix`, `suffix`, `equals`, or a regex with
/// required literals (`RegexPrefilter`). Of a rule's anchors the most selective is used (longest shortest
/// literal). A rule is a candidate when its anchor's field contains one of the literals (ignoring ASCII
/// case, so a superset of what the condition accepts), or, for a regex anchor, when the field has a
/// non-ASCII byte (ICU folds case beyond ASCII there). Candidates and rules without an anchor are then
/// evaluated in full, so the index only ever skips rules that could not match.
struct WebRuleIndex: Sendable {
    /// Rules evaluated on every request: none of their conditions names a required literal.
    let unanchored: [Int32]
    let scans: [FieldScan]
    let ruleCount: Int

    /// A class, not a struct: `candidates` walks every scan per request, and a struct's walk copied (and
    /// retained) its arrays each time.
    final class FieldScan: Sendable {
        let field: WebRule.Field
        let matcher: MultiPatternMatcher
        /// Rules anchored on each pattern, by pattern id.
        let rulesByPattern: [[Int32]]
        /// Rules anchored on a regex in this field: candidates whenever the text is not plain ASCII.
        let regexRules: [Int32]

        init(field: WebRule.Field, matcher: MultiPatternMatcher, rulesByPattern: [[Int32]], regexRules: [Int32]) {
            self.field = field
            self.matcher = matcher
            self.rulesByPattern = rulesByPattern
            self.regexRules = regexRules
        }
    }

    init(rules: [WebRule]) {
        ruleCount = rules.count
        var unanchored: [Int32] = []
        var byField: [(field: WebRule.Field, patterns: [[UInt8]], rules: [[Int32]], regexRules: [Int32])] = []
        for (i, rule) in rules.enumerated() {
            guard let anchor = rule.conditions.compactMap(Self.anchor).max(by: { $0.selectivity < $1.selectivity }) else {
                unanchored.append(Int32(i))
                continue
            }
            let slot: Int
            if let existing = byField.firstIndex(where: { $0.field == anchor.field }) {
                slot = existing
            } else {
                byField.append((anchor.field, [], [], []))
                slot = byField.count - 1
            }
            for literal in anchor.literals {
                let folded = literal.map { MultiPatternMatcher.fold[Int($0)] }
                if let known = byField[slot].patterns.firstIndex(of: folded) {
                    byField[slot].rules[known].append(Int32(i))
                } else {
                    byField[slot].patterns.append(folded)
                    byField[slot].rules.append([Int32(i)])
                }
            }
            if anchor.isRegex { byField[slot].regexRules.append(Int32(i)) }
        }
        self.unanchored = unanchored
        scans = byField.map {
            FieldScan(field: $0.field, matcher: MultiPatternMatcher(patterns: $0.patterns), rulesByPattern: $0.rules, regexRules: $0.regexRules)
        }
    }

    /// The literals a condition needs in its field, if it needs any.
    private static func anchor(_ c: WebRule.Condition) -> (field: WebRule.Field, literals: [[UInt8]], isRegex: Bool, selectivity: Int)? {
        let literals: [[UInt8]]
        switch c.op {
        case .contains, .prefix, .suffix: literals = Array(c.needles.prefix(1))
        case .containsAny: literals = c.needles
        case .equals: literals = [Array(c.pattern.utf8)]
        case .regex: literals = c.prefilter ?? []
        case .exists, .absent, .notContains: return nil
        }
        guard !literals.isEmpty, literals.allSatisfy({ !$0.isEmpty }) else { return nil }
        return (c.field, literals, c.op == .regex, literals.map(\.count).min() ?? 0)
    }

    /// Indices of the rules worth evaluating for `view`, in rule order.
    func candidates(_ view: RequestView) -> [Int] {
        var marked = [Bool](repeating: false, count: ruleCount)
        for r in unanchored { marked[Int(r)] = true }
        var scratch: [UInt8] = []
        for scan in scans {
            guard let text = scan.field.text(in: view), !text.isEmpty else { continue }
            scan.matcher.scan(text, scratch: &scratch) { id in
                for r in scan.rulesByPattern[Int(id)] { marked[Int(r)] = true }
            }
            if !scan.regexRules.isEmpty, text.utf8.contains(where: { $0 >= 0x80 }) {
                for r in scan.regexRules { marked[Int(r)] = true }
            }
        }
        return marked.indices.filter { marked[$0] }
    }
}
