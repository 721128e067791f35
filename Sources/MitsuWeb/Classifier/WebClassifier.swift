import Foundation

/// What the classifier found in one request.
public struct WebClassification: Sendable, Equatable {
    public var categories: [String] = []
    public var cves: [String] = []
    /// Ids of the rules that matched, for debugging rules.
    public var ruleIDs: [String] = []
    /// Credentials the request carried (basic auth or a login form).
    public var credentials: [Credential] = []

    public struct Credential: Sendable, Equatable {
        public var username: String
        public var password: String
        /// `basic` or `form`.
        public var source: String
    }

    public var isAttack: Bool { !categories.isEmpty }
}

/// Runs the rules over a request's views and pulls out credentials. Stateless and Sendable: one shared
/// instance serves every connection.
public struct WebClassifier: Sendable {
    public let rules: WebRuleSet
    let index: WebRuleIndex

    public init(rules: WebRuleSet) {
        self.rules = rules
        index = WebRuleIndex(rules: rules.rules)
    }

    /// Field names login forms use for the user and the password (WordPress `log`/`pwd`, phpMyAdmin
    /// `pma_username`/`pma_password`, router forms).
    static let userFields: Set<String> = ["username", "user", "log", "login", "email", "pma_username", "uname", "user_name", "userid", "usr", "name", "account"]
    static let passwordFields: Set<String> = ["password", "pwd", "pass", "passwd", "pma_password", "user_password", "passwort", "pw", "psw"]

    public func classify(_ request: HTTPRequest) -> WebClassification {
        classify(request, view: RequestView(request))
    }

    public func classify(_ request: HTTPRequest, view: RequestView) -> WebClassification {
        var result = WebClassification()
        var categories = Set<String>()
        var cves = Set<String>()
        for rule in matchingRules(view) {
            result.ruleIDs.append(rule.id)
            categories.formUnion(rule.categories)
            cves.formUnion(rule.cves)
        }
        result.credentials = Self.credentials(request, view: view)
        if !result.credentials.isEmpty { categories.insert("bruteforce") }
        result.categories = categories.sorted()
        result.cves = cves.sorted()
        return result
    }

    /// The rules that match, in file order: only the index's candidates are evaluated.
    func matchingRules(_ view: RequestView) -> [WebRule] {
        index.candidates(view).map { rules.rules[$0] }.filter { $0.matches(view) }
    }

    /// Every rule evaluated: what `matchingRules` must always agree with (tests).
    func matchingRulesExhaustively(_ view: RequestView) -> [WebRule] {
        rules.rules.filter { $0.matches(view) }
    }

    static func credentials(_ request: HTTPRequest, view: RequestView) -> [WebClassification.Credential] {
        var out: [WebClassification.Credential] = []
        if let auth = request.header("authorization"), auth.lowercased().hasPrefix("basic ") {
            let token = auth.dropFirst(6).trimmingCharacters(in: .whitespaces)
            if let data = Data(base64Encoded: String(token.prefix(4096))) {
                let text = String(decoding: data, as: UTF8.self)
                if let colon = text.firstIndex(of: ":") {
                    out.append(.init(username: String(text[..<colon]), password: String(text[text.index(after: colon)...]), source: "basic"))
                }
            }
        }
        // Only a POST is a login attempt; a GET with ?user= is more often a probe.
        if request.method.uppercased() == "POST" {
            let user = view.formFields.first { userFields.contains($0.name) }?.value
            let pass = view.formFields.first { passwordFields.contains($0.name) }?.value
            if let pass {
                out.append(.init(username: String((user ?? "").prefix(256)), password: String(pass.prefix(256)), source: "form"))
            }
        }
        return out
    }
}
