import MitsuCore
import NIOCore

/// The door of every TCP honeypot: takes a connection slot from the limiter or closes the connection at
/// once (recording a throttled `session.refused`). Added first in each accepted channel's pipeline.
public final class AdmissionHandler: ChannelInboundHandler, @unchecked Sendable {
    public typealias InboundIn = ByteBuffer
    public typealias InboundOut = ByteBuffer

    private let limiter: ConnectionLimiter
    private let honeypot: String
    private let sink: EventSink
    private var admittedIP: String?

    public init(limiter: ConnectionLimiter, honeypot: String, sink: EventSink) {
        self.limiter = limiter
        self.honeypot = honeypot
        self.sink = sink
    }

    public func channelActive(context: ChannelHandlerContext) {
        let ends = Endpoints(remote: context.channel.remoteAddress, local: context.channel.localAddress)
        if let (refusal, report) = limiter.acquire(ends.srcIP) {
            if report {
                var e = Event(kind: .sessionRefused, honeypot: honeypot)
                e.set(ends, transport: "tcp")
                e.message = refusal.rawValue
                sink.emit(e)
            }
            // SO_LINGER 0 would send RST; a plain close looks like an overloaded real server.
            context.close(promise: nil)
            return
        }
        admittedIP = ends.srcIP
        context.fireChannelActive()
    }

    public func channelInactive(context: ChannelHandlerContext) {
        if let ip = admittedIP {
            limiter.release(ip)
            admittedIP = nil
            context.fireChannelInactive()
        }
    }

    public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard admittedIP != nil else { return }
        context.fireChannelRead(data)
    }
}
