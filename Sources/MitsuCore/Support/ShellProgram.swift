/// The hand-off between a login front end (SSH, Telnet) and the fake host behind it, as a running
/// program rather than a request/response call: a shell session sleeps (output pacing), waits on the
/// network (wget), reads binary stdin (`scp -t`) and writes whenever it has something to say.
///
/// One `ShellProgram` value serves every session of a worker (it holds the persona and filesystem
/// image); `run` is called once per shell or exec request and owns that session's state until it returns.
public protocol ShellProgram: Sendable {
    /// Runs one session to its end. `input` carries what the client sends, in order, and finishes when
    /// the client closes its side; output and events go through `io`. Returns the exit status the front
    /// end reports (SSH exit-status) before closing the channel.
    func run(_ request: ShellRequest, input: AsyncStream<ShellInput>, io: any ShellIO) async -> Int
}

/// What a front end knows when a shell or command starts.
public struct ShellRequest: Sendable, Equatable {
    /// `nil`: an interactive shell; otherwise one command line (SSH exec, `ssh host 'cmd'`).
    public var command: String?
    /// Present when the client asked for a pty (SSH pty-req, every Telnet session).
    public var terminal: TerminalInfo?
    /// The account the attacker logged in as.
    public var username: String
    public var honeypot: String
    public var session: SessionID
    public var endpoints: Endpoints
    /// An SSH subsystem (`sftp`) instead of a shell or command.
    public var subsystem: String?

    public init(command: String?, terminal: TerminalInfo?, username: String, honeypot: String,
                session: SessionID, endpoints: Endpoints, subsystem: String? = nil) {
        self.subsystem = subsystem
        self.command = command
        self.terminal = terminal
        self.username = username
        self.honeypot = honeypot
        self.session = session
        self.endpoints = endpoints
    }
}

/// One item of client input, in arrival order.
public enum ShellInput: Sendable, Equatable {
    /// Bytes as typed or piped (stdin of an exec request, keystrokes of a terminal).
    case bytes([UInt8])
    /// The client's window changed (SSH window-change, Telnet NAWS).
    case resize(columns: Int, rows: Int)
}

/// Where a running shell's output goes. Front ends implement it; every method may be called from any
/// task and must keep the order of calls.
///
/// Line ends: the shell writes "\n" as bash does; when a terminal is attached the front end turns a lone
/// "\n" into "\r\n", as a pty's line discipline (ONLCR) would. Echo and line editing of an interactive
/// shell are the shell's own (bash's readline does them, not the kernel).
public protocol ShellIO: Sendable {
    /// Bytes for the client: stdout, or stdout and stderr merged when a terminal is attached (as a pty
    /// merges them).
    func write(_ bytes: [UInt8])
    /// Standard error of a session without a terminal (SSH extended data).
    func writeError(_ bytes: [UInt8])
    /// An event the shell produced (command.input, file.download, …), already tied to the session.
    func emit(_ event: Event)
}

/// The client's terminal, when it asked for one.
public struct TerminalInfo: Sendable, Equatable {
    public var term: String
    public var columns: Int
    public var rows: Int

    public init(term: String, columns: Int, rows: Int) {
        self.term = term
        self.columns = columns
        self.rows = rows
    }
}

/// What a running shell hands back to its front end, delivered on the connection's event loop in the
/// order the shell produced it.
public enum ShellDelivery: Sendable, Equatable {
    case stdout([UInt8])
    case stderr([UInt8])
    /// The shell ended with this status; nothing follows.
    case exit(Int)
}

extension ShellDelivery {
    /// A pty's ONLCR: with a terminal attached, a lone "\n" reaches the client as "\r\n". Shells write
    /// plain "\n" and the front end does what the kernel's line discipline would.
    public static func terminalBytes(_ bytes: [UInt8]) -> [UInt8] {
        guard bytes.contains(0x0A) else { return bytes }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 16)
        var previous: UInt8 = 0
        for b in bytes {
            if b == 0x0A && previous != 0x0D { out.append(0x0D) }
            out.append(b)
            previous = b
        }
        return out
    }
}
