import ArgumentParser
import Foundation
import MitsuCore
import MitsuRuntime

struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config", abstract: "Check or print the configuration.", subcommands: [Check.self, Print.self])

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Validate a configuration file; errors name file, line and key.")

        @Argument(help: "The YAML file to check.")
        var file: String

        func run() throws {
            do {
                let c = try MitsuConfig.load(path: file)
                try ConfigValidation.validate(c)
                print("\(file): OK (\(c.enabledFamilies.count) honeypot famil\(c.enabledFamilies.count == 1 ? "y" : "ies") enabled: \(c.enabledFamilies.joined(separator: ", ")))")
            } catch let e as ConfigError {
                FileHandle.standardError.write(Data("\(e.description)\n".utf8))
                throw ExitCode(1)
            }
        }
    }

    struct Print: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the effective configuration (defaults merged with --config).")

        @Option(name: .long, help: "YAML configuration file.")
        var config: String?

        func run() throws {
            let c: MitsuConfig
            do {
                c = try config.map { try MitsuConfig.load(path: $0) } ?? MitsuConfig()
            } catch let e as ConfigError {
                FileHandle.standardError.write(Data("\(e.description)\n".utf8))
                throw ExitCode(1)
            }
            print(c.yaml(), terminator: "")
        }
    }
}
