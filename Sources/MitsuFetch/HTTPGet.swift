import MitsuEnrich
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// One HTTP/1.1 GET to an address already checked against the policy, over SwiftNIO's HTTP codec (inside
/// TLS for https). The body is kept up to `maxBytes`; beyond it, or past the deadline, the connection is closed.
enum HTTPGet {
    struct Response {
        var status: Int
        var reason: String
        var location: String?
        var body: [UInt8]
        var truncated: Bool
    }

    /// https: the shared client context and the name for SNI (nil for an address: SNI carries names only).
    struct TLS {
        var context: NIOSSLContext
        var serverName: String?

        /// Certificates are not verified: the honeypot wants the sample whoever signed the server's
        /// certificate (self-signed, expired, wrong name — as malware hosts usually have).
        static func makeContext() throws -> NIOSSLContext {
            var configuration = TLSConfiguration.makeClientConfiguration()
            configuration.certificateVerification = .none
            return try NIOSSLContext(configuration: configuration)
        }
    }

    enum Failure: Error {
        case refused
        case timedOut
        case protocolError
    }

    static func get(group: EventLoopGroup, address: IPAddress, port: Int, hostHeader: String, path: String,
                    userAgent: String, maxBytes: Int, timeout: TimeAmount, tls: TLS? = nil) async throws -> Response {
        let socketAddress: SocketAddress
        do {
            socketAddress = try SocketAddress(ipAddress: "\(address)", port: port)
        } catch {
            throw Failure.refused
        }
        let eventLoop = group.next()
        let promise = eventLoop.makePromise(of: Response.self)
        let collector = ResponseCollector(maxBytes: maxBytes, promise: promise)
        let bootstrap = ClientBootstrap(group: eventLoop)
            .connectTimeout(timeout)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let tls {
                        try channel.pipeline.syncOperations.addHandler(NIOSSLClientHandler(context: tls.context, serverHostname: tls.serverName))
                    }
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    try channel.pipeline.syncOperations.addHandler(collector)
                }
            }
        let channel: Channel
        do {
            channel = try await bootstrap.connect(to: socketAddress).get()
        } catch let e as ChannelError where e == .connectTimeout(timeout) {
            throw Failure.timedOut
        } catch {
            throw Failure.refused
        }
        let deadline = eventLoop.scheduleTask(in: timeout) {
            collector.finish(.failure(Failure.timedOut))
            channel.close(promise: nil)
        }
        var head = HTTPRequestHead(version: .http1_1, method: .GET, uri: path)
        head.headers.add(name: "Host", value: hostHeader)
        head.headers.add(name: "User-Agent", value: userAgent)
        head.headers.add(name: "Accept", value: "*/*")
        head.headers.add(name: "Connection", value: "close")
        channel.write(HTTPClientRequestPart.head(head), promise: nil)
        channel.writeAndFlush(HTTPClientRequestPart.end(nil), promise: nil)
        defer {
            deadline.cancel()
            channel.close(promise: nil)
        }
        return try await promise.futureResult.get()
    }
}

/// Collects one response: status, Location, and the body up to the cap.
private final class ResponseCollector: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = HTTPClientResponsePart

    let maxBytes: Int
    let promise: EventLoopPromise<HTTPGet.Response>
    private var response: HTTPGet.Response?
    /// Every completion path runs on the channel's event loop; the first one wins.
    private var done = false

    func finish(_ result: Result<HTTPGet.Response, Error>) {
        guard !done else { return }
        done = true
        promise.completeWith(result)
    }

    init(maxBytes: Int, promise: EventLoopPromise<HTTPGet.Response>) {
        self.maxBytes = maxBytes
        self.promise = promise
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            response = HTTPGet.Response(status: Int(head.status.code), reason: head.status.reasonPhrase,
                                        location: head.headers.first(name: "Location"), body: [], truncated: false)
        case .body(let buffer):
            guard var r = response else { return }
            let room = maxBytes - r.body.count
            if buffer.readableBytes > room {
                r.body += buffer.readableBytesView.prefix(max(0, room))
                r.truncated = true
                response = r
                // Enough: keep what fits and stop reading.
                finish(.success(r))
                context.close(promise: nil)
                return
            }
            r.body += buffer.readableBytesView
            response = r
        case .end:
            finish(response.map { .success($0) } ?? .failure(HTTPGet.Failure.protocolError))
            context.close(promise: nil)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        // A server that closes without a complete response (HTTP/1.0 style bodies end here too).
        finish(response.map { .success($0) } ?? .failure(HTTPGet.Failure.refused))
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        finish(.failure(HTTPGet.Failure.protocolError))
        context.close(promise: nil)
    }
}
