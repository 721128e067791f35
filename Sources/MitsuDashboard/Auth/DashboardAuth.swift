import Foundation
import Hummingbird

/// Everything that decides who a request is from: accounts and tokens (`UserStore`), browser sessions
/// (`SessionStore`) and the login rate limit.
public final class DashboardAuth: Sendable {
    public static let sessionCookie = "mitsu_session"
    /// Double-submit cookie for the login form (there is no session yet to bind a CSRF token to).
    public static let loginCSRFCookie = "mitsu_login_csrf"

    public let users: UserStore
    public let sessions: SessionStore
    public let limiter: LoginRateLimiter
    /// Cookies get `Secure` when the dashboard serves HTTPS.
    public let secureCookies: Bool
    let sessionLifetime: Int

    public init(users: UserStore, sessionHours: Int, loginAttempts: Int, secureCookies: Bool) {
        self.users = users
        self.sessions = SessionStore(lifetime: TimeInterval(sessionHours) * 3600)
        self.limiter = LoginRateLimiter(limit: loginAttempts)
        self.secureCookies = secureCookies
        self.sessionLifetime = sessionHours * 3600
    }

    /// The caller, from `Authorization: Bearer` first, then the session cookie.
    func identify(_ request: Request) -> Identity? {
        if let header = request.headers[.authorization] {
            let parts = header.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
            return users.user(forToken: String(parts[1]).trimmingCharacters(in: .whitespaces)).map { Identity(user: $0, csrf: nil) }
        }
        guard let cookie = request.cookies[DashboardAuth.sessionCookie]?.value,
              let session = sessions.session(for: cookie) else { return nil }
        // An account removed (`mitsu user remove`) while logged in loses access at its next request.
        guard users.users.contains(where: { $0.name == session.user }) else {
            sessions.end(cookie)
            return nil
        }
        return Identity(user: session.user, csrf: session.csrf)
    }

    func cookie(name: String, value: String, maxAge: Int) -> Cookie {
        Cookie(name: name, value: value, maxAge: maxAge, path: "/", secure: secureCookies, httpOnly: true, sameSite: .strict)
    }

    func sessionCookie(_ value: String) -> Cookie { cookie(name: DashboardAuth.sessionCookie, value: value, maxAge: sessionLifetime) }
}
