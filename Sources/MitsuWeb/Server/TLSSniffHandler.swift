import MitsuCore
import NIOCore
import NIOSSL

/// First handler on HTTPS ports: looks at the first byte. A TLS handshake record (0x16) gets the TLS
/// handler and the HTTPS session; anything else is plain HTTP sent to the HTTPS port, which nginx parses
/// and answers with its own 400 page, so MitsuWeb does the same (scanners probe 443 with plain HTTP all
/// the time, and a TLS alert or a silent close there is a tell).
final class TLSSniffHandler: ChannelInboundHandler, RemovableChannelHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private let tls: NIOSSLContext
    private let context: WebContext
    private let sink: EventSink
    private var decided = false

    init(tls: NIOSSLContext, context: WebContext, sink: EventSink) {
        self.tls = tls
        self.context = context
        self.sink = sink
    }

    func channelRead(context ctx: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        guard !decided, let first = buffer.getInteger(at: buffer.readerIndex, as: UInt8.self) else {
            ctx.fireChannelRead(data)
            return
        }
        decided = true
        // A TLS connection's session id is chosen here, so its `tls.client_hello` and `http.request`
        // events share it.
        let session = SessionID.next()
        let handlers: [ChannelHandler] = first == 0x16
            ? [ClientHelloTap(session: session, sink: sink), NIOSSLServerHandler(context: tls),
               WebHandler(context: context, scheme: "https", sink: sink, session: session)]
            : [WebHandler(context: context, scheme: "http", sink: sink, plainOnTLSPort: true)]
        do {
            try ctx.pipeline.syncOperations.addHandlers(handlers, position: .after(self))
        } catch {
            ctx.close(promise: nil)
            return
        }
        ctx.fireChannelRead(data)
        ctx.pipeline.syncOperations.removeHandler(context: ctx, promise: nil)
    }

    func channelInactive(context ctx: ChannelHandlerContext) {
        // A client that connected and sent nothing still leaves its connect/close pair.
        if !decided {
            decided = true
            let s = WebSession(context: context, endpoints: Endpoints(remote: ctx.channel.remoteAddress, local: ctx.channel.localAddress), scheme: "https")
            sink.emit(s.connectEvent())
            sink.emit(s.closeEvent(reason: nil))
        }
        ctx.fireChannelInactive()
    }
}
