import MitsuCore
import MitsuNet
import NIOCore

/// Thin NIO shell around `WebSession`: feeds it bytes, writes what it answers, emits its events, closes
/// when it says so. Sits after the TLS handler on HTTPS ports, so it always sees plaintext.
final class WebHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let context: WebContext
    private let scheme: String
    private let sink: EventSink
    private var session: WebSession?
    private var closeReason: String?

    init(context: WebContext, scheme: String, sink: EventSink) {
        self.context = context
        self.scheme = scheme
        self.sink = sink
    }

    func channelActive(context ctx: ChannelHandlerContext) {
        let ends = Endpoints(remote: ctx.channel.remoteAddress, local: ctx.channel.localAddress)
        let s = WebSession(context: context, endpoints: ends, scheme: scheme)
        sink.emit(s.connectEvent())
        session = s
        ctx.fireChannelActive()
    }

    func channelRead(context ctx: ChannelHandlerContext, data: NIOAny) {
        guard session != nil else { return }
        let buffer = unwrapInboundIn(data)
        let out = buffer.withUnsafeReadableBytes { session?.received($0) } ?? WebSession.Output()
        apply(out, ctx)
    }

    private func apply(_ out: WebSession.Output, _ ctx: ChannelHandlerContext) {
        for e in out.events { sink.emit(e) }
        for w in out.writes {
            ctx.write(wrapOutboundOut(ctx.channel.allocator.buffer(bytes: w)), promise: nil)
        }
        if out.close {
            // Flush first, then close once the bytes are written, so the client reads the whole answer.
            let promise = ctx.eventLoop.makePromise(of: Void.self)
            ctx.writeAndFlush(wrapOutboundOut(ctx.channel.allocator.buffer(capacity: 0)), promise: promise)
            let channel = ctx.channel
            promise.futureResult.whenComplete { _ in channel.close(promise: nil) }
        } else if !out.writes.isEmpty {
            ctx.flush()
        }
    }

    func userInboundEventTriggered(context ctx: ChannelHandlerContext, event: Any) {
        if let limit = event as? SessionLimitReached {
            closeReason = limit.reason.rawValue
        } else if case ChannelEvent.inputClosed = event, session != nil {
            let out = session?.inputClosed() ?? WebSession.Output()
            apply(out, ctx)
        }
        ctx.fireUserInboundEventTriggered(event)
    }

    func channelInactive(context ctx: ChannelHandlerContext) {
        if let s = session { sink.emit(s.closeEvent(reason: closeReason)) }
        session = nil
        ctx.fireChannelInactive()
    }

    func errorCaught(context ctx: ChannelHandlerContext, error: Error) {
        // TLS handshake failures (plain HTTP or scanners on 443) and resets are ordinary; the close event
        // records the session.
        if closeReason == nil { closeReason = "error: \(String(describing: error).prefix(120))" }
        ctx.close(promise: nil)
    }
}
