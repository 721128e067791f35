import MitsuNet
import NIOCore
import NIOEmbedded
import XCTest

/// The session caps on a channel whose clock the test moves (`EmbeddedEventLoop`'s time is virtual).
final class SessionGuardHandlerTests: XCTestCase {
    /// Records the reasons the guard gave for ending the session, and what reached the protocol handler.
    private final class Recorder: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = ByteBuffer
        var reasons: [SessionLimitReached.Reason] = []
        var delivered = 0
        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            delivered += unwrapInboundIn(data).readableBytes
        }
        func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
            if let limit = event as? SessionLimitReached { reasons.append(limit.reason) }
        }
    }

    private func session(maxBytes: Int = 1_000, idle: Int = 2, lifetime: Int = 100) throws -> (EmbeddedChannel, Recorder) {
        let recorder = Recorder()
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandler(SessionGuardHandler(maxBytes: maxBytes, idleSeconds: idle, lifetimeSeconds: lifetime))
        try channel.pipeline.syncOperations.addHandler(recorder)
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).wait()
        return (channel, recorder)
    }

    private func send(_ channel: EmbeddedChannel, _ bytes: Int) throws {
        try channel.writeInbound(channel.allocator.buffer(repeating: 0x41, count: bytes))
    }

    /// Still open 1 ms before `milliseconds` from now, closed for `reason` at it.
    private func assertEnds(_ channel: EmbeddedChannel, _ recorder: Recorder, after milliseconds: Int64,
                            for reason: SessionLimitReached.Reason, line: UInt = #line) {
        channel.embeddedEventLoop.advanceTime(by: .milliseconds(milliseconds - 1))
        XCTAssertTrue(channel.isActive, line: line)
        channel.embeddedEventLoop.advanceTime(by: .milliseconds(1))
        XCTAssertFalse(channel.isActive, line: line)
        XCTAssertEqual(recorder.reasons, [reason], line: line)
    }

    func testSilentSessionEndsAfterTheIdleTime() throws {
        let (channel, recorder) = try session(idle: 2)
        assertEnds(channel, recorder, after: 2_000, for: .idle)
    }

    func testEachReadPushesTheIdleDeadline() throws {
        let (channel, recorder) = try session(idle: 2)
        // Ten seconds of a byte every 1.5 s: never 2 s of silence, so the session stays.
        for _ in 0..<7 {
            channel.embeddedEventLoop.advanceTime(by: .milliseconds(1_500))
            try send(channel, 1)
        }
        XCTAssertTrue(channel.isActive)
        XCTAssertEqual(recorder.reasons, [])
        // Then silence: it ends 2 s after the last byte, not at a deadline set before it.
        assertEnds(channel, recorder, after: 2_000, for: .idle)
        XCTAssertEqual(recorder.delivered, 7)
    }

    func testLifetimeCapEndsABusySession() throws {
        let (channel, recorder) = try session(idle: 2, lifetime: 5)
        for _ in 0..<4 {
            channel.embeddedEventLoop.advanceTime(by: .seconds(1))
            try send(channel, 1)
        }
        assertEnds(channel, recorder, after: 1_000, for: .lifetime)
    }

    func testByteCapDeliversExactlyTheCapThenEnds() throws {
        let (channel, recorder) = try session(maxBytes: 10)
        try send(channel, 6)
        XCTAssertTrue(channel.isActive)
        try send(channel, 6)
        XCTAssertEqual(recorder.delivered, 10)
        XCTAssertFalse(channel.isActive)
        XCTAssertEqual(recorder.reasons, [.bytes])
    }

    func testNoIdleEventAfterThePeerClosed() throws {
        let (channel, recorder) = try session(idle: 2)
        channel.embeddedEventLoop.advanceTime(by: .seconds(1))
        try send(channel, 1)
        _ = try channel.finish(acceptAlreadyClosed: true)
        channel.embeddedEventLoop.advanceTime(by: .seconds(10))
        XCTAssertEqual(recorder.reasons, [])
    }
}
