import Foundation

/// Parses one rule line into a `Rule` by running each option through `KeywordTable`.
public struct RuleParser: Sendable {
    public var variables: RuleVariables

    public init(variables: RuleVariables = RuleVariables()) {
        self.variables = variables
    }

    public func parse(_ line: String) throws -> Rule {
        let (header, options) = try RuleText.split(Substring(line))
        var b = RuleBuilder()
        try RuleHeaderParser.parse(header, into: &b.rule, variables: variables)
        for (name, value) in options {
            guard let row = KeywordTable.rows[name] else { throw RuleError.unsupportedKeyword(name) }
            try row.setup(&b, value)
        }
        return try b.finish()
    }
}

/// A rule that did not load, where it was, and why.
public struct RuleRejection: Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var sid: Int?
    public var error: RuleError

    public var description: String {
        "\(file):\(line)\(sid.map { " sid \($0)" } ?? ""): \(error)"
    }
}

/// Reads rule files: one rule a line, `\` at the end of a line continues it, `#` starts a comment.
public enum RuleLoader {
    public static let maxFileBytes = 256 * 1024 * 1024
    public static let maxRules = 500_000

    public static func load(files: [String], parser: RuleParser = RuleParser()) -> (rules: [Rule], rejects: [RuleRejection]) {
        var rules: [Rule] = []
        var rejects: [RuleRejection] = []
        var seen = Set<Int64>()
        for file in files {
            guard let text = readFile(file) else {
                rejects.append(RuleRejection(file: file, line: 0, sid: nil, error: .syntax("cannot read file")))
                continue
            }
            load(text: text, name: file, parser: parser, seen: &seen, rules: &rules, rejects: &rejects)
        }
        return (rules, rejects)
    }

    public static func load(text: String, name: String = "<text>", parser: RuleParser = RuleParser()) -> (rules: [Rule], rejects: [RuleRejection]) {
        var rules: [Rule] = []
        var rejects: [RuleRejection] = []
        var seen = Set<Int64>()
        load(text: text, name: name, parser: parser, seen: &seen, rules: &rules, rejects: &rejects)
        return (rules, rejects)
    }

    static func load(text: String, name: String, parser: RuleParser, seen: inout Set<Int64>,
                     rules: inout [Rule], rejects: inout [RuleRejection]) {
        var pending: [UInt8] = []
        var startLine = 0
        var lineNo = 0
        // Bytes, not Characters: ET Open is 25k lines and Character iteration would dominate load time.
        for raw in Array(text.utf8).split(separator: 10, omittingEmptySubsequences: false) {
            lineNo += 1
            var line = raw
            if line.last == 13 { line = line.dropLast() }
            if pending.isEmpty {
                guard let first = line.first(where: { $0 != 32 && $0 != 9 }), first != UInt8(ascii: "#") else { continue }
                startLine = lineNo
            }
            if line.last == UInt8(ascii: "\\") {
                pending += line.dropLast()
                if pending.count > RuleText.maxRuleBytes {
                    rejects.append(RuleRejection(file: name, line: startLine, sid: nil, error: .tooLong))
                    pending = []
                }
                continue
            }
            pending += line
            let ruleText = String(decoding: pending, as: UTF8.self)
            pending = []
            guard rules.count < maxRules else {
                rejects.append(RuleRejection(file: name, line: startLine, sid: nil, error: .syntax("more than \(maxRules) rules")))
                continue
            }
            do {
                let rule = try parser.parse(ruleText)
                let key = Int64(rule.gid) << 32 | Int64(rule.sid)
                guard seen.insert(key).inserted else { throw RuleError.duplicateSid(rule.sid) }
                rules.append(rule)
            } catch {
                rejects.append(RuleRejection(file: name, line: startLine, sid: sidHint(ruleText), error: error as? RuleError ?? .syntax("\(error)")))
            }
        }
    }

    /// The sid of a rule that failed to parse, for the report.
    static func sidHint(_ text: String) -> Int? {
        guard let r = text.range(of: "sid:") else { return nil }
        let digits = text[r.upperBound...].drop(while: { $0 == " " }).prefix(while: { $0.isNumber })
        return Int(digits)
    }

    static func readFile(_ path: String) -> String? {
        guard let data = FileManager.default.contents(atPath: path), data.count <= maxFileBytes else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    /// Counts per rejection reason, most frequent first.
    public static func summary(_ rejects: [RuleRejection]) -> [(reason: String, count: Int)] {
        var counts: [String: Int] = [:]
        for r in rejects { counts[r.error.summary, default: 0] += 1 }
        return counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map { ($0.key, $0.value) }
    }
}
