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
        let done = expectation(description: "reloaded")
        r.reloadOnSIGHUP { outcome in if outcome.reloaded { done.fulfill() } }
        try Data((#"alert tcp any any -> any any (msg:"b"; content:"b"; sid:7;)"# + "\n").utf8).write(to: URL(fileURLWithPath: path))
        kill(getpid(), SIGHUP)
        wait(for: [done], timeout: 5)
        XCTAssertEqual(r.engine.rules.map(\.sid), [7])
    }
}
