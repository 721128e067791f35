#if canImport(MitsuCore)
import MitsuCore
#endif

/// One MSSQL (TDS) connection as a pure state machine: PRELOGIN, LOGIN7 with the password decoded and
/// captured, then SQL batches logged and answered as SQL Server would, with attempts to run operating
/// system commands (xp_cmdshell, sp_OACreate) flagged.
public struct MSSQLSession {
    public struct Settings: Sendable {
        public var major = 15, minor = 0, build = 2000
        public var serverName = "SQL01"
        public init() {}
    }

    enum Phase: Equatable { case preLogin, login, batches(user: String), closed }

    public let context: ServiceContext
    let settings: Settings
    let policy: LoginPolicy
    var phase = Phase.preLogin
    var inbox: [UInt8] = []
    /// A message split over several packets, until its end-of-message packet.
    var message: [UInt8] = []
    var tdsVersion: UInt32 = 0x7400_0004
    /// The session's own view of `sp_configure`: attackers enable advanced options, then xp_cmdshell.
    var advancedOptions = false
    var cmdshellEnabled = false
    /// TDS 7.2+ token layouts (wider row counts, line numbers, user types).
    var modern: Bool { tdsVersion >= 0x7200_0000 }
    static let maxMessage = 1 << 20

    public init(context: ServiceContext, settings: Settings, policy: LoginPolicy) {
        self.context = context
        self.settings = settings
        self.policy = policy
    }

    /// The client speaks first.
    public func start() -> [ServiceOutput] { [] }

    public mutating func receive(_ bytes: [UInt8]) -> [ServiceOutput] {
        guard phase != .closed else { return [] }
        inbox += bytes
        var out: [ServiceOutput] = []
        while phase != .closed, inbox.count >= TDS.headerLength {
            let type = inbox[0], status = inbox[1]
            let length = Int(inbox[2]) << 8 | Int(inbox[3])
            guard length >= TDS.headerLength else { return out + fail("TDS packet length \(length) below the header") }
            guard inbox.count >= length else { break }
            let payload = inbox[TDS.headerLength..<length]
            inbox.removeFirst(length)
            guard message.count + payload.count <= MSSQLSession.maxMessage else { return out + fail("TDS message over the cap") }
            message += payload
            guard status & 0x01 != 0 else { continue }
            let whole = message
            message = []
            out += handle(type, whole)
        }
        return out
    }

    mutating func fail(_ why: String) -> [ServiceOutput] {
        phase = .closed
        return [.event(context.protocolError(why)), .close]
    }

    func reply(_ tokens: [UInt8]) -> ServiceOutput { .send(TDS.packet(.tabularResult, tokens)) }

    mutating func handle(_ type: UInt8, _ payload: [UInt8]) -> [ServiceOutput] {
        switch (phase, TDS.PacketType(rawValue: type)) {
        case (.preLogin, .preLogin?):
            guard TDS.PreLogin.parse(payload) != nil else { return fail("malformed PRELOGIN") }
            phase = .login
            return [reply(TDSTokens.preLoginResponse(major: settings.major, minor: settings.minor, build: settings.build))]
        case (.preLogin, .login7?), (.login, .login7?):
            guard let login = TDS.Login7.parse(payload) else { return fail("malformed LOGIN7") }
            return authenticate(login)
        case (.batches(let user), .sqlBatch?):
            guard let sql = TDS.batchText(payload) else { return fail("malformed SQL batch") }
            return batch(sql, user: user)
        case (.batches(let user), .rpc?):
            var e = context.event(.mssqlCommand)
            e.username = user
            e.input = "RPC " + String(TDS.string(utf16: payload.dropFirst(min(payload.count, 22)).prefix(512)).filter { $0.isASCII && !$0.isNewline })
            return [.event(e), reply(TDSTokens.done(modern: modern))]
        case (.batches, .attention?):
            return [reply(TDSTokens.done(status: 0x0020, modern: modern))]
        default:
            return fail("unexpected TDS packet type 0x\(Hex.string([type])) at this stage")
        }
    }

    mutating func authenticate(_ login: TDS.Login7) -> [ServiceOutput] {
        var e = context.event(.loginFailed)
        e.username = String(login.username.prefix(256))
        e.password = String(login.password.prefix(256))
        e.clientHostname = String(login.hostname.prefix(256))
        e.clientApp = String(login.appName.prefix(256))
        e.clientVersion = String(login.library.prefix(256))
        e.database = login.database.isEmpty ? nil : String(login.database.prefix(256))
        if login.usesSSPI && login.username.isEmpty { e.message = "integrated (SSPI) authentication" }
        // The reply speaks the client's TDS version when it is one SQL Server 2019 knows, else 7.4.
        let known: Set<UInt32> = [0x7000_0000, 0x7100_0000, 0x7100_0001, 0x7209_0002, 0x730a_0003, 0x730b_0003, 0x7400_0004]
        let asked = login.tdsVersion
        tdsVersion = known.contains(asked) ? asked : 0x7400_0004
        guard !login.username.isEmpty, policy.allows(ip: context.endpoints.srcIP, user: login.username, password: login.password) else {
            phase = .closed
            return [.event(e), reply(TDSTokens.loginFailed(user: String(login.username.prefix(128)), server: settings.serverName, modern: modern)), .close]
        }
        e.kind = .loginSuccess
        phase = .batches(user: login.username)
        let database = login.database.isEmpty ? "master" : String(login.database.prefix(128))
        return [.event(e), reply(TDSTokens.loginSuccess(tdsVersion: tdsVersion, major: settings.major, minor: settings.minor,
                                                        build: settings.build, server: settings.serverName, database: database))]
    }

    /// Categories for batches that try to reach the operating system.
    public static func categories(_ sql: String) -> [String] {
        let lower = sql.lowercased()
        var out: [String] = []
        if lower.contains("xp_cmdshell") { out.append("xp_cmdshell") }
        if lower.contains("sp_oacreate") || lower.contains("sp_oamethod") { out.append("sp_oacreate") }
        return out
    }

    mutating func batch(_ sql: String, user: String) -> [ServiceOutput] {
        var e = context.event(.mssqlCommand)
        e.username = user
        e.input = String(sql.prefix(8192))
        let cats = MSSQLSession.categories(sql)
        if !cats.isEmpty { e.attack = AttackInfo(categories: cats) }
        let lower = sql.lowercased().filter { !$0.isWhitespace }
        let tokens: [UInt8]
        if lower.hasPrefix("select@@version") {
            tokens = TDSTokens.singleValue(column: "", value: versionText, modern: modern)
        } else if lower.hasPrefix("select@@servername") {
            tokens = TDSTokens.singleValue(column: "", value: settings.serverName, modern: modern)
        } else if lower.contains("sp_configure") {
            tokens = configure(lower)
        } else if cats.contains("xp_cmdshell") && !cmdshellEnabled {
            // What a default install answers: the component is off until sp_configure turns it on.
            tokens = TDSTokens.message(error: true, number: 15281, state: 1, severity: 16, text: """
                SQL Server blocked access to procedure 'sys.xp_cmdshell' of component 'xp_cmdshell' because this component is turned off as part of the security configuration for this server. A system administrator can enable the use of 'xp_cmdshell' by using sp_configure. For more information about enabling 'xp_cmdshell', search for 'xp_cmdshell' in SQL Server Books Online.
                """, server: settings.serverName, modern: modern) + TDSTokens.done(status: 0x0002, modern: modern)
        } else if cats.contains("xp_cmdshell") {
            // Enabled: the command "runs" as the service account and prints nothing else.
            let output = lower.contains("whoami") ? "nt service\\mssqlserver" : ""
            tokens = TDSTokens.singleValue(column: "output", value: output, modern: modern)
        } else {
            tokens = TDSTokens.done(modern: modern)
        }
        return [.event(e), reply(tokens)]
    }

    /// `EXEC sp_configure 'name', value` answered with SQL Server's message 15457; the change is
    /// remembered for this session (RECONFIGURE is accepted silently by the default branch).
    mutating func configure(_ lower: String) -> [UInt8] {
        let option = lower.contains("xp_cmdshell") ? "xp_cmdshell" : (lower.contains("showadvancedoptions") ? "show advanced options" : nil)
        guard let name = option else { return TDSTokens.done(modern: modern) }
        let on = lower.contains(",1") || lower.contains("',1")
        let was = name == "xp_cmdshell" ? cmdshellEnabled : advancedOptions
        if name == "xp_cmdshell" {
            guard advancedOptions else {
                return TDSTokens.message(error: true, number: 15123, state: 1, severity: 16,
                                         text: "The configuration option 'xp_cmdshell' does not exist, or it may be an advanced option.",
                                         server: settings.serverName, modern: modern) + TDSTokens.done(status: 0x0002, modern: modern)
            }
            cmdshellEnabled = on
        } else {
            advancedOptions = on
        }
        return TDSTokens.message(error: false, number: 15457, state: 1, severity: 0,
                                 text: "Configuration option '\(name)' changed from \(was ? 1 : 0) to \(on ? 1 : 0). Run the RECONFIGURE statement to install.",
                                 server: settings.serverName, modern: modern) + TDSTokens.done(modern: modern)
    }

    var versionText: String {
        "Microsoft SQL Server 2019 (RTM) - \(settings.major).\(settings.minor).\(settings.build).1 (X64) \n\tSep 24 2019 13:48:23 \n\tCopyright (C) 2019 Microsoft Corporation\n\tStandard Edition (64-bit) on Windows Server 2019 Standard 10.0 <X64> (Build 17763: ) (Hypervisor)\n"
    }
}

extension MSSQLSession: ServiceSession {}
