import Foundation
import MitsuCore

/// A worker's `EventSink`: ships each event to the collector over its Unix socket as one JSON line and,
/// while the collector is away, appends it to a spool file instead. When the collector is back the spool
/// is sent first, then truncated, so nothing is dropped (a crash between the two can repeat spooled
/// events: delivery is at least once).
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
        var line: [UInt8] = []
        append(event, to: &line)
        ship(line, events: 1)
    }

    /// One send for all of them: a handler that produced several events in one step (an SSH client's
    /// version and KEXINIT arrive together) costs the worker one system call and the collector one wakeup.
    public func emit(contentsOf events: [Event]) {
        var lines: [UInt8] = []
        for event in events { append(event, to: &lines) }
        ship(lines, events: events.count)
    }

    private func append(_ event: Event, to lines: inout [UInt8]) {
        var e = event
        if e.sensor == nil { e.sensor = sensor }
        lines += EventCodec.encode(e)
        lines.append(10)
    }

    /// `lines` holds `events` whole lines. If the collector goes away mid-send they are all spooled: lines
    /// it had already read arrive twice rather than none being lost.
    private func ship(_ lines: [UInt8], events: Int) {
        guard events > 0 else { return }
        lock.withLock {
            if ensureConnected(force: false), let c = client {
                let ok = lines.withUnsafeBytes { c.sendAll($0) }
                if ok { return }
                dropConnection()
            }
            spool(lines, events: events)
        }
    }

    /// Called at shutdown: one last attempt to hand the spool to the collector.
    public func close() {
        lock.withLock {
            stopped = true
            _ = ensureConnected(force: true)
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

    private func spool(_ lines: [UInt8], events: Int) {
        let written = spoolFD < 0 ? -1 : lines.withUnsafeBytes { write(spoolFD, $0.baseAddress, $0.count) }
        if written == lines.count {
            spooledCount += events
            spoolHasData = true
            return
        }
        lostCount += events
        // Neither the collector nor the disk took it: say so loudly (the counter is the record).
        if lostCount == events || lostCount / 1000 != (lostCount - events) / 1000 {
            FileHandle.standardError.write(Data("mitsu worker: \(lostCount) event(s) lost: collector unreachable and spool \(spoolPath) not writable (errno \(errno))\n".utf8))
        }
    }
}
