extension Commands {
    /// test / [ : file tests, string and integer comparisons, `!`, `-a`, `-o`.
    static let test = CommandSpec(["test", "["], in: "") { c in
        var args = c.args
        if c.name == "[" {
            guard args.last == "]" else { c.error("\(c.session.errorPrefix): [: missing `]'\n"); return 2 }
            args.removeLast()
        }
        var evaluator = TestExpression(args: args, session: c.session)
        guard let result = evaluator.parseOr(), evaluator.index == args.count else {
            if let bad = evaluator.badNumber { c.error("\(c.session.errorPrefix): \(c.name): \(bad): integer expression expected\n") }
            return 2
        }
        return result ? 0 : 1
    }
}

struct TestExpression {
    let args: [String]
    let session: Session
    var index = 0
    var badNumber: String?

    init(args: [String], session: Session) {
        self.args = args
        self.session = session
    }

    mutating func parseOr() -> Bool? {
        guard var v = parseAnd() else { return nil }
        while index < args.count, args[index] == "-o" {
            index += 1
            guard let r = parseAnd() else { return nil }
            v = v || r
        }
        return v
    }

    mutating func parseAnd() -> Bool? {
        guard var v = parseNot() else { return nil }
        while index < args.count, args[index] == "-a" {
            index += 1
            guard let r = parseNot() else { return nil }
            v = v && r
        }
        return v
    }

    mutating func parseNot() -> Bool? {
        if index < args.count, args[index] == "!", index + 1 < args.count {
            index += 1
            return parseNot().map { !$0 }
        }
        return primary()
    }

    mutating func primary() -> Bool? {
        guard index < args.count else { return false }
        let a = args[index]
        if a == "(" {
            index += 1
            let v = parseOr()
            guard index < args.count, args[index] == ")" else { return nil }
            index += 1
            return v
        }
        let remaining = args.count - index
        if remaining >= 3, TestExpression.binary.contains(args[index + 1]) {
            let l = a, op = args[index + 1], r = args[index + 2]
            index += 3
            return binary(l, op, r)
        }
        if remaining >= 2, a.hasPrefix("-"), a.count == 2, a != "-a", a != "-o" {
            let operand = args[index + 1]
            index += 2
            return unary(a, operand)
        }
        index += 1
        return !a.isEmpty
    }

    static let binary: Set<String> = ["=", "==", "!=", "-eq", "-ne", "-lt", "-le", "-gt", "-ge", "<", ">", "-nt", "-ot"]

    mutating func binary(_ l: String, _ op: String, _ r: String) -> Bool? {
        switch op {
        case "=", "==": return l == r
        case "!=": return l != r
        case "<": return l < r
        case ">": return l > r
        default: break
        }
        guard let x = Int(l.trimmingSpaces) else { badNumber = l; return nil }
        guard let y = Int(r.trimmingSpaces) else { badNumber = r; return nil }
        switch op {
        case "-eq": return x == y
        case "-ne": return x != y
        case "-lt": return x < y
        case "-le": return x <= y
        case "-gt": return x > y
        case "-ge": return x >= y
        default: return false
        }
    }

    func unary(_ op: String, _ s: String) -> Bool {
        let path = FSPath.normalize(s, cwd: session.cwd)
        let node = session.fs.stat(path)
        switch op {
        case "-z": return s.isEmpty
        case "-n": return !s.isEmpty
        case "-e", "-a": return node != nil
        case "-f": return node?.kind == .file
        case "-d": return node?.kind == .directory
        case "-L", "-h": return session.fs.lstat(path)?.kind == .link
        case "-r", "-w": return node != nil
        case "-x": return node.map { $0.mode & 0o111 != 0 } ?? false
        case "-s": return (node?.size ?? 0) > 0 || session.fs.hasData(path) && ((try? session.fs.read(path).get())?.count ?? 0) > 0
        case "-c": return node?.kind == .char
        case "-b": return node?.kind == .block
        case "-p": return node?.kind == .fifo
        case "-S": return node?.kind == .socket
        case "-t": return session.terminal
        default: return false
        }
    }
}

extension String {
    var trimmingSpaces: Substring {
        self.drop(while: { $0 == " " || $0 == "\t" }).reversed().drop(while: { $0 == " " || $0 == "\t" }).reversed().reduce(into: Substring()) { $0.append($1) }
    }
}
