import Foundation
import MitsuCore
import MitsuNet
import NIOCore
import NIOPosix

/// The `ssh` worker's honeypot: SSH listeners (22 and 2222 by default) presenting OpenSSH 9.2 on Debian 12.
public final class SSHHoneypot: Honeypot, @unchecked Sendable {
    public let name = "ssh"
    private let config: SSHConfig
    private let portOffset: Int
    private let sink: EventSink
    private let limiter: ConnectionLimiter
    /// Refused by the connection caps or dropped by MaxStartups.
    public var refusedConnections: Int { limiter.refusedTotal + gate.droppedTotal }
    private let serverContext: SSHServerContext
    private var channels: [Channel] = []
    private let gate: StartupGate

    /// Loads (or creates) the host keys and the persona host name before privileges are dropped.
    /// `shell` is the fake host behind logins (MinimalShell when none is given).
    public init(config: SSHConfig, dataDirectory: String, portOffset: Int, sink: EventSink, shell: (any ShellProgram)? = nil) throws {
        self.config = config
        self.portOffset = portOffset
        self.sink = sink
        self.limiter = ConnectionLimiter(config.common.limits)
        self.gate = StartupGate(start: config.maxStartups.start, rate: config.maxStartups.rate, full: config.maxStartups.full)
        let keys = try HostKeySet.loadOrCreate(directory: dataDirectory)
        let hostname = config.hostname.isEmpty ? try SSHHoneypot.installHostname(directory: dataDirectory) : config.hostname
        var context = SSHServerContext(
            persona: try SSHPersona.resolve(config), hostKeys: keys, policy: config.loginPolicy(),
            hostname: hostname, maxAuthTries: config.maxAuthTries,
            shell: shell ?? MinimalShell(hostname: hostname))
        context.rekey = RekeyLimit(bytes: config.rekeyBytes > 0 ? UInt64(config.rekeyBytes) : nil,
                                   seconds: config.rekeySeconds > 0 ? config.rekeySeconds : nil)
        serverContext = context
    }

    /// A plausible host name chosen once per install, so two sensors do not look alike.
    public static func installHostname(directory: String) throws -> String {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = directory + "/hostname"
        if let text = try? String(contentsOfFile: path, encoding: .utf8) {
            let name = text.trimmingCharacters(in: .whitespacesAndNewlines)
            if !name.isEmpty { return name }
        }
        let stems = ["web", "app", "db", "srv", "node", "vps", "prod", "backup", "mail", "dev", "api", "host"]
        var rng = SystemRandomNumberGenerator()
        let name = "\(stems.randomElement(using: &rng) ?? "srv")\(["", "-", "0"].randomElement(using: &rng) ?? "")\(Int.random(in: 1...42, using: &rng))"
        try Data((name + "\n").utf8).write(to: URL(fileURLWithPath: path))
        return name
    }

    public func start(group: EventLoopGroup) async -> [Listeners.BindFailure] {
        let (ctx, gate, sink, grace) = (serverContext, self.gate, self.sink, config.loginGraceSeconds)
        let bound = await Listeners.tcpHoneypot(
            group: group, config: config.common, portOffset: portOffset, honeypot: "ssh", limiter: limiter, sink: sink
        ) {
            SSHServerHandler(context: ctx, sink: sink, loginGraceSeconds: grace, gate: gate)
        }
        channels += bound.channels
        return bound.failures
    }

    public func stop() async {
        for ch in channels { try? await ch.close() }
        channels = []
    }
}
