import MitsuEnrich
import NIOCore
import NIOPosix

/// One TFTP read (RFC 1350, octet mode) from an address already checked against the policy: RRQ to the
/// server's port, DATA from the transfer port it answers from (only that one is accepted), an ACK per
/// block, retransmission of the last ACK on silence, the file capped at `maxBytes`.
enum TFTPGet {
    static func get(group: EventLoopGroup, address: IPAddress, port: Int, file: String, maxBytes: Int,
                    timeout: TimeAmount) async throws -> [UInt8] {
        let server = try SocketAddress(ipAddress: "\(address)", port: port)
        let eventLoop = group.next()
        let promise = eventLoop.makePromise(of: [UInt8].self)
        let handler = TFTPReadHandler(server: server, file: file, maxBytes: maxBytes, promise: promise)
        let channel = try await DatagramBootstrap(group: eventLoop)
            .channelInitializer { $0.pipeline.addHandler(handler) }
            .bind(host: address.isIPv4 ? "0.0.0.0" : "::", port: 0).get()
        let deadline = eventLoop.scheduleTask(in: timeout) { handler.finish(.failure(HTTPGet.Failure.timedOut)) }
        defer {
            deadline.cancel()
            channel.close(promise: nil)
        }
        return try await promise.futureResult.get()
    }
}

private final class TFTPReadHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>
    typealias OutboundOut = AddressedEnvelope<ByteBuffer>

    let server: SocketAddress
    let file: String
    let maxBytes: Int
    let promise: EventLoopPromise<[UInt8]>
    private var transferPeer: SocketAddress?
    private var expected: UInt16 = 1
    private var data: [UInt8] = []
    private var done = false
    private var lastSent: [UInt8] = []
    private var retries = 0
    private var retransmit: Scheduled<Void>?
    private var context: ChannelHandlerContext?

    init(server: SocketAddress, file: String, maxBytes: Int, promise: EventLoopPromise<[UInt8]>) {
        self.server = server
        self.file = file
        self.maxBytes = maxBytes
        self.promise = promise
    }

    func finish(_ result: Result<[UInt8], Error>) {
        guard !done else { return }
        done = true
        retransmit?.cancel()
        promise.completeWith(result)
    }

    func channelActive(context: ChannelHandlerContext) {
        self.context = context
        // RRQ: opcode 1, file name, 0, mode, 0.
        send([0, 1] + Array(file.utf8.prefix(255)) + [0] + Array("octet".utf8) + [0], to: server)
    }

    func channelRead(context: ChannelHandlerContext, data envelope: NIOAny) {
        let packet = unwrapInboundIn(envelope)
        let bytes = Array(packet.data.readableBytesView)
        guard bytes.count >= 4, !done else { return }
        // The first answer fixes the transfer port; datagrams from anywhere else are ignored (RFC 1350 §4).
        if let peer = transferPeer {
            guard packet.remoteAddress == peer else { return }
        } else {
            guard packet.remoteAddress.ipAddress == server.ipAddress else { return }
            transferPeer = packet.remoteAddress
        }
        let opcode = UInt16(bytes[0]) << 8 | UInt16(bytes[1])
        let block = UInt16(bytes[2]) << 8 | UInt16(bytes[3])
        switch opcode {
        case 3 where block == expected:
            let payload = bytes[4...]
            let room = maxBytes - data.count
            data += payload.prefix(max(0, room))
            send([0, 4, bytes[2], bytes[3]], to: packet.remoteAddress)
            expected &+= 1
            if payload.count < 512 || payload.count > room { finish(.success(data)) }
        case 3:
            // A duplicate of a block already acknowledged: acknowledge it again.
            send([0, 4, bytes[2], bytes[3]], to: packet.remoteAddress)
        case 5:
            finish(.failure(HTTPGet.Failure.refused))
        default:
            finish(.failure(HTTPGet.Failure.protocolError))
        }
    }

    private func send(_ bytes: [UInt8], to address: SocketAddress) {
        guard let context else { return }
        lastSent = bytes
        retries = 0
        write(bytes, to: address, context)
    }

    private func write(_ bytes: [UInt8], to address: SocketAddress, _ context: ChannelHandlerContext) {
        let envelope = AddressedEnvelope(remoteAddress: address, data: context.channel.allocator.buffer(bytes: bytes))
        context.writeAndFlush(wrapOutboundOut(envelope), promise: nil)
        retransmit?.cancel()
        let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
        retransmit = context.eventLoop.scheduleTask(in: .seconds(2)) { [self] in
            guard !self.done else { return }
            self.retries += 1
            guard self.retries <= 3 else { return self.finish(.failure(HTTPGet.Failure.timedOut)) }
            self.write(self.lastSent, to: self.transferPeer ?? self.server, loopBound.value)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        // ICMP port unreachable surfaces here: nobody serves TFTP there.
        finish(.failure(HTTPGet.Failure.refused))
    }
}
