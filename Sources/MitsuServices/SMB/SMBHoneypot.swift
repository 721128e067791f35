import Foundation
import MitsuCore
import MitsuNet
import NIOCore

/// The `smb` worker's honeypot: 445 and 139 by default, a Windows Server persona (SMBPersona).
public final class SMBHoneypot: Honeypot, @unchecked Sendable {
    public let name = "smb"
    private let config: SMBConfig
    private let portOffset: Int
    private let sink: EventSink
    private let store: ArtifactStore
    private let limiter: ConnectionLimiter
    private let serverGUID: [UInt8]
    private var channels: [Channel] = []

    /// `dataDirectory` keeps the per-install server GUID (read before privileges are dropped).
    public init(config: SMBConfig, dataDirectory: String, artifactsDir: String, portOffset: Int, sink: EventSink) throws {
        self.config = config
        self.portOffset = portOffset
        self.sink = sink
        self.store = ArtifactStore(root: artifactsDir, maxFileSize: config.maxUploadBytes)
        self.limiter = ConnectionLimiter(config.common.limits)
        self.serverGUID = try SMBHoneypot.installGUID(directory: dataDirectory)
    }

    /// A server GUID chosen once per install: two sensors must not share one, and one sensor must keep
    /// it across restarts (scanners correlate hosts by it).
    public static func installGUID(directory: String) throws -> [UInt8] {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = directory + "/server-guid"
        if let text = try? String(contentsOfFile: path, encoding: .utf8) {
            let hex = Array(text.trimmingCharacters(in: .whitespacesAndNewlines).utf8)
            if hex.count == 32 {
                let bytes = stride(from: 0, to: 32, by: 2).compactMap { UInt8(String(decoding: hex[$0..<($0 + 2)], as: UTF8.self), radix: 16) }
                if bytes.count == 16 { return bytes }
            }
        }
        var g = SystemRandomNumberGenerator()
        var guid = g.bytes(16)
        guid[7] = guid[7] & 0x0f | 0x40  // a version-4 GUID, as Windows generates
        guid[8] = guid[8] & 0x3f | 0x80
        try Data((Hex.string(guid) + "\n").utf8).write(to: URL(fileURLWithPath: path))
        return guid
    }

    var persona: SMBPersona {
        var p = SMBPersona()
        p.netbiosName = config.netbiosName
        p.netbiosDomain = config.netbiosDomain
        p.dnsName = config.dnsName
        p.dnsDomain = config.dnsDomain
        p.nativeOS = config.nativeOS
        p.nativeLanMan = config.nativeLanMan
        p.windowsVersion = (10, 0, UInt16(clamping: config.windowsBuild))
        p.maxDialect = SMBConfig.dialects[config.maxDialect] ?? 0x0311
        p.smb1 = config.smb1
        p.ms17010Vulnerable = config.ms17010Vulnerable
        p.serverGUID = serverGUID
        p.shares = config.shares
        return p
    }

    public func start(group: EventLoopGroup) async -> [Listeners.BindFailure] {
        var settings = SMBSession.Settings()
        settings.persona = persona
        settings.acceptLogins = config.acceptLogins
        settings.maxUploadBytes = config.maxUploadBytes
        settings.maxMessageBytes = config.maxMessageBytes
        let (frozen, storage, sink) = (settings, store.uploadStorage, self.sink)
        let sessionServicePorts = Set(config.common.tcpPorts.filter { $0 == 139 }.map { $0 + portOffset })
        let bound = await Listeners.tcpHoneypot(
            group: group, config: config.common, portOffset: portOffset, honeypot: "smb", limiter: limiter, sink: sink
        ) {
            ServiceHandler(sink: sink) { ends in
                var s = frozen
                s.requireSessionRequest = sessionServicePorts.contains(ends.destPort)
                return SMBSession(context: ServiceContext(honeypot: "smb", endpoints: ends), settings: s, storage: storage)
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
