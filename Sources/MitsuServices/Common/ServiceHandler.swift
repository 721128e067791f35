import MitsuCore
import MitsuNet
import NIOCore

/// The NIO shell around a request/response service session (MySQL, MSSQL): bytes in, outputs out.
final class ServiceHandler<Session: ServiceSession>: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let sink: EventSink
    private let make: (Endpoints) -> Session
    private var session: Session?
    private var tally = SessionTally()

    init(sink: EventSink, make: @escaping (Endpoints) -> Session) {
        self.sink = sink
        self.make = make
    }

    func channelActive(context: ChannelHandlerContext) {
        let s = make(Endpoints(remote: context.channel.remoteAddress, local: context.channel.localAddress))
        session = s
        tally = SessionTally()
        sink.emit(s.context.event(.sessionConnect))
        perform(s.start(), context)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        tally.bytesIn += Int64(buffer.readableBytes)
        guard var s = session else { return }
        let out = s.receive(Array(buffer.readableBytesView))
        session = s
        perform(out, context)
    }

    private func perform(_ outputs: [ServiceOutput], _ context: ChannelHandlerContext) {
        for o in outputs {
            switch o {
            case .send(let bytes):
                guard context.channel.isActive else { continue }
                tally.bytesOut += Int64(bytes.count)
                context.write(wrapOutboundOut(context.channel.allocator.buffer(bytes: bytes)), promise: nil)
            case .event(let e):
                sink.emit(e)
            case .close:
                context.flush()
                context.close(promise: nil)
                return
            }
        }
        context.flush()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let limit = event as? SessionLimitReached { tally.closeReason = limit.reason.rawValue }
        if case ChannelEvent.inputClosed = event { context.close(promise: nil) }
        context.fireUserInboundEventTriggered(event)
    }

    func channelInactive(context: ChannelHandlerContext) {
        if var s = session {
            for case .event(let e) in s.connectionClosed() { sink.emit(e) }
            sink.emit(tally.close(s.context.event(.sessionClose)))
            session = nil
        }
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        context.close(promise: nil)
    }
}
