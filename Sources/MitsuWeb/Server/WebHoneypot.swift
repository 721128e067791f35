import Foundation
import MitsuCore
import MitsuNet
import NIOCore
import NIOPosix
import NIOSSL

/// Glastopf/TANNER's role: HTTP and HTTPS listeners that answer like the persona's server, classify every
/// request and keep what attackers send.
public final class WebHoneypot: Honeypot, @unchecked Sendable {
    public let name = "web"
    private let config: WebConfig
    private let portOffset: Int
    private let sink: EventSink
    private let limiter: ConnectionLimiter
    private let context: WebContext
    private let tls: NIOSSLContext
    private var channels: [Channel] = []

    /// `dataDirectory` keeps the install's certificate and canary seed; `artifactsDirectory` the bodies;
    /// `fetch` downloads the URLs attacks point at (nil: they are only recorded as `url.seen`); `shell`
    /// answers command injections with the fake host's output (nil: the ordinary page).
    public init(config: WebConfig, hostname: String, dataDirectory: String, artifactsDirectory: String?,
                portOffset: Int, sink: EventSink, fetch: URLFetcher.Fetch? = nil, shell: InjectedShell? = nil) throws {
        self.config = config
        self.portOffset = portOffset
        self.sink = sink
        self.limiter = ConnectionLimiter(config.common.limits)
        let rules = try WebRuleSet.load(path: config.rulesFile.isEmpty ? try WebRuleSet.builtInPath() : config.rulesFile)
        let seed = try Self.installSeed(directory: dataDirectory)
        let host = config.hostname.isEmpty ? hostname : config.hostname
        guard let persona = WebPersona.named(config.persona, hostname: host) else {
            throw WebRuleError(file: "config", line: 0, message: "unknown persona \(config.persona)")
        }
        let installedAt = Self.installDate(directory: dataDirectory)
        let canaries = CanaryValues(seed: seed, host: host)
        // Recorded (owner-only) so the collector recognises the values when they turn up on any honeypot;
        // rewritten when they change (the host name feeds the user name).
        let record = dataDirectory + "/canaries.txt"
        if FileManager.default.contents(atPath: record) != Data(canaries.recordText.utf8) {
            try? FileManager.default.removeItem(atPath: record)
            FileManager.default.createFile(atPath: record, contents: Data(canaries.recordText.utf8), attributes: [.posixPermissions: 0o600])
        }
        var limits = HTTPLimits()
        limits.body = config.maxBodySize
        limits.raw = config.rawCap
        context = WebContext(
            classifier: WebClassifier(rules: rules),
            responder: WebResponder(persona: persona, canaries: canaries, installedAt: installedAt),
            limits: limits,
            artifacts: config.storeBodies ? artifactsDirectory.map { ArtifactStore(root: $0) } : nil,
            fetcher: fetch.map { URLFetcher(fetch: $0, artifacts: artifactsDirectory.map { ArtifactStore(root: $0) }) },
            shell: shell)
        let material = try SelfSignedCertificate.loadOrCreate(
            directory: dataDirectory, hostname: host,
            organization: config.tlsOrganization.isEmpty ? nil : config.tlsOrganization, seed: seed)
        let cert = try NIOSSLCertificate(bytes: Array(material.certificatePEM.utf8), format: .pem)
        let key = try NIOSSLPrivateKey(bytes: Array(material.privateKeyPEM.utf8), format: .pem)
        var tlsConfig = TLSConfiguration.makeServerConfiguration(certificateChain: [.certificate(cert)], privateKey: .privateKey(key))
        tlsConfig.minimumTLSVersion = .tlsv1
        tls = try NIOSSLContext(configuration: tlsConfig)
    }

    public func start(group: EventLoopGroup) async -> [Listeners.BindFailure] {
        let (context, sink, limiter, tls) = (self.context, self.sink, self.limiter, self.tls)
        let limits = config.common.limits
        var failures: [Listeners.BindFailure] = []
        for host in config.common.listen {
            for (port, secure) in config.common.tcpPorts.map({ ($0, false) }) + config.httpsPorts.map({ ($0, true) }) {
                do {
                    let ch = try await Listeners.tcp(group: group, host: host, port: port + portOffset, backlog: limits.backlog) { channel in
                        channel.eventLoop.makeCompletedFuture {
                            var handlers: [ChannelHandler] = [
                                AdmissionHandler(limiter: limiter, honeypot: "web", sink: sink),
                                SessionGuardHandler(limits),
                            ]
                            if secure {
                                handlers.append(TLSSniffHandler(tls: tls, context: context, sink: sink))
                            } else {
                                handlers.append(WebHandler(context: context, scheme: "http", sink: sink))
                            }
                            try channel.pipeline.syncOperations.addHandlers(handlers)
                        }
                    }
                    channels.append(ch)
                } catch let f as Listeners.BindFailure {
                    failures.append(f)
                } catch {}
            }
        }
        return failures
    }

    public func stop() async {
        for ch in channels { try? await ch.close() }
        channels = []
    }

    /// 32 random bytes made once per install: the canary values and the certificate's O derive from it.
    static func installSeed(directory: String) throws -> [UInt8] {
        let path = directory + "/seed"
        if let d = FileManager.default.contents(atPath: path), d.count == 32 { return Array(d) }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var g = SystemRandomNumberGenerator()
        let seed = g.bytes(32)
        guard FileManager.default.createFile(atPath: path, contents: Data(seed), attributes: [.posixPermissions: 0o600]) else {
            throw CocoaError(.fileWriteUnknown)
        }
        return seed
    }

    /// When the seed was written: the static pages' Last-Modified.
    static func installDate(directory: String) -> Date {
        let attrs = try? FileManager.default.attributesOfItem(atPath: directory + "/seed")
        return (attrs?[.modificationDate] as? Date) ?? Date()
    }
}

extension WebRuleSet {
    /// The rules file shipped with Mitsu: next to the binary (SwiftPM's resource bundle), else in the
    /// source tree this binary was built from.
    public static func builtInPath() throws -> String {
        let candidates = [
            Bundle.main.bundleURL.appendingPathComponent("Mitsu_MitsuWeb.resources/Rules/web.rules").path,
            URL(fileURLWithPath: CommandLine.arguments.first ?? "").deletingLastPathComponent()
                .appendingPathComponent("Mitsu_MitsuWeb.resources/Rules/web.rules").path,
            URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent("Rules/web.rules").path,
        ]
        for c in candidates where FileManager.default.fileExists(atPath: c) { return c }
        throw WebRuleError(file: "web.rules", line: 0, message: "built-in rules not found (looked in \(candidates.joined(separator: ", ")))")
    }
}
