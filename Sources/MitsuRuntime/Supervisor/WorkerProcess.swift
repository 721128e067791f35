import Foundation
import MitsuCore

/// One supervised `mitsu worker NAME` child process and its restart policy.
final class WorkerProcess: @unchecked Sendable {
    let family: String
    private let executable: String
    private let arguments: [String]
    private var process: Process?
    private(set) var restarts = 0
    private var backoffMS: Int
    private let backoffInitialMS: Int
    private let backoffMaxMS: Int
    private var startedAt = Date()
    /// Set before we stop the child on purpose, so its exit is not recorded as a crash.
    var expectingExit = false

    init(family: String, executable: String, arguments: [String], backoffInitialMS: Int, backoffMaxMS: Int) {
        self.family = family
        self.executable = executable
        self.arguments = arguments
        self.backoffInitialMS = backoffInitialMS
        self.backoffMaxMS = backoffMaxMS
        self.backoffMS = backoffInitialMS
    }

    var pid: Int32? { process?.isRunning == true ? process?.processIdentifier : nil }

    func launch(onExit: @escaping @Sendable (Int32, Process.TerminationReason) -> Void) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable)
        p.arguments = arguments
        p.terminationHandler = { proc in onExit(proc.terminationStatus, proc.terminationReason) }
        try p.run()
        process = p
        startedAt = Date()
        expectingExit = false
    }

    /// The delay before the next restart: doubling up to the maximum, back to the initial value once a
    /// worker has stayed up for a minute (a one-off crash should not wait out an old backoff).
    func nextBackoffMS() -> Int {
        if Date().timeIntervalSince(startedAt) > 60 { backoffMS = backoffInitialMS }
        let delay = backoffMS
        backoffMS = min(backoffMaxMS, backoffMS * 2)
        restarts += 1
        return delay
    }

    func terminate() {
        guard let p = process, p.isRunning else { return }
        expectingExit = true
        kill(p.processIdentifier, SIGTERM)
    }

    func waitUntilExit(timeout: TimeInterval) {
        guard let p = process else { return }
        let deadline = Date(timeIntervalSinceNow: timeout)
        while p.isRunning && Date() < deadline { usleep(10_000) }
        if p.isRunning { kill(p.processIdentifier, SIGKILL); p.waitUntilExit() }
    }
}
