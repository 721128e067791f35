import Hummingbird

/// Lets through only authenticated requests, except the login page and static assets; and rejects
/// state-changing requests from a browser session that lack the session's CSRF token (header
/// `X-CSRF-Token` or form field `csrf`). Bearer-token calls need no CSRF token: a foreign page cannot
/// make a browser attach one.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = DashboardContext
    let auth: DashboardAuth

    static func isPublic(_ path: String) -> Bool {
        path == "/login" || path.hasPrefix("/static/") || path == "/favicon.ico"
    }

    static func isAPI(_ path: String) -> Bool {
        path.hasPrefix("/api/") || path == "/metrics"
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        if AuthMiddleware.isPublic(path) { return try await next(request, context) }
        guard let identity = auth.identify(request) else {
            if AuthMiddleware.isAPI(path) {
                var r = Responses.error(.unauthorized, "authentication required: log in or send Authorization: Bearer TOKEN")
                r.headers[.wwwAuthenticate] = "Bearer realm=\"mitsu\""
                return r
            }
            let target = request.uri.query.map { path + "?" + $0 } ?? path
            return Responses.redirect(to: "/login?next=" + HTMLText.urlComponent(target))
        }
        var context = context
        context.identity = identity
        var request = request
        if request.method != .get, request.method != .head, let expected = identity.csrf {
            var supplied = request.headers[.init("X-CSRF-Token")!]
            if supplied == nil, request.headers[.contentType]?.hasPrefix("application/x-www-form-urlencoded") == true {
                // Read the form here and hand the handler the same bytes.
                let body = try await request.collectBody(upTo: FormBody.maxBytes)
                supplied = FormBody.parse(String(buffer: body))["csrf"]
            }
            guard let supplied, PasswordHash.constantTimeEqual(Array(supplied.utf8), Array(expected.utf8)) else {
                return Responses.error(.forbidden, "missing or wrong CSRF token")
            }
        }
        return try await next(request, context)
    }
}
