import MitsuCore
import MitsuEnrich
import MitsuShell
import NIOCore
import NIOPosix
import XCTest
@testable import MitsuFetch

/// A loopback HTTP server answering canned responses by path, counting what it served.
final class CannedHTTPServer: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer
    let routes: [String: [UInt8]]
    private let lock = Lock()
    private var requests: [String] = []

    init(routes: [String: [UInt8]]) { self.routes = routes }

    var seen: [String] { lock.withLock { requests } }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let text = String(decoding: unwrapInboundIn(data).readableBytesView, as: UTF8.self)
        let path = text.split(separator: " ").dropFirst().first.map(String.init) ?? "/"
        lock.withLock { requests.append(text) }
        let reply = routes[path] ?? Array("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n".utf8)
        context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(bytes: reply))).whenComplete { _ in
            context.close(promise: nil)
        }
    }

    static func start(_ handler: CannedHTTPServer, group: EventLoopGroup) throws -> Channel {
        try ServerBootstrap(group: group)
            .childChannelInitializer { $0.pipeline.addHandler(handler) }
            .bind(host: "127.0.0.1", port: 0).wait()
    }
}

final class NetworkFetcherTests: XCTestCase {
    let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    let session = SessionID("00112233aabb")!

    override func tearDown() { try? group.syncShutdownGracefully() }

    func config(_ change: (inout DownloadsConfig) -> Void = { _ in }) -> DownloadsConfig {
        var c = DownloadsConfig()
        c.enabled = true
        c.allowPrivate = true
        change(&c)
        return c
    }

    func response(_ body: [UInt8], status: String = "200 OK", headers: String = "") -> [UInt8] {
        Array("HTTP/1.1 \(status)\r\nContent-Length: \(body.count)\r\n\(headers)\r\n".utf8) + body
    }

    func testFetchesFollowsRedirectsAndCaps() async throws {
        let elf: [UInt8] = [0x7F, 0x45, 0x4C, 0x46] + Array(repeating: 0x41, count: 5000)
        let server = CannedHTTPServer(routes: [
            "/bins/x86": response(elf),
            "/old": response([], status: "302 Found", headers: "Location: /bins/x86\r\n"),
            "/big": response(Array(repeating: 0x42, count: 100_000)),
            "/missing": response([], status: "404 Not Found"),
        ])
        let channel = try CannedHTTPServer.start(server, group: group)
        defer { try? channel.close().wait() }
        let port = channel.localAddress?.port ?? 0
        let fetcher = NetworkFetcher(config: config { $0.maxBytes = 10_000 }, group: group)
        func get(_ path: String) async -> FetchOutcome {
            await fetcher.fetch(FetchRequest(url: "http://127.0.0.1:\(port)\(path)", tool: "wget", session: session))
        }
        let direct = await get("/bins/x86")
        XCTAssertEqual(direct, .fetched(bytes: elf))
        let redirected = await get("/old")
        XCTAssertEqual(redirected, .fetched(bytes: elf))
        guard case .fetched(let capped) = await get("/big") else { return XCTFail("big") }
        XCTAssertEqual(capped.count, 10_000, "kept up to max_bytes")
        let missing = await get("/missing")
        XCTAssertEqual(missing, .failed(.httpStatus(404, "Not Found")))
        XCTAssertTrue(server.seen.first?.contains("User-Agent: Wget/1.21.3\r\n") ?? false, server.seen.first ?? "")
        XCTAssertTrue(server.seen.first?.contains("Host: 127.0.0.1:\(port)\r\n") ?? false)
    }

    func testPrivateAndSpecialAddressesAreRefusedWithoutConnecting() async throws {
        let server = CannedHTTPServer(routes: ["/x": response([1, 2, 3])])
        let channel = try CannedHTTPServer.start(server, group: group)
        defer { try? channel.close().wait() }
        let port = channel.localAddress?.port ?? 0
        let strict = NetworkFetcher(config: config { $0.allowPrivate = false }, group: group)
        for url in ["http://127.0.0.1:\(port)/x", "http://[::1]:\(port)/x", "http://2130706433:\(port)/x", "http://10.1.2.3/x",
                    "http://169.254.169.254/latest/meta-data/", "http://192.168.1.1/x"] {
            let outcome = await strict.fetch(FetchRequest(url: url, tool: "curl", session: session))
            XCTAssertEqual(outcome, .failed(.refused), url)
        }
        // Documentation ranges stay refused even where private ones are allowed (and nothing is sent there).
        let lab = NetworkFetcher(config: config(), group: group)
        let doc = await lab.fetch(FetchRequest(url: "http://198.51.100.7/x", tool: "wget", session: session))
        XCTAssertEqual(doc, .failed(.refused))
        XCTAssertEqual(server.seen.count, 0, "no refused fetch reached the server")
        // A redirect into a refused range is refused too (checked before any connection).
        let bouncer = CannedHTTPServer(routes: ["/r": response([], status: "301 Moved", headers: "Location: http://203.0.113.9/x\r\n")])
        let b = try CannedHTTPServer.start(bouncer, group: group)
        defer { try? b.close().wait() }
        var c = config()
        c.allowPrivate = true
        let viaRedirect = await NetworkFetcher(config: c, group: group)
            .fetch(FetchRequest(url: "http://127.0.0.1:\(b.localAddress?.port ?? 0)/r", tool: "wget", session: session))
        XCTAssertEqual(viaRedirect, .failed(.refused))
        XCTAssertEqual(bouncer.seen.count, 1)
    }

    func testDisabledAndPerSessionBudget() async throws {
        let server = CannedHTTPServer(routes: ["/x": response([9])])
        let channel = try CannedHTTPServer.start(server, group: group)
        defer { try? channel.close().wait() }
        let url = "http://127.0.0.1:\(channel.localAddress?.port ?? 0)/x"
        let off = NetworkFetcher(config: DownloadsConfig(), group: group)
        let offline = await off.fetch(FetchRequest(url: url, tool: "wget", session: session))
        XCTAssertEqual(offline, .failed(.refused))
        XCTAssertEqual(server.seen.count, 0, "off by default: nothing is contacted")
        let budget = NetworkFetcher(config: config { $0.perSession = 2 }, group: group)
        var outcomes: [FetchOutcome] = []
        for _ in 0..<3 { outcomes.append(await budget.fetch(FetchRequest(url: url, tool: "wget", session: session))) }
        XCTAssertEqual(outcomes, [.fetched(bytes: [9]), .fetched(bytes: [9]), .failed(.refused)])
    }
}
