import Foundation

/// An error in the rules file, naming the file and line like the config's errors.
public struct WebRuleError: Error, Sendable, CustomStringConvertible, Equatable {
    public var file: String
    public var line: Int
    public var message: String
    public var description: String { "\(file):\(line): \(message)" }
}

/// The rules file, parsed and validated. Format (docs/web.md):
///
///     # comment
///     rule log4shell jndi CVE-2021-44228
///       any contains ${jndi:
///
/// A `rule` line names an id, comma-separated categories and optional comma-separated CVE ids; the
/// indented lines under it are conditions `FIELD OPERATOR PATTERN`, all of which must hold.
public struct WebRuleSet: Sendable {
    public var rules: [WebRule]

    public static let knownCategories: Set<String> = [
        "sqli", "xss", "lfi", "rfi", "path_traversal", "cmd_injection", "php_code_injection", "ssti", "xxe",
        "crlf", "jndi", "shellshock", "ognl", "deserialization", "ssrf", "recon", "wordpress", "bruteforce",
        "scanner", "exploit", "webshell", "proxy", "upload",
    ]

    public init(rules: [WebRule]) { self.rules = rules }

    public static func parse(_ text: String, file: String) throws -> WebRuleSet {
        var rules: [WebRule] = []
        var ids: Set<String> = []
        var current: WebRule?
        func close() throws {
            guard let r = current else { return }
            guard !r.conditions.isEmpty else {
                throw WebRuleError(file: file, line: r.line, message: "rule '\(r.id)' has no conditions")
            }
            // Cheap conditions first: a rule fails at its first false condition, so most regexes never run.
            var sorted = r
            sorted.conditions = r.conditions.filter { $0.op != .regex } + r.conditions.filter { $0.op == .regex }
            rules.append(sorted)
            current = nil
        }
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let lineNo = index + 1
            let line = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let indented = line.first == " " || line.first == "\t"
            if !indented {
                try close()
                let words = trimmed.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
                guard words.first == "rule", words.count == 3 || words.count == 4 else {
                    throw WebRuleError(file: file, line: lineNo, message: "expected 'rule ID CATEGORIES [CVES]'")
                }
                let id = words[1]
                guard !ids.contains(id) else { throw WebRuleError(file: file, line: lineNo, message: "rule id '\(id)' is used twice") }
                ids.insert(id)
                let categories = words[2].split(separator: ",").map(String.init)
                for c in categories where !knownCategories.contains(c) {
                    throw WebRuleError(file: file, line: lineNo, message: "unknown category '\(c)' (known: \(knownCategories.sorted().joined(separator: ", ")))")
                }
                let cves = words.count == 4 ? words[3].split(separator: ",").map(String.init) : []
                for c in cves where !isCVE(c) {
                    throw WebRuleError(file: file, line: lineNo, message: "'\(c)' is not a CVE id like CVE-2021-44228")
                }
                current = WebRule(id: id, categories: categories, cves: cves, conditions: [], line: lineNo)
                continue
            }
            guard current != nil else {
                throw WebRuleError(file: file, line: lineNo, message: "condition outside a rule")
            }
            current?.conditions.append(try condition(trimmed, file: file, line: lineNo))
        }
        try close()
        return WebRuleSet(rules: rules)
    }

    public static func load(path: String) throws -> WebRuleSet {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw WebRuleError(file: path, line: 0, message: "cannot read the rules file")
        }
        return try parse(String(decoding: data, as: UTF8.self), file: path)
    }

    static func isCVE(_ s: String) -> Bool {
        let parts = s.split(separator: "-")
        return parts.count == 3 && parts[0] == "CVE" && parts[1].count == 4 && parts[1].allSatisfy(\.isNumber)
            && parts[2].count >= 4 && parts[2].allSatisfy(\.isNumber)
    }

    static func condition(_ text: String, file: String, line: Int) throws -> WebRule.Condition {
        let words = text.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: true).map(String.init)
        guard words.count >= 2, let field = WebRule.Field.parse(words[0]) else {
            throw WebRuleError(file: file, line: line, message: "expected 'FIELD OPERATOR PATTERN', unknown field '\(words.first ?? "")'")
        }
        guard let op = WebRule.Operator(rawValue: words[1]) else {
            throw WebRuleError(file: file, line: line, message: "unknown operator '\(words[1])' (known: \(WebRule.Operator.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        var pattern = words.count == 3 ? words[2] : ""
        if pattern.count >= 2, pattern.hasPrefix("\""), pattern.hasSuffix("\"") { pattern = String(pattern.dropFirst().dropLast()) }
        if op == .exists || op == .absent {
            guard pattern.isEmpty else { throw WebRuleError(file: file, line: line, message: "'\(op.rawValue)' takes no pattern") }
        } else if pattern.isEmpty {
            throw WebRuleError(file: file, line: line, message: "missing pattern")
        }
        var regex: NSRegularExpression?
        if op == .regex {
            do {
                // ^ and $ match at every line: `args` and `headers` hold one item a line.
                regex = try NSRegularExpression(pattern: pattern, options: [.caseInsensitive, .dotMatchesLineSeparators, .anchorsMatchLines])
            } catch {
                throw WebRuleError(file: file, line: line, message: "bad regular expression '\(pattern)'")
            }
        } else {
            pattern = Decoding.lowercasedASCII(pattern)
        }
        let needles = op == .containsAny ? pattern.split(separator: "|").map { Array($0.utf8) } : [Array(pattern.utf8)]
        return WebRule.Condition(field: field, op: op, pattern: pattern, regex: regex, needles: needles,
                                 prefilter: op == .regex ? RegexPrefilter.literals(pattern) : nil,
                                 sequence: op == .regex ? LiteralSequence.of(pattern) : nil)
    }
}
