import Foundation

/// The layout of the data directory (`--data DIR`, default ./data), in one place.
public struct DataPaths: Sendable {
    public let root: String

    public init(root: String) {
        // Absolute, so workers (which may chdir) and the socket path agree.
        let url = URL(fileURLWithPath: root, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
        self.root = url.standardizedFileURL.path
    }

    public var logDir: String { root + "/log" }
    public var eventsLog: String { logDir + "/events.jsonl" }
    public var databasePath: String { root + "/mitsu.sqlite" }
    public var runDir: String { root + "/run" }
    public var spoolDir: String { runDir + "/spool" }
    public var collectorSocket: String { runDir + "/collector.sock" }
    public var artifactsDir: String { root + "/artifacts" }
    public var ttyDir: String { root + "/tty" }
    public var geoipDir: String { root + "/geoip" }
    public var defaultGeoIPPath: String { geoipDir + "/GeoLite2-City.mmdb" }

    public func spoolPath(worker: String) -> String { spoolDir + "/\(worker).jsonl" }
    /// A worker's counters that are not events (`WorkerStatsFile`).
    public func statsPath(worker: String) -> String { spoolDir + "/\(worker).stats" }
    public func pendingPath(_ destination: String) -> String { spoolDir + "/pending-\(destination).jsonl" }

    public func createDirectories() throws {
        for dir in [root, logDir, runDir, spoolDir] {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        }
    }
}
