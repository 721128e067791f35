import MitsuCore

/// What the dashboard needs from the process that hosts it: its config section, the port offset of
/// this run, and where the data directory keeps the database, recordings and captured files.
public struct DashboardSettings: Sendable {
    public var config: DashboardConfig
    public var portOffset: Int
    public var databasePath: String
    public var ttyDir: String
    public var artifactsDir: String
    /// DATA/run: the bound address is written to `dashboard.url` here.
    public var runDir: String
    /// DATA/dashboard: users.json.
    public var stateDir: String

    public init(config: DashboardConfig, portOffset: Int, dataDir: String) {
        self.config = config
        self.portOffset = portOffset
        databasePath = dataDir + "/mitsu.sqlite"
        ttyDir = dataDir + "/tty"
        artifactsDir = dataDir + "/artifacts"
        runDir = dataDir + "/run"
        stateDir = dataDir + "/dashboard"
    }

    public var usersFile: String { stateDir + "/users.json" }
}

/// One sample for `/metrics`, supplied by the host process (queue depths, restarts, refusals).
public struct MetricSample: Sendable {
    public enum Kind: String, Sendable { case counter, gauge }
    public var name: String
    public var help: String
    public var kind: Kind
    public var labels: [(String, String)]
    public var value: Double

    public init(name: String, help: String, kind: Kind, labels: [(String, String)] = [], value: Double) {
        self.name = name
        self.help = help
        self.kind = kind
        self.labels = labels
        self.value = value
    }
}
