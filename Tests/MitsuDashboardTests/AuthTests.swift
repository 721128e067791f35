import Foundation
@testable import MitsuDashboard
import XCTest

final class AuthTests: XCTestCase {
    private var dir = ""

    override func setUp() {
        dir = NSTemporaryDirectory() + "mitsu-dash-\(UUID().uuidString)"
    }

    override func tearDown() {
        try? FileManager.default.removeItem(atPath: dir)
    }

    func testPasswordHashFormatAndVerification() throws {
        let hash = try PasswordHash.make("correct horse battery", cost: 1024)
        let parts = hash.split(separator: "$")
        XCTAssertEqual(parts.count, 6)
        XCTAssertEqual(parts[0], "scrypt")
        XCTAssertEqual(parts[1...3], ["1024", "8", "1"])
        XCTAssertTrue(PasswordHash.verify("correct horse battery", against: hash))
        XCTAssertFalse(PasswordHash.verify("correct horse batterY", against: hash))
        // Salted: the same password hashes differently each time.
        XCTAssertNotEqual(try PasswordHash.make("correct horse battery", cost: 1024), hash)
        for broken in ["", "scrypt$1024$8$1$$", "md5$1$a$b", "scrypt$1073741824$8$1$AAAA$AAAA", "scrypt$1000$8$1$AAAA$AAAA", hash + "x"] {
            XCTAssertFalse(PasswordHash.verify("correct horse battery", against: broken), broken)
        }
    }

    func testScryptMatchesAnIndependentImplementation() throws {
        // Python: hashlib.scrypt(b'password', salt=b'salt', n=1024, r=8, p=1, dklen=32).hex()
        let python = "16dbc8906763c7f048977a68f9d305f7710e068ca2cd95dab372125bb3f19608"
        let bytes = stride(from: 0, to: python.count, by: 2).map { i -> UInt8 in
            let s = python.index(python.startIndex, offsetBy: i)
            return UInt8(python[s..<python.index(s, offsetBy: 2)], radix: 16)!
        }
        let record = "scrypt$1024$8$1$\(Data("salt".utf8).base64EncodedString())$\(Data(bytes).base64EncodedString())"
        XCTAssertTrue(PasswordHash.verify("password", against: record))
        XCTAssertFalse(PasswordHash.verify("Password", against: record))
    }

    func testUserStoreLifecycleAndFile() throws {
        let path = dir + "/dashboard/users.json"
        let store = try UserStore(path: path, cost: 1024)
        XCTAssertEqual(store.users, [])
        try store.add("alice", password: "a long enough pw")
        XCTAssertThrowsError(try store.add("alice", password: "a long enough pw"))
        XCTAssertThrowsError(try store.add("bad name", password: "a long enough pw"))
        XCTAssertThrowsError(try store.add("<script>", password: "a long enough pw"))
        XCTAssertThrowsError(try store.add("bob", password: "short"))
        XCTAssertEqual(store.authenticate("alice", password: "a long enough pw"), "alice")
        XCTAssertNil(store.authenticate("alice", password: "wrong password!"))
        XCTAssertNil(store.authenticate("nobody", password: "a long enough pw"))
        var st = stat()
        XCTAssertEqual(stat(path, &st), 0)
        XCTAssertEqual(st.st_mode & 0o777, 0o600)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        XCTAssertFalse(text.contains("a long enough pw"))

        // A second instance (the `mitsu user` CLI) changes the file; the first sees it.
        let cli = try UserStore(path: path, cost: 1024)
        try cli.setPassword("alice", password: "another long pw")
        let (_, token) = try cli.createToken(for: "alice")
        XCTAssertEqual(store.authenticate("alice", password: "another long pw"), "alice")
        XCTAssertEqual(store.user(forToken: token), "alice")
        XCTAssertNil(store.user(forToken: token + "x"))
        XCTAssertFalse(try String(contentsOfFile: path, encoding: .utf8).contains(token))
        try cli.remove("alice")
        XCTAssertNil(store.user(forToken: token))
        XCTAssertNil(store.authenticate("alice", password: "another long pw"))
    }

    func testTokenIDsAreHexSoACommandLineNeverTakesThemForOptions() throws {
        // Was base64url: one id in 32 started with '-', and `mitsu user revoke-token -R8EZ3Ki` failed (CI).
        let store = try UserStore(path: dir + "/dashboard/ids.json", cost: 1024)
        try store.add("carol", password: "a long enough pw")
        for _ in 0..<200 {
            let (id, _) = try store.createToken(for: "carol")
            XCTAssertEqual(id.count, 12)
            XCTAssertTrue(id.allSatisfy { $0.isHexDigit && !$0.isUppercase }, id)
        }
    }

    func testRateLimiterCountsPerAddressAndPerAccount() {
        let limiter = LoginRateLimiter(limit: 3, window: 60)
        let t = Date(timeIntervalSince1970: 1_000_000)
        for _ in 0..<3 {
            XCTAssertNil(limiter.retryAfter(client: "198.51.100.1", user: "admin", now: t))
            limiter.recordFailure(client: "198.51.100.1", user: "admin", now: t)
        }
        XCTAssertEqual(limiter.retryAfter(client: "198.51.100.1", user: "other", now: t), 60)
        // Another address guessing the same account is refused too.
        XCTAssertEqual(limiter.retryAfter(client: "203.0.113.5", user: "admin", now: t.addingTimeInterval(10)), 50)
        XCTAssertNil(limiter.retryAfter(client: "203.0.113.5", user: "bob", now: t))
        XCTAssertNil(limiter.retryAfter(client: "198.51.100.1", user: "admin", now: t.addingTimeInterval(61)))
    }

    func testSessionsExpireAndSlide() {
        let sessions = SessionStore(lifetime: 100)
        let t = Date(timeIntervalSince1970: 1_000_000)
        let (cookie, s) = sessions.create(user: "alice", now: t)
        XCTAssertEqual(sessions.session(for: cookie, now: t.addingTimeInterval(90))?.csrf, s.csrf)
        XCTAssertNotNil(sessions.session(for: cookie, now: t.addingTimeInterval(180)))
        XCTAssertNil(sessions.session(for: cookie, now: t.addingTimeInterval(400)))
        XCTAssertNil(sessions.session(for: "forged"))
        let (c2, _) = sessions.create(user: "bob", now: t)
        sessions.endAll(user: "bob")
        XCTAssertNil(sessions.session(for: c2, now: t))
    }
}
