import MitsuCore
import MitsuNet
import NIOCore
import NIOPosix

/// Counts running transfers, in total and per client address (UDP has no connection limiter).
final class TFTPTransferSlots: @unchecked Sendable {
    private let lock = Lock()
    private var total = 0
    private var perIP: [String: Int] = [:]
    private var refused = 0
    let maxTotal: Int
    let maxPerIP: Int

    init(maxTotal: Int, maxPerIP: Int) {
        self.maxTotal = maxTotal
        self.maxPerIP = maxPerIP
    }

    func acquire(_ ip: String) -> Bool {
        lock.withLock {
            guard total < maxTotal, perIP[ip, default: 0] < maxPerIP else {
                refused += 1
                return false
            }
            total += 1
            perIP[ip, default: 0] += 1
            return true
        }
    }

    var refusedTotal: Int { lock.withLock { refused } }

    func release(_ ip: String) {
        lock.withLock {
            total -= 1
            let n = perIP[ip, default: 1] - 1
            perIP[ip] = n > 0 ? n : nil
        }
    }
}

/// The well-known port (69): parses requests and starts each transfer on a fresh port, as RFC 1350
/// says (the server's transfer ID is a new port per transfer).
final class TFTPServerHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>
    typealias OutboundOut = AddressedEnvelope<ByteBuffer>

    let sink: EventSink
    let settings: TFTPTransfer.Settings
    let bait: [String: [UInt8]]
    let storage: UploadStorage
    let slots: TFTPTransferSlots

    init(sink: EventSink, settings: TFTPTransfer.Settings, bait: [String: [UInt8]], storage: @escaping UploadStorage, slots: TFTPTransferSlots) {
        self.sink = sink
        self.settings = settings
        self.bait = bait
        self.storage = storage
        self.slots = slots
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = unwrapInboundIn(data)
        let ends = Endpoints(remote: envelope.remoteAddress, local: context.channel.localAddress)
        let ctx = ServiceContext(honeypot: "tftp", endpoints: ends, transport: "udp")
        let bytes = Array(envelope.data.readableBytesView.prefix(TFTPPacket.maxLength + 1))
        let request: TFTPRequest
        let isWrite: Bool
        switch TFTPPacket.parse(bytes) {
        case .readRequest(let r)?: (request, isWrite) = (r, false)
        case .writeRequest(let r)?: (request, isWrite) = (r, true)
        default:
            // No reply: an answer to a malformed datagram could be sent to a spoofed victim.
            var e = ctx.protocolError("not a TFTP request (\(envelope.data.readableBytes) bytes)")
            e.payload = PayloadInfo(captured: Array(bytes.prefix(512)), totalLength: envelope.data.readableBytes)
            sink.emit(e)
            return
        }
        guard slots.acquire(ends.srcIP) else {
            var e = ctx.event(.sessionRefused)
            e.message = "TFTP transfer cap"
            sink.emit(e)
            return
        }
        let transfer = TFTPTransfer(request: request, isWrite: isWrite, context: ctx, settings: settings, bait: bait, storage: storage)
        let (sink, slots, client) = (self.sink, self.slots, envelope.remoteAddress)
        let host = context.channel.localAddress?.ipAddress ?? "::"
        DatagramBootstrap(group: context.eventLoop)
            .channelInitializer { ch in
                ch.eventLoop.makeCompletedFuture {
                    try ch.pipeline.syncOperations.addHandler(TFTPTransferHandler(transfer: transfer, client: client, sink: sink) {
                        slots.release(ends.srcIP)
                    })
                }
            }
            .bind(host: host, port: 0)
            .whenFailure { _ in slots.release(ends.srcIP) }
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        // ICMP errors for earlier replies surface here; the listener keeps serving.
    }
}

/// One transfer's socket: datagrams from the client's transfer port go to the state machine, others are
/// told "Unknown transfer ID" (RFC 1350) without disturbing the transfer.
final class TFTPTransferHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>
    typealias OutboundOut = AddressedEnvelope<ByteBuffer>

    private var transfer: TFTPTransfer
    private let client: SocketAddress
    private let sink: EventSink
    private var onEnd: (() -> Void)?
    private var timer: Scheduled<Void>?
    private var tally = SessionTally()

    init(transfer: TFTPTransfer, client: SocketAddress, sink: EventSink, onEnd: @escaping () -> Void) {
        self.transfer = transfer
        self.client = client
        self.sink = sink
        self.onEnd = onEnd
    }

    func channelActive(context: ChannelHandlerContext) {
        sink.emit(transfer.context.event(.sessionConnect))
        perform(transfer.start(), context)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = unwrapInboundIn(data)
        guard envelope.remoteAddress == client else {
            let error = TFTPPacket.error(code: 5, message: "Unknown transfer ID").bytes
            context.writeAndFlush(wrapOutboundOut(AddressedEnvelope(remoteAddress: envelope.remoteAddress, data: context.channel.allocator.buffer(bytes: error))), promise: nil)
            return
        }
        tally.bytesIn += Int64(envelope.data.readableBytes)
        perform(transfer.receive(Array(envelope.data.readableBytesView.prefix(TFTPPacket.maxLength + 1))), context)
    }

    private func perform(_ outputs: [TFTPOutput], _ context: ChannelHandlerContext) {
        for o in outputs {
            switch o {
            case .send(let bytes):
                tally.bytesOut += Int64(bytes.count)
                context.write(wrapOutboundOut(AddressedEnvelope(remoteAddress: client, data: context.channel.allocator.buffer(bytes: bytes))), promise: nil)
            case .event(let e):
                sink.emit(e)
            case .finish:
                context.flush()
                timer?.cancel()
                context.close(promise: nil)
                return
            }
        }
        context.flush()
        armTimer(context)
    }

    private func armTimer(_ context: ChannelHandlerContext) {
        timer?.cancel()
        let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
        timer = context.eventLoop.scheduleTask(in: .milliseconds(Int64(transfer.timeoutMilliseconds))) { [self] in
            self.perform(self.transfer.timeout(), loopBound.value)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        timer?.cancel()
        if let end = onEnd {
            onEnd = nil
            end()
            var close = tally.close(transfer.context.event(.sessionClose))
            if !transfer.isFinished { close.message = "closed" }
            sink.emit(close)
        }
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        // An ICMP port-unreachable means the client is gone; the retransmission timer ends the transfer.
    }
}
