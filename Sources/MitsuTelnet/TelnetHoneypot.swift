import MitsuCore
import MitsuNet
import NIOCore

/// The `telnet` worker's honeypot: ports 23 and 2323 by default, the same login policy and shell hand-off
/// as SSH.
public final class TelnetHoneypot: Honeypot, @unchecked Sendable {
    public let name = "telnet"
    private let config: TelnetConfig
    private let hostname: String
    private let policy: LoginPolicy
    private let portOffset: Int
    private let sink: EventSink
    private let limiter: ConnectionLimiter
    public var refusedConnections: Int { limiter.refusedTotal }
    private var channels: [Channel] = []
    private let shell: any ShellProgram

    /// `shell` is the fake host behind logins (MinimalShell when none is given).
    public init(config: TelnetConfig, hostname: String, policy: LoginPolicy, portOffset: Int, sink: EventSink,
                shell: (any ShellProgram)? = nil) {
        self.shell = shell ?? MinimalShell(hostname: hostname)
        self.config = config
        self.hostname = hostname
        self.policy = policy
        self.portOffset = portOffset
        self.sink = sink
        self.limiter = ConnectionLimiter(config.common.limits)
    }

    public func start(group: EventLoopGroup) async -> [Listeners.BindFailure] {
        let (hostname, policy, sink, shell) = (self.hostname, self.policy, self.sink, self.shell)
        let bound = await Listeners.tcpHoneypot(
            group: group, config: config.common, portOffset: portOffset, honeypot: "telnet", limiter: limiter, sink: sink
        ) {
            TelnetHandler(sink: sink, shell: shell) { ends in
                TelnetSession(session: .next(), endpoints: ends, hostname: hostname, policy: policy)
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
