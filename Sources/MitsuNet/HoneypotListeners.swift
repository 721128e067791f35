import MitsuCore
import NIOCore

extension Listeners {
    /// Binds every configured TCP port of a honeypot on every listen address, each accepted connection
    /// getting the shared door (`AdmissionHandler`), the session caps (`SessionGuardHandler`) and then the
    /// protocol's own handler. Ports that cannot be bound are returned; the rest serve.
    public static func tcpHoneypot(
        group: EventLoopGroup, config: HoneypotConfig, ports: [Int]? = nil, portOffset: Int, honeypot: String,
        limiter: ConnectionLimiter, sink: EventSink, idleSeconds: Int? = nil,
        protocolHandler: @escaping @Sendable () -> ChannelHandler
    ) async -> (channels: [Channel], failures: [BindFailure]) {
        var channels: [Channel] = []
        var failures: [BindFailure] = []
        let limits = config.limits
        for host in config.listen {
            for port in ports ?? config.tcpPorts {
                do {
                    channels.append(try await tcp(group: group, host: host, port: port + portOffset, backlog: limits.backlog) { channel in
                        channel.eventLoop.makeCompletedFuture {
                            try channel.pipeline.syncOperations.addHandlers([
                                AdmissionHandler(limiter: limiter, honeypot: honeypot, sink: sink),
                                SessionGuardHandler(limits, idleSeconds: idleSeconds),
                                protocolHandler(),
                            ])
                        }
                    })
                } catch let f as BindFailure {
                    failures.append(f)
                } catch {}
            }
        }
        return (channels, failures)
    }
}

/// The bookkeeping behind every TCP honeypot's `session.close`: when it started, bytes each way, and why
/// the sensor ended it (when it did).
public struct SessionTally: Sendable {
    public let startedAt: Timestamp
    public var bytesIn: Int64 = 0
    public var bytesOut: Int64 = 0
    public var closeReason: String?

    public init(startedAt: Timestamp = .now()) {
        self.startedAt = startedAt
    }

    /// Fills duration, byte counts and the reason into a `session.close` event.
    public func close(_ event: Event, at now: Timestamp = .now()) -> Event {
        var e = event
        e.duration = Double(now.millisecondsSince1970 - startedAt.millisecondsSince1970) / 1000
        e.bytesIn = bytesIn
        e.bytesOut = bytesOut
        e.message = closeReason
        return e
    }
}
