import MitsuCore
import NIOCore
import NIOPosix

/// Binding of honeypot ports. A port that cannot be bound (in use, no permission, out of range after
/// `--port-offset`) is reported and skipped: one bad port must not take the other honeypots down.
public enum Listeners {
    public struct BindFailure: Error, Sendable, CustomStringConvertible {
        public var transport: String
        public var host: String
        public var port: Int
        public var reason: String
        public var description: String { "cannot bind \(transport) \(host) port \(port): \(reason)" }
    }

    /// Binds a TCP listener. `initializer` sets up each accepted connection's pipeline.
    public static func tcp(
        group: EventLoopGroup, host: String, port: Int, backlog: Int, v6Only: Bool = false,
        initializer: @escaping @Sendable (Channel) -> EventLoopFuture<Void>
    ) async throws -> Channel {
        guard (1...65535).contains(port) else {
            throw BindFailure(transport: "tcp", host: host, port: port, reason: "port out of range 1-65535")
        }
        var bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.backlog, value: Int32(clamping: backlog))
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            // No SO_REUSEADDR on accepted sockets: it only matters to bind(), and it cost every
            // connection a setsockopt. TCP_NODELAY is NIO's default for them; said here because the
            // honeypots' replies (banners, prompts) must not wait for Nagle.
            .childChannelOption(ChannelOptions.tcpOption(.tcp_nodelay), value: 1)
            .childChannelOption(ChannelOptions.allowRemoteHalfClosure, value: true)
            .childChannelInitializer(initializer)
        if host.contains(":") {
            bootstrap = bootstrap.serverChannelOption(
                ChannelOptions.socketOption(SocketOptionName(IPV6_V6ONLY), level: SocketOptionLevel(IPPROTO_IPV6)),
                value: v6Only ? 1 : 0)
        }
        do {
            return try await bootstrap.bind(host: host, port: port).get()
        } catch {
            throw BindFailure(transport: "tcp", host: host, port: port, reason: "\(error)")
        }
    }

    /// Binds a UDP socket whose pipeline `initializer` sets up.
    public static func udp(
        group: EventLoopGroup, host: String, port: Int,
        initializer: @escaping @Sendable (Channel) -> EventLoopFuture<Void>
    ) async throws -> Channel {
        guard (1...65535).contains(port) else {
            throw BindFailure(transport: "udp", host: host, port: port, reason: "port out of range 1-65535")
        }
        var bootstrap = DatagramBootstrap(group: group)
            .channelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            // IP_PKTINFO / IPV6_RECVPKTINFO: on a wildcard socket, the address each datagram was sent to.
            .channelOption(.receivePacketInfo, value: true)
            .channelInitializer(initializer)
        if host.contains(":") {
            bootstrap = bootstrap.channelOption(
                ChannelOptions.socketOption(SocketOptionName(IPV6_V6ONLY), level: SocketOptionLevel(IPPROTO_IPV6)),
                value: 0)
        }
        do {
            return try await bootstrap.bind(host: host, port: port).get()
        } catch {
            throw BindFailure(transport: "udp", host: host, port: port, reason: "\(error)")
        }
    }
}

extension ChannelOptions {
    static func socketOption(_ name: SocketOptionName, level: SocketOptionLevel) -> Types.SocketOption {
        Types.SocketOption(level: level, name: name)
    }
}
