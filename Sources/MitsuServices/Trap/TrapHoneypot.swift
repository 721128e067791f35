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
    public var refusedConnections: Int { limiter.refusedTotal }
    private var channels: [Channel] = []

    public init(config: TrapConfig, portOffset: Int, sink: EventSink) {
        self.config = config
        self.portOffset = portOffset
        self.sink = sink
        self.limiter = ConnectionLimiter(config.common.limits)
    }

    public func start(group: EventLoopGroup) async -> [Listeners.BindFailure] {
        // Canned responses are keyed by the port the client sees (after the offset).
        var responses: [Int: [UInt8]] = [:]
        for (port, text) in config.responses { responses[port + portOffset] = Array(text.utf8) }
        let (frozen, cap, sink) = (responses, config.payloadCap, self.sink)
        let readTimeout = min(config.readTimeoutSeconds, config.common.limits.idleSeconds)

        func bindTCP(ports: [Int], original: Bool) async -> [Listeners.BindFailure] {
            let bound = await Listeners.tcpHoneypot(
                group: group, config: config.common, ports: ports, portOffset: portOffset, honeypot: "trap",
                limiter: limiter, sink: sink, idleSeconds: readTimeout
            ) {
                TrapTCPHandler(sink: sink, cap: cap, responses: frozen, resolveOriginalPort: original)
            }
            channels += bound.channels
            return bound.failures
        }

        var failures = await bindTCP(ports: config.common.tcpPorts, original: false)
        if config.allPorts { failures += await bindTCP(ports: [config.allPortsListenPort], original: true) }
        for host in config.common.listen {
            for port in config.common.udpPorts {
                do {
                    channels.append(try await Listeners.udp(group: group, host: host, port: port + portOffset) { channel in
                        channel.eventLoop.makeCompletedFuture {
                            try channel.pipeline.syncOperations.addHandler(TrapUDPHandler(sink: sink, cap: cap, responses: frozen))
                        }
                    })
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

