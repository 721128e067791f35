import Foundation
import MitsuCore
@testable import MitsuShell
import XCTest

/// Replays real bot command lines (Fixtures/bot-commands.txt, sources in its header) through the shell and
/// requires that at least 95% of them run without `command not found` and without a syntax error. The
/// remainder are lines a real Debian 12 also rejects (`lockr`, `Enter new UNIX password:`, `yum`, …).
final class BotCorpusTests: XCTestCase {
    func testCorpusRunsCleanly() async throws {
        let url = try XCTUnwrap(Bundle.module.url(forResource: "bot-commands", withExtension: "txt", subdirectory: "Fixtures"))
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map(String.init)
            .filter { !$0.hasPrefix("#") && !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        XCTAssertGreaterThanOrEqual(lines.count, 300)
        var failures: [String] = []
        for line in lines {
            let r = await Fixture.exec(line)
            let text = r.out + r.err
            if text.contains("command not found") || text.contains("syntax error") || text.contains("unexpected EOF") {
                failures.append(line)
            }
            XCTAssertEqual(r.events.first?.kind, .commandInput, line)
            XCTAssertEqual(r.events.first?.input, line.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        let share = Double(lines.count - failures.count) / Double(lines.count)
        print("bot corpus: \(lines.count - failures.count)/\(lines.count) = \(String(format: "%.1f", share * 100))% clean")
        for f in failures { print("  not clean: \(f.prefix(120))") }
        XCTAssertGreaterThanOrEqual(share, 0.95)
    }
}
