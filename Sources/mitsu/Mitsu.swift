import ArgumentParser
import Foundation
import MitsuCore
import MitsuRuntime

@main
struct Mitsu: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mitsu",
        abstract: "A multi-honeypot platform: honeypots, collector, store and tools in one program.",
        subcommands: [Run.self, Worker.self, ConfigCommand.self, Events.self, GeoIP.self, Trap.self, Replay.self, IDS.self,
                      Bench.self, UserCommand.self]
    )
}

/// Options every command that reads the configuration or the data directory shares.
struct CommonOptions: ParsableArguments {
    @Option(name: .long, help: "YAML configuration file (built-in defaults when omitted).")
    var config: String?

    @Option(name: .long, help: "Data directory: log/, mitsu.sqlite, artifacts/, run/.")
    var data: String = "./data"

    func loadConfig() throws -> MitsuConfig {
        guard let config else { return MitsuConfig() }
        do {
            let loaded = try MitsuConfig.load(path: config)
            try ConfigValidation.validate(loaded)
            return loaded
        } catch let e as ConfigError {
            throw ValidationError(e.description)
        }
    }

    var paths: DataPaths { DataPaths(root: data) }
}

struct Run: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the supervisor, the collector and every enabled honeypot.")

    @OptionGroup var options: CommonOptions

    @Option(name: .long, help: "Added to every honeypot port, TCP and UDP (run the full set on high ports).")
    var portOffset: Int = 0

    func run() async throws {
        let config = try options.loadConfig()
        let supervisor = Supervisor(
            config: config, paths: options.paths,
            configPath: options.config.map { URL(fileURLWithPath: $0).standardizedFileURL.path },
            portOffset: portOffset, executable: Executable.path)
        try await supervisor.run()
    }
}

struct Worker: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run one honeypot family (started by `mitsu run`).")

    @Argument(help: "Honeypot family: \(MitsuConfig.familyNames.joined(separator: ", ")).")
    var name: String

    @OptionGroup var options: CommonOptions

    @Option(name: .long, help: "Added to every port of this honeypot.")
    var portOffset: Int = 0

    func run() async throws {
        let config = try options.loadConfig()
        let code = try await WorkerMain.run(family: name, config: config, paths: options.paths, portOffset: portOffset)
        if code != 0 { throw ExitCode(code) }
    }
}

enum Executable {
    /// This binary, so the supervisor starts workers from the same build it runs from.
    static var path: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }
}
