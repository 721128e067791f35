import MitsuCore
import MitsuNet
import NIOCore

/// The NIO shell around `SSHServerConnection`: moves bytes, runs the answer delays and the login grace
/// timer, and emits events. Everything SSH happens in the state machine.
final class SSHServerHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let context: SSHServerContext
    private let sink: EventSink
    private let loginGrace: TimeAmount
    private var connection: SSHServerConnection?
    private var graceTimer: Scheduled<Void>?
    private var tally = SessionTally()
    private let gate: StartupGate
    private var holdsStartupSlot = false
    /// Shells running behind this connection's session channels.
    private var shells: [UInt32: ShellRunner] = [:]
    private var channelContext: ChannelHandlerContext?

    init(context: SSHServerContext, sink: EventSink, loginGraceSeconds: Int, gate: StartupGate) {
        self.context = context
        self.sink = sink
        self.loginGrace = .seconds(Int64(loginGraceSeconds))
        self.gate = gate
    }

    private func releaseStartupSlot() {
        if holdsStartupSlot {
            holdsStartupSlot = false
            gate.release()
        }
    }

    func channelActive(context ctx: ChannelHandlerContext) {
        let ends = Endpoints(remote: ctx.channel.remoteAddress, local: ctx.channel.localAddress)
        guard gate.admit() else {
            var e = Event(kind: .sessionRefused, honeypot: "ssh")
            e.set(ends, transport: "tcp")
            e.message = "MaxStartups 10:30:100"
            sink.emit(e)
            ctx.close(promise: nil)
            return
        }
        holdsStartupSlot = true
        channelContext = ctx
        let conn = SSHServerConnection(context: context, session: .next(), endpoints: ends)
        connection = conn
        tally = SessionTally()
        sink.emit(conn.event(.sessionConnect))
        let loopBound = NIOLoopBound(ctx, eventLoop: ctx.eventLoop)
        graceTimer = ctx.eventLoop.scheduleTask(in: loginGrace) { [self] in
            // sshd: "Timeout before authentication" and a silent close.
            if self.connection?.authenticatedUser == nil {
                self.tally.closeReason = "login grace time exceeded"
                loopBound.value.close(promise: nil)
            }
        }
        perform(conn.start(), ctx)
    }

    func channelRead(context ctx: ChannelHandlerContext, data: NIOAny) {
        guard let conn = connection else { return }
        let buffer = unwrapInboundIn(data)
        tally.bytesIn += Int64(buffer.readableBytes)
        let outputs = conn.receive(buffer.readableBytesView)
        if conn.authenticatedUser != nil { releaseStartupSlot() }
        perform(outputs, ctx)
    }

    private func perform(_ outputs: [SSHOutput], _ ctx: ChannelHandlerContext) {
        var delay: Int?
        var delayed: [SSHOutput] = []
        // A step's events go to the collector together (one send), and before anything else happens: before
        // the flush that shows the client our answer, and before a shell acts (it emits events of its own).
        var events: [Event] = []
        func shipEvents() {
            guard !events.isEmpty else { return }
            sink.emit(contentsOf: events)
            events.removeAll()
        }
        for o in outputs {
            // Once a delayed send is pending, everything after it waits too, to keep order.
            if delay != nil {
                delayed.append(o)
                continue
            }
            switch o {
            case .send(let bytes):
                write(bytes, ctx)
            case .sendAfter(let bytes, let ms):
                delay = ms
                delayed.append(.send(bytes))
            case .event(let e):
                events.append(e)
            case .close(let reason):
                shipEvents()
                tally.closeReason = tally.closeReason ?? reason
                ctx.flush()
                ctx.close(promise: nil)
                return
            case .startShell(let id, let request):
                shipEvents()
                shells[id] = ShellRunner(program: context.shell, request: request, eventLoop: ctx.eventLoop, sink: sink) {
                    [self] delivery in self.shellDelivered(id, delivery)
                }
            case .shellInput(let id, let input):
                shipEvents()
                shells[id]?.send(input)
            case .shellInputEnd(let id):
                shipEvents()
                shells[id]?.finishInput()
            case .stopShell(let id):
                shipEvents()
                shells.removeValue(forKey: id)?.cancel()
            }
        }
        shipEvents()
        ctx.flush()
        if let delay, !delayed.isEmpty {
            let loopBound = NIOLoopBound(ctx, eventLoop: ctx.eventLoop)
            let later = delayed
            ctx.eventLoop.scheduleTask(in: .milliseconds(Int64(delay))) { [self] in
                self.perform(later, loopBound.value)
            }
        }
    }

    /// Runs on the event loop (ShellRunner's promise).
    private func shellDelivered(_ id: UInt32, _ delivery: ShellDelivery) {
        guard let conn = connection, let ctx = channelContext else { return }
        if case .exit = delivery { shells[id] = nil }
        perform(conn.shellDelivered(channel: id, delivery), ctx)
    }

    private func write(_ bytes: [UInt8], _ ctx: ChannelHandlerContext) {
        guard !bytes.isEmpty, ctx.channel.isActive else { return }
        tally.bytesOut += Int64(bytes.count)
        ctx.write(wrapOutboundOut(ctx.channel.allocator.buffer(bytes: bytes)), promise: nil)
    }

    func userInboundEventTriggered(context ctx: ChannelHandlerContext, event: Any) {
        if let limit = event as? SessionLimitReached { tally.closeReason = limit.reason.rawValue }
        if case ChannelEvent.inputClosed = event { ctx.close(promise: nil) }
        ctx.fireUserInboundEventTriggered(event)
    }

    func channelInactive(context ctx: ChannelHandlerContext) {
        graceTimer?.cancel()
        releaseStartupSlot()
        for shell in shells.values { shell.cancel() }
        shells = [:]
        channelContext = nil
        if let conn = connection {
            sink.emit(tally.close(conn.event(.sessionClose)))
            connection = nil
        }
        ctx.fireChannelInactive()
    }

    func errorCaught(context ctx: ChannelHandlerContext, error: Error) {
        ctx.close(promise: nil)
    }
}
