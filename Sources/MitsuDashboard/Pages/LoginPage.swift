import Foundation
import Hummingbird

/// `GET/POST /login`, `POST /logout`. The login form is protected by a double-submit token (a cookie and
/// a hidden field that must match) since there is no session yet; failures are rate limited per client
/// address and per account name, and answered the same way for unknown accounts and wrong passwords.
extension Dashboard {
    func addLoginRoutes(to router: Router<DashboardContext>) {
        router.get("/login") { request, context in
            self.loginPage(next: request.queryDictionary["next"], error: nil, status: .ok,
                           token: request.cookies[DashboardAuth.loginCSRFCookie]?.value)
        }
        router.post("/login") { request, context in
            let form = try await FormBody.read(request)
            let next = form["next"]
            let user = String((form["username"] ?? "").prefix(64))
            guard let cookie = request.cookies[DashboardAuth.loginCSRFCookie]?.value, let field = form["csrf"],
                  PasswordHash.constantTimeEqual(Array(cookie.utf8), Array(field.utf8)) else {
                return self.loginPage(next: next, error: "The form expired; please try again.", status: .forbidden, token: nil)
            }
            if let wait = self.auth.limiter.retryAfter(client: context.client, user: user) {
                var r = self.loginPage(next: next, error: "Too many failed logins; try again in \(wait) seconds.", status: .tooManyRequests,
                                       token: request.cookies[DashboardAuth.loginCSRFCookie]?.value)
                r.headers[.retryAfter] = String(wait)
                return r
            }
            let password = form["password"] ?? ""
            guard let name = self.auth.users.authenticate(user, password: password) else {
                self.auth.limiter.recordFailure(client: context.client, user: user)
                return self.loginPage(next: next, error: "Wrong user name or password.", status: .unauthorized,
                                      token: request.cookies[DashboardAuth.loginCSRFCookie]?.value)
            }
            self.auth.limiter.recordSuccess(client: context.client, user: name)
            let (value, _) = self.auth.sessions.create(user: name)
            var r = Responses.redirect(to: Responses.safeLocalPath(next))
            r.setCookie(self.auth.sessionCookie(value))
            r.setCookie(self.auth.cookie(name: DashboardAuth.loginCSRFCookie, value: "", maxAge: 0))
            return r
        }
        router.post("/logout") { request, context in
            if let cookie = request.cookies[DashboardAuth.sessionCookie]?.value { self.auth.sessions.end(cookie) }
            var r = Responses.redirect(to: "/login")
            r.setCookie(self.auth.cookie(name: DashboardAuth.sessionCookie, value: "", maxAge: 0))
            return r
        }
    }

    /// `token`: the browser's current login cookie, kept when it looks like one of ours, so that a
    /// second login page loaded in the background (a favicon redirect, another tab) does not invalidate
    /// the form already shown.
    func loginPage(next: String?, error: String?, status: HTTPResponse.Status, token existing: String?) -> Response {
        let token = existing.flatMap { $0.utf8.count == 43 && $0.utf8.allSatisfy(Dashboard.isTokenByte) ? $0 : nil } ?? Secret.token()
        var h = HTMLBuilder()
        h.raw("<section class=\"login\"><h1>Log in</h1>")
        if let error { h.raw("<p class=\"error\" role=\"alert\">"); h.text(error); h.raw("</p>") }
        h.raw("<form method=\"post\" action=\"/login\"><input type=\"hidden\" name=\"csrf\" value=\"\(token)\">")
        h.raw("<input type=\"hidden\" name=\"next\" value=\"")
        h.text(Responses.safeLocalPath(next))
        h.raw("\"><label>User <input name=\"username\" id=\"username\" autocomplete=\"username\" required></label>")
        h.raw("<label>Password <input name=\"password\" id=\"password\" type=\"password\" autocomplete=\"current-password\" required></label>")
        h.raw("<button type=\"submit\" id=\"login\">Log in</button></form></section>")
        var r = Responses.html(Layout.page(title: "Log in", identity: nil, active: "", body: h.html), status: status)
        r.setCookie(auth.cookie(name: DashboardAuth.loginCSRFCookie, value: token, maxAge: 3600))
        return r
    }

    static func isTokenByte(_ b: UInt8) -> Bool {
        (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || b == 45 || b == 95
    }
}
