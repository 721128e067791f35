import MitsuCore
import MitsuNet

extension SSHServerConnection {
    func handleConnection(_ payload: [UInt8]) -> [SSHOutput] {
        var r = SSHReader(payload)
        guard let type = r.readByte() else { return [] }
        switch type {
        case SSHMessage.globalRequest:
            return globalRequest(&r)
        case SSHMessage.channelOpen:
            return channelOpen(&r)
        case SSHMessage.channelRequest:
            return channelRequest(&r)
        case SSHMessage.channelData:
            guard let id = r.readUInt32(), let data = r.readString() else { return protocolError("bad channel data") }
            return channelData(id, data)
        case SSHMessage.channelExtendedData:
            return []
        case SSHMessage.channelWindowAdjust:
            guard let id = r.readUInt32(), let add = r.readUInt32(), var ch = channels[id] else { return [] }
            let (sum, overflow) = ch.remoteWindow.addingReportingOverflow(add)
            ch.remoteWindow = overflow ? UInt32.max : sum
            channels[id] = ch
            return flush(id)
        case SSHMessage.channelEOF:
            guard let id = r.readUInt32(), let ch = channels[id], ch.shellStarted else { return [] }
            return [.shellInputEnd(channel: id)]
        case SSHMessage.channelClose:
            guard let id = r.readUInt32(), let ch = channels[id] else { return [] }
            var out = forwardEvent(ch)
            if ch.shellStarted { out.append(.stopShell(channel: id)) }
            if !ch.closed {
                var w = SSHWriter(message: SSHMessage.channelClose)
                w.uint32(ch.remoteID)
                out.append(send(w.bytes))
            }
            channels.remove(id)
            return out
        case SSHMessage.requestSuccess, SSHMessage.requestFailure, SSHMessage.channelSuccess, SSHMessage.channelFailure:
            return []
        default:
            var w = SSHWriter(message: SSHMessage.unimplemented)
            w.uint32(framer.inboundSequence &- 1)
            return [send(w.bytes)]
        }
    }

    func protocolError(_ why: String) -> [SSHOutput] {
        disconnect(SSHDisconnectReason.protocolError, why)
    }

    func globalRequest(_ r: inout SSHReader) -> [SSHOutput] {
        guard let name = r.readUTF8(), let wantReply = r.readBool() else { return protocolError("bad global request") }
        var out: [SSHOutput] = []
        if name == "tcpip-forward" {
            let host = r.readUTF8() ?? ""
            let port = r.readUInt32() ?? 0
            var e = event(.tcpForwardRequest)
            e.url = "\(host):\(port)"
            e.message = "tcpip-forward"
            out.append(.event(e))
        }
        if wantReply { out.append(send([SSHMessage.requestFailure])) }
        return out
    }

    func channelOpen(_ r: inout SSHReader) -> [SSHOutput] {
        guard let kind = r.readUTF8(), let sender = r.readUInt32(), let window = r.readUInt32(), let maxPacket = r.readUInt32() else {
            return protocolError("bad channel open")
        }
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
            if kind == "direct-tcpip" {
                let host = r.readUTF8() ?? ""
                let port = r.readUInt32() ?? 0
                channels[id]?.forwardTarget = "\(host):\(port)"
            }
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

    func channelRequest(_ r: inout SSHReader) -> [SSHOutput] {
        guard let id = r.readUInt32(), let name = r.readUTF8(), let wantReply = r.readBool() else {
            return protocolError("bad channel request")
        }
        guard var ch = channels[id], ch.kind == "session" else { return [] }
        func reply(_ ok: Bool) -> [SSHOutput] {
            guard wantReply else { return [] }
            var w = SSHWriter(message: ok ? SSHMessage.channelSuccess : SSHMessage.channelFailure)
            w.uint32(ch.remoteID)
            return [send(w.bytes)]
        }
        switch name {
        case "pty-req":
            let term = r.readUTF8() ?? "xterm"
            let cols = Int(r.readUInt32() ?? 80)
            let rows = Int(r.readUInt32() ?? 24)
            ch.terminal = TerminalInfo(term: String(term.prefix(64)), columns: cols, rows: rows)
            channels[id] = ch
            return reply(true)
        case "env":
            return reply(true)
        case "window-change":
            if let cols = r.readUInt32(), let rows = r.readUInt32() {
                ch.terminal?.columns = Int(cols)
                ch.terminal?.rows = Int(rows)
                channels[id] = ch
                if ch.shellStarted { return [.shellInput(channel: id, .resize(columns: Int(cols), rows: Int(rows)))] }
            }
            return []
        case "shell", "exec":
            guard !ch.shellStarted else { return reply(false) }
            let command: String? = name == "exec" ? (r.readString().map { String(decoding: $0, as: UTF8.self) } ?? "") : nil
            ch.shellStarted = true
            channels[id] = ch
            let request = ShellRequest(command: command, terminal: ch.terminal, username: authenticatedUser ?? "root",
                                       honeypot: "ssh", session: session, endpoints: endpoints)
            return reply(true) + [.startShell(channel: id, request)]
        case "subsystem":
            // SFTP belongs to the fake host (its own issue); until then refused as a server without it would.
            var e = event(.commandInput)
            e.input = "subsystem " + (r.readUTF8() ?? "")
            return [.event(e)] + reply(false)
        default:
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
