#if canImport(MitsuCore)
import MitsuCore
#endif

/// The connection protocol's messages (RFC 4254) as values, parsed apart from the state machine so the
/// parser can be fuzzed on its own. `parse` returns nil for malformed input and never traps.
enum ConnectionMessage: Equatable {
    case globalRequest(name: String, wantReply: Bool, forward: ForwardTarget?)
    case channelOpen(kind: String, sender: UInt32, window: UInt32, maxPacket: UInt32, target: ForwardTarget?)
    case channelRequest(channel: UInt32, wantReply: Bool, request: ChannelRequest)
    case channelData(channel: UInt32, data: [UInt8])
    case channelExtendedData(channel: UInt32)
    case windowAdjust(channel: UInt32, bytes: UInt32)
    case eof(channel: UInt32)
    case close(channel: UInt32)
    /// Replies to requests we never send (REQUEST_SUCCESS, CHANNEL_FAILURE, …): ignored.
    case reply
    /// A message number outside the connection protocol: answered with SSH_MSG_UNIMPLEMENTED.
    case unimplemented(UInt8)

    /// host:port of a tcpip-forward or direct-tcpip request.
    struct ForwardTarget: Equatable {
        var host: String
        var port: UInt32
        var description: String { "\(host):\(port)" }
    }

    enum ChannelRequest: Equatable {
        case pty(TerminalInfo)
        case env(name: String, value: String)
        case windowChange(columns: Int, rows: Int)
        case shell
        case exec(String)
        case subsystem(String)
        case other(String)
    }

    static func parse(_ payload: [UInt8]) -> ConnectionMessage? {
        var r = SSHReader(payload)
        guard let type = r.readByte() else { return nil }
        switch type {
        case SSHMessage.globalRequest:
            guard let name = r.readUTF8(), let wantReply = r.readBool() else { return nil }
            var forward: ForwardTarget?
            if name == "tcpip-forward" || name == "cancel-tcpip-forward" {
                forward = ForwardTarget(host: r.readUTF8() ?? "", port: r.readUInt32() ?? 0)
            }
            return .globalRequest(name: name, wantReply: wantReply, forward: forward)
        case SSHMessage.channelOpen:
            guard let kind = r.readUTF8(), let sender = r.readUInt32(), let window = r.readUInt32(),
                  let maxPacket = r.readUInt32() else { return nil }
            var target: ForwardTarget?
            if kind == "direct-tcpip" {
                target = ForwardTarget(host: r.readUTF8() ?? "", port: r.readUInt32() ?? 0)
            }
            return .channelOpen(kind: kind, sender: sender, window: window, maxPacket: maxPacket, target: target)
        case SSHMessage.channelRequest:
            guard let channel = r.readUInt32(), let name = r.readUTF8(), let wantReply = r.readBool() else { return nil }
            return .channelRequest(channel: channel, wantReply: wantReply, request: channelRequest(name, &r))
        case SSHMessage.channelData:
            guard let channel = r.readUInt32(), let data = r.readString() else { return nil }
            return .channelData(channel: channel, data: data)
        case SSHMessage.channelExtendedData:
            guard let channel = r.readUInt32() else { return nil }
            return .channelExtendedData(channel: channel)
        case SSHMessage.channelWindowAdjust:
            guard let channel = r.readUInt32(), let add = r.readUInt32() else { return nil }
            return .windowAdjust(channel: channel, bytes: add)
        case SSHMessage.channelEOF:
            guard let channel = r.readUInt32() else { return nil }
            return .eof(channel: channel)
        case SSHMessage.channelClose:
            guard let channel = r.readUInt32() else { return nil }
            return .close(channel: channel)
        case SSHMessage.requestSuccess, SSHMessage.requestFailure, SSHMessage.channelSuccess, SSHMessage.channelFailure:
            return .reply
        default:
            return .unimplemented(type)
        }
    }

    /// Longest terminal name kept (TERM values are short; the rest is attacker padding).
    static let maxTermLength = 64

    private static func channelRequest(_ name: String, _ r: inout SSHReader) -> ChannelRequest {
        switch name {
        case "pty-req":
            let term = r.readUTF8() ?? "xterm"
            let columns = Int(r.readUInt32() ?? 80)
            let rows = Int(r.readUInt32() ?? 24)
            return .pty(TerminalInfo(term: String(term.prefix(maxTermLength)), columns: columns, rows: rows))
        case "env":
            return .env(name: r.readUTF8() ?? "", value: r.readUTF8() ?? "")
        case "window-change":
            guard let columns = r.readUInt32(), let rows = r.readUInt32() else { return .other(name) }
            return .windowChange(columns: Int(columns), rows: Int(rows))
        case "shell":
            return .shell
        case "exec":
            return .exec(r.readString().map { String(decoding: $0, as: UTF8.self) } ?? "")
        case "subsystem":
            return .subsystem(r.readUTF8() ?? "")
        default:
            return .other(name)
        }
    }
}
