import MitsuCore
import MitsuNet
import NIOCore

/// The `tftp` worker's honeypot: UDP 69 by default; bait files for RRQ, uploads into the artifact store.
public final class TFTPHoneypot: Honeypot, @unchecked Sendable {
    public let name = "tftp"
    private let config: TFTPConfig
    private let portOffset: Int
    private let sink: EventSink
    private let store: ArtifactStore
    private let slots: TFTPTransferSlots
    public var refusedConnections: Int { slots.refusedTotal }
    private var channels: [Channel] = []

    /// What a router's or a PXE server's TFTP area offers: names bots ask for.
    public static let bait: [String: [UInt8]] = [
        "startup-config": Array("""
            !
            version 15.2
            hostname edge-rtr1
            enable secret 5 $1$mERr$hx5rVt7rPNoS4wqbXKX7m0
            username admin privilege 15 password 7 0822455D0A16
            !
            interface GigabitEthernet0/0
             ip address 192.168.10.1 255.255.255.0
            !
            end

            """.utf8),
        "running-config": Array("!\nversion 15.2\nhostname edge-rtr1\nusername admin privilege 15 password 7 0822455D0A16\nend\n".utf8),
        "pxelinux.cfg/default": Array("DEFAULT linux\nLABEL linux\n  KERNEL vmlinuz\n  APPEND initrd=initrd.img\n".utf8),
    ].reduce(into: [:]) { out, pair in
        // Transfers look files up by their last path component.
        out[String(pair.key.split(separator: "/").last ?? "")] = pair.value
    }

    public init(config: TFTPConfig, artifactsDir: String, portOffset: Int, sink: EventSink) {
        self.config = config
        self.portOffset = portOffset
        self.sink = sink
        self.store = ArtifactStore(root: artifactsDir, maxFileSize: config.maxUploadBytes)
        self.slots = TFTPTransferSlots(maxTotal: config.maxTransfers, maxPerIP: config.maxTransfersPerIP)
    }

    public func start(group: EventLoopGroup) async -> [Listeners.BindFailure] {
        var settings = TFTPTransfer.Settings()
        settings.maxUploadBytes = config.maxUploadBytes
        settings.timeoutSeconds = config.timeoutSeconds
        settings.retries = config.retries
        let frozen = settings
        let (sink, storage) = (self.sink, store.uploadStorage)
        let slots = self.slots
        var failures: [Listeners.BindFailure] = []
        for host in config.common.listen {
            for port in config.common.udpPorts {
                do {
                    channels.append(try await Listeners.udp(group: group, host: host, port: port + portOffset) { channel in
                        channel.eventLoop.makeCompletedFuture {
                            try channel.pipeline.syncOperations.addHandler(
                                TFTPServerHandler(sink: sink, settings: frozen, bait: TFTPHoneypot.bait, storage: storage, slots: slots))
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
