import MitsuCore
import MitsuFetch
import MitsuNet
import NIOPosix
import MitsuServices
import MitsuShell
import MitsuSSH
import MitsuTelnet
import MitsuWeb

/// Creates the honeypot of a worker family (`mitsu worker NAME`).
public enum HoneypotFactory {
    public static func make(family: String, config: MitsuConfig, paths: DataPaths, portOffset: Int, sink: EventSink) throws -> Honeypot? {
        switch family {
        case "trap": return TrapHoneypot(config: config.trap, portOffset: portOffset, sink: sink)
        case "ssh":
            return try SSHHoneypot(config: config.ssh, dataDirectory: paths.root + "/ssh", portOffset: portOffset, sink: sink,
                                   shell: try fakeHost(config: config, paths: paths))
        case "telnet":
            // Same persona host name, login rules and fake host as SSH, so both doors lead to the same host.
            return TelnetHoneypot(config: config.telnet, hostname: try hostname(config: config, paths: paths),
                                  policy: config.ssh.loginPolicy(), portOffset: portOffset, sink: sink,
                                  shell: try fakeHost(config: config, paths: paths))
        // MitsuServices (Dionaea's protocols).
        case "ftp": return FTPHoneypot(config: config.ftp, artifactsDir: paths.artifactsDir, portOffset: portOffset, sink: sink)
        case "tftp": return TFTPHoneypot(config: config.tftp, artifactsDir: paths.artifactsDir, portOffset: portOffset, sink: sink)
        case "mysql": return MySQLHoneypot(config: config.mysql, portOffset: portOffset, sink: sink)
        case "mssql": return MSSQLHoneypot(config: config.mssql, portOffset: portOffset, sink: sink)
        case "smb":
            return try SMBHoneypot(config: config.smb, dataDirectory: paths.root + "/smb", artifactsDir: paths.artifactsDir,
                                   portOffset: portOffset, sink: sink)
        case "sip": return SIPHoneypot(config: config.sip, portOffset: portOffset, sink: sink)
        case "web":
            // MitsuWeb: the same host name as the SSH persona, so every door leads to one host.
            return try WebHoneypot(config: config.web, hostname: try hostname(config: config, paths: paths), dataDirectory: paths.root + "/web",
                                   artifactsDirectory: paths.artifactsDir, portOffset: portOffset, sink: sink,
                                   fetch: webFetch(config.web.downloads), shell: webShell(config: config, paths: paths))
        default: return nil
        }
    }

    static func hostname(config: MitsuConfig, paths: DataPaths) throws -> String {
        config.ssh.hostname.isEmpty ? try SSHHoneypot.installHostname(directory: paths.root + "/ssh") : config.ssh.hostname
    }

    /// The web honeypot's downloads of URLs found in attacks: the shell's downloader (same policy and caps).
    static func webFetch(_ downloads: DownloadsConfig) -> URLFetcher.Fetch? {
        guard downloads.enabled else { return nil }
        let fetcher = NetworkFetcher(config: downloads, group: MultiThreadedEventLoopGroup.singleton)
        return { url, session in
            switch await fetcher.fetch(FetchRequest(url: url, tool: "web", session: session)) {
            case .fetched(let bytes): return .fetched(bytes)
            case .failed(.httpStatus(let code, let reason)): return .failed("HTTP \(code) \(reason)")
            case .failed(let why): return .failed(String(describing: why))
            }
        }
    }

    /// The fake host answering command injections as www-data: the same persona as behind SSH, with an
    /// offline downloader (the URLs in the command are fetched, when `honeypots.web.downloads` allows,
    /// by the web honeypot's URLFetcher from its `url.seen` events, so never twice).
    static func webShell(config: MitsuConfig, paths: DataPaths) throws -> InjectedShell {
        InjectedShell(program: MitsuHost(dataDirectory: paths.root, artifacts: ArtifactStore(root: paths.artifactsDir),
                                         fetcher: OfflineFetcher(), hostname: try hostname(config: config, paths: paths)))
    }

    /// The fake Debian host behind SSH and Telnet logins. Built before privileges are dropped: it reads
    /// (or first writes) its per-install randomisation under the data directory.
    static func fakeHost(config: MitsuConfig, paths: DataPaths) throws -> MitsuHost {
        MitsuHost(dataDirectory: paths.root, artifacts: ArtifactStore(root: paths.artifactsDir),
                  fetcher: NetworkFetcher(config: config.ssh.downloads, group: MultiThreadedEventLoopGroup.singleton),
                  hostname: try hostname(config: config, paths: paths))
    }
}
