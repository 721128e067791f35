import ArgumentParser
import Foundation
import MitsuDashboard
import MitsuRuntime

/// `mitsu user add|passwd|remove|list|token|revoke-token`: dashboard accounts and API tokens, in
/// DATA/dashboard/users.json. A running `mitsu run` picks changes up at the next request.
struct UserCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Manage dashboard accounts and API tokens.",
        subcommands: [Add.self, Passwd.self, Remove.self, List.self, Token.self, RevokeToken.self])

    struct Options: ParsableArguments {
        @Option(name: .long, help: "Data directory (as given to `mitsu run`).")
        var data: String = "./data"

        func store() throws -> UserStore {
            try UserStore(path: DashboardSettings(config: .init(), portOffset: 0, dataDir: DataPaths(root: data).root).usersFile)
        }
    }

    /// The password from one line of standard input, or a generated one that is printed.
    static func password(fromStdin: Bool) throws -> (String, generated: Bool) {
        guard fromStdin else { return (Secret.password(), true) }
        guard let line = readLine(strippingNewline: true), !line.isEmpty else { throw ValidationError("no password on standard input") }
        return (line, false)
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create an account; prints a generated password unless --password-stdin.")
        @OptionGroup var options: Options
        @Argument var name: String
        @Flag(name: .long, help: "Read the password (at least 12 characters) from standard input.") var passwordStdin = false

        func run() throws {
            let (pw, generated) = try UserCommand.password(fromStdin: passwordStdin)
            do { try options.store().add(name, password: pw) } catch let e as UserStore.Failure { throw ValidationError(e.description) }
            print(generated ? "created user \(name) with password \(pw)" : "created user \(name)")
        }
    }

    struct Passwd: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Set a new password; prints a generated one unless --password-stdin.")
        @OptionGroup var options: Options
        @Argument var name: String
        @Flag(name: .long, help: "Read the password from standard input.") var passwordStdin = false

        func run() throws {
            let (pw, generated) = try UserCommand.password(fromStdin: passwordStdin)
            do { try options.store().setPassword(name, password: pw) } catch let e as UserStore.Failure { throw ValidationError(e.description) }
            print(generated ? "new password for \(name): \(pw)" : "password changed for \(name)")
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete an account and its API tokens.")
        @OptionGroup var options: Options
        @Argument var name: String

        func run() throws {
            do { try options.store().remove(name) } catch let e as UserStore.Failure { throw ValidationError(e.description) }
            print("removed user \(name)")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List accounts and token ids.")
        @OptionGroup var options: Options

        func run() throws {
            let store = try options.store()
            for u in store.users { print("user \(u.name) created \(u.created)") }
            for t in store.tokens { print("token \(t.id) of \(t.user) created \(t.created)") }
        }
    }

    struct Token: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create an API token (Authorization: Bearer TOKEN); printed once.")
        @OptionGroup var options: Options
        @Argument var name: String

        func run() throws {
            do {
                let (id, token) = try options.store().createToken(for: name)
                print("token \(id) for \(name): \(token)")
            } catch let e as UserStore.Failure { throw ValidationError(e.description) }
        }
    }

    struct RevokeToken: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "revoke-token", abstract: "Revoke an API token by its id.")
        @OptionGroup var options: Options
        @Argument var id: String

        func run() throws {
            guard try options.store().revokeToken(id: id) else { throw ValidationError("no token \(id)") }
            print("revoked token \(id)")
        }
    }
}
