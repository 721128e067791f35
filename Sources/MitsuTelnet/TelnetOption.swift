/// Telnet commands and the options Mitsu negotiates (RFC 854, 857, 858, 1073, 1091, 1572).
enum Telnet {
    static let se: UInt8 = 240
    static let nop: UInt8 = 241
    static let sb: UInt8 = 250
    static let will: UInt8 = 251
    static let wont: UInt8 = 252
    static let doOption: UInt8 = 253
    static let dont: UInt8 = 254
    static let iac: UInt8 = 255

    static let echo: UInt8 = 1
    static let suppressGoAhead: UInt8 = 3
    static let terminalType: UInt8 = 24
    static let naws: UInt8 = 31
    static let newEnviron: UInt8 = 39

    /// Subnegotiation verbs and NEW-ENVIRON codes.
    static let isVerb: UInt8 = 0
    static let send: UInt8 = 1
    static let envVar: UInt8 = 0
    static let envValue: UInt8 = 1
    static let envEsc: UInt8 = 2
    static let envUserVar: UInt8 = 3
}

/// Splits the client's byte stream into data bytes and Telnet commands. Subnegotiations are capped so a
/// client cannot grow one without bound.
struct TelnetParser {
    enum Item: Equatable {
        case data(UInt8)
        case negotiation(command: UInt8, option: UInt8)
        case subnegotiation(option: UInt8, bytes: [UInt8])
    }

    private enum State { case data, iac, negotiation(UInt8), sb, sbData(UInt8), sbIAC(UInt8) }
    private var state: State = .data
    private var sb: [UInt8] = []
    static let maxSubnegotiation = 1024

    mutating func feed(_ bytes: [UInt8]) -> [Item] {
        var out: [Item] = []
        for b in bytes {
            switch state {
            case .data:
                if b == Telnet.iac { state = .iac } else { out.append(.data(b)) }
            case .iac:
                switch b {
                case Telnet.iac: out.append(.data(Telnet.iac)); state = .data
                case Telnet.will, Telnet.wont, Telnet.doOption, Telnet.dont: state = .negotiation(b)
                case Telnet.sb: state = .sb
                default: state = .data  // NOP, GA, AYT, …: nothing to do
                }
            case .negotiation(let command):
                out.append(.negotiation(command: command, option: b))
                state = .data
            case .sb:
                sb = []
                state = .sbData(b)
            case .sbData(let option):
                if b == Telnet.iac { state = .sbIAC(option) } else if sb.count < TelnetParser.maxSubnegotiation { sb.append(b) }
            case .sbIAC(let option):
                if b == Telnet.se {
                    out.append(.subnegotiation(option: option, bytes: sb))
                    sb = []
                    state = .data
                } else {
                    if b == Telnet.iac, sb.count < TelnetParser.maxSubnegotiation { sb.append(b) }
                    state = .sbData(option)
                }
            }
        }
        return out
    }
}
