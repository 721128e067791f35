import NIOCore
#if canImport(Glibc)
import Glibc

/// Reads the destination a connection had before an iptables REDIRECT rewrote it (SO_ORIGINAL_DST), so
/// the all-port trap knows which port the attacker really knocked on.
public enum OriginalDestination {
    /// `SO_ORIGINAL_DST` from linux/netfilter_ipv4.h (and IP6T_SO_ORIGINAL_DST, same number).
    static let soOriginalDst: Int32 = 80

    public static func port(of channel: Channel) -> EventLoopFuture<Int?> {
        guard let provider = channel as? SocketOptionProvider else {
            return channel.eventLoop.makeSucceededFuture(nil)
        }
        let v4: EventLoopFuture<sockaddr_in> = provider.unsafeGetSocketOption(
            level: SocketOptionLevel(IPPROTO_IP), name: SocketOptionName(soOriginalDst))
        return v4.map { Optional(Int(UInt16(bigEndian: $0.sin_port))) }.flatMapError { _ in
            let v6: EventLoopFuture<sockaddr_in6> = provider.unsafeGetSocketOption(
                level: SocketOptionLevel(IPPROTO_IPV6), name: SocketOptionName(soOriginalDst))
            return v6.map { Optional(Int(UInt16(bigEndian: $0.sin6_port))) }.recover { _ in nil }
        }
    }
}
#endif
