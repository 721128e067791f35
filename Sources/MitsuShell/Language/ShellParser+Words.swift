/// Word-level parsing: quoting, `$…` expansions, `$( )`, backticks — and the byte-scanning helpers
/// the grammar in ShellParser.swift is built on.
extension ShellParser {
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

    mutating func parseDoubleQuoted() throws(ShellSyntaxError) -> [WordPart] {
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

    mutating func parseDollar(quoted: Bool) throws(ShellSyntaxError) -> [WordPart] {
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
    mutating func braceParameter(_ inner: [UInt8], quoted: Bool) throws(ShellSyntaxError) -> WordPart {
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

    mutating func parseBackticks() throws(ShellSyntaxError) -> Script {
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

    func peek(_ off: Int = 0) -> UInt8? {
        let k = i + off
        return k >= 0 && k < b.count ? b[k] : nil
    }

    func isBreak(_ c: UInt8) -> Bool {
        c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D || c == 0x3B || c == 0x26 || c == 0x7C || c == 0x3C || c == 0x3E || c == 0x28 || c == 0x29
    }

    mutating func skipSpace(newlines: Bool) {
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
    func peekReserved() -> String? {
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

    mutating func expect(_ word: String) throws(ShellSyntaxError) {
        skipSpace(newlines: true)
        guard peekReserved() == word else { throw eofOrUnexpected() }
        i += word.utf8.count
    }

    mutating func readName() -> String? {
        let start = i
        guard let c = peek(), isNameStart(c) else { return nil }
        while let d = peek(), isNameChar(d) { i += 1 }
        _ = c
        return String(decoding: b[start..<i], as: UTF8.self)
    }

    func isNameStart(_ c: UInt8) -> Bool { (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x5F }
    func isNameChar(_ c: UInt8) -> Bool { isNameStart(c) || (c >= 0x30 && c <= 0x39) }
    func isName(_ s: String) -> Bool {
        let u = Array(s.utf8)
        guard let f = u.first, isNameStart(f) else { return false }
        return u.allSatisfy(isNameChar)
    }

    func eofOrUnexpected() -> ShellSyntaxError {
        peek() == nil ? ShellSyntaxError("syntax error: unexpected end of file", incomplete: true) : unexpected()
    }

    /// bash's wording: the token at the cursor, quoted as `` `X' ``.
    func unexpected() -> ShellSyntaxError {
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
