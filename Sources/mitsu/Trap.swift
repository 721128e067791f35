import ArgumentParser
import MitsuCore
import MitsuServices

struct Trap: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "The all-port trap sensor.", subcommands: [IPTables.self])

    struct IPTables: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "iptables",
            abstract: "Print iptables/ip6tables rules that redirect every TCP port no honeypot serves to the trap.")

        @OptionGroup var options: CommonOptions

        @Option(name: .long, help: "The same --port-offset given to `mitsu run`.")
        var portOffset: Int = 0

        @Option(name: .long, help: "Inbound interface to match (default: any).")
        var interface: String?

        func run() throws {
            let config = try options.loadConfig()
            print(AllPortRules(config: config, portOffset: portOffset, interface: interface).script(), terminator: "")
        }
    }
}
