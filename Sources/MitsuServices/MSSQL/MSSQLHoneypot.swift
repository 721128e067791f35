import MitsuCore
import MitsuNet
import NIOCore

/// The `mssql` worker's honeypot: port 1433 by default, a SQL Server 2019 persona.
public final class MSSQLHoneypot: Honeypot, @unchecked Sendable {
    public let name = "mssql"
    private let config: MSSQLConfig
    private let portOffset: Int
    private let sink: EventSink
    private let limiter: ConnectionLimiter
    public var refusedConnections: Int { limiter.refusedTotal }
    private var channels: [Channel] = []

    public init(config: MSSQLConfig, portOffset: Int, sink: EventSink) {
        self.config = config
        self.portOffset = portOffset
        self.sink = sink
        self.limiter = ConnectionLimiter(config.common.limits)
    }

    public func start(group: EventLoopGroup) async -> [Listeners.BindFailure] {
        var settings = MSSQLSession.Settings()
        if let v = config.versionParts { (settings.major, settings.minor, settings.build) = v }
        settings.serverName = config.serverName
        let (frozen, policy, sink) = (settings, config.auth.loginPolicy(), self.sink)
        let bound = await Listeners.tcpHoneypot(
            group: group, config: config.common, portOffset: portOffset, honeypot: "mssql", limiter: limiter, sink: sink
        ) {
            ServiceHandler(sink: sink) { ends in
                MSSQLSession(context: ServiceContext(honeypot: "mssql", endpoints: ends), settings: frozen, policy: policy)
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
