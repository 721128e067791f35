import MitsuCore
import NIOCore
import NIOEmbedded
import XCTest
@testable import MitsuSSH

/// The NIO shell around the state machine: how it hands events to the sink.
final class SSHServerHandlerTests: XCTestCase {
    /// Records each call to the sink: one entry per `emit` or `emit(contentsOf:)`.
    final class RecordingSink: EventSink, @unchecked Sendable {
        private(set) var calls: [[EventKind]] = []
        func emit(_ event: Event) { calls.append([event.kind]) }
        func emit(contentsOf events: [Event]) { calls.append(events.map(\.kind)) }
    }

    /// The client's version and KEXINIT arrive in one read: their two events go to the sink in one call
    /// (one send to the collector), in order, and our KEXINIT goes out in the same step.
    func testEventsOfOneStepAreEmittedTogetherInOrder() throws {
        let sink = RecordingSink()
        let ctx = SSHServerContext(persona: SSHPersona.openSSH92Debian.implemented(), hostKeys: SSHTransportTests.keys,
                                   policy: LoginPolicy(rules: [], acceptAfter: 0), hostname: "h", shell: MinimalShell(hostname: "h"))
        let handler = SSHServerHandler(context: ctx, sink: sink, loginGraceSeconds: 120, gate: StartupGate())
        let channel = EmbeddedChannel(handler: handler)
        try channel.connect(to: SocketAddress(ipAddress: "198.51.100.7", port: 40_000)).wait()
        XCTAssertEqual(sink.calls, [[.sessionConnect]])
        let banner = try XCTUnwrap(channel.readOutbound(as: ByteBuffer.self))
        XCTAssertEqual(String(buffer: banner), SSHPersona.openSSH92Debian.banner + "\r\n")

        let client = KexInit(cookie: [UInt8](repeating: 1, count: 16), kex: ["curve25519-sha256"], hostKey: ["ssh-ed25519"],
                             ciphers: ["aes128-ctr"], macs: ["hmac-sha2-256"], compression: ["none"])
        var plain = PlaintextProtection()
        var bytes = Array("SSH-2.0-libssh_0.9.6\r\n".utf8)
        bytes += plain.seal(client.payload(), sequence: 0)
        try channel.writeInbound(ByteBuffer(bytes: bytes))
        XCTAssertEqual(sink.calls, [[.sessionConnect], [.sshClientVersion, .sshClientKex]])
        let kexInit = try XCTUnwrap(channel.readOutbound(as: ByteBuffer.self))
        XCTAssertEqual(kexInit.getInteger(at: 5, as: UInt8.self), SSHMessage.kexInit)

        _ = try channel.finish(acceptAlreadyClosed: true)
        XCTAssertEqual(sink.calls.last, [.sessionClose])
    }
}
