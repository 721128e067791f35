import MitsuCore
import NIOCore

extension Endpoints {
    /// IPv4-mapped IPv6 is folded to IPv4, so an attacker has one address whether the listener was
    /// dual-stack or not.
    public init(remote: SocketAddress?, local: SocketAddress?) {
        self.init(srcIP: Endpoints.ip(remote), srcPort: remote?.port ?? 0, destIP: Endpoints.ip(local), destPort: local?.port ?? 0)
    }

    /// A datagram's ends: on a wildcard (`::`) socket the destination address comes from the packet's
    /// IP_PKTINFO, the port from the socket (a wildcard socket's own address says only `::`).
    public init(datagram metadata: AddressedEnvelope<ByteBuffer>.Metadata?, remote: SocketAddress, local: SocketAddress?) {
        self.init(remote: remote, local: local)
        if let destination = metadata?.packetInfo?.destinationAddress {
            destIP = Endpoints.ip(destination)
        }
    }

    static func ip(_ a: SocketAddress?) -> String {
        guard let text = a?.ipAddress else { return "" }
        return IPText.normalized(text) ?? text
    }
}
