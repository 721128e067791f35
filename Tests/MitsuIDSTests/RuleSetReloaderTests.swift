import XCTest
import MitsuCore
@testable import MitsuIDS

final class RuleSetReloaderTests: XCTestCase {
    func testReloadSwapsGoodRulesAndKeepsOldOnBrokenFile() throws {
        let path = NSTemporaryDirectory() + "reload-\(UUID().uuidString).rules"
        defer { try? FileManager.default.removeItem(atPath: path) }
        func write(_ text: String) throws { try Data(text.utf8).write(to: URL(fileURLWithPath: path)) }
        try write(#"alert tcp any any -> any any (msg:"one"; content:"one"; sid:1;)"# + "\n")
        let r = try RuleSetReloader(ruleFiles: [path])
        XCTAssertEqual(r.engine.rules.map(\.sid), [1])
        XCTAssertNil(r.reloadIfChanged())

        try write(#"alert tcp any any -> any any (msg:"two"; content:"two"; sid:2;)"# + "\n")
        let good = r.reload()
        XCTAssertTrue(good.reloaded)
        XCTAssertEqual(r.engine.rules.map(\.sid), [2])

        try write(#"alert tcp any any -> any any (msg:"broken"; content:"two; sid:2;)"# + "\n")
        let bad = r.reload()
        XCTAssertFalse(bad.reloaded)
        XCTAssertTrue(bad.keptOldBecause?.contains("1 rules rejected") ?? false, bad.keptOldBecause ?? "")
        XCTAssertEqual(r.engine.rules.map(\.sid), [2])

        try FileManager.default.removeItem(atPath: path)
        let gone = r.reload()
        XCTAssertFalse(gone.reloaded)
        XCTAssertEqual(gone.keptOldBecause, "cannot read \(path)")
        XCTAssertEqual(r.engine.rules.map(\.sid), [2])
    }

    func testSIGHUPReloads() throws {
        let path = NSTemporaryDirectory() + "hup-\(UUID().uuidString).rules"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data((#"alert tcp any any -> any any (msg:"a"; content:"a"; sid:1;)"# + "\n").utf8).write(to: URL(fileURLWithPath: path))
        let r = try RuleSetReloader(ruleFiles: [path])
        let reloaded = DispatchSemaphore(value: 0)
        r.reloadOnSIGHUP { outcome in if outcome.reloaded { reloaded.signal() } }
        try Data((#"alert tcp any any -> any any (msg:"b"; content:"b"; sid:7;)"# + "\n").utf8).write(to: URL(fileURLWithPath: path))
        // libdispatch arms a signal source asynchronously after `resume`, and until then SIGHUP is ignored:
        // one signal sent at once was lost on a loaded machine. Repeat it until the reload is seen.
        var seen = false
        let deadline = Date().addingTimeInterval(10)
        while !seen, Date() < deadline {
            kill(getpid(), SIGHUP)
            seen = reloaded.wait(timeout: .now() + 0.2) == .success
        }
        XCTAssertTrue(seen, "no reload within 10 s of SIGHUPs")
        XCTAssertEqual(r.engine.rules.map(\.sid), [7])
    }
}
