#if canImport(MitsuCore)
import MitsuCore
#endif

/// One MySQL connection as a pure state machine: the v10 greeting with a fresh salt, the client's
/// handshake response captured as a crackable line, MariaDB's exact "Access denied" error, and, when the
/// login policy lets a user in, commands logged and answered plausibly.
public struct MySQLSession {
    public struct Settings: Sendable {
        public var serverVersion = "5.5.5-10.11.6-MariaDB-0+deb12u1"
        public var authPlugin = "mysql_native_password"
        public init() {}
    }

    /// caching_sha2_password's full authentication without TLS: the server's RSA public key, and the
    /// decryption of what the client encrypts with it. Injected so the session stays free of crypto.
    public struct KeyExchange: Sendable {
        public var publicKeyPEM: String
        public var decrypt: @Sendable ([UInt8]) -> [UInt8]?

        public init(publicKeyPEM: String, decrypt: @escaping @Sendable ([UInt8]) -> [UInt8]?) {
            self.publicKeyPEM = publicKeyPEM
            self.decrypt = decrypt
        }
    }

    /// A login in progress: what the handshake said, before the server decides.
    struct Attempt: Equatable {
        var user: String
        var database: String?
        var attributes: [String: String]
        var scramble: [UInt8] = []
    }

    enum Phase: Equatable {
        case greeting
        case authSwitch(Attempt)
        /// caching_sha2_password asked for the full authentication: waiting for the password.
        case fullAuth(Attempt)
        case command(user: String, database: String?)
        case closed
    }

    public let context: ServiceContext
    let settings: Settings
    let policy: LoginPolicy
    let salt: [UInt8]
    let connectionID: UInt32
    let keyExchange: KeyExchange?
    var phase = Phase.greeting
    var inbox: [UInt8] = []
    /// Largest packet accepted: a login is a few hundred bytes, a query a few KiB in practice.
    static let maxPacket = 1 << 20

    /// `salt` must be 20 fresh random bytes per connection (no NUL), as a real server's scramble.
    public init(context: ServiceContext, settings: Settings, policy: LoginPolicy, salt: [UInt8], connectionID: UInt32,
                keyExchange: KeyExchange? = nil) {
        self.keyExchange = keyExchange
        self.context = context
        self.settings = settings
        self.policy = policy
        self.salt = salt
        self.connectionID = connectionID
    }

    /// 20 random bytes in the range a MySQL server uses for its scramble (printable, no NUL or `$`).
    public static func randomSalt() -> [UInt8] {
        (0..<20).map { _ in
            var b: UInt8
            repeat { b = UInt8.random(in: 0x21...0x7e) } while b == 0x24
            return b
        }
    }

    public func start() -> [ServiceOutput] {
        [.send(MySQLPackets.frame(MySQLPackets.handshake(version: settings.serverVersion, connectionID: connectionID,
                                                          salt: salt, plugin: settings.authPlugin), sequence: 0))]
    }

    public mutating func receive(_ bytes: [UInt8]) -> [ServiceOutput] {
        guard phase != .closed else { return [] }
        inbox += bytes
        var out: [ServiceOutput] = []
        while phase != .closed, inbox.count >= 4 {
            let length = Int(inbox[0]) | Int(inbox[1]) << 8 | Int(inbox[2]) << 16
            guard length <= MySQLSession.maxPacket else { return out + fail("packet of \(length) bytes over the cap") }
            guard inbox.count >= 4 + length else { break }
            let sequence = inbox[3]
            let payload = Array(inbox[4..<(4 + length)])
            inbox.removeFirst(4 + length)
            out += packet(payload, sequence: sequence)
        }
        return out
    }

    mutating func fail(_ why: String) -> [ServiceOutput] {
        phase = .closed
        return [.event(context.protocolError(why)), .close]
    }

    mutating func packet(_ payload: [UInt8], sequence: UInt8) -> [ServiceOutput] {
        switch phase {
        case .greeting:
            guard let r = MySQLPackets.HandshakeResponse.parse(payload) else {
                if payload.count == 32, let caps = ByteReader(payload).peekU32(), caps & MySQLPackets.clientSSL != 0 {
                    return fail("client asked for TLS, which the greeting did not offer")
                }
                return fail("malformed handshake response (\(payload.count) bytes)")
            }
            let attempt = Attempt(user: r.username, database: r.database, attributes: r.attributes)
            if let plugin = r.plugin, !plugin.isEmpty, plugin != settings.authPlugin {
                // The client answered for another plugin: ask it to switch, as the server would.
                phase = .authSwitch(attempt)
                var p: [UInt8] = [0xfe] + Array(settings.authPlugin.utf8) + [0]
                p += salt + [0]
                return [.send(MySQLPackets.frame(p, sequence: sequence &+ 1))]
            }
            return scrambled(attempt, r.authResponse, sequence: sequence)
        case .authSwitch(let attempt):
            return scrambled(attempt, payload, sequence: sequence)
        case .fullAuth(let attempt):
            return fullAuthentication(attempt, payload, sequence: sequence)
        case .command(let user, let database):
            return command(payload, user: user, database: database, sequence: sequence)
        case .closed:
            return []
        }
    }

    /// The crackable form of a scramble: hashcat mode 11200 (`$mysqlna$salt*response`) for
    /// mysql_native_password; caching_sha2_password's scramble has no hashcat mode, so it is kept in
    /// `message` as `salt*response` hex for offline tools.
    func capture(_ e: inout Event, response: [UInt8]) {
        guard !response.isEmpty else { return }
        if settings.authPlugin == "mysql_native_password", response.count == 20 {
            e.hashcat = "$mysqlna$\(Hex.string(salt))*\(Hex.string(response))"
            e.hashcatMode = 11200
        } else {
            e.message = "\(settings.authPlugin) salt*response \(Hex.string(salt))*\(Hex.string(response.prefix(64)))"
        }
    }

    /// The scrambled answer arrived. caching_sha2_password with a key at hand goes on to the full
    /// authentication (a real server without a cached entry does the same), which yields the clear text.
    mutating func scrambled(_ attempt: Attempt, _ response: [UInt8], sequence: UInt8) -> [ServiceOutput] {
        if settings.authPlugin == "caching_sha2_password", !response.isEmpty, keyExchange != nil {
            var a = attempt
            a.scramble = response
            phase = .fullAuth(a)
            return [.send(MySQLPackets.frame([0x01, 0x04], sequence: sequence &+ 1))]
        }
        return authenticate(user: attempt.user, response: response, database: attempt.database,
                            attributes: attempt.attributes, sequence: sequence)
    }

    /// Full authentication: a request for the public key (0x02), the RSA-encrypted password (XORed with
    /// the salt, NUL-terminated), or the clear password a client sends when it believes the link secure.
    mutating func fullAuthentication(_ attempt: Attempt, _ payload: [UInt8], sequence: UInt8) -> [ServiceOutput] {
        guard let keys = keyExchange else { return fail("full authentication without a key") }
        if payload == [0x02] {
            return [.send(MySQLPackets.frame([0x01] + Array(keys.publicKeyPEM.utf8), sequence: sequence &+ 1))]
        }
        var clear: [UInt8]
        if payload.count == 256, let plain = keys.decrypt(payload) {
            clear = plain.enumerated().map { $0.element ^ salt[$0.offset % salt.count] }
        } else {
            clear = payload
        }
        if clear.last == 0 { clear.removeLast() }
        return authenticate(user: attempt.user, response: attempt.scramble, database: attempt.database,
                            attributes: attempt.attributes, sequence: sequence,
                            password: String(decoding: clear.prefix(256), as: UTF8.self))
    }

    /// The client went away mid-login: what it sent is still worth an event.
    public mutating func connectionClosed() -> [ServiceOutput] {
        guard case .fullAuth(let a) = phase else { return [] }
        phase = .closed
        var e = loginEvent(user: a.user, response: a.scramble, database: a.database, attributes: a.attributes)
        e.message = (e.message ?? "") + " (closed before sending the password)"
        return [.event(e)]
    }

    func loginEvent(user: String, response: [UInt8], database: String?, attributes: [String: String]) -> Event {
        var e = context.event(.loginFailed)
        e.username = String(user.prefix(256))
        e.database = database.map { String($0.prefix(256)) }
        if let name = attributes["_client_name"] {
            e.clientVersion = String((name + (attributes["_client_version"].map { " " + $0 } ?? "")).prefix(128))
        }
        capture(&e, response: response)
        return e
    }

    mutating func authenticate(user: String, response: [UInt8], database: String?, attributes: [String: String], sequence: UInt8,
                               password: String? = nil) -> [ServiceOutput] {
        var e = loginEvent(user: user, response: response, database: database, attributes: attributes)
        e.password = password
        // Without the full authentication only the scramble travels, so rules can only match the user.
        if policy.allows(ip: context.endpoints.srcIP, user: user, password: password ?? "") {
            e.kind = .loginSuccess
            phase = .command(user: user, database: database)
            return [.event(e), .send(MySQLPackets.frame(MySQLPackets.ok(), sequence: sequence &+ 1))]
        }
        phase = .closed
        let host = ["127.0.0.1", "::1"].contains(context.endpoints.srcIP) ? "localhost" : context.endpoints.srcIP
        let used = !response.isEmpty || !(password ?? "").isEmpty
        let message = "Access denied for user '\(user.prefix(64))'@'\(host)' (using password: \(used ? "YES" : "NO"))"
        return [.event(e), .send(MySQLPackets.frame(MySQLPackets.error(code: 1045, state: "28000", message: message), sequence: sequence &+ 1)), .close]
    }

    mutating func command(_ payload: [UInt8], user: String, database: String?, sequence: UInt8) -> [ServiceOutput] {
        guard let code = payload.first else { return fail("empty command packet") }
        let argument = String(decoding: payload.dropFirst().prefix(8192), as: UTF8.self)
        var e = context.event(.mysqlCommand)
        e.username = user
        e.database = database
        let reply = sequence &+ 1
        switch code {
        case 0x01: // COM_QUIT
            phase = .closed
            e.input = "COM_QUIT"
            return [.event(e), .close]
        case 0x02: // COM_INIT_DB
            e.input = "COM_INIT_DB \(argument)"
            phase = .command(user: user, database: argument)
            return [.event(e), .send(MySQLPackets.frame(MySQLPackets.ok(), sequence: reply))]
        case 0x03: // COM_QUERY
            e.input = argument
            return [.event(e), .send(answer(argument, sequence: reply))]
        case 0x0e: // COM_PING
            e.input = "COM_PING"
            return [.event(e), .send(MySQLPackets.frame(MySQLPackets.ok(), sequence: reply))]
        default:
            e.input = "COM_\(code)"
            return [.event(e), .send(MySQLPackets.frame(MySQLPackets.error(code: 1047, state: "08S01", message: "Unknown command"), sequence: reply))]
        }
    }

    /// The few queries clients send on their own get real-looking answers; anything else an empty OK.
    func answer(_ query: String, sequence: UInt8) -> [UInt8] {
        let q = query.lowercased().filter { $0 != " " && $0 != "\n" && $0 != "\t" }
        if q.hasPrefix("select@@version_commentlimit1") {
            return MySQLPackets.resultSet(column: "@@version_comment", value: "Debian 12", sequence: sequence)
        }
        if q.hasPrefix("selectversion()") || q.hasPrefix("select@@version") {
            let name = q.hasPrefix("selectversion()") ? "version()" : "@@version"
            let v = settings.serverVersion.hasPrefix("5.5.5-") ? String(settings.serverVersion.dropFirst(6)) : settings.serverVersion
            return MySQLPackets.resultSet(column: name, value: v, sequence: sequence)
        }
        if q.hasPrefix("selectdatabase()") {
            return MySQLPackets.resultSet(column: "database()", value: "", sequence: sequence)
        }
        return MySQLPackets.frame(MySQLPackets.ok(), sequence: sequence)
    }
}

extension ByteReader {
    func peekU32() -> UInt32? {
        var copy = self
        return copy.u32le()
    }
}

extension MySQLSession: ServiceSession {}
