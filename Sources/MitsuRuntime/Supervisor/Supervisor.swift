import Foundation
import MitsuCore
import MitsuDashboard
import MitsuNet
import NIOCore
import NIOPosix

/// `mitsu run`: the collector in this process, one worker process per enabled honeypot family, restarts
/// with backoff (each recorded as `sensor.crash`), a daily restart for a clean state, and a graceful stop
/// on SIGTERM/SIGINT in which every event is flushed.
public final class Supervisor: @unchecked Sendable {
    private let config: MitsuConfig
    let paths: DataPaths
    private let configPath: String?
    private let portOffset: Int
    private let executable: String
    private let lock = Lock()
    private var workers: [String: WorkerProcess] = [:]
    private var stopping = false
    private var collector: Collector?
    private var lastDailyRestartDay = ""

    public init(config: MitsuConfig, paths: DataPaths, configPath: String?, portOffset: Int, executable: String) {
        self.config = config
        self.paths = paths
        self.configPath = configPath
        self.portOffset = portOffset
        self.executable = executable
    }

    var currentCollector: Collector? { lock.withLock { collector } }
    var workerRestarts: [String: Int] { lock.withLock { workers.mapValues(\.restarts) } }

    static func log(_ message: String) {
        FileHandle.standardError.write(Data("mitsu: \(message)\n".utf8))
    }

    public func run() async throws {
        // SIGTERM/SIGINT are caught from the first moment: a stop that arrives while the collector, the
        // workers or the dashboard (first-run password hashing) are still starting must flush and exit 0,
        // not take the default action and kill the process mid-write.
        let stopSignals = SignalWaiter.stream(for: [SIGTERM, SIGINT])
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let collector = try Collector(config: config, paths: paths, log: Supervisor.log)
        self.collector = collector
        try await collector.start(group: group)
        if geteuid() == 0, let ids = PrivilegeDrop.lookup(config.sensor.user) {
            // Workers drop to this user and must still reach their spool and the socket.
            chown(paths.spoolDir, ids.uid, ids.gid)
        }
        var start = Event(kind: .sensorStart, honeypot: "supervisor")
        start.message = "workers: \(config.enabledFamilies.joined(separator: ", ")); data \(paths.root); port offset \(portOffset)"
        collector.emit(start)
        Supervisor.log("collector on \(paths.collectorSocket); data in \(paths.root)")

        for family in config.enabledFamilies { startWorker(family) }
        // MitsuDashboard: in this process, reading the store the collector writes; never fatal. Started
        // after the workers so that the first run's password hashing does not delay the honeypots.
        let dashboard = DashboardServer.start(
            settings: DashboardSettings(config: config.dashboard, portOffset: portOffset, dataDir: paths.root),
            metrics: { [weak self] in self?.metricSamples() ?? [] }, log: Supervisor.log)

        let daily = Task { [self] in
            while !Task.isCancelled {
                try? await Task.sleep(nanoseconds: 5_000_000_000)
                checkDailyRestart(now: Timestamp.now())
            }
        }
        for await _ in stopSignals { break }
        Supervisor.log("stopping: waiting for workers to flush")
        daily.cancel()
        let all: [WorkerProcess] = lock.withLock {
            stopping = true
            return Array(workers.values)
        }
        for w in all { w.terminate() }
        for w in all { w.waitUntilExit(timeout: 10) }
        var stop = Event(kind: .sensorStop, honeypot: "supervisor")
        stop.message = "graceful stop"
        collector.emit(stop)
        await dashboard?.stop()
        await collector.stop()
        try? await group.shutdownGracefully()
        Supervisor.log("stopped; \(collector.writtenCount) events written")
    }

    private func arguments(for family: String) -> [String] {
        var args = ["worker", family, "--data", paths.root, "--port-offset", String(portOffset)]
        if let configPath { args += ["--config", configPath] }
        return args
    }

    private func startWorker(_ family: String) {
        let w = lock.withLock { () -> WorkerProcess in
            if let existing = workers[family] { return existing }
            let w = WorkerProcess(family: family, executable: executable, arguments: arguments(for: family),
                                  backoffInitialMS: config.supervisor.backoffInitialMS, backoffMaxMS: config.supervisor.backoffMaxMS)
            workers[family] = w
            return w
        }
        do {
            try w.launch { [weak self] status, reason in self?.workerExited(w, status: status, reason: reason) }
            Supervisor.log("worker \(family) started (pid \(w.pid ?? -1))")
        } catch {
            Supervisor.log("cannot start worker \(family): \(error)")
            scheduleRestart(w)
        }
    }

    private func workerExited(_ w: WorkerProcess, status: Int32, reason: Process.TerminationReason) {
        let (isStopping, expected) = lock.withLock { (stopping, w.expectingExit) }
        if isStopping { return }
        if !expected {
            var e = Event(kind: .sensorCrash, honeypot: "supervisor")
            e.worker = w.family
            e.message = reason == .uncaughtSignal ? "killed by signal \(status)" : "exited with status \(status)"
            collector?.emit(e)
            Supervisor.log("worker \(w.family) \(e.message ?? "")")
            scheduleRestart(w)
        } else {
            startWorker(w.family)
        }
    }

    private func scheduleRestart(_ w: WorkerProcess) {
        let delay = w.nextBackoffMS()
        Task { [self] in
            try? await Task.sleep(nanoseconds: UInt64(delay) * 1_000_000)
            guard !lock.withLock({ stopping }) else { return }
            var e = Event(kind: .sensorRestart, honeypot: "supervisor")
            e.worker = w.family
            e.message = "restart \(w.restarts) after \(delay) ms"
            collector?.emit(e)
            startWorker(w.family)
        }
    }

    /// Restarts every worker once a day at the configured UTC minute (T-Pot re-creates its containers
    /// daily for the same reason: whatever state an attacker built up is gone).
    func checkDailyRestart(now: Timestamp) {
        guard let minute = config.supervisor.dailyRestartMinute else { return }
        let secondsOfDay = Int((now.millisecondsSince1970 / 1000) % 86_400)
        guard secondsOfDay / 60 == minute, lastDailyRestartDay != now.day else { return }
        lastDailyRestartDay = now.day
        let all = lock.withLock { Array(workers.values) }
        for w in all {
            var e = Event(kind: .sensorRestart, honeypot: "supervisor")
            e.worker = w.family
            e.message = "daily restart"
            collector?.emit(e)
            w.terminate()
        }
    }
}
