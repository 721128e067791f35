#if canImport(MitsuCore)
import MitsuCore
#endif

/// What the FTP session asks its NIO shell to do.
public enum FTPOutput: Equatable, Sendable {
    case send([UInt8])
    /// Sent after a pause (vsftpd's delay_failed_login); later outputs wait for it.
    case sendAfter([UInt8], milliseconds: Int)
    case event(Event)
    /// Open a passive listener on the control connection's local address; answer with `passiveOpened`.
    case openPassive
    /// Establish the data connection for a transfer; answer with `dataConnected` or `dataFailed`.
    case openData(FTPDataTarget)
    /// Write these bytes on the data connection, close it, then call `dataFinished`.
    case sendData([UInt8])
    /// Read the data connection until the client closes it or `limit` bytes arrived, then `dataFinished`.
    case receiveData(limit: Int)
    case close
}

public enum FTPDataTarget: Equatable, Sendable {
    case passive
    case active(host: String, port: Int)
}

/// One FTP control connection as a pure state machine that answers as Debian 12's vsftpd 3.0.3 does.
/// Lines are processed one at a time; while a transfer or a passive bind is in flight, later lines wait
/// (vsftpd reads the next command only after the transfer, too).
public struct FTPSession {
    public struct Settings: Sendable {
        public var banner: String = "(vsFTPd 3.0.3)"
        public var maxUploadBytes: Int = 16 << 20
        public var maxLoginFails: Int = 3
        /// vsftpd's delay_failed_login (1 s).
        public var failedLoginDelayMS: Int = 1000
        public init() {}
    }

    enum Pending: Equatable {
        case none
        case passive(extended: Bool)
        case download(name: String, bytes: [UInt8], isListing: Bool)
        case upload(path: String, name: String)
    }

    public let context: ServiceContext
    let settings: Settings
    let policy: LoginPolicy
    let storage: UploadStorage
    var tree: FTPTree
    var cwd = "/"
    var user: String?
    var loggedIn = false
    var loggedInAs = ""
    var binaryType = false
    var loginFails = 0
    var dataTarget: FTPDataTarget?
    var pending = Pending.none
    var inbox: [UInt8] = []
    var closed = false
    /// vsftpd's VSFTP_MAX_COMMAND_LINE: a longer line is not a command a client sends.
    static let maxLine = 4096

    public init(context: ServiceContext, settings: Settings, policy: LoginPolicy, tree: FTPTree = .standard, storage: @escaping UploadStorage) {
        self.context = context
        self.settings = settings
        self.policy = policy
        self.tree = tree
        self.storage = storage
    }

    public var isBusy: Bool { pending != .none }

    public func start() -> [FTPOutput] { [reply("220 \(settings.banner)")] }

    func reply(_ text: String) -> FTPOutput { .send(Array((text + "\r\n").utf8)) }

    /// Bytes from the control connection.
    public mutating func receive(_ bytes: [UInt8]) -> [FTPOutput] {
        guard !closed else { return [] }
        inbox += bytes
        return drain()
    }

    mutating func drain() -> [FTPOutput] {
        var out: [FTPOutput] = []
        while !closed, pending == .none {
            guard let lf = inbox.firstIndex(of: 0x0A) else {
                if inbox.count > FTPSession.maxLine { out += fail("command line longer than \(FTPSession.maxLine) bytes") }
                break
            }
            guard lf <= FTPSession.maxLine else {
                out += fail("command line longer than \(FTPSession.maxLine) bytes")
                break
            }
            var line = Array(inbox[..<lf])
            inbox.removeSubrange(...lf)
            if line.last == 0x0D { line.removeLast() }
            out += command(line)
        }
        return out
    }

    mutating func fail(_ why: String) -> [FTPOutput] {
        closed = true
        return [.event(context.protocolError(why)), .close]
    }

    mutating func command(_ line: [UInt8]) -> [FTPOutput] {
        let text = String(decoding: line, as: UTF8.self)
        let verbEnd = text.firstIndex(of: " ") ?? text.endIndex
        let verb = text[..<verbEnd].uppercased()
        let arg = verbEnd < text.endIndex ? String(text[text.index(after: verbEnd)...]) : ""
        var logged = context.event(.ftpCommand)
        logged.input = verb == "PASS" ? "PASS ****" : String(text.prefix(1024))
        var out: [FTPOutput] = [.event(logged)]
        if verb.isEmpty { return out }
        out += loggedIn ? afterLogin(verb, arg) : beforeLogin(verb, arg)
        return out
    }

    mutating func beforeLogin(_ verb: String, _ arg: String) -> [FTPOutput] {
        switch verb {
        case "USER":
            user = String(arg.prefix(256))
            return [reply(FTPReply.needPassword)]
        case "PASS":
            guard let name = user else { return [reply(FTPReply.userFirst)] }
            return login(name, String(arg.prefix(256)))
        case "FEAT": return [reply(FTPReply.feat)]
        case "OPTS": return [reply(opts(arg))]
        case "QUIT": return quit()
        default: return [reply(FTPReply.pleaseLogin)]
        }
    }

    mutating func login(_ name: String, _ password: String) -> [FTPOutput] {
        user = nil
        var e = context.event(.loginFailed)
        e.username = name
        e.password = password
        if policy.allows(ip: context.endpoints.srcIP, user: name, password: password) {
            loggedIn = true
            loggedInAs = name
            e.kind = .loginSuccess
            return [.event(e), reply(FTPReply.loginOK)]
        }
        loginFails += 1
        var out: [FTPOutput] = [.event(e), .sendAfter(Array((FTPReply.loginIncorrect + "\r\n").utf8), milliseconds: settings.failedLoginDelayMS)]
        if loginFails >= settings.maxLoginFails {
            closed = true
            out.append(.close)
        }
        return out
    }

    func opts(_ arg: String) -> String {
        arg.uppercased().hasPrefix("UTF8") ? FTPReply.utf8 : FTPReply.optsBad
    }

    mutating func quit() -> [FTPOutput] {
        closed = true
        return [reply(FTPReply.goodbye), .close]
    }

    mutating func afterLogin(_ verb: String, _ arg: String) -> [FTPOutput] {
        switch verb {
        case "USER", "PASS": return [reply(FTPReply.alreadyLoggedIn)]
        case "SYST": return [reply(FTPReply.syst)]
        case "FEAT": return [reply(FTPReply.feat)]
        case "OPTS": return [reply(opts(arg))]
        case "NOOP": return [reply(FTPReply.noop)]
        case "HELP": return [reply(FTPReply.help)]
        case "STAT" where arg.isEmpty:
            return [reply(FTPReply.status(client: context.endpoints.srcIP, user: String(loggedInAs.prefix(64)), binary: binaryType))]
        case "QUIT": return quit()
        case "PWD", "XPWD": return [reply(FTPReply.pwd(cwd))]
        case "CWD", "XCWD": return [reply(changeDirectory(arg))]
        case "CDUP", "XCUP": return [reply(changeDirectory(".."))]
        case "TYPE":
            switch arg.uppercased() {
            case "I", "L 8":
                binaryType = true
                return [reply(FTPReply.typeBinary)]
            case "A", "A N":
                binaryType = false
                return [reply(FTPReply.typeASCII)]
            default: return [reply(FTPReply.typeBad)]
            }
        case "STRU": return [reply(FTPReply.structOK)]
        case "MODE": return [reply(FTPReply.modeOK)]
        case "REST": return [reply(FTPReply.rest(max(0, Int(arg) ?? 0)))]
        case "ABOR": return [reply(FTPReply.noAbort)]
        case "PASV":
            pending = .passive(extended: false)
            return [.openPassive]
        case "EPSV":
            if arg.uppercased() == "ALL" { return [reply("200 EPSV ALL ok.")] }
            pending = .passive(extended: true)
            return [.openPassive]
        case "PORT":
            guard let (host, port) = FTPDataAddress.parsePORT(arg), allowedActive(host, port) else {
                return [reply(FTPReply.illegalPORT)]
            }
            dataTarget = .active(host: host, port: port)
            return [reply(FTPReply.portOK)]
        case "EPRT":
            guard let (host, port) = FTPDataAddress.parseEPRT(arg) else { return [reply(FTPReply.badEPRT)] }
            guard allowedActive(host, port) else { return [reply(FTPReply.illegalEPRT)] }
            dataTarget = .active(host: host, port: port)
            return [reply(FTPReply.eprtOK)]
        case "LIST", "NLST": return list(arg, namesOnly: verb == "NLST")
        case "RETR": return retrieve(arg)
        case "STOR", "APPE", "STOU": return store(arg.isEmpty && verb == "STOU" ? "stou.\(SessionID.random().rawValue)" : arg)
        case "SIZE":
            guard let p = FTPTree.resolve(arg, cwd: cwd), let e = tree.entry(p), !e.isDirectory else { return [reply(FTPReply.sizeFailed)] }
            return [reply("213 \(e.size)")]
        case "MDTM":
            guard let p = FTPTree.resolve(arg, cwd: cwd), let e = tree.entry(p), !e.isDirectory else { return [reply(FTPReply.mdtmFailed)] }
            return [reply("213 \(e.modified)")]
        case "MKD", "XMKD":
            guard let p = FTPTree.resolve(arg, cwd: cwd), !arg.isEmpty else { return [reply(FTPReply.createFailed)] }
            return [reply(FTPReply.mkd(p))]
        case "DELE", "RMD", "XRMD", "RNFR", "RNTO", "SITE": return [reply(FTPReply.permissionDenied)]
        default: return [reply(FTPReply.unknown)]
        }
    }

    /// PORT/EPRT may only point back at the client itself, to an unprivileged port (vsftpd's
    /// port_promiscuous=NO): the honeypot must never be an FTP bounce relay.
    func allowedActive(_ host: String, _ port: Int) -> Bool {
        (1024...65535).contains(port) && normalisedHost(host) == normalisedHost(context.endpoints.srcIP)
    }

    func normalisedHost(_ h: String) -> String {
        let lower = h.lowercased()
        return lower.hasPrefix("::ffff:") ? String(lower.dropFirst(7)) : lower
    }

    mutating func changeDirectory(_ arg: String) -> String {
        guard let p = FTPTree.resolve(arg.isEmpty ? "/" : arg, cwd: cwd), tree.entry(p)?.isDirectory == true else { return FTPReply.cwdFailed }
        cwd = p
        return FTPReply.cwdOK
    }

    /// LIST/NLST: options such as `-la` are ignored, as vsftpd does.
    mutating func list(_ arg: String, namesOnly: Bool) -> [FTPOutput] {
        let words = arg.split(separator: " ").filter { !$0.hasPrefix("-") }
        let target = words.first.map(String.init) ?? "."
        var lines: [String] = []
        if let p = FTPTree.resolve(target, cwd: cwd), let e = tree.entry(p) {
            if e.isDirectory {
                lines = tree.children(of: p).map { namesOnly ? $0.name : FTPTree.listLine(name: $0.name, entry: $0.entry) }
            } else {
                lines = [namesOnly ? target : FTPTree.listLine(name: target, entry: e)]
            }
        }
        let body = lines.map { $0 + "\r\n" }.joined()
        return transfer(.download(name: target, bytes: Array(body.utf8), isListing: true))
    }

    mutating func retrieve(_ arg: String) -> [FTPOutput] {
        guard let p = FTPTree.resolve(arg, cwd: cwd), let e = tree.entry(p), !e.isDirectory, !e.content.isEmpty || e.size == 0 else {
            return [reply(FTPReply.openFailed)]
        }
        return transfer(.download(name: arg, bytes: e.content, isListing: false))
    }

    mutating func store(_ arg: String) -> [FTPOutput] {
        guard !arg.isEmpty, let p = FTPTree.resolve(arg, cwd: cwd), p != "/", tree.entry(p)?.isDirectory != true else {
            return [reply(FTPReply.createFailed)]
        }
        return transfer(.upload(path: p, name: arg))
    }

    mutating func transfer(_ what: Pending) -> [FTPOutput] {
        guard let target = dataTarget else { return [reply(FTPReply.usePASV)] }
        // One transfer per PASV/PORT, as vsftpd.
        dataTarget = nil
        pending = what
        return [.openData(target)]
    }

    // MARK: answers from the NIO shell

    public mutating func passiveOpened(ip: String, port: Int) -> [FTPOutput] {
        guard case .passive(let extended) = pending else { return [] }
        pending = .none
        dataTarget = .passive
        let text = extended ? FTPDataAddress.epsvReply(port: port) : FTPDataAddress.pasvReply(ip: ip, port: port)
        return [reply(text)] + drain()
    }

    public mutating func passiveFailed() -> [FTPOutput] {
        pending = .none
        return [reply(FTPReply.passiveFailed)] + drain()
    }

    public mutating func dataConnected() -> [FTPOutput] {
        switch pending {
        case .download(let name, let bytes, let isListing):
            return [reply(isListing ? FTPReply.listStart : FTPReply.retrStart(name, size: bytes.count)), .sendData(bytes)]
        case .upload:
            return [reply(FTPReply.storStart), .receiveData(limit: settings.maxUploadBytes)]
        default:
            return []
        }
    }

    public mutating func dataFailed(connected: Bool) -> [FTPOutput] {
        guard pending != .none else { return [] }
        pending = .none
        return [reply(connected ? FTPReply.networkFailed : FTPReply.cannotConnect)] + drain()
    }

    /// The data connection is done: for an upload, `received` holds the bytes (capped; `truncated`
    /// when the client sent more).
    public mutating func dataFinished(received: [UInt8], truncated: Bool, now: String = "") -> [FTPOutput] {
        let was = pending
        pending = .none
        var out: [FTPOutput] = []
        switch was {
        case .download(_, _, let isListing):
            out.append(reply(isListing ? FTPReply.listDone : FTPReply.transferDone))
        case .upload(let path, let name):
            if let stored = storage(received) {
                out.append(.event(context.uploadEvent(stored, filename: name, truncated: truncated)))
                tree.addUpload(path, size: received.count, modified: now.isEmpty ? "20240101000000" : now)
                out.append(reply(truncated ? FTPReply.writeFailed : FTPReply.transferDone))
            } else {
                out.append(reply(FTPReply.writeFailed))
            }
        default:
            return []
        }
        return out + drain()
    }
}
