import MitsuCore
@testable import MitsuShell
import XCTest

/// Random command lines built from every registered command name, odd arguments and shell operators:
/// whatever they do, the interpreter must return (no trap, no hang) and keep emitting command.input.
final class HostileInterpreterTests: XCTestCase {
    func testRandomCommandLinesTerminate() async {
        var g = SystemRandomNumberGenerator()
        let names = CommandRegistry.standard.allNames
        let args = ["-1", "-n", "-5", "-c", "-0", "--", "-", "0", "-99999999999999999999", "99999999999", "/", "/proc", "/proc/self",
                    "/dev/zero", "/dev/urandom", "/tmp/x", "x", "*", "/*/*", "'", "\"a b\"", "$(id)", "`uname`", "$((1/0))", "${X:-y}",
                    "\\x41", "%s%d%x%b", "%99999d", "s/a/b/g", "{print $9999}", "bs=0", "count=-1", "if=/dev/zero", "of=/tmp/y",
                    "-rf", "-R", "-r", "777", "+x", "u=rwx", "a:b", "1-", "-f", "2", "http://192.0.2.1/x", "-O", "-", "-e", "\\c", "[", "]", "!", "-d"]
        let ops = [";", "|", "&&", "||", "&", ">", ">>", "2>&1", "<", " "]
        for _ in 0..<600 {
            var parts: [String] = []
            for _ in 0..<Int.random(in: 1...4, using: &g) {
                parts.append(names.randomElement(using: &g) ?? "echo")
                for _ in 0..<Int.random(in: 0...3, using: &g) { parts.append(args.randomElement(using: &g) ?? "x") }
                parts.append(ops.randomElement(using: &g) ?? ";")
            }
            let line = parts.joined(separator: " ").replacingOccurrences(of: "reboot", with: "true").replacingOccurrences(of: "sleep", with: "true")
            let r = await Fixture.exec(line)
            XCTAssertEqual(r.events.first?.kind, .commandInput, line)
        }
    }
}

final class HostileFilesystemTests: XCTestCase {
    func testTreeOperationsTerminate() async {
        let deep = Array(repeating: "a", count: 3_000).joined(separator: "/")
        let r = await Fixture.exec("cd /tmp; chmod -R 777 /usr; cp -r / x; mv /tmp /tmp/y; mkdir -p \(deep); mkdir -p b/b/b/b/b/b/b/b/b/b/b/b/b/b/b/b/b/b/b/b; mv b c; rm -rf c; cp -r /usr/bin/X11 z; echo done")
        XCTAssertTrue(r.out.hasSuffix("done\n"), r.out)
        XCTAssertTrue(r.err.contains("cp: cannot copy a directory, '/', into itself, '/tmp/x'"), r.err)
        XCTAssertTrue(r.err.contains("File name too long"), r.err)
    }
}
