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
    private var lingering = false

    /// Set on an HTTPS port that received plain HTTP: every request gets nginx's 400 for that case.
    private let plainOnTLSPort: Bool
    private var started = false

    private let presetSession: SessionID?

    /// `session`: the id chosen by `TLSSniffHandler` for a TLS connection; nil picks a fresh one.
    init(context: WebContext, scheme: String, sink: EventSink, plainOnTLSPort: Bool = false, session: SessionID? = nil) {
        self.presetSession = session
        self.context = context
        self.scheme = scheme
        self.sink = sink
        self.plainOnTLSPort = plainOnTLSPort
    }

    // Added either before the connection is active or, on HTTPS ports, by `TLSSniffHandler` after it.
    func handlerAdded(context ctx: ChannelHandlerContext) {
        if ctx.channel.isActive { begin(ctx) }
    }

    func channelActive(context ctx: ChannelHandlerContext) {
        begin(ctx)
        ctx.fireChannelActive()
    }

    private func begin(_ ctx: ChannelHandlerContext) {
        guard !started else { return }
        started = true
        let ends = Endpoints(remote: ctx.channel.remoteAddress, local: ctx.channel.localAddress)
        var s = WebSession(context: context, endpoints: ends, scheme: scheme, id: presetSession ?? .next())
        s.plainOnTLSPort = plainOnTLSPort
        sink.emit(s.connectEvent())
        session = s
    }

    func channelRead(context ctx: ChannelHandlerContext, data: NIOAny) {
        guard session != nil, !lingering else { return }
        let buffer = unwrapInboundIn(data)
        let out = buffer.withUnsafeReadableBytes { session?.received($0) } ?? WebSession.Output()
        apply(out, ctx)
    }

    private func apply(_ out: WebSession.Output, _ ctx: ChannelHandlerContext) {
        for e in out.events { sink.emit(e) }
        if let fetcher = context.fetcher {
            let sink = self.sink
            for d in out.downloads { fetcher.start(d.url, base: d.base) { sink.emit($0) } }
        }
        for w in out.writes {
            ctx.write(wrapOutboundOut(ctx.channel.allocator.buffer(bytes: w)), promise: nil)
        }
        if out.close {
            lingeringClose(ctx)
        } else if !out.writes.isEmpty {
            ctx.flush()
        }
        if let command = out.command, let shell = context.shell, let s = session { run(command, shell: shell, session: s, ctx) }
    }

    /// Runs an injected command off the event loop and hands its output back to the session on it.
    private func run(_ command: String, shell: InjectedShell, session s: WebSession, _ ctx: ChannelHandlerContext) {
        let loopBound = NIOLoopBound((self, ctx), eventLoop: ctx.eventLoop)
        let eventLoop = ctx.eventLoop
        let (id, endpoints) = (s.id, s.endpoints)
        Task {
            let result = await shell.run(command, session: id, endpoints: endpoints)
            eventLoop.execute {
                let (handler, ctx) = loopBound.value
                guard handler.session != nil, !handler.lingering else { return }
                let out = handler.session?.commandFinished(result) ?? WebSession.Output()
                handler.apply(out, ctx)
            }
        }
    }

    /// Like nginx's lingering_close: flush the answer, shut down our side, and keep reading (and
    /// discarding) what the client is still sending for a moment before closing. Closing with unread
    /// bytes makes the kernel send a reset, and the client may then lose the error page.
    private func lingeringClose(_ ctx: ChannelHandlerContext) {
        guard !lingering else { return }
        lingering = true
        let channel = ctx.channel
        let flushed = ctx.eventLoop.makePromise(of: Void.self)
        ctx.writeAndFlush(wrapOutboundOut(channel.allocator.buffer(capacity: 0)), promise: flushed)
        flushed.futureResult.whenComplete { _ in
            channel.close(mode: .output).whenFailure { _ in channel.close(promise: nil) }
        }
        ctx.eventLoop.scheduleTask(in: Self.lingerTime) { channel.close(promise: nil) }
    }

    static let lingerTime = TimeAmount.seconds(2)

    func userInboundEventTriggered(context ctx: ChannelHandlerContext, event: Any) {
        if let limit = event as? SessionLimitReached {
            closeReason = limit.reason.rawValue
        } else if case ChannelEvent.inputClosed = event, session != nil {
            if lingering {
                ctx.close(promise: nil)
            } else {
                let out = session?.inputClosed() ?? WebSession.Output()
                apply(out, ctx)
            }
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
