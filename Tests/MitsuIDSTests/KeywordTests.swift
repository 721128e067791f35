import XCTest
import MitsuCore
@testable import MitsuIDS

/// One positive and one negative case per keyword.
final class KeywordTests: XCTestCase {
    func testContentAndNocase() throws {
        XCTAssertTrue(try fires(#"content:"evil";"#, payloadInput("an evil thing")))
        XCTAssertFalse(try fires(#"content:"evil";"#, payloadInput("an EVIL thing")))
        XCTAssertTrue(try fires(#"content:"evil"; nocase;"#, payloadInput("an EVIL thing")))
        XCTAssertFalse(try fires(#"content:"evil"; nocase;"#, payloadInput("an EV1L thing")))
    }

    func testHexContentAndNegation() throws {
        XCTAssertTrue(try fires(#"content:"|00 ff|SMB";"#, payloadInput([1, 0, 0xff, 0x53, 0x4d, 0x42])))
        XCTAssertFalse(try fires(#"content:"|00 ff|SMB";"#, payloadInput([1, 0, 0xfe, 0x53, 0x4d, 0x42])))
        XCTAssertTrue(try fires(#"content:"GET"; content:!"Host";"#, payloadInput("GET / HTTP/1.0\r\n\r\n")))
        XCTAssertFalse(try fires(#"content:"GET"; content:!"Host";"#, payloadInput("GET / HTTP/1.1\r\nHost: a\r\n\r\n")))
    }

    func testDepthAndOffset() throws {
        XCTAssertTrue(try fires(#"content:"abc"; depth:5;"#, payloadInput("xxabcyy")))
        XCTAssertFalse(try fires(#"content:"abc"; depth:4;"#, payloadInput("xxabcyy")))
        XCTAssertTrue(try fires(#"content:"abc"; offset:2; depth:3;"#, payloadInput("xxabcyy")))
        XCTAssertFalse(try fires(#"content:"abc"; offset:3;"#, payloadInput("xxabcyy")))
    }

    func testDistanceAndWithin() throws {
        XCTAssertTrue(try fires(#"content:"a"; content:"b"; distance:2; within:3;"#, payloadInput("a..b")))
        XCTAssertFalse(try fires(#"content:"a"; content:"b"; distance:3;"#, payloadInput("a..b")))
        XCTAssertFalse(try fires(#"content:"a"; content:"b"; within:2;"#, payloadInput("a..b")))
        // Backtracking: the first "a" is too far from "b", the second one is close enough.
        XCTAssertTrue(try fires(#"content:"a"; content:"b"; within:2;"#, payloadInput("a.....ab")))
        // Negative distance looks back.
        XCTAssertTrue(try fires(#"content:"b"; content:"a"; distance:-2; within:1;"#, payloadInput("ab")))
    }

    func testStartsWithEndsWith() throws {
        XCTAssertTrue(try fires(#"content:"GET "; startswith;"#, payloadInput("GET /")))
        XCTAssertFalse(try fires(#"content:"GET "; startswith;"#, payloadInput("XGET /")))
        XCTAssertTrue(try fires(#"content:".sh"; endswith;"#, payloadInput("x.sh.sh")))
        XCTAssertFalse(try fires(#"content:".sh"; endswith;"#, payloadInput("x.sh ")))
    }

    func testBsizeAndDsize() throws {
        XCTAssertTrue(try fires(#"content:"ab"; bsize:4;"#, payloadInput("abcd")))
        XCTAssertFalse(try fires(#"content:"ab"; bsize:<4;"#, payloadInput("abcd")))
        XCTAssertTrue(try fires(#"dsize:2<>6;"#, payloadInput("abcd")))
        XCTAssertFalse(try fires(#"dsize:>10;"#, payloadInput("abcd")))
    }

    func testFastPatternChoosesPrefilterContent() throws {
        let r = try ruleWith(#"content:"longer-one"; content:"x"; fast_pattern;"#)
        XCTAssertEqual(r.fastPattern?.bytes, [UInt8(ascii: "x")])
        XCTAssertTrue(try fires(#"content:"longer-one"; content:"x"; fast_pattern;"#, payloadInput("longer-one x")))
        XCTAssertFalse(try fires(#"content:"longer-one"; content:"x"; fast_pattern;"#, payloadInput("longer-one")))
    }

    func testPCREFlags() throws {
        XCTAssertTrue(try fires(#"pcre:"/ab+c/i";"#, payloadInput("xABBC")))
        XCTAssertFalse(try fires(#"pcre:"/ab+c/";"#, payloadInput("xABBC")))
        XCTAssertTrue(try fires(#"pcre:"/a.b/s";"#, payloadInput("a\nb")))
        XCTAssertFalse(try fires(#"pcre:"/a.b/";"#, payloadInput("a\nb")))
        XCTAssertTrue(try fires(#"pcre:"/^b$/m";"#, payloadInput("a\nb\nc")))
        XCTAssertFalse(try fires(#"pcre:"/^b$/";"#, payloadInput("a\nb\nc")))
        XCTAssertTrue(try fires(#"pcre:"/a b # comment/x";"#, payloadInput("ab")))
        XCTAssertTrue(try fires(#"content:"id="; pcre:"/^\d+/R";"#, payloadInput("id=42")))
        XCTAssertFalse(try fires(#"content:"id="; pcre:"/^\d+/R";"#, payloadInput("id=x42")))
        XCTAssertTrue(try fires(#"pcre:!"/evil/";"#, payloadInput("good")))
        XCTAssertTrue(try fires(#"pcre:"/\x00\xff/";"#, payloadInput([0x41, 0x00, 0xff])))
    }

    func testPCREBufferFlag() throws {
        let e = httpEvent(uri: "/a?id=1%20union")
        let engine = IDSEngine(rules: [try ruleWith(#"pcre:"/id=1 union/U";"#, proto: "http")])
        XCTAssertEqual(engine.inspect(e).count, 1)
        let raw = IDSEngine(rules: [try ruleWith(#"pcre:"/id=1 union/I";"#, proto: "http")])
        XCTAssertEqual(raw.inspect(e).count, 0)
    }

    func testIsDataAt() throws {
        XCTAssertTrue(try fires(#"content:"a"; isdataat:2,relative;"#, payloadInput("a12")))
        XCTAssertFalse(try fires(#"content:"a"; isdataat:2,relative;"#, payloadInput("a1")))
        XCTAssertTrue(try fires(#"content:"a"; isdataat:!5;"#, payloadInput("a1")))
    }

    func testByteTest() throws {
        XCTAssertTrue(try fires(#"content:"L"; byte_test:2,>,255,0,relative;"#, payloadInput([0x4c, 0x01, 0x00])))
        XCTAssertFalse(try fires(#"content:"L"; byte_test:2,>,256,0,relative;"#, payloadInput([0x4c, 0x01, 0x00])))
        XCTAssertTrue(try fires(#"content:"L"; byte_test:2,=,1,0,relative,little;"#, payloadInput([0x4c, 0x01, 0x00])))
        XCTAssertTrue(try fires(#"content:"n="; byte_test:3,>=,100,0,relative,string,dec;"#, payloadInput("n=150")))
        XCTAssertFalse(try fires(#"content:"n="; byte_test:3,!=,150,0,relative,string,dec;"#, payloadInput("n=150")))
        XCTAssertTrue(try fires(#"content:"L"; byte_test:1,&,0x80,0,relative;"#, payloadInput([0x4c, 0x81])))
        XCTAssertFalse(try fires(#"content:"L"; byte_test:4,>,1,0,relative;"#, payloadInput([0x4c, 0x01])))  // short
    }

    func testByteJump() throws {
        // Length byte 3, skip the three bytes, then "Z" must follow directly.
        XCTAssertTrue(try fires(#"content:"L"; byte_jump:1,0,relative; content:"Z"; within:1;"#, payloadInput([0x4c, 3, 1, 2, 3, 0x5a])))
        XCTAssertFalse(try fires(#"content:"L"; byte_jump:1,0,relative; content:"Z"; within:1;"#, payloadInput([0x4c, 2, 1, 2, 3, 0x5a])))
        XCTAssertFalse(try fires(#"content:"L"; byte_jump:1,0,relative;"#, payloadInput([0x4c, 200, 1])))  // beyond the end
    }

    func testFlowDirection() throws {
        XCTAssertTrue(try fires(#"flow:established,to_server; content:"a";"#, payloadInput("a")))
        XCTAssertFalse(try fires(#"flow:established,to_client; content:"a";"#, payloadInput("a")))
    }

    func testUrilen() throws {
        let e = httpEvent(uri: "/abc%41")
        XCTAssertEqual(IDSEngine(rules: [try ruleWith("urilen:5;", proto: "http")]).inspect(e).count, 1)
        XCTAssertEqual(IDSEngine(rules: [try ruleWith("urilen:7,raw;", proto: "http")]).inspect(e).count, 1)
        XCTAssertEqual(IDSEngine(rules: [try ruleWith("urilen:>7;", proto: "http")]).inspect(e).count, 0)
    }

    func testStickyHTTPBuffers() throws {
        let e = httpEvent(method: "POST", uri: "/x%2fy?q=1", headers: ["Cookie": "sid=SECRET", "Content-Type": "text/xml", "X-Custom": "v"],
                          body: "<a>body-marker</a>")
        let cases: [(String, Bool)] = [
            (#"http.method; content:"POST"; bsize:4;"#, true),
            (#"http.method; content:"GET";"#, false),
            (#"http.uri; content:"/x/y?q=1";"#, true),
            (#"http.uri.raw; content:"/x%2fy";"#, true),
            (#"http.uri; content:"%2f";"#, false),
            (#"http.host; content:"example.test"; bsize:12;"#, true),
            (#"http.host; content:"8080";"#, false),
            (#"http.user_agent; content:"UnitTest/"; startswith;"#, true),
            (#"http.header; content:"X-Custom: v|0d 0a|";"#, true),
            (#"http.header_names; content:"|0d 0a|X-Custom|0d 0a|";"#, true),
            (#"http.cookie; content:"SECRET";"#, true),
            (#"http.cookie; content:"UnitTest";"#, false),
            (#"http.content_type; content:"text/xml";"#, true),
            (#"http.request_body; content:"body-marker";"#, true),
            (#"file.data; content:"body-marker";"#, true),
            (#"http.request_body; content:"POST";"#, false),
            (#"http.stat_code; content:"200";"#, false),
            (#"content:"POST /x%2fy?q=1 HTTP/1.1|0d 0a|";"#, true),
            (#"content:"/x"; http_uri; content:"SECRET"; http_cookie;"#, true),
            (#"http.request_line; content:"POST /x%2fy?q=1 HTTP/1.1"; bsize:24;"#, true),
        ]
        for (options, expected) in cases {
            let engine = IDSEngine(rules: [try ruleWith(options, proto: "http")])
            XCTAssertEqual(engine.inspect(e).count, expected ? 1 : 0, options)
        }
    }

    /// MitsuWeb's `http.request` carries the raw request as its payload; the body is taken from it only when
    /// `http.body_sha256` says the request had one (a bodiless request's raw bytes are not decoded again).
    func testRequestBodyFromTheRawRequestOnlyWhenTheEventHasOne() throws {
        let raw = "POST /upload HTTP/1.1\r\nHost: example.test\r\nContent-Length: 11\r\n\r\nbody-marker"
        var e = httpEvent(method: "POST", uri: "/upload")
        e.payload = PayloadInfo(captured: Array(raw.utf8))
        e.http?.bodySHA256 = Digests.sha256(Array("body-marker".utf8))
        let body = IDSEngine(rules: [try ruleWith(#"http.request_body; content:"body-marker"; bsize:11;"#, proto: "http")])
        let packet = IDSEngine(rules: [try ruleWith(#"content:"|0d 0a 0d 0a|body-marker"; endswith;"#, proto: "http")])
        XCTAssertEqual(body.inspect(e).count, 1)
        XCTAssertEqual(packet.inspect(e).count, 1)
        e.http?.bodySHA256 = nil
        XCTAssertEqual(body.inspect(e).count, 0)
        XCTAssertEqual(packet.inspect(e).count, 0)
    }

    func testCommandBufferAndProtocolMatching() throws {
        var e = Event(kind: .commandInput, honeypot: "ssh", session: SessionID("00000000beef"))
        e.transport = "tcp"
        e.protocol = "ssh"
        e.input = "wget http://x/y"
        XCTAssertEqual(IDSEngine(rules: [try ruleWith(#"mitsu.command; content:"wget";"#)]).inspect(e).count, 1)
        XCTAssertEqual(IDSEngine(rules: [try ruleWith(#"content:"wget";"#, proto: "ssh")]).inspect(e).count, 1)
        XCTAssertEqual(IDSEngine(rules: [try ruleWith(#"content:"wget";"#, proto: "http")]).inspect(e).count, 0)
        XCTAssertEqual(IDSEngine(rules: [try ruleWith(#"content:"wget";"#, proto: "udp")]).inspect(e).count, 0)
    }
}
