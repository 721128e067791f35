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

    /// The address as inet_ntop writes it, which is already `IPText.normalized`'s canonical form except
    /// for IPv4-mapped IPv6, folded here from the bytes (no text round trip on every connection).
    static func ip(_ a: SocketAddress?) -> String {
        guard let a else { return "" }
        if case .v6(let v6) = a, let mapped = IPText.mappedIPv4(v6.address.sin6_addr) { return mapped }
        return a.ipAddress ?? ""
    }
}
