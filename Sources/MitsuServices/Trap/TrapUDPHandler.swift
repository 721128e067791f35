import MitsuCore
import MitsuNet
import NIOCore

/// Each datagram is its own session: one `payload` event carrying the bytes (up to the cap).
///
/// A configured response is sent back only when it is no larger than the request: a UDP honeypot that
/// answers spoofed small probes with bigger replies would be a reflection amplifier for attackers.
final class TrapUDPHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>
    typealias OutboundOut = AddressedEnvelope<ByteBuffer>

    private let sink: EventSink
    private let cap: Int
    private let responses: [Int: [UInt8]]

    init(sink: EventSink, cap: Int, responses: [Int: [UInt8]]) {
        self.sink = sink
        self.cap = cap
        self.responses = responses
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = unwrapInboundIn(data)
        let ends = Endpoints(datagram: envelope.metadata, remote: envelope.remoteAddress, local: context.channel.localAddress)
        var s = TrapSession(endpoints: ends, transport: "udp", cap: cap)
        envelope.data.withUnsafeReadableBytes { s.received($0) }
        if let reply = responses[ends.destPort], !reply.isEmpty, reply.count <= envelope.data.readableBytes {
            s.sent(reply.count)
            let out = AddressedEnvelope(remoteAddress: envelope.remoteAddress, data: context.channel.allocator.buffer(bytes: reply))
            context.writeAndFlush(wrapOutboundOut(out), promise: nil)
        }
        if var p = s.closeEvents(at: s.startedAt).first, p.kind == .payload {
            p.bytesOut = s.bytesOut
            sink.emit(p)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        // ICMP port-unreachable for a reply surfaces here; a UDP socket keeps serving.
    }
}
