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
        resetIdle(context)
    }

    private func resetIdle(_ context: ChannelHandlerContext) {
        idleTask?.cancel()
        let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
        idleTask = context.eventLoop.scheduleTask(in: idle) { [self] in
            self.stop(loopBound.value, .idle)
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
        resetIdle(context)
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
