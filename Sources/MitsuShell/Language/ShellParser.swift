/// Recursive-descent parser for the subset of bash that people and bots type: lists, pipelines,
/// `&&`/`||`, redirections, quoting, `$…` expansions, `$( )`/backticks, here-documents, `if`/`for`/
/// `while`/`until`/`case`, groups, subshells and simple functions.
///
/// Bounded on purpose (hostile input): the line length, the nesting depth and the number of words are
/// capped, and every index is checked, so no input traps or runs away. Foundation-free for the fuzzer.
public struct ShellParser {
    public static let maxInput = 65_536
    public static let maxDepth = 40
    public static let maxWords = 16_384

    var b: [UInt8]
    var i = 0
    var depth: Int
    var words = 0
    /// A here-document whose delimiter line has not arrived (yet).
    private(set) var openHereDocument = false
    /// Here-documents in this input; each one scans ahead, so their number is capped.
    var hereDocuments = 0

    public init(_ text: String) { self.init(bytes: Array(text.utf8), depth: 0) }

    init(bytes: [UInt8], depth: Int) {
        b = bytes
        self.depth = depth
    }

    /// Parses a whole program.
    public static func parse(_ text: String) throws(ShellSyntaxError) -> Script {
        guard text.utf8.count <= maxInput else { throw ShellSyntaxError("argument list too long") }
        var p = ShellParser(text)
        return try p.parseAll()
    }

    /// True when `text` is the start of a command that continues on the next line (bash's `> ` prompt).
    public static func needsMoreInput(_ text: String) -> Bool {
        guard text.utf8.count <= maxInput else { return false }
        if text.hasSuffix("\\"), !text.hasSuffix("\\\\") { return true }
        var p = ShellParser(text)
        do {
            _ = try p.parseAll()
            return p.openHereDocument
        } catch {
            return error.incomplete || p.openHereDocument
        }
    }

    mutating func parseAll() throws(ShellSyntaxError) -> Script {
        let s = try parseList(terminators: [], closer: nil)
        skipSpace(newlines: true)
        if i < b.count { throw unexpected() }
        return s
    }

    // MARK: lists

    mutating func enter() throws(ShellSyntaxError) {
        depth += 1
        if depth > ShellParser.maxDepth { throw ShellSyntaxError("maximum nesting depth exceeded") }
    }

    mutating func parseList(terminators: Set<String>, closer: UInt8?) throws(ShellSyntaxError) -> Script {
        try enter()
        defer { depth -= 1 }
        var items: [ListItem] = []
        while true {
            skipSpace(newlines: true)
            guard let c = peek() else { break }
            if let closer, c == closer { break }
            if terminators.contains(";;"), c == 0x3B, peek(1) == 0x3B { break }
            if let w = peekReserved(), terminators.contains(w) { break }
            let command = try parseAndOr()
            skipSpace(newlines: false)
            var background = false
            if peek() == 0x26 {  // &
                background = true
                i += 1
            } else if peek() == 0x3B, peek(1) != 0x3B {
                i += 1
            } else if peek() == 0x0A {
                i += 1
            } else if let c = peek(), c != closer, !(c == 0x3B && terminators.contains(";;")), peekReserved().map({ terminators.contains($0) }) != true {
                throw unexpected()
            }
            items.append(ListItem(command: command, background: background))
        }
        return Script(items: items)
    }

    mutating func parseAndOr() throws(ShellSyntaxError) -> AndOrList {
        let first = try parsePipeline()
        var rest: [(ListOperator, Pipeline)] = []
        while true {
            skipSpace(newlines: false)
            let op: ListOperator
            if peek() == 0x26, peek(1) == 0x26 { op = .and } else if peek() == 0x7C, peek(1) == 0x7C { op = .or } else { break }
            i += 2
            skipSpace(newlines: true)
            rest.append((op, try parsePipeline()))
        }
        return AndOrList(first: first, rest: rest)
    }

    mutating func parsePipeline() throws(ShellSyntaxError) -> Pipeline {
        skipSpace(newlines: false)
        var negated = false
        if peekReserved() == "!" {
            negated = true
            i += 1
        }
        var commands = [try parseCommand()]
        while true {
            skipSpace(newlines: false)
            guard peek() == 0x7C, peek(1) != 0x7C else { break }
            i += 1
            if peek() == 0x26 { i += 1 }  // |& pipes stderr too; same here
            skipSpace(newlines: true)
            commands.append(try parseCommand())
        }
        return Pipeline(commands: commands, negated: negated)
    }

    // MARK: commands

    mutating func parseCommand() throws(ShellSyntaxError) -> Command {
        skipSpace(newlines: false)
        guard let c = peek() else { throw ShellSyntaxError("syntax error: unexpected end of file", incomplete: true) }
        switch peekReserved() {
        case "if": return try parseIf()
        case "for": return try parseFor()
        case "while": return try parseWhile(until: false)
        case "until": return try parseWhile(until: true)
        case "case": return try parseCase()
        case "{":
            i += 1
            let body = try parseList(terminators: ["}"], closer: nil)
            try expect("}")
            return .group(body, redirects: try parseRedirects())
        case "function":
            i += 8
            skipSpace(newlines: false)
            guard let name = readName() else { throw unexpected() }
            skipSpace(newlines: false)
            if peek() == 0x28, peek(1) == 0x29 { i += 2 }
            return try parseFunctionBody(name)
        case "then", "fi", "do", "done", "elif", "else", "esac", "}", "in":
            throw unexpected()
        default: break
        }
        if c == 0x28 {  // (
            i += 1
            let body = try parseList(terminators: [], closer: 0x29)
            guard peek() == 0x29 else { throw eofOrUnexpected() }
            i += 1
            return .subshell(body, redirects: try parseRedirects())
        }
        if [0x29, 0x3B, 0x26, 0x7C].contains(c) { throw unexpected() }
        let simple = try parseSimple()
        // name() { …; }
        if simple.words.count == 1, simple.assignments.isEmpty, simple.redirects.isEmpty,
           let name = simple.words[0].plainLiteral {
            let save = i
            skipSpace(newlines: false)
            if peek() == 0x28 {
                i += 1
                skipSpace(newlines: false)
                if peek() == 0x29 {
                    i += 1
                    return try parseFunctionBody(name)
                }
            }
            i = save
        }
        if simple.words.isEmpty, simple.assignments.isEmpty, simple.redirects.isEmpty { throw unexpected() }
        return .simple(simple)
    }

    mutating func parseFunctionBody(_ name: String) throws(ShellSyntaxError) -> Command {
        skipSpace(newlines: true)
        let body = try parseCommand()
        return .function(name: name, body: Script(items: [ListItem(command: AndOrList(first: Pipeline(commands: [body]), rest: []), background: false)]))
    }

    mutating func parseIf() throws(ShellSyntaxError) -> Command {
        try expect("if")
        var clauses: [(Script, Script)] = []
        var otherwise: Script?
        while true {
            let condition = try parseList(terminators: ["then"], closer: nil)
            try expect("then")
            let body = try parseList(terminators: ["elif", "else", "fi"], closer: nil)
            clauses.append((condition, body))
            if peekReserved() == "elif" { i += 4; continue }
            if peekReserved() == "else" {
                i += 4
                otherwise = try parseList(terminators: ["fi"], closer: nil)
            }
            try expect("fi")
            break
        }
        return .ifThen(conditions: clauses, otherwise: otherwise, redirects: try parseRedirects())
    }

    mutating func parseFor() throws(ShellSyntaxError) -> Command {
        try expect("for")
        skipSpace(newlines: false)
        guard let name = readName() else { throw unexpected() }
        skipSpace(newlines: true)
        var items: [Word]?
        if peekReserved() == "in" {
            i += 2
            var list: [Word] = []
            while true {
                skipSpace(newlines: false)
                guard let c = peek(), c != 0x3B, c != 0x0A else { break }
                guard let w = try parseWord() else { throw unexpected() }
                list.append(w)
            }
            items = list
        }
        skipSpace(newlines: false)
        if peek() == 0x3B || peek() == 0x0A { i += 1 }
        skipSpace(newlines: true)
        try expect("do")
        let body = try parseList(terminators: ["done"], closer: nil)
        try expect("done")
        return .forLoop(variable: name, items: items, body: body, redirects: try parseRedirects())
    }

    mutating func parseWhile(until: Bool) throws(ShellSyntaxError) -> Command {
        try expect(until ? "until" : "while")
        let condition = try parseList(terminators: ["do"], closer: nil)
        try expect("do")
        let body = try parseList(terminators: ["done"], closer: nil)
        try expect("done")
        return .whileLoop(condition: condition, body: body, until: until, redirects: try parseRedirects())
    }

    mutating func parseCase() throws(ShellSyntaxError) -> Command {
        try expect("case")
        skipSpace(newlines: false)
        guard let subject = try parseWord() else { throw unexpected() }
        skipSpace(newlines: true)
        try expect("in")
        var items: [CaseItem] = []
        while true {
            skipSpace(newlines: true)
            if peekReserved() == "esac" { break }
            guard peek() != nil else { throw ShellSyntaxError("syntax error: unexpected end of file", incomplete: true) }
            if peek() == 0x28 { i += 1 }
            var patterns: [Word] = []
            while true {
                skipSpace(newlines: false)
                guard let w = try parseWord() else { throw unexpected() }
                patterns.append(w)
                skipSpace(newlines: false)
                if peek() == 0x7C { i += 1; continue }
                break
            }
            guard peek() == 0x29 else { throw unexpected() }
            i += 1
            let body = try parseList(terminators: [";;", "esac"], closer: nil)
            items.append(CaseItem(patterns: patterns, body: body))
            skipSpace(newlines: true)
            if peek() == 0x3B, peek(1) == 0x3B {
                i += 2
                if peek() == 0x26 { i += 1 }
            } else if peek() == 0x3B, peek(1) == 0x26 {
                i += 2
            }
        }
        try expect("esac")
        return .caseOf(subject: subject, items: items, redirects: try parseRedirects())
    }

    mutating func parseSimple() throws(ShellSyntaxError) -> SimpleCommand {
        var cmd = SimpleCommand()
        while true {
            skipSpace(newlines: false)
            guard let c = peek() else { break }
            if [0x3B, 0x26, 0x7C, 0x28, 0x29, 0x0A].contains(c), !(c == 0x26 && peek(1) == 0x3E) { break }
            if let r = try parseRedirect() {
                cmd.redirects.append(r)
                continue
            }
            let start = i
            guard let w = try parseWord() else { throw unexpected() }
            words += 1
            if words > ShellParser.maxWords { throw ShellSyntaxError("argument list too long") }
            if cmd.words.isEmpty, let a = assignment(w, start: start) {
                cmd.assignments.append(a)
            } else {
                cmd.words.append(w)
            }
        }
        return cmd
    }

    /// `NAME=value` before the command name.
    func assignment(_ w: Word, start: Int) -> Assignment? {
        guard case .text(let first, quoted: false)? = w.parts.first, let eq = first.firstIndex(of: "=") else { return nil }
        let name = String(first[first.startIndex..<eq])
        guard isName(name) else { return nil }
        var rest = w.parts
        let after = String(first[first.index(after: eq)...])
        rest[0] = .text(after, quoted: false)
        return Assignment(name: name, value: Word(rest))
    }

    mutating func parseRedirects() throws(ShellSyntaxError) -> [Redirect] {
        var out: [Redirect] = []
        while true {
            skipSpace(newlines: false)
            guard let r = try parseRedirect() else { return out }
            out.append(r)
        }
    }

    mutating func parseRedirect() throws(ShellSyntaxError) -> Redirect? {
        var j = i
        var fd: Int?
        while j < b.count, b[j] >= 0x30, b[j] <= 0x39, j - i < 4 {
            fd = (fd ?? 0) * 10 + Int(b[j] - 0x30)
            j += 1
        }
        guard j < b.count else { return nil }
        let c = b[j]
        let next: UInt8? = j + 1 < b.count ? b[j + 1] : nil
        var op: RedirectOp
        var len = 1
        if c == 0x26, next == 0x3E, fd == nil {  // &> or &>>
            op = .both
            len = j + 2 < b.count && b[j + 2] == 0x3E ? 3 : 2
        } else if c == 0x3E {
            switch next {
            case 0x3E: op = .append; len = 2
            case 0x26: op = .duplicate; len = 2
            case 0x7C: op = .output; len = 2
            default: op = .output
            }
        } else if c == 0x3C {
            if next == 0x3C {
                if j + 2 < b.count, b[j + 2] == 0x3C { op = .hereString; len = 3 } else { op = .hereDoc; len = 2 }
            } else if next == 0x26 {
                op = .duplicate; len = 2
            } else if next == 0x3E {
                op = .input; len = 2
            } else { op = .input }
        } else { return nil }
        i = j + len
        let defaultFD = (c == 0x3C) ? 0 : 1
        if op == .hereDoc {
            hereDocuments += 1
            if hereDocuments > 64 { throw ShellSyntaxError("maximum here-document count exceeded") }
            var strip = false
            if peek() == 0x2D { strip = true; i += 1 }
            skipSpace(newlines: false)
            guard let delimiterWord = try parseWord() else { throw unexpected() }
            let delimiter = delimiterWord.parts.map { part -> String in
                if case .text(let s, _) = part { return s }
                return ""
            }.joined()
            let body = takeHereDocument(delimiter: delimiter, strip: strip)
            return Redirect(fd: fd ?? 0, op: .hereDoc, target: Word([.text(body, quoted: true)]))
        }
        skipSpace(newlines: false)
        guard let target = try parseWord() else { throw unexpected() }
        return Redirect(fd: fd ?? defaultFD, op: op, target: target)
    }

    /// Cuts the here-document body (the lines after the current one, up to the delimiter line) out of the
    /// input, so the rest of the current line parses as if the body were never there.
    mutating func takeHereDocument(delimiter: String, strip: Bool) -> String {
        var lineEnd = i
        while lineEnd < b.count, b[lineEnd] != 0x0A { lineEnd += 1 }
        guard lineEnd < b.count else {
            openHereDocument = true
            return ""
        }
        var cursor = lineEnd + 1
        var body: [String] = []
        var end = b.count
        while cursor < b.count {
            var e = cursor
            while e < b.count, b[e] != 0x0A { e += 1 }
            var line = String(decoding: b[cursor..<e], as: UTF8.self)
            if strip { line = String(line.drop(while: { $0 == "\t" })) }
            if line == delimiter {
                end = min(e + 1, b.count)
                break
            }
            body.append(line)
            cursor = e + 1
        }
        if end == b.count, cursor >= b.count { openHereDocument = true }
        b.removeSubrange((lineEnd + 1)..<max(lineEnd + 1, min(end, b.count)))
        return body.isEmpty ? "" : body.joined(separator: "\n") + "\n"
    }
}

public struct ShellSyntaxError: Error, Equatable, Sendable {
    public var message: String
    /// The text ended too early (open quote, `if` without `fi`, trailing `|`): an interactive shell
    /// asks for more with its `> ` prompt instead of reporting the error.
    public var incomplete: Bool

    public init(_ message: String, incomplete: Bool = false) {
        self.message = message
        self.incomplete = incomplete
    }
}
