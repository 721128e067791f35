import MitsuCore
import MitsuNet

extension SSHServerConnection {
    func handleConnection(_ payload: [UInt8]) -> [SSHOutput] {
        guard let message = ConnectionMessage.parse(payload) else {
            return protocolError("bad message \(payload.first ?? 0)")
        }
        switch message {
        case .globalRequest(let name, let wantReply, let forward):
            var out: [SSHOutput] = []
            if name == "tcpip-forward", let forward {
                var e = event(.tcpForwardRequest)
                e.url = forward.description
                e.message = "tcpip-forward"
                out.append(.event(e))
            }
            // keepalive@openssh.com and everything else: REQUEST_FAILURE, as sshd answers them.
            if wantReply { out.append(send([SSHMessage.requestFailure])) }
            return out
        case .channelOpen(let kind, let sender, let window, let maxPacket, let target):
            return channelOpen(kind: kind, sender: sender, window: window, maxPacket: maxPacket, target: target)
        case .channelRequest(let id, let wantReply, let request):
            return channelRequest(id, wantReply: wantReply, request)
        case .channelData(let id, let data):
            return channelData(id, data)
        case .channelExtendedData, .reply:
            return []
        case .windowAdjust(let id, let add):
            guard var ch = channels[id] else { return [] }
            let (sum, overflow) = ch.remoteWindow.addingReportingOverflow(add)
            ch.remoteWindow = overflow ? UInt32.max : sum
            channels[id] = ch
            return flush(id)
        case .eof(let id):
            guard let ch = channels[id], ch.shellStarted else { return [] }
            return [.shellInputEnd(channel: id)]
        case .close(let id):
            guard let ch = channels[id] else { return [] }
            var out = forwardEvent(ch)
            if ch.shellStarted { out.append(.stopShell(channel: id)) }
            if !ch.closed {
                var w = SSHWriter(message: SSHMessage.channelClose)
                w.uint32(ch.remoteID)
                out.append(send(w.bytes))
            }
            channels.remove(id)
            return out
        case .unimplemented:
            var w = SSHWriter(message: SSHMessage.unimplemented)
            w.uint32(framer.inboundSequence &- 1)
            return [send(w.bytes)]
        }
    }

    func protocolError(_ why: String) -> [SSHOutput] {
        disconnect(SSHDisconnectReason.protocolError, why)
    }

    func channelOpen(kind: String, sender: UInt32, window: UInt32, maxPacket: UInt32,
                     target: ConnectionMessage.ForwardTarget?) -> [SSHOutput] {
        func refuse(_ code: UInt32, _ text: String) -> [SSHOutput] {
            var w = SSHWriter(message: SSHMessage.channelOpenFailure)
            w.uint32(sender)
            w.uint32(code)
            w.string(text)
            w.string("")
            return [send(w.bytes)]
        }
        switch kind {
        case "session", "direct-tcpip":
            guard let id = channels.open(remoteID: sender, kind: kind, window: window, maxPacket: maxPacket) else {
                return refuse(4, "open failed")
            }
            if let target { channels[id]?.forwardTarget = target.description }
            var w = SSHWriter(message: SSHMessage.channelOpenConfirmation)
            w.uint32(sender)
            w.uint32(id)
            w.uint32(ChannelTable.initialWindow)
            w.uint32(ChannelTable.maxPacket)
            return [send(w.bytes)]
        default:
            return refuse(3, "unknown channel type")
        }
    }

    func channelRequest(_ id: UInt32, wantReply: Bool, _ request: ConnectionMessage.ChannelRequest) -> [SSHOutput] {
        guard var ch = channels[id], ch.kind == "session" else { return [] }
        func reply(_ ok: Bool) -> [SSHOutput] {
            guard wantReply else { return [] }
            var w = SSHWriter(message: ok ? SSHMessage.channelSuccess : SSHMessage.channelFailure)
            w.uint32(ch.remoteID)
            return [send(w.bytes)]
        }
        switch request {
        case .pty(let terminal):
            ch.terminal = terminal
            channels[id] = ch
            return reply(true)
        case .env:
            return reply(true)
        case .windowChange(let columns, let rows):
            ch.terminal?.columns = columns
            ch.terminal?.rows = rows
            channels[id] = ch
            return ch.shellStarted ? [.shellInput(channel: id, .resize(columns: columns, rows: rows))] : []
        case .shell, .exec:
            guard !ch.shellStarted else { return reply(false) }
            var command: String?
            if case .exec(let line) = request { command = line }
            ch.shellStarted = true
            channels[id] = ch
            let shellRequest = ShellRequest(command: command, terminal: ch.terminal, username: authenticatedUser ?? "root",
                                            honeypot: "ssh", session: session, endpoints: endpoints)
            return reply(true) + [.startShell(channel: id, shellRequest)]
        case .subsystem(let name):
            var e = event(.commandInput)
            e.input = "subsystem " + name
            // sftp is served by the fake host over its session filesystem; other subsystems are refused
            // as sshd refuses one it has no Subsystem line for.
            guard name == "sftp", !ch.shellStarted else { return [.event(e)] + reply(false) }
            ch.shellStarted = true
            channels[id] = ch
            let shellRequest = ShellRequest(command: nil, terminal: nil, username: authenticatedUser ?? "root",
                                            honeypot: "ssh", session: session, endpoints: endpoints, subsystem: name)
            return [.event(e)] + reply(true) + [.startShell(channel: id, shellRequest)]
        case .other:
            return reply(false)
        }
    }

    func channelData(_ id: UInt32, _ data: [UInt8]) -> [SSHOutput] {
        guard var ch = channels[id] else { return [] }
        var out: [SSHOutput] = []
        // Keep the client's window open: adjust once half of it is used.
        let used = UInt32(clamping: data.count)
        ch.localWindow = ch.localWindow >= used ? ch.localWindow - used : 0
        if ch.localWindow < ChannelTable.initialWindow / 2 {
            var w = SSHWriter(message: SSHMessage.channelWindowAdjust)
            w.uint32(ch.remoteID)
            w.uint32(ChannelTable.initialWindow - ch.localWindow)
            ch.localWindow = ChannelTable.initialWindow
            out.append(send(w.bytes))
        }
        if ch.forwardTarget != nil {
            if ch.forwardBytes.count < 4096 { ch.forwardBytes += data.prefix(4096 - ch.forwardBytes.count) }
            channels[id] = ch
            return out
        }
        channels[id] = ch
        guard ch.shellStarted, !data.isEmpty else { return out }
        return out + [.shellInput(channel: id, .bytes(data))]
    }

    /// Output of the shell behind channel `id`: queued and sent as far as the client's window allows; an
    /// exit status closes the channel once everything before it has gone out.
    public func shellDelivered(channel id: UInt32, _ delivery: ShellDelivery) -> [SSHOutput] {
        guard !isClosed, var ch = channels[id], !ch.closed else { return [] }
        switch delivery {
        case .stdout(let bytes):
            ch.pending += ch.terminal != nil ? ShellDelivery.terminalBytes(bytes) : bytes
        case .stderr(let bytes):
            // A pty merges stderr into the terminal stream.
            if ch.terminal != nil { ch.pending += ShellDelivery.terminalBytes(bytes) } else { ch.pendingStderr += bytes }
        case .exit(let status):
            ch.pendingExit = status
        }
        channels[id] = ch
        return flush(id) + rekeyIfDue()
    }

    func flush(_ id: UInt32) -> [SSHOutput] {
        guard var ch = channels[id], !ch.closed else { return [] }
        var out: [SSHOutput] = []
        while !ch.pending.isEmpty, ch.remoteWindow > 0 {
            let n = min(ch.pending.count, Int(ch.remoteMaxPacket), Int(ch.remoteWindow), 32_768)
            var w = SSHWriter(message: SSHMessage.channelData)
            w.uint32(ch.remoteID)
            w.string(ch.pending[0..<n])
            out.append(send(w.bytes))
            ch.pending.removeFirst(n)
            ch.remoteWindow -= UInt32(n)
        }
        while !ch.pendingStderr.isEmpty, ch.remoteWindow > 0 {
            let n = min(ch.pendingStderr.count, Int(ch.remoteMaxPacket), Int(ch.remoteWindow), 32_768)
            var w = SSHWriter(message: SSHMessage.channelExtendedData)
            w.uint32(ch.remoteID)
            w.uint32(1)  // SSH_EXTENDED_DATA_STDERR
            w.string(ch.pendingStderr[0..<n])
            out.append(send(w.bytes))
            ch.pendingStderr.removeFirst(n)
            ch.remoteWindow -= UInt32(n)
        }
        if ch.pending.isEmpty, ch.pendingStderr.isEmpty, let status = ch.pendingExit {
            var exit = SSHWriter(message: SSHMessage.channelRequest)
            exit.uint32(ch.remoteID)
            exit.string("exit-status")
            exit.bool(false)
            exit.uint32(UInt32(truncatingIfNeeded: status))
            var eof = SSHWriter(message: SSHMessage.channelEOF)
            eof.uint32(ch.remoteID)
            var close = SSHWriter(message: SSHMessage.channelClose)
            close.uint32(ch.remoteID)
            out += [send(exit.bytes), send(eof.bytes), send(close.bytes)]
            ch.closed = true
            ch.pendingExit = nil
        }
        channels[id] = ch
        return out
    }

    func forwardEvent(_ ch: ChannelTable.Channel) -> [SSHOutput] {
        guard let target = ch.forwardTarget else { return [] }
        var e = event(.tcpForwardRequest)
        e.url = target
        e.message = "direct-tcpip"
        if !ch.forwardBytes.isEmpty { e.payload = PayloadInfo(captured: ch.forwardBytes) }
        return [.event(e)]
    }
}
