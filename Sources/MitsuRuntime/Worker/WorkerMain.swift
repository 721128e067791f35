import Foundation
import MitsuCore
import MitsuNet
import MitsuServices
import NIOCore
import NIOPosix

/// `mitsu worker NAME`: one honeypot family in its own process. Binds its ports, drops privileges, ships
/// events to the collector, and stops cleanly on SIGTERM (open sessions are closed and recorded).
public enum WorkerMain {
    public static func run(family: String, config: MitsuConfig, paths: DataPaths, portOffset: Int) async throws -> Int32 {
        watchParent()
        try paths.createDirectories()
        let shipper = EventShipper(socketPath: paths.collectorSocket, spoolPath: paths.spoolPath(worker: family), sensor: config.sensor.name)
        guard let honeypot = try HoneypotFactory.make(family: family, config: config, paths: paths, portOffset: portOffset, sink: shipper) else {
            FileHandle.standardError.write(Data("unknown worker '\(family)'; known: \(MitsuConfig.familyNames.joined(separator: ", "))\n".utf8))
            return 2
        }
        let stats = WorkerStatsFile(path: paths.statsPath(worker: family))
        let collectStats = { @Sendable in
            let (lost, spooled) = shipper.counts
            return WorkerStats(refused: honeypot.refusedConnections, spooled: spooled, lost: lost)
        }
        stats.write(collectStats())
        let group = MultiThreadedEventLoopGroup(numberOfThreads: AllowedCPUs.eventLoopCount())
        let failures = await honeypot.start(group: group)
        for f in failures {
            FileHandle.standardError.write(Data("\(family): \(f)\n".utf8))
            var e = Event(kind: .sensorBindFailed, honeypot: family)
            e.worker = family
            e.transport = f.transport
            e.destPort = f.port
            e.message = f.description
            shipper.emit(e)
        }
        // The spool directory must stay writable after the drop; the supervisor created it for us.
        if geteuid() == 0 {
            if let ids = PrivilegeDrop.lookup(config.sensor.user) {
                chown(paths.spoolDir, ids.uid, ids.gid)
                chown(paths.spoolPath(worker: family), ids.uid, ids.gid)
                // Captured files (downloads, uploads, dropped files) and session recordings are written
                // after the drop.
                let store = paths.artifactsDir + "/sha256"
                if (try? FileManager.default.createDirectory(atPath: store, withIntermediateDirectories: true)) != nil {
                    chown(paths.artifactsDir, ids.uid, ids.gid)
                    chown(store, ids.uid, ids.gid)
                }
                if (try? FileManager.default.createDirectory(atPath: paths.ttyDir, withIntermediateDirectories: true)) != nil {
                    chown(paths.ttyDir, ids.uid, ids.gid)
                }
            }
            try PrivilegeDrop.drop(to: config.sensor.user)
        }
        shipper.startRetrying()
        Thread.detachNewThread {
            while true {
                sleep(2)
                stats.write(collectStats())
            }
        }
        var start = Event(kind: .sensorStart, honeypot: family)
        start.worker = family
        start.message = "pid \(getpid()), \(failures.count) listener(s) failed to bind"
        shipper.emit(start)

        await SignalWaiter.wait(for: [SIGTERM, SIGINT])
        await honeypot.stop()
        // Closing sessions emits their close events on the event loops; let those finish.
        try? await group.shutdownGracefully()
        var stop = Event(kind: .sensorStop, honeypot: family)
        stop.worker = family
        shipper.emit(stop)
        shipper.close()
        stats.write(collectStats())
        return 0
    }
}

extension WorkerMain {
    /// If the supervisor dies (even by kill -9), the worker stops too: no orphaned listeners. prctl's
    /// PR_SET_PDEATHSIG is variadic C and not callable from Swift, so the parent pid is polled instead.
    static func watchParent() {
        let parent = getppid()
        Thread.detachNewThread {
            while true {
                sleep(1)
                if getppid() != parent { kill(getpid(), SIGTERM); return }
            }
        }
    }
}

private final class SourceBox: @unchecked Sendable {
    let sources: [DispatchSourceSignal]
    init(_ sources: [DispatchSourceSignal]) { self.sources = sources }
}

/// Waits for one of a set of signals without installing a C handler that could run at any point.
public enum SignalWaiter {
    public static func wait(for signals: [Int32]) async {
        let stream = stream(for: signals)
        for await _ in stream { return }
    }

    public static func stream(for signals: [Int32]) -> AsyncStream<Int32> {
        AsyncStream { continuation in
            var sources: [DispatchSourceSignal] = []
            for s in signals {
                signal(s, SIG_IGN)
                let src = DispatchSource.makeSignalSource(signal: s, queue: .global())
                src.setEventHandler { continuation.yield(s) }
                src.resume()
                sources.append(src)
            }
            let keep = SourceBox(sources)
            continuation.onTermination = { _ in for s in keep.sources { s.cancel() } }
        }
    }
}
