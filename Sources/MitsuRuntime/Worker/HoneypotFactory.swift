import MitsuCore
import MitsuNet
import MitsuServices
import MitsuSSH
import MitsuTelnet
import MitsuWeb

/// Creates the honeypot of a worker family (`mitsu worker NAME`).
public enum HoneypotFactory {
    public static func make(family: String, config: MitsuConfig, paths: DataPaths, portOffset: Int, sink: EventSink) throws -> Honeypot? {
        switch family {
        case "trap": return TrapHoneypot(config: config.trap, portOffset: portOffset, sink: sink)
        case "ssh": return try SSHHoneypot(config: config.ssh, dataDirectory: paths.root + "/ssh", portOffset: portOffset, sink: sink)
        case "telnet":
            // Same persona host name and login rules as SSH, so both doors lead to the same host.
            let hostname = config.ssh.hostname.isEmpty ? try SSHHoneypot.installHostname(directory: paths.root + "/ssh") : config.ssh.hostname
            return TelnetHoneypot(config: config.telnet, hostname: hostname, policy: config.ssh.loginPolicy(), portOffset: portOffset, sink: sink)
        case "web":
            // MitsuWeb: the same host name as the SSH persona, so every door leads to one host.
            let hostname = config.ssh.hostname.isEmpty ? try SSHHoneypot.installHostname(directory: paths.root + "/ssh") : config.ssh.hostname
            return try WebHoneypot(config: config.web, hostname: hostname, dataDirectory: paths.root + "/web",
                                   artifactsDirectory: paths.artifactsDir, portOffset: portOffset, sink: sink)
        default: return nil
        }
    }
}
