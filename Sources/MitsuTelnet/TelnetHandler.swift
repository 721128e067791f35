import MitsuCore
import MitsuNet
import NIOCore

/// The NIO shell around `TelnetSession`.
final class TelnetHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let sink: EventSink
    private let make: (Endpoints) -> TelnetSession
    private var session: TelnetSession?
    private var tally = SessionTally()
    private let shell: any ShellProgram
    private var runner: ShellRunner?
    private var channelContext: ChannelHandlerContext?

    init(sink: EventSink, shell: any ShellProgram, make: @escaping (Endpoints) -> TelnetSession) {
        self.sink = sink
        self.shell = shell
        self.make = make
    }

    func channelActive(context: ChannelHandlerContext) {
        let s = make(Endpoints(remote: context.channel.remoteAddress, local: context.channel.localAddress))
        session = s
        channelContext = context
        tally = SessionTally()
        sink.emit(s.event(.sessionConnect))
        perform(s.start(), context)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard let s = session else { return }
        let buffer = unwrapInboundIn(data)
        tally.bytesIn += Int64(buffer.readableBytes)
        perform(s.receive(Array(buffer.readableBytesView)), context)
    }

    private func perform(_ outputs: [TelnetOutput], _ context: ChannelHandlerContext) {
        for (i, o) in outputs.enumerated() {
            switch o {
            case .send(let bytes):
                guard context.channel.isActive else { continue }
                tally.bytesOut += Int64(bytes.count)
                context.write(wrapOutboundOut(context.channel.allocator.buffer(bytes: bytes)), promise: nil)
            case .sendAfter(let bytes, let ms):
                // Everything after a pause waits for it, to keep order.
                let rest = [TelnetOutput.send(bytes)] + outputs[(i + 1)...]
                context.flush()
                let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
                context.eventLoop.scheduleTask(in: .milliseconds(Int64(ms))) { [self] in
                    self.perform(Array(rest), loopBound.value)
                }
                return
            case .event(let e):
                sink.emit(e)
            case .close:
                context.flush()
                context.close(promise: nil)
                return
            case .startShell(let request):
                runner = ShellRunner(program: shell, request: request, eventLoop: context.eventLoop, sink: sink) { [self] delivery in
                    guard let s = self.session, let ctx = self.channelContext else { return }
                    self.perform(s.shellDelivered(delivery), ctx)
                }
            case .shellInput(let input):
                runner?.send(input)
            }
        }
        context.flush()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let limit = event as? SessionLimitReached { tally.closeReason = limit.reason.rawValue }
        if case ChannelEvent.inputClosed = event { context.close(promise: nil) }
        context.fireUserInboundEventTriggered(event)
    }

    func channelInactive(context: ChannelHandlerContext) {
        runner?.cancel()
        runner = nil
        channelContext = nil
        if let s = session {
            sink.emit(tally.close(s.event(.sessionClose)))
            session = nil
        }
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        context.close(promise: nil)
    }
}
