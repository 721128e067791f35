import MitsuCore
import MitsuNet
import NIOCore

/// The `ftp` worker's honeypot: port 21 by default, a vsftpd persona, uploads into the artifact store.
public final class FTPHoneypot: Honeypot, @unchecked Sendable {
    public let name = "ftp"
    private let config: FTPConfig
    private let portOffset: Int
    private let sink: EventSink
    private let store: ArtifactStore
    private let limiter: ConnectionLimiter
    public var refusedConnections: Int { limiter.refusedTotal }
    private var channels: [Channel] = []

    public init(config: FTPConfig, artifactsDir: String, portOffset: Int, sink: EventSink) {
        self.config = config
        self.portOffset = portOffset
        self.sink = sink
        self.store = ArtifactStore(root: artifactsDir, maxFileSize: config.maxUploadBytes)
        self.limiter = ConnectionLimiter(config.common.limits)
    }

    public func start(group: EventLoopGroup) async -> [Listeners.BindFailure] {
        var settings = FTPSession.Settings()
        settings.banner = config.banner
        settings.maxUploadBytes = config.maxUploadBytes
        settings.maxLoginFails = config.maxLoginFails
        let (policy, storage, sink, seconds) = (config.auth.loginPolicy(), store.uploadStorage, self.sink, config.transferSeconds)
        let frozen = settings
        let bound = await Listeners.tcpHoneypot(
            group: group, config: config.common, portOffset: portOffset, honeypot: "ftp", limiter: limiter, sink: sink
        ) {
            FTPHandler(sink: sink, transferSeconds: seconds) { ends in
                FTPSession(context: ServiceContext(honeypot: "ftp", endpoints: ends), settings: frozen, policy: policy, storage: storage)
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
