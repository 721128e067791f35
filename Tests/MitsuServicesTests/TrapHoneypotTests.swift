import XCTest
import MitsuCore
import MitsuNet
import NIOCore
import NIOPosix
@testable import MitsuServices

/// The trap on real loopback sockets (IPv4 and IPv6), with events collected in memory.
final class TrapHoneypotTests: XCTestCase {
    var group: MultiThreadedEventLoopGroup!

    override func setUp() { group = MultiThreadedEventLoopGroup(numberOfThreads: 2) }
    override func tearDown() { try? group.syncShutdownGracefully() }

    static func freePort(udp: Bool = false) -> Int {
        // Ask the kernel for a free port of the right kind, then release it (good enough on a test machine).
        let fd = socket(AF_INET6, Int32(udp ? SOCK_DGRAM.rawValue : SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in6()
        addr.sin6_family = sa_family_t(AF_INET6)
        var len = socklen_t(MemoryLayout<sockaddr_in6>.size)
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) } }
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
        return Int(UInt16(bigEndian: addr.sin6_port))
    }

    func makeTrap(tcp: [Int], udp: [Int] = [], configure: (inout TrapConfig) -> Void = { _ in }) async -> (TrapHoneypot, CollectingSink) {
        var c = TrapConfig()
        c.common.tcpPorts = tcp
        c.common.udpPorts = udp
        configure(&c)
        let sink = CollectingSink()
        let trap = TrapHoneypot(config: c, portOffset: 0, sink: sink)
        let failures = await trap.start(group: group)
        XCTAssertEqual(failures.count, 0, "\(failures)")
        return (trap, sink)
    }

    func waitFor(_ sink: CollectingSink, timeout: Double = 5, _ done: ([Event]) -> Bool) async -> [Event] {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if done(sink.events) { return sink.events }
            try? await Task.sleep(nanoseconds: 20_000_000)
        }
        return sink.events
    }

    /// A connected blocking TCP socket to host:port (IPv4 or IPv6), or -1.
    func connectTCP(_ host: String, _ port: Int) -> Int32 {
        let family = host.contains(":") ? AF_INET6 : AF_INET
        let fd = socket(family, Int32(SOCK_STREAM.rawValue), 0)
        var ok: Int32
        if family == AF_INET6 {
            var a = sockaddr_in6()
            a.sin6_family = sa_family_t(AF_INET6)
            a.sin6_port = UInt16(port).bigEndian
            inet_pton(AF_INET6, host, &a.sin6_addr)
            ok = withUnsafePointer(to: &a) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in6>.size)) } }
        } else {
            var a = sockaddr_in()
            a.sin_family = sa_family_t(AF_INET)
            a.sin_port = UInt16(port).bigEndian
            inet_pton(AF_INET, host, &a.sin_addr)
            ok = withUnsafePointer(to: &a) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        }
        if ok != 0 {
            close(fd)
            return -1
        }
        return fd
    }

    func send(host: String, port: Int, _ bytes: [UInt8], readReply: Bool = false) throws -> [UInt8] {
        let fd = connectTCP(host, port)
        guard fd >= 0 else { throw POSIXError(.ECONNREFUSED) }
        defer { close(fd) }
        var reply: [UInt8] = []
        if readReply {
            var tv = timeval(tv_sec: 2, tv_usec: 0)
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
            var buf = [UInt8](repeating: 0, count: 4096)
            let n = recv(fd, &buf, buf.count, 0)
            if n > 0 { reply = Array(buf[0..<n]) }
        }
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { break }
            sent += n
        }
        shutdown(fd, Int32(SHUT_WR))
        var buf = [UInt8](repeating: 0, count: 64)
        while recv(fd, &buf, buf.count, 0) > 0 {}
        return reply
    }

    func testTCPPayloadOverIPv4AndIPv6() async throws {
        let port = Self.freePort()
        let (trap, sink) = await makeTrap(tcp: [port])
        defer { Task { await trap.stop() } }
        let payload: [UInt8] = Array("*1\r\n$4\r\nINFO\r\n".utf8) + [0, 0xFF, 0x7F]
        _ = try send(host: "127.0.0.1", port: port, payload)
        _ = try send(host: "::1", port: port, payload)
        let events = await waitFor(sink) { $0.filter { $0.kind == .sessionClose }.count == 2 }
        let payloads = events.filter { $0.kind == .payload }
        XCTAssertEqual(payloads.count, 2)
        XCTAssertEqual(Set(payloads.map { $0.srcIP ?? "" }), ["127.0.0.1", "::1"])
        for p in payloads {
            XCTAssertEqual(p.payload?.sha256, Digests.sha256(payload))
            XCTAssertEqual(p.payload?.b64, Data(payload).base64EncodedString())
            XCTAssertEqual(p.destPort, port)
            XCTAssertEqual(p.transport, "tcp")
        }
        let closes = events.filter { $0.kind == .sessionClose }
        XCTAssertEqual(closes.map { $0.bytesIn }, [Int64(payload.count), Int64(payload.count)])
        XCTAssertEqual(Set(events.compactMap(\.session)).count, 2, "one session id per connection")
    }

    func testPayloadCapAndCannedResponse() async throws {
        let port = Self.freePort()
        let (trap, sink) = await makeTrap(tcp: [port]) {
            $0.payloadCap = 100
            $0.responses = [port: "+OK ready\r\n"]
        }
        defer { Task { await trap.stop() } }
        let big = (0..<5000).map { UInt8($0 % 251) }
        let reply = try send(host: "127.0.0.1", port: port, big, readReply: true)
        XCTAssertEqual(String(decoding: reply, as: UTF8.self), "+OK ready\r\n")
        let events = await waitFor(sink) { $0.contains { $0.kind == .sessionClose } }
        let p = try XCTUnwrap(events.first { $0.kind == .payload }?.payload)
        XCTAssertEqual(p.length, 5000)
        XCTAssertEqual(p.truncated, true)
        XCTAssertEqual(p.sha256, Digests.sha256(Array(big.prefix(100))))
        XCTAssertEqual(events.first { $0.kind == .sessionClose }?.bytesOut, 11)
    }

    func testReadTimeoutClosesSilentSession() async throws {
        let port = Self.freePort()
        let (trap, sink) = await makeTrap(tcp: [port]) { $0.readTimeoutSeconds = 1 }
        defer { Task { await trap.stop() } }
        let fd = connectTCP("127.0.0.1", port)
        defer { close(fd) }
        let events = await waitFor(sink, timeout: 5) { $0.contains { $0.kind == .sessionClose } }
        let close = try XCTUnwrap(events.first { $0.kind == .sessionClose })
        XCTAssertEqual(close.message, "idle timeout")
        XCTAssertGreaterThanOrEqual(close.duration ?? 0, 0.9)
    }

    func testPerIPCapRefusesAndReports() async throws {
        let port = Self.freePort()
        let (trap, sink) = await makeTrap(tcp: [port]) { $0.common.limits.maxConnectionsPerIP = 2 }
        defer { Task { await trap.stop() } }
        var fds: [Int32] = []
        for _ in 0..<5 { fds.append(connectTCP("127.0.0.1", port)) }
        let events = await waitFor(sink) { evs in evs.filter { $0.kind == .sessionConnect }.count == 2 && evs.contains { $0.kind == .sessionRefused } }
        for fd in fds { close(fd) }
        XCTAssertEqual(events.filter { $0.kind == .sessionConnect }.count, 2)
        let refused = events.filter { $0.kind == .sessionRefused }
        XCTAssertEqual(refused.count, 1, "refusals are reported once per address per minute")
        XCTAssertEqual(refused.first?.message, "per-address connection cap")
    }

    func testUDPDatagramIsAPayloadAndRepliesNeverAmplify() async throws {
        let port = Self.freePort(udp: true)
        let (trap, sink) = await makeTrap(tcp: [], udp: [port]) { $0.responses = [port: "0123456789"] }
        defer { Task { await trap.stop() } }
        let fd = socket(AF_INET6, Int32(SOCK_DGRAM.rawValue), 0)
        defer { close(fd) }
        var a = sockaddr_in6()
        a.sin6_family = sa_family_t(AF_INET6)
        a.sin6_port = UInt16(port).bigEndian
        inet_pton(AF_INET6, "::1", &a.sin6_addr)
        var tv = timeval(tv_sec: 1, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        func datagram(_ d: [UInt8]) -> Int {
            _ = d.withUnsafeBytes { raw in
                withUnsafePointer(to: &a) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { sendto(fd, raw.baseAddress, raw.count, 0, $0, socklen_t(MemoryLayout<sockaddr_in6>.size)) } }
            }
            var buf = [UInt8](repeating: 0, count: 100)
            return recv(fd, &buf, buf.count, 0)
        }
        XCTAssertEqual(datagram(Array("tiny".utf8)), -1, "a 4-byte probe must not get a 10-byte reply")
        XCTAssertEqual(datagram(Array("a long enough probe".utf8)), 10)
        let events = await waitFor(sink) { $0.filter { $0.kind == .payload }.count == 2 }
        let p = events.filter { $0.kind == .payload }
        XCTAssertEqual(p.map { $0.payload?.sha256 }, [Digests.sha256(Array("tiny".utf8)), Digests.sha256(Array("a long enough probe".utf8))])
        XCTAssertEqual(p.map { $0.transport }, ["udp", "udp"])
        XCTAssertEqual(p.map { $0.srcIP }, ["::1", "::1"])
    }

    func testPortInUseIsReportedAndOthersServe() async throws {
        let busy = Self.freePort()
        let holder = try await ServerBootstrap(group: group).bind(host: "::", port: busy).get()
        defer { holder.close(promise: nil) }
        let free = Self.freePort()
        var c = TrapConfig()
        c.common.tcpPorts = [busy, free]
        c.common.udpPorts = []
        let sink = CollectingSink()
        let trap = TrapHoneypot(config: c, portOffset: 0, sink: sink)
        let failures = await trap.start(group: group)
        defer { Task { await trap.stop() } }
        XCTAssertEqual(failures.map(\.port), [busy])
        _ = try send(host: "127.0.0.1", port: free, Array("x".utf8))
        let events = await waitFor(sink) { $0.contains { $0.kind == .payload } }
        XCTAssertEqual(events.first { $0.kind == .payload }?.destPort, free)
    }
}
