import Foundation
import MitsuCore
import NIOCore
import NIOPosix

/// A worker's `EventSink`: ships each event to the collector over its Unix socket as one JSON line and,
/// while the collector is away, appends it to a spool file instead. When the collector is back the spool
/// is sent first, then truncated, so nothing is dropped (a crash between the two can repeat spooled
/// events: delivery is at least once).
///
/// An event emitted on an event loop is sent when that loop has handled the I/O it was woken for (a task
/// queued on the loop, which runs before it waits again), together with every other event emitted by then:
/// under load one send carries the events of several requests, and the collector reads and wakes once for
/// them instead of once per event. So an event is in the kernel's buffer before its loop sleeps (a kill -9
/// loses only what the worker was still handling, as before). Off a loop, `emit` sends at once.
///
/// The spool file is opened and the first connection made at construction, before the worker drops its
/// privileges: the unprivileged worker may no longer be allowed to reach the data directory by path.
public final class EventShipper: EventSink, @unchecked Sendable {
    private let socketPath: String
    private let spoolPath: String
    private let sensor: String?
    private let lock = Lock()
    private var client: UnixSocketClient?
    private var lastAttemptMS: Int64 = 0
    private var spoolHasData: Bool
    /// Open for the worker's whole life (O_APPEND for writes, pread + ftruncate to drain).
    private let spoolFD: Int32
    private var retryThread: Thread?
    private var stopped = false
    /// Encoded lines not yet sent, in the order they were emitted.
    private var pending: [UInt8] = []
    private var pendingEvents = 0
    /// Loops that have a send of `pending` queued.
    private var loopsWithSendQueued: Set<ObjectIdentifier> = []
    /// Past this many bytes `pending` is sent at once rather than at the end of the loop's turn.
    static let pendingLimit = 256 * 1024
    /// Events that could be neither sent nor spooled (disk full while the collector is away).
    public private(set) var lostCount = 0
    public private(set) var spooledCount = 0
    /// Both counters, read consistently from another thread (the worker's stats writer).
    public var counts: (lost: Int, spooled: Int) { lock.withLock { (lostCount, spooledCount) } }

    public init(socketPath: String, spoolPath: String, sensor: String?) {
        self.socketPath = socketPath
        self.spoolPath = spoolPath
        self.sensor = sensor
        spoolFD = open(spoolPath, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        var st = stat()
        spoolHasData = spoolFD >= 0 && fstat(spoolFD, &st) == 0 && st.st_size > 0
        lock.withLock { _ = ensureConnected(force: true) }
    }

    deinit {
        client?.close()
        if spoolFD >= 0 { Glibc.close(spoolFD) }
    }

    /// Starts a background retry so a spool drains even when no new events arrive.
    public func startRetrying(intervalSeconds: Double = 1) {
        let t = Thread { [weak self] in
            while let self, !self.isStopped {
                Thread.sleep(forTimeInterval: intervalSeconds)
                self.lock.withLock { _ = self.ensureConnected(force: true) }
            }
        }
        t.name = "mitsu-shipper-retry"
        t.start()
        retryThread = t
    }

    private var isStopped: Bool { lock.withLock { stopped } }

    public func emit(_ event: Event) {
        var e = event
        if e.sensor == nil { e.sensor = sensor }
        var line = EventCodec.encode(e)
        line.append(10)
        guard let loop = MultiThreadedEventLoopGroup.currentEventLoop else {
            lock.withLock {
                pending.append(contentsOf: line)
                pendingEvents += 1
                sendPending()
            }
            return
        }
        let key = ObjectIdentifier(loop)
        let queueSend: Bool = lock.withLock {
            pending.append(contentsOf: line)
            pendingEvents += 1
            if pending.count >= Self.pendingLimit {
                sendPending()
                return false
            }
            return loopsWithSendQueued.insert(key).inserted
        }
        if queueSend {
            loop.execute { [self] in
                lock.withLock {
                    loopsWithSendQueued.remove(key)
                    sendPending()
                }
            }
        }
    }

    /// Sends (or spools) everything pending. Call with the lock held.
    private func sendPending() {
        guard !pending.isEmpty else { return }
        defer {
            pending.removeAll(keepingCapacity: pending.capacity <= 2 * Self.pendingLimit)
            pendingEvents = 0
        }
        if ensureConnected(force: false), let c = client {
            let ok = pending.withUnsafeBytes { c.sendAll($0) }
            if ok { return }
            dropConnection()
        }
        spool(pending, events: pendingEvents)
    }

    /// Called at shutdown: one last attempt to hand the spool to the collector.
    public func close() {
        lock.withLock {
            stopped = true
            _ = ensureConnected(force: true)
            sendPending()
            client?.close()
            client = nil
        }
    }

    private func dropConnection() {
        client?.close()
        client = nil
    }

    /// Connects when needed (at most once a second unless forced by the retry thread) and drains the spool.
    private func ensureConnected(force: Bool) -> Bool {
        if client != nil {
            if spoolHasData { _ = drainSpool() }
            return client != nil
        }
        let now = Timestamp.now().millisecondsSince1970
        guard force || now - lastAttemptMS >= 1000 else { return false }
        lastAttemptMS = now
        guard let c = UnixSocketClient.connect(path: socketPath) else { return false }
        client = c
        if spoolHasData { return drainSpool() }
        return true
    }

    private func drainSpool() -> Bool {
        guard let c = client, spoolFD >= 0 else {
            spoolHasData = false
            return client != nil
        }
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        var offset: off_t = 0
        while true {
            let n = chunk.withUnsafeMutableBytes { pread(spoolFD, $0.baseAddress, $0.count, offset) }
            if n < 0, errno == EINTR { continue }
            if n <= 0 { break }
            offset += off_t(n)
            let ok = chunk.withUnsafeBytes { c.sendAll(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
            if !ok {
                dropConnection()
                return false
            }
        }
        _ = ftruncate(spoolFD, 0)
        spoolHasData = false
        return true
    }

    /// Appends `lines` (`events` whole lines) to the spool file.
    private func spool(_ lines: [UInt8], events: Int) {
        let written = spoolFD < 0 ? -1 : lines.withUnsafeBytes { write(spoolFD, $0.baseAddress, $0.count) }
        if written == lines.count {
            spooledCount += events
            spoolHasData = true
            return
        }
        if written > 0 { _ = ftruncate(spoolFD, lseek(spoolFD, 0, SEEK_END) - off_t(written)) }  // no half line
        let before = lostCount
        lostCount += events
        // Neither the collector nor the disk took it: say so loudly (the counter is the record).
        if before == 0 || before / 1000 != lostCount / 1000 {
            FileHandle.standardError.write(Data("mitsu worker: \(lostCount) event(s) lost: collector unreachable and spool \(spoolPath) not writable (errno \(errno))\n".utf8))
        }
    }
}
