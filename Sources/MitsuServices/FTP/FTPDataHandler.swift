import NIOCore

/// One FTP data connection: hands received bytes and the close to its control handler. Everything runs
/// on the control connection's event loop, so the callbacks need no locking. Bytes and a close that
/// arrive before the control side attaches (a client that sends as soon as it connects) are held and
/// replayed.
final class FTPDataHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer

    /// Called once the accepted connection is active (a passive accept is only usable then).
    var onActive: ((Channel) -> Void)?
    private var onRead: ((ByteBuffer) -> Void)?
    private var onClose: (() -> Void)?
    private var early: [ByteBuffer] = []
    private var earlyBytes = 0
    private var closedEarly = false
    /// Held before attach at most; beyond it the client is not waiting for our 150 reply.
    static let earlyCap = 1 << 20

    func attach(onRead: @escaping (ByteBuffer) -> Void, onClose: @escaping () -> Void) {
        self.onRead = onRead
        self.onClose = onClose
        for b in early { onRead(b) }
        early = []
        if closedEarly { fireClose() }
    }

    /// Stops reporting the close (the control side closes this connection itself).
    func detach() {
        onRead = nil
        onClose = {}
    }

    func channelActive(context: ChannelHandlerContext) {
        let active = onActive
        onActive = nil
        active?(context.channel)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        if let onRead {
            onRead(buffer)
        } else if earlyBytes + buffer.readableBytes <= FTPDataHandler.earlyCap {
            earlyBytes += buffer.readableBytes
            early.append(buffer)
        } else {
            context.close(promise: nil)
        }
    }

    private func fireClose() {
        let done = onClose
        onClose = {}
        done?()
    }

    func channelInactive(context: ChannelHandlerContext) {
        if onClose == nil { closedEarly = true } else { fireClose() }
        context.fireChannelInactive()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        // The client finished sending an upload (half-close): the data is complete.
        if case ChannelEvent.inputClosed = event { context.close(promise: nil) }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        context.close(promise: nil)
    }
}
