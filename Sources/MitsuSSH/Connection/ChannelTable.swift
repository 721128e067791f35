import MitsuCore

/// Open channels of a connection (RFC 4254 §5), each with its flow-control windows and, for sessions,
/// the shell behind it.
struct ChannelTable {
    struct Channel {
        var localID: UInt32
        var remoteID: UInt32
        var kind: String
        /// Bytes the client may still send us before we adjust the window.
        var localWindow: UInt32
        /// Bytes we may still send.
        var remoteWindow: UInt32
        var remoteMaxPacket: UInt32
        var terminal: TerminalInfo?
        /// A shell or command runs behind this channel (only one per channel, as in sshd).
        var shellStarted = false
        /// Forwarding channels: the destination and the first bytes the client sent.
        var forwardTarget: String?
        var forwardBytes: [UInt8] = []
        var closed = false
        /// Output waiting for the client to open its window.
        var pending: [UInt8] = []
        var pendingStderr: [UInt8] = []
        var pendingExit: Int?
    }

    static let initialWindow: UInt32 = 2 * 1024 * 1024
    static let maxPacket: UInt32 = 32_768
    /// More channels than any real client opens; beyond it opens are refused.
    static let maxChannels = 64

    private(set) var channels: [UInt32: Channel] = [:]
    private var nextID: UInt32 = 0

    var count: Int { channels.count }

    mutating func open(remoteID: UInt32, kind: String, window: UInt32, maxPacket: UInt32) -> UInt32? {
        guard channels.count < ChannelTable.maxChannels else { return nil }
        let id = nextID
        nextID &+= 1
        channels[id] = Channel(localID: id, remoteID: remoteID, kind: kind, localWindow: ChannelTable.initialWindow,
                               remoteWindow: window, remoteMaxPacket: max(1, maxPacket))
        return id
    }

    subscript(id: UInt32) -> Channel? {
        get { channels[id] }
        set { channels[id] = newValue }
    }

    mutating func remove(_ id: UInt32) { channels[id] = nil }
}
