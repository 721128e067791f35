import XCTest
@testable import MitsuWeb

final class HTTPRequestParserTests: XCTestCase {
    func bytes(_ s: String) -> [UInt8] { Array(s.utf8) }

    func requests(_ out: [HTTPRequestParser.Output]) -> [HTTPRequest] {
        out.compactMap { if case .request(let r) = $0 { return r } else { return nil } }
    }

    func failure(_ out: [HTTPRequestParser.Output]) -> HTTPParseFailure? {
        out.compactMap { if case .failure(let f) = $0 { return f } else { return nil } }.first
    }

    func testSimpleGetKeepsTargetBytesExactly() {
        var p = HTTPRequestParser()
        let raw = "GET /icons/.%2e/%2e%2e/etc/passwd?a=%ADd+x HTTP/1.1\r\nHost: h\r\nUser-Agent: t\r\n\r\n"
        let rs = requests(p.feed(bytes(raw)))
        XCTAssertEqual(rs.count, 1)
        XCTAssertEqual(rs[0].method, "GET")
        XCTAssertEqual(rs[0].target, "/icons/.%2e/%2e%2e/etc/passwd?a=%ADd+x")
        XCTAssertEqual(rs[0].rawPath, "/icons/.%2e/%2e%2e/etc/passwd")
        XCTAssertEqual(rs[0].rawQuery, "a=%ADd+x")
        XCTAssertEqual(rs[0].version, "HTTP/1.1")
        XCTAssertEqual(rs[0].raw, bytes(raw))
        XCTAssertEqual(rs[0].rawLength, raw.utf8.count)
        XCTAssertTrue(rs[0].keepAlive)
    }

    func testRawPathOfOriginAndAbsoluteForms() {
        var p = HTTPRequestParser()
        let raw = "GET /r?u=http://198.51.100.1/x.sh HTTP/1.1\r\nHost: h\r\n\r\n"
            + "GET http://example.com:8080/a/b?c=1 HTTP/1.1\r\nHost: h\r\n\r\n"
            + "GET HTTPS://example.com HTTP/1.1\r\nHost: h\r\n\r\n"
            + "GET ftp://example.com/f HTTP/1.1\r\nHost: h\r\n\r\n"
        let rs = requests(p.feed(bytes(raw)))
        XCTAssertEqual(rs.map(\.rawPath), ["/r", "/a/b", "/", "ftp://example.com/f"])
    }

    func testByteAtATimeGivesTheSameRequest() {
        let raw = bytes("POST /a HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhello")
        var p = HTTPRequestParser()
        var got: [HTTPRequest] = []
        for b in raw { got += requests(p.feed([b])) }
        XCTAssertEqual(got.count, 1)
        XCTAssertEqual(got[0].body, bytes("hello"))
        XCTAssertEqual(got[0].raw, raw)
    }

    func testPipelinedRequestsComeOutInOrder() {
        var p = HTTPRequestParser()
        let raw = "GET /1 HTTP/1.1\r\nHost: h\r\n\r\nPOST /2 HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nabcGET /3 HTTP/1.0\r\n\r\n"
        let rs = requests(p.feed(bytes(raw)))
        XCTAssertEqual(rs.map(\.target), ["/1", "/2", "/3"])
        XCTAssertEqual(rs[1].body, bytes("abc"))
        XCTAssertFalse(rs[2].keepAlive)
        XCTAssertFalse(p.isMidRequest)
    }

    func testChunkedBodyWithExtensionsAndTrailers() {
        var p = HTTPRequestParser()
        let raw = "POST /u HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n5;name=x\r\nhello\r\n6\r\n world\r\n0\r\nX-Trailer: 1\r\n\r\n"
        let rs = requests(p.feed(bytes(raw)))
        XCTAssertEqual(rs.count, 1)
        XCTAssertEqual(rs[0].body, bytes("hello world"))
        XCTAssertTrue(rs[0].chunked)
        XCTAssertEqual(rs[0].raw, bytes(raw))
    }

    func testBadChunkSizeIs400() {
        var p = HTTPRequestParser()
        let f = failure(p.feed(bytes("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n")))
        XCTAssertEqual(f?.kind, .badChunk)
        XCTAssertEqual(f?.status, 400)
        // After a failure nothing more is parsed.
        XCTAssertTrue(p.feed(bytes("GET / HTTP/1.1\r\nHost: h\r\n\r\n")).isEmpty)
    }

    func testHugeChunkSizeIsRefusedWithoutOverflow() {
        var p = HTTPRequestParser()
        XCTAssertEqual(failure(p.feed(bytes("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffff\r\n")))?.kind, .badChunk)
        var q = HTTPRequestParser()
        XCTAssertEqual(failure(q.feed(bytes("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\nfffffff\r\n")))?.status, 413)
    }

    func testChunkDataMustEndWithCRLF() {
        var p = HTTPRequestParser()
        XCTAssertEqual(failure(p.feed(bytes("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabcd\r\n")))?.kind, .badChunk)
    }

    func testMalformedRequestLines() {
        for line in ["GARBAGE\r\n\r\n", "GET /\r\n\r\n", "GET / HTTP/1.1 extra\r\n\r\n", "GET / FTP/1.0\r\n\r\n", "G(T / HTTP/1.1\r\n\r\n",
                     "GET /\u{01}x HTTP/1.1\r\n\r\n", "GET / HTTP/1.x\r\n\r\n"] {
            var p = HTTPRequestParser()
            let f = failure(p.feed(bytes(line)))
            XCTAssertEqual(f?.status, 400, line)
        }
        var p = HTTPRequestParser()
        XCTAssertEqual(failure(p.feed(bytes("GET / HTTP/2.0\r\nHost: h\r\n\r\n")))?.status, 505)
    }

    func testOversizedRequestLineIs414EvenWithoutNewline() {
        var p = HTTPRequestParser()
        let f = failure(p.feed(bytes("GET /" + String(repeating: "a", count: 9000))))
        XCTAssertEqual(f?.status, 414)
    }

    func testHeaderCapsAnswer400() {
        var p = HTTPRequestParser()
        XCTAssertEqual(failure(p.feed(bytes("GET / HTTP/1.1\r\nHost: h\r\nX: " + String(repeating: "a", count: 9000) + "\r\n\r\n")))?.kind, .headerTooLarge)
        var q = HTTPRequestParser()
        let many = (0..<101).map { "X-\($0): v\r\n" }.joined()
        XCTAssertEqual(failure(q.feed(bytes("GET / HTTP/1.1\r\nHost: h\r\n" + many + "\r\n")))?.kind, .tooManyHeaders)
        var r = HTTPRequestParser()
        let big = (0..<8).map { "X-\($0): " + String(repeating: "b", count: 5000) + "\r\n" }.joined()
        XCTAssertEqual(failure(r.feed(bytes("GET / HTTP/1.1\r\nHost: h\r\n" + big + "\r\n")))?.status, 400)
    }

    func testBodyCapIs413BeforeReadingTheBody() {
        var p = HTTPRequestParser()
        let f = failure(p.feed(bytes("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5000000\r\n\r\n")))
        XCTAssertEqual(f?.status, 413)
    }

    func testBadContentLengths() {
        for cl in ["-1", "abc", "1 2", "99999999999999999999999"] {
            var p = HTTPRequestParser()
            XCTAssertEqual(failure(p.feed(bytes("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: \(cl)\r\n\r\n")))?.kind, .badContentLength, cl)
        }
        var p = HTTPRequestParser()
        XCTAssertEqual(failure(p.feed(bytes("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n")))?.kind, .badContentLength)
    }

    func testHTTP11WithoutHostIs400AndHTTP10IsFine() {
        var p = HTTPRequestParser()
        XCTAssertEqual(failure(p.feed(bytes("GET / HTTP/1.1\r\n\r\n")))?.kind, .missingHost)
        var q = HTTPRequestParser()
        XCTAssertEqual(requests(q.feed(bytes("GET / HTTP/1.0\r\n\r\n"))).count, 1)
    }

    func testUnknownTransferEncodingIs501() {
        var p = HTTPRequestParser()
        XCTAssertEqual(failure(p.feed(bytes("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip\r\n\r\n")))?.status, 501)
    }

    func testTruncatedRequestIsReportedOnClose() {
        var p = HTTPRequestParser()
        XCTAssertTrue(p.feed(bytes("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\nabc")).isEmpty)
        XCTAssertTrue(p.isMidRequest)
        XCTAssertEqual(p.finish()?.kind, .truncated)
        var q = HTTPRequestParser()
        _ = q.feed(bytes("GET / HTTP/1.1\r\nHost: h\r\n\r\n"))
        XCTAssertNil(q.finish())
    }

    func testRawCopyIsCappedButLengthCounted() {
        var limits = HTTPLimits()
        limits.raw = 1024
        var p = HTTPRequestParser(limits: limits)
        let body = String(repeating: "x", count: 5000)
        let rs = requests(p.feed(bytes("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5000\r\n\r\n" + body)))
        XCTAssertEqual(rs[0].raw.count, 1024)
        XCTAssertEqual(rs[0].rawLength, 5000 + 50)
        XCTAssertEqual(rs[0].body.count, 5000)
    }

    func testBareLFAndLeadingBlankLinesAccepted() {
        var p = HTTPRequestParser()
        let rs = requests(p.feed(bytes("\r\n\nGET /x HTTP/1.0\nHost: h\n\n")))
        XCTAssertEqual(rs.map(\.target), ["/x"])
    }

    func testInvalidHeaderNamesAreDroppedLikeNginx() {
        var p = HTTPRequestParser()
        let rs = requests(p.feed(bytes("GET / HTTP/1.1\r\nHost: h\r\nBad Name: x\r\nGood: y\r\n\r\n")))
        XCTAssertEqual(rs[0].headers.map(\.name), ["Host", "Good"])
        var q = HTTPRequestParser()
        XCTAssertEqual(failure(q.feed(bytes("GET / HTTP/1.1\r\nHost: h\r\nno colon here\r\n\r\n")))?.kind, .badHeader)
    }

    func testHeaderLookupIgnoresASCIICaseOnly() {
        let r = HTTPRequest(method: "GET", target: "/", version: "HTTP/1.1", headers: [
            .init(name: "HOST", value: "a"), .init(name: "Coo\u{212A}ie", value: "kelvin"), .init(name: "x-Tag", value: "1"),
            .init(name: "X-TAG", value: "2"), .init(name: "X-Ta@", value: "3"),
        ])
        XCTAssertEqual(r.header("host"), "a")
        XCTAssertEqual(r.header("Host"), "a")
        XCTAssertNil(r.header("cookie"), "a Kelvin sign is no K to a web server")
        XCTAssertEqual(r.headerValues("x-tag"), ["1", "2"])
        XCTAssertNil(r.header("x-ta`"), "@ and ` differ by the case bit but are not letters")
        XCTAssertNil(r.header("hos"))
    }

    func testRandomGarbageNeverTraps() {
        var g = SystemRandomNumberGenerator()
        for _ in 0..<300 {
            var p = HTTPRequestParser()
            let n = Int.random(in: 0..<2000, using: &g)
            let junk = (0..<n).map { _ in [UInt8(ascii: "\r"), UInt8(ascii: "\n"), UInt8(ascii: " "), UInt8(ascii: ":"), UInt8(ascii: "0"), UInt8.random(in: 0...255, using: &g)].randomElement(using: &g) ?? 0 }
            _ = p.feed(bytes("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n") + junk)
            _ = p.finish()
        }
    }
}
