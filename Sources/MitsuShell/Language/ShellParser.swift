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

    private var b: [UInt8]
    private var i = 0
    private var depth: Int
    private var words = 0
    /// A here-document whose delimiter line has not arrived (yet).
    private(set) var openHereDocument = false

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

    private mutating func enter() throws(ShellSyntaxError) {
        depth += 1
        if depth > ShellParser.maxDepth { throw ShellSyntaxError("maximum nesting depth exceeded") }
    }

    private mutating func parseList(terminators: Set<String>, closer: UInt8?) throws(ShellSyntaxError) -> Script {
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

    private mutating func parseAndOr() throws(ShellSyntaxError) -> AndOrList {
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

    private mutating func parsePipeline() throws(ShellSyntaxError) -> Pipeline {
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

    private mutating func parseCommand() throws(ShellSyntaxError) -> Command {
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

    private mutating func parseFunctionBody(_ name: String) throws(ShellSyntaxError) -> Command {
        skipSpace(newlines: true)
        let body = try parseCommand()
        return .function(name: name, body: Script(items: [ListItem(command: AndOrList(first: Pipeline(commands: [body]), rest: []), background: false)]))
    }

    private mutating func parseIf() throws(ShellSyntaxError) -> Command {
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

    private mutating func parseFor() throws(ShellSyntaxError) -> Command {
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

    private mutating func parseWhile(until: Bool) throws(ShellSyntaxError) -> Command {
        try expect(until ? "until" : "while")
        let condition = try parseList(terminators: ["do"], closer: nil)
        try expect("do")
        let body = try parseList(terminators: ["done"], closer: nil)
        try expect("done")
        return .whileLoop(condition: condition, body: body, until: until, redirects: try parseRedirects())
    }

    private mutating func parseCase() throws(ShellSyntaxError) -> Command {
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

    private mutating func parseSimple() throws(ShellSyntaxError) -> SimpleCommand {
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
    private func assignment(_ w: Word, start: Int) -> Assignment? {
        guard case .text(let first, quoted: false)? = w.parts.first, let eq = first.firstIndex(of: "=") else { return nil }
        let name = String(first[first.startIndex..<eq])
        guard isName(name) else { return nil }
        var rest = w.parts
        let after = String(first[first.index(after: eq)...])
        rest[0] = .text(after, quoted: false)
        return Assignment(name: name, value: Word(rest))
    }

    private mutating func parseRedirects() throws(ShellSyntaxError) -> [Redirect] {
        var out: [Redirect] = []
        while true {
            skipSpace(newlines: false)
            guard let r = try parseRedirect() else { return out }
            out.append(r)
        }
    }

    private mutating func parseRedirect() throws(ShellSyntaxError) -> Redirect? {
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
    private mutating func takeHereDocument(delimiter: String, strip: Bool) -> String {
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

    // MARK: words

    /// One word up to the next unquoted blank or operator; nil when no character belongs to a word.
    mutating func parseWord() throws(ShellSyntaxError) -> Word? {
        var parts: [WordPart] = []
        var literal: [UInt8] = []
        var consumed = false
        func flush(_ parts: inout [WordPart], _ literal: inout [UInt8]) {
            if !literal.isEmpty { parts.append(.text(String(decoding: literal, as: UTF8.self), quoted: false)) }
            literal.removeAll()
        }
        while let c = peek() {
            if isBreak(c) { break }
            consumed = true
            switch c {
            case 0x5C:  // backslash
                i += 1
                guard let n = peek() else { literal.append(0x5C); break }
                i += 1
                if n == 0x0A { continue }
                flush(&parts, &literal)
                parts.append(.text(String(decoding: [n], as: UTF8.self), quoted: true))
            case 0x27:  // '
                flush(&parts, &literal)
                i += 1
                let start = i
                while let d = peek(), d != 0x27 { i += 1 }
                guard peek() == 0x27 else { throw ShellSyntaxError("unexpected EOF while looking for matching `''", incomplete: true) }
                parts.append(.text(String(decoding: b[start..<i], as: UTF8.self), quoted: true))
                i += 1
            case 0x22:  // "
                flush(&parts, &literal)
                i += 1
                parts += try parseDoubleQuoted()
            case 0x24:  // $
                flush(&parts, &literal)
                parts += try parseDollar(quoted: false)
            case 0x60:  // `
                flush(&parts, &literal)
                parts.append(.command(try parseBackticks(), quoted: false))
            default:
                literal.append(c)
                i += 1
            }
        }
        flush(&parts, &literal)
        guard consumed else { return nil }
        if parts.isEmpty { parts = [.text("", quoted: true)] }
        return Word(parts)
    }

    private mutating func parseDoubleQuoted() throws(ShellSyntaxError) -> [WordPart] {
        var parts: [WordPart] = []
        var literal: [UInt8] = []
        var closed = false
        while let c = peek() {
            if c == 0x22 { i += 1; closed = true; break }
            if c == 0x5C, let n = peek(1), [0x24, 0x60, 0x22, 0x5C, 0x0A].contains(n) {
                i += 2
                if n != 0x0A { literal.append(n) }
                continue
            }
            if c == 0x24 || c == 0x60 {
                if !literal.isEmpty { parts.append(.text(String(decoding: literal, as: UTF8.self), quoted: true)) }
                literal.removeAll()
                if c == 0x24 { parts += try parseDollar(quoted: true) } else { parts.append(.command(try parseBackticks(), quoted: true)) }
                continue
            }
            literal.append(c)
            i += 1
        }
        guard closed else { throw ShellSyntaxError("unexpected EOF while looking for matching `\"'", incomplete: true) }
        if !literal.isEmpty || parts.isEmpty { parts.append(.text(String(decoding: literal, as: UTF8.self), quoted: true)) }
        return parts
    }

    private mutating func parseDollar(quoted: Bool) throws(ShellSyntaxError) -> [WordPart] {
        i += 1  // $
        guard let c = peek() else { return [.text("$", quoted: quoted)] }
        if c == 0x28, peek(1) == 0x28 {  // $(( … ))
            i += 2
            let start = i
            var level = 0
            while let d = peek() {
                if d == 0x28 { level += 1 }
                if d == 0x29 {
                    if level == 0, peek(1) == 0x29 { break }
                    level -= 1
                }
                i += 1
            }
            guard peek() == 0x29 else { throw ShellSyntaxError("unexpected EOF while looking for matching `)'", incomplete: true) }
            let expr = String(decoding: b[start..<i], as: UTF8.self)
            i += 2
            return [.arithmetic(expr)]
        }
        if c == 0x28 {  // $( … )
            i += 1
            let body = try parseList(terminators: [], closer: 0x29)
            guard peek() == 0x29 else { throw ShellSyntaxError("unexpected EOF while looking for matching `)'", incomplete: true) }
            i += 1
            return [.command(body, quoted: quoted)]
        }
        if c == 0x7B {  // ${ … }
            i += 1
            let start = i
            var level = 0
            while let d = peek() {
                if d == 0x7B { level += 1 }
                if d == 0x7D { if level == 0 { break }; level -= 1 }
                i += 1
            }
            guard peek() == 0x7D else { throw ShellSyntaxError("unexpected EOF while looking for matching `}'", incomplete: true) }
            let inner = Array(b[start..<i])
            i += 1
            return [try braceParameter(inner, quoted: quoted)]
        }
        if c == 0x27, !quoted {  // $'…' ANSI-C quoting
            i += 1
            let start = i
            while let d = peek(), d != 0x27 {
                i += d == 0x5C ? 2 : 1
            }
            guard i < b.count else { throw ShellSyntaxError("unexpected EOF while looking for matching `''", incomplete: true) }
            let raw = Array(b[start..<i])
            i += 1
            return [.text(String(decoding: Escapes.decode(raw, mode: .ansiC).bytes, as: UTF8.self), quoted: true)]
        }
        if c == 0x22, !quoted {  // $"…"
            i += 1
            return try parseDoubleQuoted()
        }
        if isNameStart(c) {
            let start = i
            while let d = peek(), isNameChar(d) { i += 1 }
            return [.parameter(String(decoding: b[start..<i], as: UTF8.self), quoted: quoted, fallback: nil)]
        }
        if (c >= 0x30 && c <= 0x39) || [0x3F, 0x23, 0x40, 0x2A, 0x24, 0x21, 0x2D].contains(c) {
            i += 1
            return [.parameter(String(decoding: [c], as: UTF8.self), quoted: quoted, fallback: nil)]
        }
        return [.text("$", quoted: quoted)]
    }

    /// `${NAME}`, `${#NAME}`, `${NAME:-word}` and friends; other operators keep only the name.
    private mutating func braceParameter(_ inner: [UInt8], quoted: Bool) throws(ShellSyntaxError) -> WordPart {
        var k = 0
        var length = false
        if inner.first == 0x23, inner.count > 1 { length = true; k = 1 }
        let start = k
        while k < inner.count, isNameChar(inner[k]) || (k == start && [0x3F, 0x40, 0x2A, 0x23, 0x24].contains(inner[k])) { k += 1 }
        let name = String(decoding: inner[start..<k], as: UTF8.self)
        if length { return .parameter("#" + name, quoted: quoted, fallback: nil) }
        var fallback: [WordPart]?
        if k < inner.count, inner[k] == 0x3A || inner[k] == 0x2D {
            var f = k
            if inner[f] == 0x3A { f += 1 }
            if f < inner.count, [0x2D, 0x3D].contains(inner[f]) {
                var sub = ShellParser(bytes: Array(inner[(f + 1)...]), depth: depth + 1)
                try sub.enter()
                fallback = try sub.parseWord()?.parts ?? [.text("", quoted: true)]
            }
        }
        return .parameter(name, quoted: quoted, fallback: fallback)
    }

    private mutating func parseBackticks() throws(ShellSyntaxError) -> Script {
        i += 1
        var inner: [UInt8] = []
        var closed = false
        while let c = peek() {
            if c == 0x60 { i += 1; closed = true; break }
            if c == 0x5C, let n = peek(1), [0x60, 0x5C, 0x24].contains(n) {
                inner.append(n)
                i += 2
                continue
            }
            inner.append(c)
            i += 1
        }
        guard closed else { throw ShellSyntaxError("unexpected EOF while looking for matching ``'", incomplete: true) }
        var sub = ShellParser(bytes: inner, depth: depth + 1)
        return try sub.parseAll()
    }

    // MARK: scanning helpers

    private func peek(_ off: Int = 0) -> UInt8? {
        let k = i + off
        return k >= 0 && k < b.count ? b[k] : nil
    }

    private func isBreak(_ c: UInt8) -> Bool {
        c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D || c == 0x3B || c == 0x26 || c == 0x7C || c == 0x3C || c == 0x3E || c == 0x28 || c == 0x29
    }

    private mutating func skipSpace(newlines: Bool) {
        while let c = peek() {
            if c == 0x20 || c == 0x09 || c == 0x0D || (newlines && c == 0x0A) {
                i += 1
            } else if c == 0x5C, peek(1) == 0x0A {
                i += 2
            } else if c == 0x23 {  // comment to end of line
                while let d = peek(), d != 0x0A { i += 1 }
            } else { return }
        }
    }

    /// The reserved word at the cursor, if an unquoted one stands there as a whole word.
    private func peekReserved() -> String? {
        guard let c = peek() else { return nil }
        if c == 0x7B || c == 0x7D || c == 0x21 {
            let n = peek(1)
            if n == nil || n == 0x20 || n == 0x09 || n == 0x0A || n == 0x3B || (c == 0x7D && (n == 0x29 || n == 0x7C || n == 0x26 || n == 0x3E)) {
                return String(decoding: [c], as: UTF8.self)
            }
            return nil
        }
        var k = i
        while k < b.count, b[k] >= 0x61, b[k] <= 0x7A, k - i < 9 { k += 1 }
        guard k > i else { return nil }
        if k < b.count, !isBreak(b[k]) { return nil }
        let w = String(decoding: b[i..<k], as: UTF8.self)
        return ShellParser.reserved.contains(w) ? w : nil
    }

    static let reserved: Set<String> = ["if", "then", "else", "elif", "fi", "for", "in", "do", "done", "while", "until", "case", "esac", "function"]

    private mutating func expect(_ word: String) throws(ShellSyntaxError) {
        skipSpace(newlines: true)
        guard peekReserved() == word else { throw eofOrUnexpected() }
        i += word.utf8.count
    }

    private mutating func readName() -> String? {
        let start = i
        guard let c = peek(), isNameStart(c) else { return nil }
        while let d = peek(), isNameChar(d) { i += 1 }
        _ = c
        return String(decoding: b[start..<i], as: UTF8.self)
    }

    private func isNameStart(_ c: UInt8) -> Bool { (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x5F }
    private func isNameChar(_ c: UInt8) -> Bool { isNameStart(c) || (c >= 0x30 && c <= 0x39) }
    private func isName(_ s: String) -> Bool {
        let u = Array(s.utf8)
        guard let f = u.first, isNameStart(f) else { return false }
        return u.allSatisfy(isNameChar)
    }

    private func eofOrUnexpected() -> ShellSyntaxError {
        peek() == nil ? ShellSyntaxError("syntax error: unexpected end of file", incomplete: true) : unexpected()
    }

    /// bash's wording: the token at the cursor, quoted as `` `X' ``.
    private func unexpected() -> ShellSyntaxError {
        guard let c = peek() else { return ShellSyntaxError("syntax error: unexpected end of file", incomplete: true) }
        var token: String
        if c == 0x0A { token = "newline" } else if isBreak(c) {
            let two = peek(1)
            if (c == 0x3B || c == 0x26 || c == 0x7C), two == c { token = String(decoding: [c, c], as: UTF8.self) } else { token = String(decoding: [c], as: UTF8.self) }
        } else {
            var k = i
            while k < b.count, !isBreak(b[k]), k - i < 64 { k += 1 }
            token = String(decoding: b[i..<k], as: UTF8.self)
        }
        return ShellSyntaxError("syntax error near unexpected token `\(token)'")
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
