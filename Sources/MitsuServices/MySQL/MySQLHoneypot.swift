import MitsuCore
import MitsuNet
import NIOCore

/// The `mysql` worker's honeypot: port 3306 by default, a MariaDB (Debian 12) persona.
public final class MySQLHoneypot: Honeypot, @unchecked Sendable {
    public let name = "mysql"
    private let config: MySQLConfig
    private let portOffset: Int
    private let sink: EventSink
    private let limiter: ConnectionLimiter
    public var refusedConnections: Int { limiter.refusedTotal }
    private var channels: [Channel] = []

    public init(config: MySQLConfig, portOffset: Int, sink: EventSink) {
        self.config = config
        self.portOffset = portOffset
        self.sink = sink
        self.limiter = ConnectionLimiter(config.common.limits)
    }

    public func start(group: EventLoopGroup) async -> [Listeners.BindFailure] {
        var settings = MySQLSession.Settings()
        settings.serverVersion = config.serverVersion
        settings.authPlugin = config.authPlugin
        let (frozen, policy, sink) = (settings, config.auth.loginPolicy(), self.sink)
        // Connection ids grow like a server's thread ids, from a plausible uptime.
        let ids = ConnectionCounter(start: UInt32.random(in: 30...5000))
        let keys = config.authPlugin == "caching_sha2_password" ? MySQLSession.KeyExchange.generate() : nil
        let bound = await Listeners.tcpHoneypot(
            group: group, config: config.common, portOffset: portOffset, honeypot: "mysql", limiter: limiter, sink: sink
        ) {
            ServiceHandler(sink: sink) { ends in
                MySQLSession(context: ServiceContext(honeypot: "mysql", endpoints: ends), settings: frozen, policy: policy,
                             salt: MySQLSession.randomSalt(), connectionID: ids.next(), keyExchange: keys)
            }
        }
        channels += bound.channels
        return bound.failures
    }

    public func stop() async {
        for ch in channels { try? await ch.close() }
        channels = []
    }
}

final class ConnectionCounter: @unchecked Sendable {
    private let lock = Lock()
    private var value: UInt32

    init(start: UInt32) { value = start }

    func next() -> UInt32 {
        lock.withLock {
            value &+= 1
            return value
        }
    }
}
