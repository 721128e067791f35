import MitsuCore
import NIOCore

/// Fired down the pipeline just before `SessionGuardHandler` closes a session, so the protocol handler
/// can record why the session ended.
public struct SessionLimitReached: Sendable, Equatable {
    public enum Reason: String, Sendable { case idle = "idle timeout", lifetime = "session time cap", bytes = "session byte cap" }
    public var reason: Reason
}

/// Enforces a session's byte, idle and lifetime caps for any TCP honeypot. Sits first in the pipeline so
/// that no protocol code ever sees bytes beyond the cap.
public final class SessionGuardHandler: ChannelDuplexHandler, @unchecked Sendable {
    public typealias InboundIn = ByteBuffer
    public typealias InboundOut = ByteBuffer
    public typealias OutboundIn = ByteBuffer
    public typealias OutboundOut = ByteBuffer

    private let maxBytes: Int
    private let idle: TimeAmount
    private let lifetime: TimeAmount
    private var received = 0
    /// When the client last sent something. The idle timer is not moved on every read (a cancel and a new
    /// scheduled task each time: allocations and timer-heap work per request or packet); it fires at the
    /// deadline it was set for and, if a read came since, sets itself again for `lastRead + idle`.
    private var lastRead: NIODeadline = .distantPast
    private var idleTask: Scheduled<Void>?
    private var lifetimeTask: Scheduled<Void>?
    private var closing = false

    public init(maxBytes: Int, idleSeconds: Int, lifetimeSeconds: Int) {
        self.maxBytes = maxBytes
        self.idle = .seconds(Int64(idleSeconds))
        self.lifetime = .seconds(Int64(lifetimeSeconds))
    }

    public convenience init(_ limits: LimitsConfig, idleSeconds: Int? = nil) {
        self.init(maxBytes: limits.sessionBytes, idleSeconds: idleSeconds ?? limits.idleSeconds, lifetimeSeconds: limits.sessionSeconds)
    }

    public func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { start(context) }
    }

    public func channelActive(context: ChannelHandlerContext) {
        start(context)
        context.fireChannelActive()
    }

    private func start(_ context: ChannelHandlerContext) {
        guard lifetimeTask == nil else { return }
        let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
        lifetimeTask = context.eventLoop.scheduleTask(in: lifetime) { [self] in
            self.stop(loopBound.value, .lifetime)
        }
        lastRead = context.eventLoop.now
        armIdle(context, at: lastRead + idle)
    }

    private func armIdle(_ context: ChannelHandlerContext, at deadline: NIODeadline) {
        let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
        // Runs only while the session is open: `stop` and `channelInactive` cancel the pending timer, and
        // after `start` this closure is the only place that sets a new one.
        idleTask = context.eventLoop.scheduleTask(deadline: deadline) { [self] in
            let context = loopBound.value
            let due = self.lastRead + self.idle
            if due > context.eventLoop.now {
                self.armIdle(context, at: due)
            } else {
                self.stop(context, .idle)
            }
        }
    }

    public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !closing else { return }
        var buffer = unwrapInboundIn(data)
        let room = maxBytes - received
        if buffer.readableBytes > room {
            // Deliver what fits, then end the session: the protocol handler sees exactly `maxBytes`.
            if room > 0, let head = buffer.readSlice(length: room) {
                received += room
                context.fireChannelRead(wrapInboundOut(head))
            }
            stop(context, .bytes)
            return
        }
        received += buffer.readableBytes
        lastRead = context.eventLoop.now
        context.fireChannelRead(wrapInboundOut(buffer))
    }

    public func channelInactive(context: ChannelHandlerContext) {
        idleTask?.cancel()
        lifetimeTask?.cancel()
        context.fireChannelInactive()
    }

    private func stop(_ context: ChannelHandlerContext, _ reason: SessionLimitReached.Reason) {
        guard !closing else { return }
        closing = true
        idleTask?.cancel()
        lifetimeTask?.cancel()
        context.fireUserInboundEventTriggered(SessionLimitReached(reason: reason))
        context.close(promise: nil)
    }
}
