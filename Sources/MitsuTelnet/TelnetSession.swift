import Foundation
#if canImport(MitsuCore)
import MitsuCore
#endif

/// What the Telnet session asks its I/O shell to do.
public enum TelnetOutput: Equatable, Sendable {
    case send([UInt8])
    case sendAfter([UInt8], milliseconds: Int)
    case event(Event)
    case close
    /// The login succeeded: start the fake host's shell.
    case startShell(ShellRequest)
    /// Typed bytes and window changes for the running shell, in order.
    case shellInput(ShellInput)
}

/// One Telnet connection as a pure state machine: option negotiation as Debian's telnetd does it, the
/// `login:` / `Password:` dialogue of util-linux login (with its pause and "Login incorrect"), the shared
/// login policy, then the shell hand-off.
public final class TelnetSession {
    enum Phase { case user, password(String), shell, closed }

    let session: SessionID
    let endpoints: Endpoints
    let hostname: String
    let policy: LoginPolicy
    var phase: Phase = .user
    var parser = TelnetParser()
    var line: [UInt8] = []
    var failures = 0
    var terminal = TerminalInfo(term: "vt100", columns: 80, rows: 24)
    var shellStarted = false
    var lastWasCR = false
    /// util-linux login gives up after this many failures (LOGIN_RETRIES).
    static let maxFailures = 5
    static let maxLine = 1024

    public init(session: SessionID, endpoints: Endpoints, hostname: String, policy: LoginPolicy) {
        self.session = session
        self.endpoints = endpoints
        self.hostname = hostname
        self.policy = policy
    }

    func event(_ kind: EventKind) -> Event {
        var e = Event(kind: kind, honeypot: "telnet", session: session)
        e.set(endpoints, transport: "tcp")
        e.protocol = "telnet"
        return e
    }

    var loginPrompt: [UInt8] { Array("\(hostname) login: ".utf8) }

    /// The server speaks first: it asks for the terminal type, window size and environment, and offers to
    /// echo and suppress go-ahead (character mode), then shows the issue line and the login prompt.
    public func start() -> [TelnetOutput] {
        let negotiation: [UInt8] = [
            Telnet.iac, Telnet.doOption, Telnet.terminalType,
            Telnet.iac, Telnet.doOption, Telnet.naws,
            Telnet.iac, Telnet.doOption, Telnet.newEnviron,
            Telnet.iac, Telnet.will, Telnet.suppressGoAhead,
            Telnet.iac, Telnet.will, Telnet.echo,
        ]
        return [.send(negotiation), .send(Array("Debian GNU/Linux 12\r\n".utf8) + loginPrompt)]
    }

    public func receive(_ bytes: [UInt8]) -> [TelnetOutput] {
        var out: [TelnetOutput] = []
        var data: [UInt8] = []
        for item in parser.feed(bytes) {
            switch item {
            case .data(let b): data.append(b)
            case .negotiation(let command, let option): out += negotiate(command, option)
            case .subnegotiation(let option, let payload): out += subnegotiation(option, payload)
            }
        }
        if !data.isEmpty { out += input(data) }
        return out
    }

    func negotiate(_ command: UInt8, _ option: UInt8) -> [TelnetOutput] {
        switch (command, option) {
        case (Telnet.will, Telnet.terminalType):
            return [.send([Telnet.iac, Telnet.sb, Telnet.terminalType, Telnet.send, Telnet.iac, Telnet.se])]
        case (Telnet.will, Telnet.newEnviron):
            return [.send([Telnet.iac, Telnet.sb, Telnet.newEnviron, Telnet.send, Telnet.iac, Telnet.se])]
        case (Telnet.will, Telnet.naws), (Telnet.doOption, Telnet.echo), (Telnet.doOption, Telnet.suppressGoAhead):
            return []
        case (Telnet.will, _):
            return [.send([Telnet.iac, Telnet.dont, option])]
        case (Telnet.doOption, _):
            return [.send([Telnet.iac, Telnet.wont, option])]
        default:
            return []
        }
    }

    func subnegotiation(_ option: UInt8, _ payload: [UInt8]) -> [TelnetOutput] {
        switch option {
        case Telnet.naws where payload.count >= 4:
            terminal.columns = Int(payload[0]) << 8 | Int(payload[1])
            terminal.rows = Int(payload[2]) << 8 | Int(payload[3])
            return shellStarted ? [.shellInput(.resize(columns: terminal.columns, rows: terminal.rows))] : []
        case Telnet.terminalType where payload.first == Telnet.isVerb:
            terminal.term = String(decoding: payload.dropFirst().prefix(40), as: UTF8.self)
            return []
        case Telnet.newEnviron where payload.first == Telnet.isVerb:
            return environment(Array(payload.dropFirst()))
        default:
            return []
        }
    }

    /// NEW-ENVIRON variables. `USER=-f root` is the classic telnetd login bypass (login -f skips the
    /// password): flagged and, like a patched telnetd, not honoured.
    func environment(_ payload: [UInt8]) -> [TelnetOutput] {
        var vars: [(String, String)] = []
        var name: [UInt8] = []
        var value: [UInt8] = []
        var inValue = false
        var i = 0
        func flush() {
            if !name.isEmpty { vars.append((String(decoding: name, as: UTF8.self), String(decoding: value, as: UTF8.self))) }
            name = []
            value = []
            inValue = false
        }
        while i < payload.count {
            let b = payload[i]
            switch b {
            case Telnet.envVar, Telnet.envUserVar: flush()
            case Telnet.envValue: inValue = true
            case Telnet.envEsc where i + 1 < payload.count:
                i += 1
                if inValue { value.append(payload[i]) } else { name.append(payload[i]) }
            default:
                if inValue { value.append(b) } else { name.append(b) }
            }
            i += 1
        }
        flush()
        var out: [TelnetOutput] = []
        for (k, v) in vars where k == "USER" && v.hasPrefix("-") {
            var e = event(.loginFailed)
            e.username = v
            e.message = "NEW-ENVIRON USER=\(v): telnetd login bypass attempt"
            e.attack = AttackInfo(categories: ["telnet_login_bypass"], cves: ["CVE-2007-0882"])
            out.append(.event(e))
        }
        return out
    }

    func input(_ data: [UInt8]) -> [TelnetOutput] {
        if case .shell = phase {
            // CR NUL and CR LF are Telnet's end of line; the shell wants one CR.
            var cleaned: [UInt8] = []
            for b in data {
                if lastWasCR && (b == 0 || b == 10) { lastWasCR = false; continue }
                lastWasCR = b == 13
                cleaned.append(b)
            }
            return cleaned.isEmpty ? [] : [.shellInput(.bytes(cleaned))]
        }
        var out: [TelnetOutput] = []
        for b in data {
            if lastWasCR && (b == 0 || b == 10) {
                lastWasCR = false
                continue
            }
            lastWasCR = b == 13
            switch b {
            case 13, 10:
                out += endOfLine()
                if case .closed = phase { return out }
                if case .shell = phase { return out }
            case 0x7F, 0x08:
                if !line.isEmpty {
                    line.removeLast()
                    if case .user = phase { out.append(.send([0x08, 0x20, 0x08])) }
                }
            case 0x03, 0x04:
                phase = .closed
                return out + [.close]
            default:
                if line.count < TelnetSession.maxLine { line.append(b) }
                // login echoes the user name, never the password.
                if case .user = phase, b >= 0x20 { out.append(.send([b])) }
            }
        }
        return out
    }

    func endOfLine() -> [TelnetOutput] {
        let text = String(decoding: line, as: UTF8.self)
        line = []
        switch phase {
        case .user:
            if text.isEmpty { return [.send(Array("\r\n".utf8) + loginPrompt)] }
            phase = .password(text)
            return [.send(Array("\r\nPassword: ".utf8))]
        case .password(let user):
            let ok = policy.allows(ip: endpoints.srcIP, user: user, password: text)
            var e = event(ok ? .loginSuccess : .loginFailed)
            e.username = user
            e.password = text
            if ok {
                phase = .shell
                shellStarted = true
                let motd = "\r\nLinux \(hostname) 6.1.0-28-amd64 #1 SMP PREEMPT_DYNAMIC Debian 6.1.119-1 (2024-11-22) x86_64\r\n\r\n"
                let request = ShellRequest(command: nil, terminal: terminal, username: user, honeypot: "telnet",
                                           session: session, endpoints: endpoints)
                return [.event(e), .send(Array(motd.utf8)), .startShell(request)]
            }
            failures += 1
            if failures >= TelnetSession.maxFailures {
                phase = .closed
                return [.event(e), .sendAfter(Array("\r\nLogin incorrect\r\n".utf8), milliseconds: 2500), .close]
            }
            phase = .user
            // util-linux login pauses (FAIL_DELAY) before saying so.
            return [.event(e), .sendAfter(Array("\r\nLogin incorrect\r\n".utf8) + loginPrompt, milliseconds: 2500)]
        case .shell, .closed:
            return []
        }
    }

    /// Output of the running shell (a terminal: lone "\n" becomes "\r\n"); its exit ends the connection.
    public func shellDelivered(_ delivery: ShellDelivery) -> [TelnetOutput] {
        guard case .shell = phase else { return [] }
        switch delivery {
        case .stdout(let bytes), .stderr(let bytes):
            return [.send(ShellDelivery.terminalBytes(bytes))]
        case .exit:
            phase = .closed
            return [.close]
        }
    }
}
