import MitsuEnrich
import NIOCore
import NIOPosix

/// One passive-mode FTP download (RFC 959, EPSV from RFC 2428) from an address already checked against
/// the policy: USER/PASS (anonymous unless the URL names a user), TYPE I, EPSV (PASV if refused), RETR.
/// The data address is checked again and must be the control connection's own host; the file is kept
/// up to `maxBytes` and the whole exchange is bounded by `timeout`.
enum FTPGet {
    enum Failure: Error, Equatable {
        case refused
        case timedOut
        /// The server refused the login or the file (`550`); the text is its reply.
        case rejected(Int, String)
        case protocolError
    }

    struct Login: Sendable {
        var user = "anonymous"
        var password = "anonymous@"
    }

    static func get(group: EventLoopGroup, address: IPAddress, port: Int, path: String, login: Login,
                    maxBytes: Int, timeout: TimeAmount, allowed: @escaping @Sendable (IPAddress) -> Bool) async throws -> [UInt8] {
        // A name, password or path holding a line break would smuggle another FTP command.
        let unsafe = [path, login.user, login.password].contains { $0.contains("\r") || $0.contains("\n") || $0.contains("\0") }
        guard !unsafe, !path.isEmpty, path.utf8.count <= 1_024 else { throw Failure.refused }
        return try await withThrowingTaskGroup(of: [UInt8].self) { tasks in
            tasks.addTask {
                try await transfer(group: group, address: address, port: port, path: path, login: login,
                                   maxBytes: maxBytes, timeout: timeout, allowed: allowed)
            }
            tasks.addTask {
                try await Task.sleep(nanoseconds: UInt64(timeout.nanoseconds))
                throw Failure.timedOut
            }
            defer { tasks.cancelAll() }
            guard let first = try await tasks.next() else { throw Failure.timedOut }
            return first
        }
    }

    private static func connect(group: EventLoopGroup, host: IPAddress, port: Int, timeout: TimeAmount) async throws -> NIOAsyncChannel<ByteBuffer, ByteBuffer> {
        guard let socketAddress = try? SocketAddress(ipAddress: "\(host)", port: port) else { throw Failure.refused }
        do {
            return try await ClientBootstrap(group: group)
                .connectTimeout(timeout)
                .connect(to: socketAddress) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                    }
                }
        } catch let e as ChannelError where e == .connectTimeout(timeout) {
            throw Failure.timedOut
        } catch {
            throw Failure.refused
        }
    }

    private static func transfer(group: EventLoopGroup, address: IPAddress, port: Int, path: String, login: Login,
                                 maxBytes: Int, timeout: TimeAmount, allowed: @Sendable (IPAddress) -> Bool) async throws -> [UInt8] {
        let control = try await connect(group: group, host: address, port: port, timeout: timeout)
        return try await control.executeThenClose { inbound, outbound in
            var server = ControlReader(iterator: inbound.makeAsyncIterator())
            func send(_ line: String) async throws { try await outbound.write(ByteBuffer(string: line + "\r\n")) }
            func command(_ line: String) async throws -> FTPReply {
                try await send(line)
                return try await server.reply()
            }
            var greeting = try await server.reply()
            if greeting.code == 120 { greeting = try await server.reply() }  // "ready in n minutes"
            guard greeting.code == 220 else { throw Failure.rejected(greeting.code, greeting.text) }
            var reply = try await command("USER \(login.user)")
            if reply.code == 331 || reply.code == 332 { reply = try await command("PASS \(login.password)") }
            guard reply.code == 230 || reply.code == 202 else { throw Failure.rejected(reply.code, reply.text) }
            reply = try await command("TYPE I")
            guard reply.code == 200 else { throw Failure.rejected(reply.code, reply.text) }
            reply = try await command("EPSV")
            if reply.code != 229 { reply = try await command("PASV") }
            guard let target = FTPPassive.dataTarget(reply, controlHost: "\(address)"),
                  let dataHost = IPAddress(target.host), allowed(dataHost) else { throw Failure.refused }
            let data = try await connect(group: group, host: dataHost, port: target.port, timeout: timeout)
            return try await data.executeThenClose { dataIn, _ in
                reply = try await command("RETR \(path)")
                guard reply.code == 150 || reply.code == 125 else { throw Failure.rejected(reply.code, reply.text) }
                var body: [UInt8] = []
                for try await chunk in dataIn {
                    body += chunk.readableBytesView.prefix(max(0, maxBytes - body.count))
                    // Enough: keep what fits and stop reading (as the HTTP fetch does).
                    if body.count >= maxBytes { return body }
                }
                // The transfer's end on the control connection; a short file without 226 is not trusted.
                reply = try await server.reply()
                guard reply.code == 226 || reply.code == 250 else { throw Failure.rejected(reply.code, reply.text) }
                try? await send("QUIT")
                return body
            }
        }
    }

    /// Replies from the control connection, through the sans-I/O parser.
    private struct ControlReader {
        var iterator: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
        var parser = FTPReplyParser()
        var ready: [FTPReply] = []

        mutating func reply() async throws -> FTPReply {
            while ready.isEmpty {
                guard let chunk = try await iterator.next() else { throw Failure.refused }
                do {
                    ready += try parser.feed(chunk.readableBytesView)
                } catch {
                    throw Failure.protocolError
                }
            }
            return ready.removeFirst()
        }
    }
}
