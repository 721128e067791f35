import MitsuCore
import XCTest
@testable import MitsuEnrich

final class CanaryRegistryTests: XCTestCase {
    let text = "db_user=shop_web01_app\ndb_password=Qx7mK2pL9vR4tZ8w\nmail_password=abcdefghij0123456789\naws_access_key_id=AKIAABCDEFGHIJKLMNOP\naws_secret_access_key=secretsecretsecretsecretsecretsecret1234\ngit_token=glpat-ABCDEFGHIJ0123456789\napp_key=shortish\n"

    func leak(ip: String, at ms: Int64, session: String) -> Event {
        var e = Event(kind: .canaryLeaked, honeypot: "web", session: SessionID(session), timestamp: Timestamp(millisecondsSince1970: ms))
        e.srcIP = ip
        e.url = "/.env"
        e.canary = CanaryInfo(name: "db_user,db_password", leakURL: "/.env")
        return e
    }

    func login(_ kind: EventKind = .loginFailed, honeypot: String, ip: String, user: String, password: String, session: String = "00000000000a") -> Event {
        var e = Event(kind: kind, honeypot: honeypot, session: SessionID(session))
        e.srcIP = ip
        e.username = user
        e.password = password
        return e
    }

    func testParseKeepsNamedValuesLongEnough() {
        let s = CanaryRegistry.parse(text + "# comment\nbad line\nx=short\n")
        XCTAssertEqual(s.map(\.name), ["db_user", "db_password", "mail_password", "aws_access_key_id", "aws_secret_access_key", "git_token", "app_key"])
        XCTAssertEqual(s[1].value, "Qx7mK2pL9vR4tZ8w")
    }

    func testLoginWithALeakedPasswordIsFlaggedAndTiedToTheLeakFromTheSameAddress() {
        var r = CanaryRegistry(secrets: CanaryRegistry.parse(text))
        _ = r.inspect(leak(ip: "198.51.100.7", at: 1_000, session: "0000000000b1"))
        _ = r.inspect(leak(ip: "203.0.113.5", at: 2_000, session: "0000000000b2"))
        let out = r.inspect(login(honeypot: "ssh", ip: "198.51.100.7", user: "root", password: "Qx7mK2pL9vR4tZ8w"))
        XCTAssertEqual(out.map(\.kind), [.loginFailed, .canaryUsed])
        XCTAssertEqual(out[0].canary?.name, "db_password")
        XCTAssertEqual(out[0].attack?.categories, ["canary"])
        let used = out[1].canary
        XCTAssertEqual(used?.leakSession, "0000000000b1")
        XCTAssertEqual(used?.leakSrcIP, "198.51.100.7")
        XCTAssertEqual(used?.leakURL, "/.env")
        XCTAssertEqual(used?.leakTime, Timestamp(millisecondsSince1970: 1_000).iso8601)
        XCTAssertEqual(out[1].honeypot, "ssh")
        XCTAssertEqual(out[1].password, "Qx7mK2pL9vR4tZ8w")
        // Another address: the last leak at all.
        let other = r.inspect(login(honeypot: "mysql", ip: "192.0.2.99", user: "x", password: "Qx7mK2pL9vR4tZ8w", session: "00000000000c"))
        XCTAssertEqual(other.last?.canary?.leakSrcIP, "203.0.113.5")
    }

    func testUserNameAloneCountsOnlyForUserNameCanaries() {
        var r = CanaryRegistry(secrets: CanaryRegistry.parse(text))
        XCTAssertEqual(r.inspect(login(honeypot: "ftp", ip: "192.0.2.1", user: "shop_web01_app", password: "guess")).last?.canary?.name, "db_user")
        XCTAssertEqual(r.inspect(login(honeypot: "ftp", ip: "192.0.2.1", user: "Qx7mK2pL9vR4tZ8w", password: "guess", session: "00000000000d")).count, 1)
        XCTAssertEqual(r.inspect(login(honeypot: "ftp", ip: "192.0.2.1", user: "root", password: "123456", session: "00000000000e")).count, 1)
    }

    func testOneCanaryUsedPerSessionAndSecret() {
        var r = CanaryRegistry(secrets: CanaryRegistry.parse(text))
        let a = r.inspect(login(honeypot: "ssh", ip: "192.0.2.1", user: "root", password: "Qx7mK2pL9vR4tZ8w"))
        let b = r.inspect(login(honeypot: "ssh", ip: "192.0.2.1", user: "admin", password: "Qx7mK2pL9vR4tZ8w"))
        XCTAssertEqual(a.count, 2)
        XCTAssertEqual(b.count, 1)
        XCTAssertEqual(b[0].canary?.name, "db_password")
    }

    func testTokenInAnHTTPRequestIsFlagged() {
        var r = CanaryRegistry(secrets: CanaryRegistry.parse(text))
        var e = Event(kind: .httpRequest, honeypot: "web", session: SessionID("00000000000f"))
        e.http = HTTPInfo(method: "GET", uri: "/api", headers: ["authorization": "Bearer glpat-ABCDEFGHIJ0123456789"])
        let out = r.inspect(e)
        XCTAssertEqual(out.map(\.kind), [.httpRequest, .canaryUsed])
        XCTAssertEqual(out[1].canary?.name, "git_token")
        XCTAssertNil(out[1].canary?.leakSession, "no leak seen: no leak named")
        var plain = Event(kind: .httpRequest, honeypot: "web")
        plain.http = HTTPInfo(method: "GET", uri: "/shop_web01_app")
        XCTAssertEqual(r.inspect(plain).count, 1, "the db user name is not a token")
    }

    func testEventsRoundTripWithTheCanaryObject() throws {
        var e = login(honeypot: "ssh", ip: "192.0.2.1", user: "root", password: "p")
        e.canary = CanaryInfo(name: "db_password", leakURL: "/.env", leakHoneypot: "web", leakSession: "0000000000b1",
                              leakTime: "2026-11-27T10:00:00.000Z", leakSrcIP: "192.0.2.1")
        XCTAssertEqual(try EventCodec.decode(EventCodec.encode(e)), e)
    }
}
