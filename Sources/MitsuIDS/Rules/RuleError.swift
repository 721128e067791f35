/// Why a rule did not load. `summary` is the bucket `mitsu ids check` counts rules under, so it names
/// the keyword or protocol but not the rule's own values.
public enum RuleError: Error, Sendable, Equatable, CustomStringConvertible {
    case syntax(String)
    case tooLong
    case unsupportedAction(String)
    case unsupportedProtocol(String)
    case badAddress(String)
    case badPort(String)
    case unknownVariable(String)
    case unsupportedKeyword(String)
    case badValue(keyword: String, detail: String)
    case missing(String)
    case duplicateSid(Int)
    case unsupportedPCRE(String)

    public var summary: String {
        switch self {
        case .syntax: return "syntax error"
        case .tooLong: return "rule too long"
        case .unsupportedAction(let a): return "unsupported action \(a.prefix(24))"
        case .unsupportedProtocol(let p): return "unsupported protocol \(p.prefix(24))"
        case .badAddress: return "bad address"
        case .badPort: return "bad port"
        case .unknownVariable(let v): return "unknown variable \(v.prefix(32))"
        case .unsupportedKeyword(let k): return "unsupported keyword \(k.prefix(32))"
        case .badValue(let k, _): return "bad value for \(k.prefix(32))"
        case .missing(let k): return "missing \(k)"
        case .duplicateSid: return "duplicate sid"
        case .unsupportedPCRE(let what): return "unsupported pcre \(what)"
        }
    }

    public var description: String {
        switch self {
        case .syntax(let d): return "syntax error: \(d)"
        case .badAddress(let d): return "bad address: \(d.prefix(80))"
        case .badPort(let d): return "bad port: \(d.prefix(80))"
        case .badValue(let k, let d): return "bad value for \(k): \(d.prefix(120))"
        case .duplicateSid(let s): return "duplicate sid \(s)"
        default: return summary
        }
    }
}
