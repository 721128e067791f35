import Foundation

extension Commands {
    /// awk: the one-liner subset bots use — `-F SEP`, an optional `/re/`, `NR==n`/`FNR == n` or
    /// `$N == "x"` condition, and `{print $1, $3}` / `{print $2;}` / `{print}` / `{print NF}` actions.
    static let awk = CommandSpec(["awk", "gawk", "mawk", "nawk"], in: "/usr/bin", fakeSize: 174_888) { c in
        var separator: String?
        var program: String?
        var files: [String] = []
        var args = c.args[...]
        while let a = args.first {
            args = args.dropFirst()
            if a == "-F" { separator = args.first; args = args.dropFirst(); continue }
            if a.hasPrefix("-F") { separator = String(a.dropFirst(2)); continue }
            if a == "-v" { args = args.dropFirst(); continue }
            if program == nil { program = a } else { files.append(a) }
        }
        guard let program else {
            c.error("usage: awk [-F fs][-v var=value][prog | -f progfile][file ...]\n")
            return 2
        }
        let rule = AwkRule(program)
        var nr = 0
        for f in files.isEmpty ? ["-"] : files {
            guard let b = c.readInput(f) else { return 2 }
            var lines = String(decoding: b, as: UTF8.self).components(separatedBy: "\n")
            if lines.last == "" { lines.removeLast() }
            for (k, line) in lines.enumerated() {
                nr += 1
                let fields: [String]
                if let s = separator, !s.isEmpty, s != " " {
                    fields = line.components(separatedBy: s == "\\t" ? "\t" : s)
                } else {
                    fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
                }
                if let out = rule.run(line: line, fields: fields, nr: nr, fnr: k + 1) { c.print(out) }
            }
        }
        return 0
    }
}

struct AwkRule {
    var regex: String?
    var condition: (lhs: String, op: String, rhs: String)?
    var items: [String] = []
    var printsWholeLine = true

    init(_ text: String) {
        var t = text.trimmingCharacters(in: .whitespaces)
        if t.hasPrefix("/"), let end = t.dropFirst().firstIndex(of: "/") {
            regex = String(t[t.index(after: t.startIndex)..<end])
            t = String(t[t.index(after: end)...]).trimmingCharacters(in: .whitespaces)
        }
        if let brace = t.firstIndex(of: "{") {
            let cond = t[t.startIndex..<brace].trimmingCharacters(in: .whitespaces)
            for op in ["==", "!=", ">=", "<=", ">", "<"] {
                if let r = cond.range(of: op) {
                    condition = (cond[cond.startIndex..<r.lowerBound].trimmingCharacters(in: .whitespaces), op,
                                 cond[r.upperBound...].trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\"")))
                    break
                }
            }
            var body = t[t.index(after: brace)...].trimmingCharacters(in: CharacterSet(charactersIn: "} ;"))
            if body.hasPrefix("print") {
                body = String(body.dropFirst(5)).trimmingCharacters(in: .whitespaces)
                if body.hasPrefix("("), body.hasSuffix(")") { body = String(body.dropFirst().dropLast()) }
                if !body.isEmpty {
                    printsWholeLine = false
                    items = body.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                }
            }
        }
    }

    func value(_ expr: String, _ line: String, _ fields: [String], _ nr: Int, _ fnr: Int) -> String {
        if expr == "$0" { return line }
        if expr.hasPrefix("$"), let n = Int(expr.dropFirst()) { return n >= 1 && n <= fields.count ? fields[n - 1] : "" }
        if expr == "$NF" { return fields.last ?? "" }
        if expr == "NF" { return String(fields.count) }
        if expr == "NR" { return String(nr) }
        if expr == "FNR" { return String(fnr) }
        if expr.hasPrefix("\""), expr.hasSuffix("\""), expr.count >= 2 { return String(expr.dropFirst().dropLast()) }
        // Juxtaposition such as `$1" "$2` is concatenation.
        if expr.contains("\"") {
            return expr.components(separatedBy: "\"").enumerated().map { $0.offset % 2 == 1 ? $0.element : $0.element.split(separator: " ").map { value(String($0), line, fields, nr, fnr) }.joined() }.joined()
        }
        return expr
    }

    func run(line: String, fields: [String], nr: Int, fnr: Int) -> String? {
        if let regex, !LineMatcher(regex, ignoreCase: false, fixed: false, word: false).matches(line) { return nil }
        if let (l, op, r) = condition {
            let a = value(l, line, fields, nr, fnr)
            let b = value(r, line, fields, nr, fnr)
            let ok: Bool
            if let x = Double(a), let y = Double(b) {
                switch op {
                case "==": ok = x == y
                case "!=": ok = x != y
                case ">": ok = x > y
                case "<": ok = x < y
                case ">=": ok = x >= y
                default: ok = x <= y
                }
            } else {
                ok = op == "==" ? a == b : op == "!=" ? a != b : false
            }
            if !ok { return nil }
        }
        if printsWholeLine { return line + "\n" }
        return items.map { value($0, line, fields, nr, fnr) }.joined(separator: " ") + "\n"
    }
}
