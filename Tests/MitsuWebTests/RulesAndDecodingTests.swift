import XCTest
@testable import MitsuWeb

final class DecodingTests: XCTestCase {
    func d(_ s: String, plus: Bool = false) -> String { Decoding.normalise(Array(s.utf8), plusAsSpace: plus) }

    func testLowercasedASCIITouchesOnlyASCIILetters() {
        XCTAssertEqual(Decoding.lowercasedASCII("ÄBC-xyZ@[`{ \u{212A} İ GET /A?B=C"), "Äbc-xyz@[`{ \u{212A} İ get /a?b=c")
        XCTAssertEqual(Decoding.lowercasedASCII(""), "")
        XCTAssertEqual(Decoding.lowercasedASCII("already lower é"), "already lower é")
        let long = String(repeating: "AbC", count: 5000)
        XCTAssertEqual(Decoding.lowercasedASCII(long), long.lowercased())
    }

    func testPercentRoundsAreBounded() {
        XCTAssertEqual(d("%2e%2e%2f"), "../")
        XCTAssertEqual(d("%252e%252e%252f"), "../")
        XCTAssertEqual(d("%25252e"), ".")
        // A fourth round is not applied.
        XCTAssertEqual(d("%2525252e"), "%2e")
    }

    func testUnicodeEscapesEntitiesAndPlus() {
        XCTAssertEqual(d("%u003Cscript%u003E"), "<script>")
        XCTAssertEqual(d("&lt;img src=x onerror=alert(1)&gt;"), "<img src=x onerror=alert(1)>")
        XCTAssertEqual(d("&#x3C;&#60;&#x3c"), "<<<")
        XCTAssertEqual(d("a+b", plus: true), "a b")
        XCTAssertEqual(d("a+b"), "a+b")
        // A decoded %2B is a real plus, not a space.
        XCTAssertEqual(d("a%2Bb", plus: true), "a+b")
    }

    func testInvalidEscapesStayLiteral() {
        XCTAssertEqual(d("%zz%4"), "%zz%4")
        XCTAssertEqual(d("%u12"), "%u12")
        XCTAssertEqual(d("&unknown;&#xffffffffff;"), "&unknown;&#xffffffffff;")
        XCTAssertEqual(d("%AD"), "\u{FFFD}")
    }
}

final class WebRuleSetTests: XCTestCase {
    func testShippedRulesLoad() throws {
        let rules = try WebRuleSet.load(path: try WebRuleSet.builtInPath())
        XCTAssertGreaterThan(rules.rules.count, 100)
    }

    func testErrorsNameFileAndLine() {
        let cases: [(String, Int, String)] = [
            ("rule a sqli\n  path contains x\nrule a xss\n  path contains y\n", 3, "used twice"),
            ("rule a nosuchcategory\n  path contains x\n", 1, "unknown category"),
            ("rule a sqli\n  nofield contains x\n", 2, "unknown field"),
            ("rule a sqli\n  path matches x\n", 2, "unknown operator"),
            ("rule a sqli\n  path regex (unclosed\n", 2, "bad regular expression"),
            ("rule a sqli\n", 1, "no conditions"),
            ("  path contains x\n", 1, "outside a rule"),
            ("rule a sqli CVE-21-1\n  path contains x\n", 1, "not a CVE"),
            ("# ok\n\nrule a sqli\n  path contains\n", 4, "missing pattern"),
        ]
        for (text, line, message) in cases {
            XCTAssertThrowsError(try WebRuleSet.parse(text, file: "t.rules")) { e in
                guard let e = e as? WebRuleError else { return XCTFail("\(e)") }
                XCTAssertEqual(e.line, line, text)
                XCTAssertTrue(e.description.hasPrefix("t.rules:\(line): "), e.description)
                XCTAssertTrue(e.message.contains(message), e.message)
            }
        }
    }

    func testConditionsAreAndedAndFieldsDiffer() throws {
        let set = try WebRuleSet.parse("""
        rule r1 recon CVE-2020-0001
          raw_path contains %2e
          method equals get
        rule r2 sqli
          header:x-test contains "union select"
        """, file: "t")
        let c = WebClassifier(rules: set)
        func req(_ raw: String) -> HTTPRequest {
            var p = HTTPRequestParser()
            guard case .request(let r)? = p.feed(Array(raw.utf8)).first else { fatalError() }
            return r
        }
        XCTAssertEqual(c.classify(req("GET /%2e HTTP/1.0\r\n\r\n")).cves, ["CVE-2020-0001"])
        XCTAssertEqual(c.classify(req("POST /%2e HTTP/1.0\r\n\r\n")).categories, [])
        XCTAssertEqual(c.classify(req("GET /. HTTP/1.0\r\n\r\n")).categories, [])
        XCTAssertEqual(c.classify(req("GET / HTTP/1.0\r\nX-Test: 1%20UNION%20SELECT\r\n\r\n")).categories, ["sqli"])
    }

    func testContainsAnyAndLiteralConditionsRunFirst() throws {
        let set = try WebRuleSet.parse("rule r scanner\n  ua regex zz+\n  ua contains-any nikto|sqlmap\n", file: "t")
        XCTAssertEqual(set.rules[0].conditions.map(\.op), [.containsAny, .regex])
        let c = WebClassifier(rules: set)
        func req(_ ua: String) -> HTTPRequest { HTTPRequest(method: "GET", target: "/", version: "HTTP/1.0", headers: [.init(name: "User-Agent", value: ua)]) }
        XCTAssertEqual(c.classify(req("sqlmap/1 zzz")).categories, ["scanner"])
        XCTAssertEqual(c.classify(req("Nikto zz")).categories, ["scanner"])
        XCTAssertEqual(c.classify(req("nikto z")).categories, [])
        XCTAssertEqual(c.classify(req("curl zzz")).categories, [])
    }

    func testCredentialsFromBasicAuthAndForms() throws {
        let c = WebClassifier(rules: WebRuleSet(rules: []))
        var p = HTTPRequestParser()
        guard case .request(let r)? = p.feed(Array("POST /wp-login.php HTTP/1.1\r\nHost: h\r\nAuthorization: Basic YWRtaW46czNjcjN0\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 22\r\n\r\nlog=bob&pwd=hunter2%21".utf8)).first else { return XCTFail() }
        let got = c.classify(r)
        XCTAssertEqual(got.credentials, [.init(username: "admin", password: "s3cr3t", source: "basic"),
                                         .init(username: "bob", password: "hunter2!", source: "form")])
        XCTAssertEqual(got.categories, ["bruteforce"])
    }

    func testMultipartParts() {
        let body = Array("--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--XyZ\r\nContent-Disposition: form-data; name=\"f\"; filename=\"x.php\"\r\nContent-Type: text/plain\r\n\r\n<?php ?>\r\n--XyZ--\r\n".utf8)
        XCTAssertEqual(Multipart.boundary(contentType: "multipart/form-data; boundary=XyZ"), "XyZ")
        let parts = Multipart.parse(body, boundary: "XyZ")
        XCTAssertEqual(parts.map(\.name), ["a", "f"])
        XCTAssertEqual(parts[1].filename, "x.php")
        XCTAssertEqual(parts[1].body, Array("<?php ?>".utf8))
        XCTAssertEqual(parts[0].filename, nil)
    }
}
