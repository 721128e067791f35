import Foundation

/// Which login attempts a honeypot lets in (SSH and Telnet share it).
///
/// Rules are Cowrie-style `user:password` patterns, first match wins: `*` matches anything, `/re/` or
/// `/re/i` is a regular expression, a leading `!` on the password denies. When no rule matches, the
/// "accept after" mode lets an address in on its Nth distinct attempt and then keeps that pair for it:
/// bots that try a list see a realistic success, while a scanner that tries one random password (a
/// honeypot probe) is refused.
public final class LoginPolicy: @unchecked Sendable {
    public struct Rule: Sendable, Equatable {
        public var user: Pattern
        public var password: Pattern
        public var allow: Bool
    }

    public enum Pattern: Sendable, Equatable {
        case any
        case exact(String)
        case regex(String, caseInsensitive: Bool)

        public func matches(_ s: String) -> Bool {
            switch self {
            case .any: return true
            case .exact(let e): return e == s
            case .regex(let r, let ci):
                guard let re = try? NSRegularExpression(pattern: r, options: ci ? [.caseInsensitive] : []) else { return false }
                return re.firstMatch(in: s, range: NSRange(s.startIndex..., in: s)) != nil
            }
        }

        static func parse(_ text: String) -> Pattern? {
            if text == "*" { return .any }
            if text.hasPrefix("/"), text.count >= 2 {
                let ci = text.hasSuffix("/i")
                let body = String(text.dropFirst().dropLast(ci ? 2 : 1))
                guard (try? NSRegularExpression(pattern: body)) != nil else { return nil }
                return .regex(body, caseInsensitive: ci)
            }
            return .exact(text)
        }
    }

    public let rules: [Rule]
    public let acceptAfter: Int
    private let lock = Lock()
    private var attempts: [String: (count: Int, seen: Set<String>, granted: String?)] = [:]

    public init(rules: [Rule], acceptAfter: Int) {
        self.rules = rules
        self.acceptAfter = acceptAfter
    }

    /// Parses one rule line `user:password` (`!` before the password denies). Nil when malformed.
    public static func rule(_ line: String) -> Rule? {
        guard let colon = line.firstIndex(of: ":") else { return nil }
        let userText = String(line[..<colon])
        var passText = String(line[line.index(after: colon)...])
        var allow = true
        if passText.hasPrefix("!") {
            allow = false
            passText.removeFirst()
        }
        guard !userText.isEmpty, let u = Pattern.parse(userText), let p = Pattern.parse(passText) else { return nil }
        return Rule(user: u, password: p, allow: allow)
    }

    /// Decides one attempt from `ip`.
    public func allows(ip: String, user: String, password: String) -> Bool {
        for r in rules where r.user.matches(user) && r.password.matches(password) {
            return r.allow
        }
        guard acceptAfter > 0 else { return false }
        return lock.withLock {
            if attempts.count > 100_000 { attempts.removeAll() }
            var state = attempts[ip] ?? (0, [], nil)
            let pair = user + "\u{0}" + password
            if let granted = state.granted { return granted == pair }
            if !state.seen.contains(pair), state.seen.count < 1000 {
                state.seen.insert(pair)
                state.count += 1
            }
            if state.count >= acceptAfter { state.granted = pair }
            attempts[ip] = state
            return state.granted == pair
        }
    }

    /// The documented default: common root and device passwords succeed, honeypot probes fail, and any
    /// other pair succeeds on an address's 4th distinct attempt.
    public static let defaultRuleLines = [
        "*:!/honeypot|cowrie|kippo|dionaea|t-pot/i",
        "root:/^(root|admin|123456|password|12345678|1234|12345|toor|qwerty|111111|raspberry|default|pass|test|1qaz2wsx|P@ssw0rd)$/",
        "admin:/^(admin|1234|12345|123456|password|admin123)$/",
        "pi:raspberry",
        "ubnt:ubnt",
        "support:support",
        "user:user",
    ]
    public static let defaultAcceptAfter = 4
}
