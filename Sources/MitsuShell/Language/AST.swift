/// The shell language as a tree. Produced by `ShellParser`, walked by `Interpreter`.
///
/// Kept free of Foundation so the libFuzzer target can compile the parser from a file list.

/// One piece of a word before expansion. Quoting is recorded per part because it decides whether the
/// part is split into fields and glob-matched after expansion.
public enum WordPart: Equatable, Sendable {
    /// Text as written; `quoted` parts are never split or globbed.
    case text(String, quoted: Bool)
    /// `$NAME`, `${NAME}`, `$1`, `$?`, `$#`, `$@`; `fallback` is the word after `:-` in `${NAME:-word}`.
    case parameter(String, quoted: Bool, fallback: [WordPart]?)
    /// `$(list)` or `` `list` ``.
    case command(Script, quoted: Bool)
    /// `$(( expr ))`, kept as text and evaluated by the interpreter's small integer evaluator.
    case arithmetic(String)
}

public struct Word: Equatable, Sendable {
    public var parts: [WordPart]

    public init(_ parts: [WordPart]) { self.parts = parts }

    /// The word's text when it is one unquoted literal (how reserved words and assignments are recognised).
    public var plainLiteral: String? {
        if parts.count == 1, case .text(let s, quoted: false) = parts[0] { return s }
        return nil
    }
}

public enum RedirectOp: Equatable, Sendable {
    case input          // <
    case output         // >  (and >| )
    case append         // >>
    case duplicate      // >&N, <&N
    case both           // &>  (stdout and stderr to a file)
    case hereString     // <<<
    case hereDoc        // << (body collected by the parser)
}

public struct Redirect: Equatable, Sendable {
    public var fd: Int
    public var op: RedirectOp
    public var target: Word

    public init(fd: Int, op: RedirectOp, target: Word) {
        self.fd = fd
        self.op = op
        self.target = target
    }
}

public struct Assignment: Equatable, Sendable {
    public var name: String
    public var value: Word
}

public struct SimpleCommand: Equatable, Sendable {
    public var assignments: [Assignment] = []
    public var words: [Word] = []
    public var redirects: [Redirect] = []
}

public struct CaseItem: Equatable, Sendable {
    public var patterns: [Word]
    public var body: Script
}

public indirect enum Command: Equatable, Sendable {
    case simple(SimpleCommand)
    case ifThen(conditions: [(Script, Script)], otherwise: Script?, redirects: [Redirect])
    case forLoop(variable: String, items: [Word]?, body: Script, redirects: [Redirect])
    case whileLoop(condition: Script, body: Script, until: Bool, redirects: [Redirect])
    case caseOf(subject: Word, items: [CaseItem], redirects: [Redirect])
    case group(Script, redirects: [Redirect])
    case subshell(Script, redirects: [Redirect])
    case function(name: String, body: Script)

    public static func == (a: Command, b: Command) -> Bool {
        switch (a, b) {
        case let (.simple(x), .simple(y)): return x == y
        case let (.ifThen(c1, o1, r1), .ifThen(c2, o2, r2)):
            return c1.count == c2.count && zip(c1, c2).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 } && o1 == o2 && r1 == r2
        case let (.forLoop(v1, i1, b1, r1), .forLoop(v2, i2, b2, r2)): return v1 == v2 && i1 == i2 && b1 == b2 && r1 == r2
        case let (.whileLoop(c1, b1, u1, r1), .whileLoop(c2, b2, u2, r2)): return c1 == c2 && b1 == b2 && u1 == u2 && r1 == r2
        case let (.caseOf(s1, i1, r1), .caseOf(s2, i2, r2)): return s1 == s2 && i1 == i2 && r1 == r2
        case let (.group(s1, r1), .group(s2, r2)): return s1 == s2 && r1 == r2
        case let (.subshell(s1, r1), .subshell(s2, r2)): return s1 == s2 && r1 == r2
        case let (.function(n1, b1), .function(n2, b2)): return n1 == n2 && b1 == b2
        default: return false
        }
    }
}

/// `a | b | c`, optionally negated with `!`.
public struct Pipeline: Equatable, Sendable {
    public var commands: [Command]
    public var negated: Bool = false
}

public enum ListOperator: Equatable, Sendable { case and, or }

/// `p1 && p2 || p3`.
public struct AndOrList: Equatable, Sendable {
    public var first: Pipeline
    public var rest: [(ListOperator, Pipeline)]

    public static func == (a: AndOrList, b: AndOrList) -> Bool {
        a.first == b.first && a.rest.count == b.rest.count && zip(a.rest, b.rest).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
    }
}

public struct ListItem: Equatable, Sendable {
    public var command: AndOrList
    /// Ended by `&`: bash prints a job number and runs it; the fake host runs it in place.
    public var background: Bool
}

/// A sequence of commands separated by `;`, `&` or newlines.
public struct Script: Equatable, Sendable {
    public var items: [ListItem]

    public init(items: [ListItem] = []) { self.items = items }
}
