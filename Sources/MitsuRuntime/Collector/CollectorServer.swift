import MitsuCore
import NIOCore
import NIOPosix

/// Splits the worker stream into lines, refusing any line longer than `EventCodec.maxLineBytes`
/// (a worker never writes one; a longer line is corruption or a compromised worker).
struct EventLineDecoder: ByteToMessageDecoder {
    typealias InboundOut = ByteBuffer

    struct LineTooLong: Error {}

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        if let nl = buffer.readableBytesView.firstIndex(of: 10) {
            let length = nl - buffer.readerIndex
            guard let line = buffer.readSlice(length: length) else { return .needMoreData }
            buffer.moveReaderIndex(forwardBy: 1)
            context.fireChannelRead(wrapInboundOut(line))
            return .continue
        }
        if buffer.readableBytes > EventCodec.maxLineBytes { throw LineTooLong() }
        return .needMoreData
    }
}

/// Decodes event lines and hands them to the collector's queue, pausing the socket when the queue is full.
///
/// After each read the socket rests for `readPause` before the next: a worker sends each event as it
/// happens (it must be in the kernel before the attacker sees its effect), so under load a read per send
/// woke this thread once per event. Resting, the events pile up in the socket buffer (no waiter, no
/// wakeup) and the next read takes all of them; the pause is far below events.jsonl's 1 s.
final class IngestHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer

    static let readPause = TimeAmount.milliseconds(2)

    private let queue: IngestQueue
    private let report: @Sendable (String) -> Void
    private var pending: [Event] = []
    /// Reading stopped by the pause after a read, and by a full queue; it resumes when neither holds.
    private var resting = false
    private var waitingForQueue = false

    init(queue: IngestQueue, report: @escaping @Sendable (String) -> Void) {
        self.queue = queue
        self.report = report
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let line = unwrapInboundIn(data)
        guard line.readableBytes > 0 else { return }
        do {
            pending.append(try EventCodec.decode(line.readableBytesView))
        } catch {
            report("rejected a line from a worker: \(error)")
            context.close(promise: nil)
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        flushPending(context)
        guard context.channel.isActive, !resting else { return }
        resting = true
        setReading(false, context)
        let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
        context.eventLoop.scheduleTask(in: Self.readPause) { [self] in
            resting = false
            if !waitingForQueue { setReading(true, loopBound.value) }
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        flushPending(context)
        context.fireChannelInactive()
    }

    private func setReading(_ on: Bool, _ context: ChannelHandlerContext) {
        guard context.channel.isActive else { return }
        try? context.channel.syncOptions?.setOption(ChannelOptions.autoRead, value: on)
    }

    private func flushPending(_ context: ChannelHandlerContext) {
        guard !pending.isEmpty else { return }
        let ok = queue.push(&pending)
        if !ok, !waitingForQueue {
            waitingForQueue = true
            setReading(false, context)
            let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
            let loop = context.eventLoop
            queue.onResume {
                loop.execute { [self] in
                    waitingForQueue = false
                    if !resting { setReading(true, loopBound.value) }
                }
            }
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        report("worker stream error: \(error)")
        context.close(promise: nil)
    }
}

/// The collector's Unix socket: every worker connects here and streams its events.
enum CollectorServer {
    static func bind(group: EventLoopGroup, path: String, queue: IngestQueue,
                     report: @escaping @Sendable (String) -> Void) async throws -> Channel {
        try await ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.backlog, value: 256)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(EventLineDecoder()))
                    try channel.pipeline.syncOperations.addHandler(IngestHandler(queue: queue, report: report))
                }
            }
            .bind(unixDomainSocketPath: path, cleanupExistingSocketFile: true)
            .get()
    }
}
