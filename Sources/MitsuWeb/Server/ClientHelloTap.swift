import MitsuCore
import MitsuNet
import NIOCore

/// Sits before the TLS handler on HTTPS ports and copies the first bytes until the ClientHello is whole,
/// then emits `tls.client_hello` (JA3, JA4, SNI, ALPN) and leaves the pipeline. Every byte passes on
/// untouched, so the handshake is the TLS library's as before; the fingerprint is taken even when the
/// client never finishes the handshake (most scanners on 443 don't).
final class ClientHelloTap: ChannelInboundHandler, RemovableChannelHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private let session: SessionID
    private let sink: EventSink
    private var seen: [UInt8] = []

    init(session: SessionID, sink: EventSink) {
        self.session = session
        self.sink = sink
    }

    func channelRead(context ctx: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        seen += buffer.readableBytesView.prefix(TLSClientHello.maxBytes - seen.count)
        let result = TLSClientHello.parse(seen)
        ctx.fireChannelRead(data)
        guard result != .needMore else { return }
        var e = Event(kind: .tlsClientHello, honeypot: "web", session: session)
        e.set(Endpoints(remote: ctx.channel.remoteAddress, local: ctx.channel.localAddress), transport: "tcp")
        e.protocol = "https"
        switch result {
        case .hello(let hello): e.tls = TLSInfo(hello)
        case .invalid(let why):
            e.kind = .protocolError
            e.message = "tls: \(why)"
        case .needMore: break
        }
        sink.emit(e)
        seen = []
        ctx.pipeline.syncOperations.removeHandler(context: ctx, promise: nil)
    }
}
