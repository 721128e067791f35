import MitsuCore
import MitsuNet
import NIOCore

/// The `sip` worker's honeypot: 5060 over UDP and TCP by default, an Asterisk (chan_sip) persona that
/// challenges REGISTER and INVITE, captures the digest answers and logs every request.
public final class SIPHoneypot: Honeypot, @unchecked Sendable {
    public let name = "sip"
    private let config: SIPConfig
    private let portOffset: Int
    private let sink: EventSink
    private let limiter: ConnectionLimiter
    public var refusedConnections: Int { limiter.refusedTotal }
    private var channels: [Channel] = []

    public init(config: SIPConfig, portOffset: Int, sink: EventSink) {
        self.config = config
        self.portOffset = portOffset
        self.sink = sink
        self.limiter = ConnectionLimiter(config.common.limits)
    }

    public func start(group: EventLoopGroup) async -> [Listeners.BindFailure] {
        var settings = SIPPersona.Settings()
        settings.userAgent = config.userAgent
        settings.realm = config.realm
        settings.extensions = Set(config.extensions)
        let persona = SIPPersona(settings: settings, policy: config.loginPolicy())
        let sink = self.sink
        let payload: @Sendable ([UInt8]) -> PayloadInfo? = { PayloadInfo(captured: $0) }
        let bound = await Listeners.tcpHoneypot(
            group: group, config: config.common, portOffset: portOffset, honeypot: "sip", limiter: limiter, sink: sink
        ) {
            ServiceHandler(sink: sink) { ends in
                SIPTCPSession(context: ServiceContext(honeypot: "sip", endpoints: ends), persona: persona, payload: payload)
            }
        }
        channels += bound.channels
        var failures = bound.failures
        for host in config.common.listen {
            for port in config.common.udpPorts {
                do {
                    channels.append(try await Listeners.udp(group: group, host: host, port: port + portOffset) { channel in
                        channel.eventLoop.makeCompletedFuture {
                            // NIO reads 2048 bytes per datagram by default: an INVITE with a large SDP body (or a
                            // hostile 64 KiB datagram) would arrive cut and be judged on its first 2 KiB.
                            try channel.syncOptions?.setOption(.recvAllocator, value: FixedSizeRecvByteBufferAllocator(capacity: 65_536))
                            try channel.pipeline.syncOperations.addHandler(SIPUDPHandler(sink: sink, persona: persona))
                        }
                    })
                } catch let f as Listeners.BindFailure { failures.append(f) } catch {}
            }
        }
        return failures
    }

    public func stop() async {
        for ch in channels { try? await ch.close() }
        channels = []
    }
}

/// The UDP socket: each datagram is one request, answered from the same socket to its source.
final class SIPUDPHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>
    typealias OutboundOut = AddressedEnvelope<ByteBuffer>

    private let sink: EventSink
    private let persona: SIPPersona

    init(sink: EventSink, persona: SIPPersona) {
        self.sink = sink
        self.persona = persona
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = unwrapInboundIn(data)
        let ends = Endpoints(datagram: envelope.metadata, remote: envelope.remoteAddress, local: context.channel.localAddress)
        let ctx = ServiceContext(honeypot: "sip", endpoints: ends, transport: "udp")
        let total = envelope.data.readableBytes
        let bytes = Array(envelope.data.readableBytesView.prefix(SIPMessage.maxMessageBytes + 1))
        let payload = PayloadInfo(captured: bytes, totalLength: total)
        var wrote = false
        for o in SIPDatagram.handle(bytes, totalLength: total, persona: persona, context: ctx, payload: payload) {
            switch o {
            case .send(let reply):
                wrote = true
                context.write(wrapOutboundOut(AddressedEnvelope(remoteAddress: envelope.remoteAddress,
                                                                data: context.channel.allocator.buffer(bytes: reply))), promise: nil)
            case .event(let e): sink.emit(e)
            case .close: break
            }
        }
        if wrote { context.flush() }
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        // ICMP port-unreachable for an earlier reply surfaces here; the socket keeps serving.
    }
}
