import Foundation
@testable import MitsuShell
import XCTest

final class ParserTests: XCTestCase {
    func words(_ text: String) throws -> [Word] {
        let s = try ShellParser.parse(text)
        guard case .simple(let c)? = s.items.first?.command.first.commands.first else { return [] }
        return c.words
    }

    func testQuotingParts() throws {
        let w = try words(#"echo 'a b'"c $X"\ d$'\x41'"#)
        XCTAssertEqual(w.count, 2)
        XCTAssertEqual(w[1].parts, [.text("a b", quoted: true), .text("c ", quoted: true), .parameter("X", quoted: true, fallback: nil),
                                    .text(" ", quoted: true), .text("d", quoted: false), .text("A", quoted: true)])
    }

    func testOperatorsAndRedirects() throws {
        let s = try ShellParser.parse("a && b || c | d 2>/dev/null > f; e & f >> g 2>&1 < h")
        XCTAssertEqual(s.items.count, 3)
        XCTAssertTrue(s.items[1].background)
        XCTAssertEqual(s.items[0].command.rest.map(\.0), [.and, .or])
        guard case .simple(let last)? = s.items[2].command.first.commands.first else { return XCTFail() }
        XCTAssertEqual(last.redirects.map(\.op), [.append, .duplicate, .input])
        XCTAssertEqual(last.redirects.map(\.fd), [1, 2, 0])
    }

    func testCompoundCommands() throws {
        let s = try ShellParser.parse("for i in a b; do echo $i; done; while true; do break; done; if x; then y; elif z; then w; else v; fi; case $a in x|y) echo;; *) ;; esac; { a; }; (b); f() { echo; }")
        XCTAssertEqual(s.items.count, 7)
    }

    func testHereDocument() throws {
        let s = try ShellParser.parse("cat > f << EOF\nline1\n$X\nEOF\necho done")
        XCTAssertEqual(s.items.count, 2)
        guard case .simple(let c)? = s.items[0].command.first.commands.first else { return XCTFail() }
        XCTAssertEqual(c.redirects.last?.target.parts, [.text("line1\n$X\n", quoted: true)])
    }

    func testSyntaxErrorsUseBashWording() {
        for (text, message) in [("echo )", "syntax error near unexpected token `)'"), ("; ls", "syntax error near unexpected token `;'"),
                                ("echo 'abc", "unexpected EOF while looking for matching `''"), ("if true; then", "syntax error: unexpected end of file"),
                                ("echo \"abc", "unexpected EOF while looking for matching `\"'"), ("| x", "syntax error near unexpected token `|'")] {
            XCTAssertThrowsError(try ShellParser.parse(text), text) { error in
                XCTAssertEqual((error as? ShellSyntaxError)?.message, message, text)
            }
        }
    }

    func testDeepNestingIsRefusedNotCrashed() {
        for opener in ["$(", "(", "${X:-$(", "if true; then ", "for i in 1; do ", "{ "] {
            let text = String(repeating: opener, count: 5_000)
            XCTAssertThrowsError(try ShellParser.parse(text), opener)
        }
        XCTAssertNoThrow(try ShellParser.parse(String(repeating: "(", count: 20) + "echo" + String(repeating: ")", count: 20)))
    }

    func testHugeInputsAreBounded() {
        XCTAssertThrowsError(try ShellParser.parse(String(repeating: "a", count: ShellParser.maxInput + 1)))
        XCTAssertThrowsError(try ShellParser.parse(String(repeating: "a ", count: ShellParser.maxWords + 10)))
        XCTAssertNoThrow(try ShellParser.parse(String(repeating: "x", count: ShellParser.maxInput - 10)))
    }

    func testRandomHostileInputNeverTraps() {
        var g = SystemRandomNumberGenerator()
        let alphabet = Array("ab $(){}[]'\"\\`|&;<>#\n\t=-*?~!0123456789xEOF")
        for _ in 0..<5_000 {
            let n = Int.random(in: 0...80, using: &g)
            let text = String((0..<n).map { _ in alphabet.randomElement(using: &g) ?? "a" })
            _ = try? ShellParser.parse(text)
        }
    }

    func testGlobAndArithmetic() {
        XCTAssertTrue(Glob.match("*.sh", "x.sh"))
        XCTAssertTrue(Glob.match("[a-c]?\\*", "bz*"))
        XCTAssertFalse(Glob.match("[!a]*", "abc"))
        XCTAssertTrue(Glob.match(String(repeating: "*a", count: 200), String(repeating: "a", count: 400)))
        XCTAssertEqual(try? Arithmetic.evaluate("1 + 2 * (3 - 1) % 4", lookup: { _ in 0 }).get(), 1)
        XCTAssertEqual(try? Arithmetic.evaluate("x * 2 >= 10 && !0", lookup: { $0 == "x" ? 5 : 0 }).get(), 1)
        XCTAssertNil(try? Arithmetic.evaluate("1 / 0", lookup: { _ in 0 }).get())
        XCTAssertEqual(try? Arithmetic.evaluate("9223372036854775807 + 1", lookup: { _ in 0 }).get(), Int.min)
    }
}

final class HostileBoundsTests: XCTestCase {
    func testPathologicalPatternsAreCheap() {
        let start = Date()
        XCTAssertFalse(Glob.match(String(repeating: "*a", count: 30_000) + "b", String(repeating: "a", count: 60_000)))
        XCTAssertThrowsError(try ShellParser.parse(String(repeating: "cat <<A ", count: 100) + "\n"))
        XCTAssertLessThan(Date().timeIntervalSince(start), 5)
    }

    func testDeepGlobIsBounded() async {
        let r = await Fixture.exec("echo " + String(repeating: "/*", count: 12) + " | wc -c; echo " + String(repeating: "/*", count: 100) + " | wc -c")
        XCTAssertEqual(r.out.split(separator: "\n").count, 2)
    }
}
