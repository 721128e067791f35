import Foundation
import XCTest
import MitsuCore
import MitsuStore
import NIOPosix
@testable import MitsuRuntime

final class CollectorTests: XCTestCase {
    var dir: String!

    override func setUp() {
        dir = NSTemporaryDirectory() + "mitsu-collector-\(UUID().uuidString.prefix(8))"
    }

    override func tearDown() {
        try? FileManager.default.removeItem(atPath: dir)
    }

    func event(_ i: Int, ip: String = "127.0.0.1") -> Event {
        var e = Event(kind: .payload, honeypot: "trap", session: .random())
        e.set(Endpoints(srcIP: ip, srcPort: i, destIP: "::1", destPort: 81), transport: "tcp")
        e.payload = PayloadInfo(captured: Array("event \(i)".utf8))
        return e
    }

    func testShipperToCollectorToBothStores() async throws {
        var config = MitsuConfig()
        config.sensor.name = "unit"
        let paths = DataPaths(root: dir)
        let collector = try Collector(config: config, paths: paths, log: { _ in })
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        try await collector.start(group: group)
        let shipper = EventShipper(socketPath: paths.collectorSocket, spoolPath: paths.spoolPath(worker: "t"), sensor: nil)
        for i in 0..<5000 { shipper.emit(event(i, ip: i % 2 == 0 ? "10.1.2.3" : "::1")) }
        shipper.close()
        XCTAssertEqual(shipper.spooledCount, 0)
        // wait for the collector to have everything, then stop it (which flushes)
        let deadline = Date().addingTimeInterval(10)
        while collector.writtenCount < 5000 && Date() < deadline { try await Task.sleep(nanoseconds: 10_000_000) }
        await collector.stop()
        try await group.shutdownGracefully()

        let lines = try String(contentsOfFile: paths.eventsLog, encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(lines.count, 5000)
        let first = try EventCodec.decode(Array(lines[0].utf8))
        XCTAssertEqual(first.sensor, "unit", "the collector fills in the sensor name")
        XCTAssertEqual(first.geoip?.label, "private")
        let store = try SQLiteEventStore(path: paths.databasePath, retentionDays: 30)
        XCTAssertEqual(try store.count(EventQuery()), 5000)
        XCTAssertEqual(try store.count(EventQuery(srcIP: "10.0.0.0/8")), 2500)
        XCTAssertEqual(try store.count(EventQuery(srcIP: "::1")), 2500)
    }

    func testShipperSpoolsWhileCollectorIsAwayThenDrains() async throws {
        let paths = DataPaths(root: dir)
        try paths.createDirectories()
        let shipper = EventShipper(socketPath: paths.collectorSocket, spoolPath: paths.spoolPath(worker: "t"), sensor: "s")
        for i in 0..<100 { shipper.emit(event(i)) }
        XCTAssertEqual(shipper.spooledCount, 100)
        XCTAssertEqual(shipper.lostCount, 0)
        let spooled = try String(contentsOfFile: paths.spoolPath(worker: "t"), encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(spooled.count, 100)

        let collector = try await drain(shipper, into: paths, spooled: 100, total: 101) { shipper.emit(self.event(100)) }
        XCTAssertEqual(collector.writtenCount, 101)
        let size = (try FileManager.default.attributesOfItem(atPath: paths.spoolPath(worker: "t"))[.size] as? Int) ?? -1
        XCTAssertEqual(size, 0, "a drained spool is truncated")
        let lines = try String(contentsOfFile: paths.eventsLog, encoding: .utf8).split(separator: "\n")
        let ports = lines.compactMap { try? EventCodec.decode(Array($0.utf8)).srcPort }
        XCTAssertEqual(ports, Array(0...100), "spooled events arrive first and in order")
    }

    /// Starts a collector in `paths`, lets `shipper` hand it the `spooled` events it holds, runs `more`
    /// (which sends the rest), closes the shipper and stops the collector once `total` events are in.
    private func drain(_ shipper: EventShipper, into paths: DataPaths, spooled: Int, total: Int,
                       then more: () -> Void) async throws -> Collector {
        let collector = try Collector(config: MitsuConfig(), paths: paths, log: { _ in })
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        try await collector.start(group: group)
        shipper.startRetrying(intervalSeconds: 0.1)
        let deadline = Date().addingTimeInterval(10)
        while collector.writtenCount < spooled && Date() < deadline { try await Task.sleep(nanoseconds: 20_000_000) }
        more()
        shipper.close()
        while collector.writtenCount < total && Date() < deadline { try await Task.sleep(nanoseconds: 20_000_000) }
        await collector.stop()
        try await group.shutdownGracefully()
        return collector
    }

    /// Events emitted together are one send: spooled as a whole (each counted) while the collector is
    /// away, and arriving in order after the ones sent alone.
    func testShipperSendsABatchInOrderAndSpoolsItWhole() async throws {
        let paths = DataPaths(root: dir)
        try paths.createDirectories()
        let shipper = EventShipper(socketPath: paths.collectorSocket, spoolPath: paths.spoolPath(worker: "b"), sensor: "s")
        shipper.emit(contentsOf: (0..<3).map { event($0) })
        shipper.emit(contentsOf: [])
        XCTAssertEqual(shipper.spooledCount, 3)
        XCTAssertEqual(shipper.lostCount, 0)
        _ = try await drain(shipper, into: paths, spooled: 3, total: 10) {
            shipper.emit(self.event(3))
            shipper.emit(contentsOf: (4..<10).map { self.event($0) })
        }
        let lines = try String(contentsOfFile: paths.eventsLog, encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(lines.compactMap { try? EventCodec.decode(Array($0.utf8)).srcPort }, Array(0..<10))
        XCTAssertEqual(shipper.spooledCount, 3, "the later batches went straight to the collector")
    }

    func testBadLineFromAWorkerClosesThatConnectionOnly() async throws {
        let paths = DataPaths(root: dir)
        let reports = Reports()
        let collector = try Collector(config: MitsuConfig(), paths: paths, log: { reports.add($0) })
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        try await collector.start(group: group)
        guard var bad = UnixSocketClient.connect(path: paths.collectorSocket) else { return XCTFail("connect") }
        let garbage = Array("{\"not\":\"an event\"}\n".utf8)
        _ = garbage.withUnsafeBytes { bad.sendAll($0) }
        let good = EventShipper(socketPath: paths.collectorSocket, spoolPath: paths.spoolPath(worker: "g"), sensor: nil)
        good.emit(event(1))
        good.close()
        let deadline = Date().addingTimeInterval(5)
        while collector.writtenCount < 1 && Date() < deadline { try await Task.sleep(nanoseconds: 10_000_000) }
        bad.close()
        await collector.stop()
        try await group.shutdownGracefully()
        XCTAssertEqual(collector.writtenCount, 1)
        XCTAssertTrue(reports.all.contains { $0.contains("rejected a line") }, "\(reports.all)")
    }

    /// A worker sends each event on its own; the collector's socket rests `readPause` after each read, so
    /// a stream of sends closer together than that is read in far fewer reads than sends (a read per send
    /// woke the collector once per event), every event arriving, in order.
    func testCollectorSocketRestsBetweenReads() async throws {
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let path = dir + "/c.sock"
        let queue = IngestQueue(capacity: 100_000)
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let server = try await CollectorServer.bind(group: group, path: path, queue: queue, report: { _ in })
        guard let client = UnixSocketClient.connect(path: path) else { return XCTFail("connect") }
        let lines = (0..<400).map { EventCodec.encode(event($0)) + [10] }
        let start = Date()
        for line in lines {
            XCTAssertTrue(line.withUnsafeBytes { client.sendAll($0) })
            usleep(250)
        }
        let elapsed = Date().timeIntervalSince(start)
        let deadline = Date().addingTimeInterval(10)
        while queue.count < lines.count && Date() < deadline { try await Task.sleep(nanoseconds: 5_000_000) }
        let pushes = queue.pushes
        XCTAssertEqual(queue.pop(max: 1000, timeout: 1)?.map(\.srcPort), Array(0..<400))
        let pause = Double(IngestHandler.readPause.nanoseconds) / 1e9
        // At most one read per pause over the sending time, and one for what is left after it.
        XCTAssertLessThanOrEqual(pushes, Int(elapsed / pause) + 2, "\(pushes) reads in \(elapsed) s")
        var c = client
        c.close()
        try await server.close()
        try await group.shutdownGracefully()
    }

    func testIngestQueueBlocksNothingAndDrainsInOrder() {
        let q = IngestQueue(capacity: 10)
        XCTAssertTrue(q.push((0..<5).map { event($0) }))
        XCTAssertFalse(q.push((5..<12).map { event($0) }), "above the high-water mark the producer is told to pause")
        let resumed = expectation(description: "resume")
        q.onResume { resumed.fulfill() }
        let a = q.pop(max: 8, timeout: 0.1) ?? []
        XCTAssertEqual(a.map(\.srcPort), Array(0..<8))
        wait(for: [resumed], timeout: 1)
        // A buffer that fits in one batch is handed over whole; the queue goes on with a fresh one.
        XCTAssertTrue(q.push((20..<23).map { event($0) }))
        XCTAssertEqual(q.pop(max: 100, timeout: 0.1)?.map(\.srcPort), Array(8..<12))
        XCTAssertEqual(q.pop(max: 100, timeout: 0.1)?.map(\.srcPort), Array(20..<23))
        XCTAssertTrue(q.push((30..<32).map { event($0) }))
        XCTAssertEqual(q.pop(max: 100, timeout: 0.1)?.map(\.srcPort), Array(30..<32))
        XCTAssertTrue(q.push((40..<41).map { event($0) }))
        // Taken out of the producer's array (handed over when the queue's buffer is empty, appended when not).
        var read = (41..<44).map { event($0) }
        XCTAssertTrue(q.push(&read))
        XCTAssertTrue(read.isEmpty)
        read = [event(44)]
        XCTAssertTrue(q.push(&read))
        XCTAssertTrue(read.isEmpty)
        q.close()
        XCTAssertEqual(q.pop(max: 100, timeout: 0.1)?.map(\.srcPort), Array(40..<45))
        XCTAssertNil(q.pop(max: 100, timeout: 0.1))
    }

    /// Once an event is in, `gather` waits for the batch to fill: a trickle is taken together after the
    /// wait, and a batch that fills up is taken at once, without waiting the rest.
    func testIngestQueueGathersABatch() {
        let q = IngestQueue(capacity: 1000)
        q.push([event(0)])
        let second = [event(1)], rest = (3..<12).map { event($0) }
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.05) { q.push(second) }
        var start = Date()
        XCTAssertEqual(q.pop(max: 10, timeout: 1, gather: 0.3)?.map(\.srcPort), [0, 1])
        XCTAssertGreaterThanOrEqual(Date().timeIntervalSince(start), 0.3, "a trickle waits the whole gather time")
        q.push([event(2)])
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.05) { q.push(rest) }
        start = Date()
        XCTAssertEqual(q.pop(max: 10, timeout: 1, gather: 30)?.map(\.srcPort), Array(2..<12))
        XCTAssertLessThan(Date().timeIntervalSince(start), 20, "a full batch is taken without waiting out the gather time")
        // Without gather, what is there is taken at once.
        q.push([event(20)])
        XCTAssertEqual(q.pop(max: 10, timeout: 1)?.map(\.srcPort), [20])
    }
}

final class Reports: @unchecked Sendable {
    private let lock = Lock()
    private var messages: [String] = []
    func add(_ m: String) { lock.withLock { messages.append(m) } }
    var all: [String] { lock.withLock { messages } }
}
