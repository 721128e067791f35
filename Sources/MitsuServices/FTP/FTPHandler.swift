import Foundation
import MitsuCore
import MitsuNet
import NIOCore
import NIOPosix

/// The NIO shell around `FTPSession`: moves control bytes, and opens, feeds and closes the data
/// connections (passive listeners bound to the control connection's local address, active connections
/// only to the address the session approved).
final class FTPHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let sink: EventSink
    private let make: (Endpoints) -> FTPSession
    private let transferTimeout: TimeAmount
    private var session: FTPSession?
    private var tally = SessionTally()
    private var passiveListener: Channel?
    /// A data connection accepted on the passive listener before the transfer command arrived.
    private var acceptedData: Channel?
    private var waitingForData: ((Channel?) -> Void)?
    private var dataChannel: Channel?
    private var received: [UInt8] = []
    private var truncated = false
    private var transferTimer: Scheduled<Void>?
    /// Outputs held back behind a `sendAfter` pause: replies keep their order, as vsftpd's sleep keeps it.
    private var paused = false
    private var held: [FTPOutput] = []

    init(sink: EventSink, transferSeconds: Int, make: @escaping (Endpoints) -> FTPSession) {
        self.sink = sink
        self.transferTimeout = .seconds(Int64(transferSeconds))
        self.make = make
    }

    func channelActive(context: ChannelHandlerContext) {
        let s = make(Endpoints(remote: context.channel.remoteAddress, local: context.channel.localAddress))
        session = s
        tally = SessionTally()
        sink.emit(s.context.event(.sessionConnect))
        perform(s.start(), context)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        tally.bytesIn += Int64(buffer.readableBytes)
        guard session != nil else { return }
        perform(session?.receive(Array(buffer.readableBytesView)) ?? [], context)
    }

    private func perform(_ outputs: [FTPOutput], _ context: ChannelHandlerContext) {
        guard !paused else {
            held += outputs
            return
        }
        for (i, o) in outputs.enumerated() {
            switch o {
            case .send(let bytes):
                write(bytes, context)
            case .sendAfter(let bytes, let ms):
                let rest = [FTPOutput.send(bytes)] + outputs[(i + 1)...]
                context.flush()
                paused = true
                let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
                context.eventLoop.scheduleTask(in: .milliseconds(Int64(ms))) { [self] in
                    self.paused = false
                    let later = Array(rest) + self.held
                    self.held = []
                    self.perform(later, loopBound.value)
                }
                return
            case .event(let e):
                sink.emit(e)
            case .openPassive:
                openPassive(context)
            case .openData(let target):
                openData(target, context)
            case .sendData(let bytes):
                sendData(bytes, context)
            case .receiveData(let limit):
                receiveData(limit: limit, context)
            case .close:
                context.flush()
                context.close(promise: nil)
                return
            }
        }
        context.flush()
    }

    private func write(_ bytes: [UInt8], _ context: ChannelHandlerContext) {
        guard context.channel.isActive else { return }
        tally.bytesOut += Int64(bytes.count)
        context.write(wrapOutboundOut(context.channel.allocator.buffer(bytes: bytes)), promise: nil)
    }

    /// Feeds an answer from the data side back into the session.
    private func answer(_ context: ChannelHandlerContext, _ step: (inout FTPSession) -> [FTPOutput]) {
        guard var s = session else { return }
        let out = step(&s)
        session = s
        perform(out, context)
    }

    // MARK: passive

    private func openPassive(_ context: ChannelHandlerContext) {
        closePassive()
        let ends = Endpoints(remote: context.channel.remoteAddress, local: context.channel.localAddress)
        let clientIP = ends.srcIP
        let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
        let bootstrap = ServerBootstrap(group: context.eventLoop)
            .serverChannelOption(ChannelOptions.backlog, value: 1)
            .childChannelOption(ChannelOptions.allowRemoteHalfClosure, value: true)
            .childChannelInitializer { [self] child in
                // Only the client itself may connect (vsftpd's pasv_promiscuous=NO), and only once.
                let from = Endpoints(remote: child.remoteAddress, local: child.localAddress).srcIP
                guard from == clientIP, self.acceptedData == nil, self.dataChannel == nil else {
                    return child.close()
                }
                let data = FTPDataHandler()
                data.onActive = { self.accepted($0) }
                return child.eventLoop.makeCompletedFuture {
                    try child.pipeline.syncOperations.addHandler(data)
                }
            }
        bootstrap.bind(host: ends.destIP, port: 0).whenComplete { [self] result in
            let context = loopBound.value
            switch result {
            case .success(let listener):
                self.passiveListener = listener
                self.answer(context) { $0.passiveOpened(ip: ends.destIP, port: listener.localAddress?.port ?? 0) }
            case .failure:
                self.answer(context) { $0.passiveFailed() }
            }
        }
    }

    private func accepted(_ child: Channel) {
        closePassive()
        if let waiter = waitingForData {
            waitingForData = nil
            waiter(child)
        } else {
            acceptedData = child
        }
    }

    private func closePassive() {
        passiveListener?.close(promise: nil)
        passiveListener = nil
    }

    // MARK: transfers

    private func openData(_ target: FTPDataTarget, _ context: ChannelHandlerContext) {
        let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
        let connected: (Channel?) -> Void = { [self] channel in
            let context = loopBound.value
            self.transferTimer?.cancel()
            guard let channel else {
                self.answer(context) { $0.dataFailed(connected: false) }
                return
            }
            self.dataChannel = channel
            self.armTimer(context)
            self.answer(context) { $0.dataConnected() }
        }
        armTimer(context)
        switch target {
        case .passive:
            if let ready = acceptedData {
                acceptedData = nil
                connected(ready)
            } else if passiveListener != nil {
                waitingForData = connected
            } else {
                connected(nil)
            }
        case .active(let host, let port):
            ClientBootstrap(group: context.eventLoop)
                .connectTimeout(.seconds(10))
                .channelOption(ChannelOptions.allowRemoteHalfClosure, value: true)
                .channelInitializer { ch in ch.eventLoop.makeCompletedFuture { try ch.pipeline.syncOperations.addHandler(FTPDataHandler()) } }
                .connect(host: host, port: port)
                .whenComplete { result in connected(try? result.get()) }
        }
    }

    /// The time cap of one transfer, from the transfer command to the end of the data.
    private func armTimer(_ context: ChannelHandlerContext) {
        transferTimer?.cancel()
        let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
        transferTimer = context.eventLoop.scheduleTask(in: transferTimeout) { [self] in
            let context = loopBound.value
            if let waiter = self.waitingForData {
                self.waitingForData = nil
                self.closePassive()
                waiter(nil)
            } else if let data = self.dataChannel {
                self.dataChannel = nil
                self.dataHandler(data)?.detach()
                data.close(promise: nil)
                self.answer(context) { $0.dataFailed(connected: true) }
            }
        }
    }

    private func dataHandler(_ channel: Channel) -> FTPDataHandler? {
        try? channel.pipeline.syncOperations.handler(type: FTPDataHandler.self)
    }

    private func sendData(_ bytes: [UInt8], _ context: ChannelHandlerContext) {
        guard let data = dataChannel else { return }
        let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
        dataHandler(data)?.detach()
        data.writeAndFlush(data.allocator.buffer(bytes: bytes)).whenComplete { [self] result in
            data.close(promise: nil)
            let context = loopBound.value
            self.transferTimer?.cancel()
            guard self.dataChannel === data else { return }
            self.dataChannel = nil
            switch result {
            case .success: self.answer(context) { $0.dataFinished(received: [], truncated: false) }
            case .failure: self.answer(context) { $0.dataFailed(connected: true) }
            }
        }
    }

    private func receiveData(limit: Int, _ context: ChannelHandlerContext) {
        guard let data = dataChannel, let handler = dataHandler(data) else { return }
        received = []
        truncated = false
        let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
        handler.attach(onRead: { [self] buffer in
            let room = limit - self.received.count
            if buffer.readableBytes > room {
                self.received += buffer.readableBytesView.prefix(max(0, room))
                self.truncated = true
                data.close(promise: nil)
            } else {
                self.received += buffer.readableBytesView
            }
        }, onClose: { [self] in
            self.transferTimer?.cancel()
            guard self.dataChannel === data else { return }
            self.dataChannel = nil
            let bytes = self.received
            self.received = []
            self.answer(loopBound.value) { $0.dataFinished(received: bytes, truncated: self.truncated, now: FTPTree.mdtm(Date())) }
        })
    }

    // MARK: lifecycle

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let limit = event as? SessionLimitReached { tally.closeReason = limit.reason.rawValue }
        if case ChannelEvent.inputClosed = event { context.close(promise: nil) }
        context.fireUserInboundEventTriggered(event)
    }

    func channelInactive(context: ChannelHandlerContext) {
        transferTimer?.cancel()
        closePassive()
        acceptedData?.close(promise: nil)
        if let d = dataChannel {
            dataHandler(d)?.detach()
            d.close(promise: nil)
        }
        dataChannel = nil
        waitingForData = nil
        if let s = session {
            sink.emit(tally.close(s.context.event(.sessionClose)))
            session = nil
        }
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        context.close(promise: nil)
    }
}
