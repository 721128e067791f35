import MitsuCore
import MitsuNet
import NIOCore

/// Thin NIO shell around `TrapSession`: moves bytes in, sends the canned response, emits the events.
final class TrapTCPHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let sink: EventSink
    private let cap: Int
    private let responses: [Int: [UInt8]]
    /// All-port listener: the port the client dialled is read with SO_ORIGINAL_DST.
    private let resolveOriginalPort: Bool
    private var session: TrapSession?
    /// Bytes that arrived while the original port was still being looked up.
    private var early: [UInt8] = []

    init(sink: EventSink, cap: Int, responses: [Int: [UInt8]], resolveOriginalPort: Bool) {
        self.sink = sink
        self.cap = cap
        self.responses = responses
        self.resolveOriginalPort = resolveOriginalPort
    }

    func channelActive(context: ChannelHandlerContext) {
        let ends = Endpoints(remote: context.channel.remoteAddress, local: context.channel.localAddress)
        guard resolveOriginalPort else {
            begin(context, ends)
            return
        }
        #if canImport(Glibc)
        let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
        OriginalDestination.port(of: context.channel).whenComplete { [self] result in
            var e = ends
            if case .success(let port?) = result { e.destPort = port }
            self.begin(loopBound.value, e)
        }
        #else
        begin(context, ends)
        #endif
    }

    private func begin(_ context: ChannelHandlerContext, _ ends: Endpoints) {
        var s = TrapSession(endpoints: ends, cap: cap)
        sink.emit(s.connectEvent())
        if let reply = responses[ends.destPort], !reply.isEmpty, context.channel.isActive {
            s.sent(reply.count)
            context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(bytes: reply)), promise: nil)
        }
        if !early.isEmpty {
            s.received(early)
            early = []
        }
        session = s
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        buffer.withUnsafeReadableBytes { raw in
            if session != nil {
                session?.received(raw)
            } else if early.count < cap {
                early.append(contentsOf: raw.prefix(cap - early.count))
            }
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let limit = event as? SessionLimitReached {
            session?.endReason = limit.reason.rawValue
            finish()
        } else if case ChannelEvent.inputClosed = event {
            // The client finished sending (shutdown of its write side): the payload is complete.
            finish()
            context.close(promise: nil)
        }
        context.fireUserInboundEventTriggered(event)
    }

    func channelInactive(context: ChannelHandlerContext) {
        finish()
        context.fireChannelInactive()
    }

    /// Emits the session's payload and close events. Called before the socket is closed whenever we
    /// close it, so the events are on their way to the collector before the client sees the close.
    private func finish() {
        guard let s = session else { return }
        for e in s.closeEvents() { sink.emit(e) }
        session = nil
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        // Resets and broken pipes are ordinary for scanners; the close event records the session.
        context.close(promise: nil)
    }
}
