import MitsuCore
import MitsuNet
import NIOCore
import NIOPosix

/// honeytrap's role: listeners on many TCP and UDP ports that record whatever clients send.
public final class TrapHoneypot: Honeypot, @unchecked Sendable {
    public let name = "trap"
    private let config: TrapConfig
    private let portOffset: Int
    private let sink: EventSink
    private let limiter: ConnectionLimiter
    private var channels: [Channel] = []

    public init(config: TrapConfig, portOffset: Int, sink: EventSink) {
        self.config = config
        self.portOffset = portOffset
        self.sink = sink
        self.limiter = ConnectionLimiter(config.common.limits)
    }

    public func start(group: EventLoopGroup) async -> [Listeners.BindFailure] {
        var failures: [Listeners.BindFailure] = []
        let limits = config.common.limits
        // Canned responses are keyed by the port the client sees (after the offset).
        var responses: [Int: [UInt8]] = [:]
        for (port, text) in config.responses { responses[port + portOffset] = Array(text.utf8) }
        let frozen = responses
        let cap = config.payloadCap
        let readTimeout = min(config.readTimeoutSeconds, limits.idleSeconds)

        func tcpInit(original: Bool) -> @Sendable (Channel) -> EventLoopFuture<Void> {
            { [sink, limiter] channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandlers([
                        AdmissionHandler(limiter: limiter, honeypot: "trap", sink: sink),
                        SessionGuardHandler(limits, idleSeconds: readTimeout),
                        TrapTCPHandler(sink: sink, cap: cap, responses: frozen, resolveOriginalPort: original),
                    ])
                }
            }
        }

        for host in config.common.listen {
            for port in config.common.tcpPorts {
                do {
                    channels.append(try await Listeners.tcp(group: group, host: host, port: port + portOffset,
                                                            backlog: limits.backlog, initializer: tcpInit(original: false)))
                } catch let f as Listeners.BindFailure { failures.append(f) } catch {}
            }
            for port in config.common.udpPorts {
                do {
                    channels.append(try await Listeners.udp(group: group, host: host, port: port + portOffset) { [sink] channel in
                        channel.eventLoop.makeCompletedFuture {
                            try channel.pipeline.syncOperations.addHandler(TrapUDPHandler(sink: sink, cap: cap, responses: frozen))
                        }
                    })
                } catch let f as Listeners.BindFailure { failures.append(f) } catch {}
            }
            if config.allPorts {
                do {
                    channels.append(try await Listeners.tcp(group: group, host: host, port: config.allPortsListenPort + portOffset,
                                                            backlog: limits.backlog, initializer: tcpInit(original: true)))
                } catch let f as Listeners.BindFailure { failures.append(f) } catch {}
            }
        }
        return failures
    }


    public func stop() async {
        for ch in channels { try? await ch.close() }
        channels = []
    }
}

